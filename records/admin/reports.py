"""Reader reports ("Report an error" on the public pages): curators read them, note what they did, close them."""

from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from records.admin.base import admin_link
from records.detail import preview_url
from records.models import ErrorReport, ReportStatus


@admin.action(permissions=["change"], description=_("Mark as handled"))
def mark_as_handled(modeladmin, request, queryset):
    now = timezone.now()
    count = queryset.filter(status=ReportStatus.OPEN).update(
        status=ReportStatus.CLOSED, handled_by=request.user, handled_at=now
    )
    modeladmin.message_user(
        request,
        ngettext_lazy("%(count)d report marked as handled.", "%(count)d reports marked as handled.", count)
        % {"count": count},
        messages.SUCCESS,
    )


class RecordTypeFilter(admin.SimpleListFilter):
    title = _("record type")
    parameter_name = "record_type"

    def lookups(self, request, model_admin):
        used = ContentType.objects.filter(pk__in=ErrorReport.objects.values("content_type"))
        return [
            (content_type.model, capfirst(content_type.model_class()._meta.verbose_name))
            for content_type in used
            if content_type.model_class() is not None
        ]

    def queryset(self, request, queryset):
        return queryset.filter(content_type__model=self.value()) if self.value() else queryset


@admin.register(ErrorReport)
class ErrorReportAdmin(admin.ModelAdmin):
    """Readers' reports: curators read them, note what they did and close them; nobody adds one here."""

    list_display = ["created_at", "record_type", "record_links", "excerpt", "status", "handled_by", "handled_at"]
    list_display_links = ["created_at"]
    list_filter = ["status", RecordTypeFilter, "created_at"]
    list_select_related = ["content_type", "handled_by"]
    search_fields = ["message", "email", "page_url", "curator_note"]
    actions = [mark_as_handled]
    fields = ["record_links", "created_at", "message", "email", "status", "curator_note", "handled_by", "handled_at"]
    readonly_fields = ["record_links", "created_at", "message", "email", "handled_by", "handled_at"]

    def get_queryset(self, request):
        # The reported records, fetched per type in one query each, for the links of the list.
        return super().get_queryset(request).prefetch_related("record")

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("record type"), ordering="content_type__model")
    def record_type(self, obj):
        model = obj.content_type.model_class()
        return capfirst(model._meta.verbose_name) if model else "—"

    @admin.display(description=_("record"))
    def record_links(self, obj):
        record = obj.record
        if record is None:
            return _("record #%(pk)s, since deleted") % {"pk": obj.object_id}
        public_url = record.get_absolute_url() if record.is_published else preview_url(record)
        return format_html(
            '{} · <a href="{}">{}</a>',
            admin_link(record),
            public_url,
            _("public page") if record.is_published else _("preview"),
        )

    @admin.display(description=_("message"))
    def excerpt(self, obj):
        return Truncator(obj.message).chars(120)

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            if obj.status == ReportStatus.CLOSED:
                obj.close(request.user)
            else:
                obj.handled_by, obj.handled_at = None, None
        super().save_model(request, obj, form, change)
