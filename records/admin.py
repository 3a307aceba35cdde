"""The curation site's shared pieces: the publication workflow and roles, history and restore, spreadsheet
import and export, list filters for the data-quality dashboard, the citation inline, and Source.

Roles (groups created by portal/migrations/0002_curation_groups.py):
- Editors add and change records and submit them for review ("submit_<model>" permission); they cannot
  publish, withdraw or delete a record, and may restore an earlier version of a record (its publication
  status stays as it is).
- Publishers may also publish and withdraw ("publish_<model>"), delete, and recover deleted records.
"""

from urllib.parse import urlencode

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.utils import model_ngettext, unquote
from django.contrib.contenttypes.admin import GenericTabularInline
from django.contrib.contenttypes.forms import BaseGenericInlineFormSet
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django_countries.filters import CountryFilter
from import_export.admin import ExportActionMixin, ImportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ExportForm, ImportForm
from reversion.admin import VersionAdmin
from reversion.models import Version

from records.detail import RecordDetailMixin, preview_url
from records.models import Citation, ErrorReport, PublicationStatus, ReportStatus, Source
from records.resources import SourceResource
from records.templatetags.pacta import partial_date

admin.site.site_header = _("Pacta curation")
admin.site.site_title = _("Pacta curation")
admin.site.index_title = _("Records")

MAX_IMPORT_BYTES = 5 * 1024 * 1024

reversion.register(Source)
reversion.register(Citation)


def partial_date_column(field_name, description):
    """A sortable list column showing a partial date at its precision: "8 October 2024", "October 2024", "2024"."""

    @admin.display(description=description, ordering=field_name)
    def column(obj):
        return partial_date(getattr(obj, field_name))

    column.__name__ = field_name
    return column


def country_filter(title):
    """django-countries' list filter (only the countries in use) under a title saying whose country it is."""

    class TitledCountryFilter(CountryFilter):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.title = title

    return TitledCountryFilter


def count_of(queryset, field_name):
    """A subquery annotation counting `queryset` rows whose `field_name` is the outer row.

    A subquery rather than Count() over a join: joined counts multiply each other's rows, and the GROUP BY
    they need drops the model's default ordering (autocomplete and pagination rely on it).
    """
    counted = queryset.filter(**{field_name: OuterRef("pk")}).order_by().values(field_name)
    return Coalesce(Subquery(counted.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), Value(0))


def admin_link(obj):
    """A link to `obj`'s change page in this admin, labelled with the record itself."""
    opts = obj._meta
    return format_html(
        '<a href="{}">{}</a>', reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]), obj
    )


def changelist_url(model, **params):
    """The admin list of `model`, filtered by `params` (list filter parameters)."""
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return f"{url}?{urlencode(params)}" if params else url


# List filters. Each exposes `matching(queryset, value)`, which the data-quality dashboard counts with, so
# that a count and the list its link opens can never disagree.


class YesNoFilter(admin.SimpleListFilter):
    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        return self.matching(queryset, self.value()) if self.value() in ("yes", "no") else queryset

    @classmethod
    def matching(cls, queryset, value):
        condition = cls.condition(queryset.model)
        return queryset.filter(condition if value == "yes" else ~condition)


class HasSourceFilter(YesNoFilter):
    title = _("has a cited source")
    parameter_name = "has_source"

    @staticmethod
    def condition(model):
        cited = Citation.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id=OuterRef("pk"))
        return Exists(cited)


def has_date_filter(field_name):
    """A yes/no filter on whether the partial date `field_name` is known."""

    class HasDateFilter(YesNoFilter):
        title = _("has a date")
        parameter_name = "has_date"

        @staticmethod
        def condition(model):
            return ~Q(**{field_name: ""})

    return HasDateFilter


# Roles and the publication workflow.


def may(request, action, model):
    """Whether the user holds the `action` ("submit" or "publish") permission on `model`."""
    return request.user.has_perm(f"{model._meta.app_label}.{action}_{model._meta.model_name}")


def _move(modeladmin, request, queryset, status, from_statuses, message, comment):
    """Move the selected records in `from_statuses` to `status`, one revision each, and say what happened."""
    moved = []
    for record in queryset.filter(publication_status__in=from_statuses):
        if status == PublicationStatus.PUBLISHED:
            missing = modeladmin.missing_for_publication(record)
            if missing:
                modeladmin.message_user(
                    request,
                    _("“%(record)s” was not published: it needs %(missing)s.")
                    % {"record": record, "missing": ", ".join(str(item) for item in missing)},
                    messages.ERROR,
                )
                continue
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(comment)
            record.set_publication_status(status, request.user)
            record.save(update_fields=["publication_status", "published_by", "published_at", "updated_at"])
        moved.append(record)
    if moved:
        field = queryset.model._meta.get_field("publication_status")
        LogEntry.objects.log_actions(
            user_id=request.user.pk,
            queryset=moved,
            action_flag=CHANGE,
            change_message=[{"changed": {"fields": [str(field.verbose_name)]}}],
        )
    count = len(moved)
    modeladmin.message_user(
        request, message % {"count": count, "items": model_ngettext(modeladmin.opts, count)}, messages.SUCCESS
    )


@admin.action(description=_("Submit for review"), permissions=["submit"])
def submit_for_review(modeladmin, request, queryset):
    message = ngettext_lazy(
        "%(count)d %(items)s submitted for review.", "%(count)d %(items)s submitted for review.", "count"
    )
    _move(
        modeladmin,
        request,
        queryset,
        PublicationStatus.IN_REVIEW,
        [PublicationStatus.DRAFT],
        message,
        _("Submitted for review."),
    )


@admin.action(description=_("Publish"), permissions=["publish"])
def publish(modeladmin, request, queryset):
    message = ngettext_lazy("%(count)d %(items)s published.", "%(count)d %(items)s published.", "count")
    _move(
        modeladmin,
        request,
        queryset,
        PublicationStatus.PUBLISHED,
        [PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW],
        message,
        _("Published."),
    )


@admin.action(description=_("Withdraw (back to draft)"), permissions=["publish"])
def withdraw(modeladmin, request, queryset):
    message = ngettext_lazy(
        "%(count)d %(items)s withdrawn to draft.", "%(count)d %(items)s withdrawn to draft.", "count"
    )
    _move(
        modeladmin,
        request,
        queryset,
        PublicationStatus.DRAFT,
        [PublicationStatus.IN_REVIEW, PublicationStatus.PUBLISHED],
        message,
        _("Withdrawn to draft."),
    )


def choose_then_apply(modeladmin, request, queryset, form_class, title, apply):
    """An action with an intermediate page, as Django's delete confirmation: choose, then apply to each record.

    `apply(record, cleaned_data)` changes one record and returns whether it changed anything.
    """
    form = form_class(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        changed = 0
        for record in queryset:
            with reversion.create_revision():
                reversion.set_user(request.user)
                reversion.set_comment(str(title))
                changed += bool(apply(record, form.cleaned_data))
        modeladmin.message_user(
            request,
            _("%(title)s: %(count)d of %(total)d %(items)s changed.")
            % {
                "title": title,
                "count": changed,
                "total": len(queryset),
                "items": model_ngettext(modeladmin.opts, len(queryset)),
            },
            messages.SUCCESS,
        )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "opts": modeladmin.opts,
        "form": form,
        "queryset": queryset,
        "action": request.POST.get("action"),
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/curation/choose.html", context)


class RequiredToPublishFormSetMixin:
    """An inline whose rows a record needs before it can be published (a cited source, a party)."""

    def clean(self):
        super().clean()
        kept = [form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        if not kept and self._record_is_being_published():
            raise ValidationError(
                _("Publishing needs %(what)s: add one here, or save as draft or in review."),
                params={"what": self.required_to_publish},
                code="required_to_publish",
            )

    def _record_is_being_published(self):
        """Whether the form this inline belongs to publishes the record (runs after the form applied its data)."""
        record = self.instance
        if record.publication_status != PublicationStatus.PUBLISHED:
            return False
        stored = type(record).objects.filter(pk=record.pk, publication_status=PublicationStatus.PUBLISHED)
        return record._state.adding or not stored.exists()


class RequiredToPublishGenericFormSet(RequiredToPublishFormSetMixin, BaseGenericInlineFormSet):
    required_to_publish = _("a cited source")


class RequiredToPublishInlineFormSet(RequiredToPublishFormSetMixin, BaseInlineFormSet):
    pass


def required_to_publish_formset(what):
    """An inline formset class whose rows are needed to publish; `what` names them ("a party")."""
    return type("RequiredToPublishFormSet", (RequiredToPublishInlineFormSet,), {"required_to_publish": what})


class CitationInline(GenericTabularInline):
    """The sources a record cites, each with the passage relied on; used on every Record admin."""

    model = Citation
    formset = RequiredToPublishGenericFormSet
    relation = "citations"
    fields = ["source", "excerpt", "position"]
    autocomplete_fields = ["source"]
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")


class SpreadsheetImportForm(ImportForm):
    """The import form, refusing a file too big to be a curator's spreadsheet before reading a byte of it."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(
                _("This file is %(size)d MB; files up to %(limit)d MB can be imported. Split it and import each part."),
                params={"size": upload.size // (1024 * 1024), "limit": MAX_IMPORT_BYTES // (1024 * 1024)},
                code="too_big",
            )
        return upload


class HistoryAdmin(VersionAdmin):
    """History (django-reversion) with a readable diff per version, restore, and recovery of deleted records.

    Restore: anyone who may change a record may restore an earlier version of it; deleted records are
    recovered ("Recover deleted …" on the list) only by those who may delete them.
    """

    object_history_template = "admin/curation/object_history.html"
    history_latest_first = True

    def has_recover_permission(self, request):
        return self.has_delete_permission(request) and self.has_add_permission(request)

    def changelist_view(self, request, extra_context=None):
        # VersionAdmin wraps the whole list page, bulk actions included, in one revision. Here each bulk
        # action saves one revision per record instead, so that restoring one record never reverts its neighbours.
        return admin.ModelAdmin.changelist_view(self, request, extra_context)

    def delete_model(self, request, obj):
        self._snapshot_before_deleting(request, [obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        self._snapshot_before_deleting(request, queryset)
        super().delete_queryset(request, queryset)

    def _snapshot_before_deleting(self, request, records):
        """Save each record with its rows as it stands, so that "Recover deleted" brings back exactly this."""
        for record in records:
            with reversion.create_revision():
                reversion.set_user(request.user)
                reversion.set_comment(_("Deleted."))
                reversion.add_to_revision(record)

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_recover_permission(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_recover_permission(request):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        current = self.get_object(request, unquote(object_id))
        if current is None:
            raise Http404
        if not self.has_change_permission(request, current):
            raise PermissionDenied
        # The record as it stands before the revert, for what a restore must not change (see save_model).
        request.record_before_restore = current
        return super().revision_view(request, object_id, version_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        entries = version_history(self.model, obj) if obj is not None else []
        extra_context = {
            **(extra_context or {}),
            "entries": entries,
            "may_restore": obj is not None and self.has_change_permission(request, obj),
        }
        return super().history_view(request, object_id, extra_context)


class CurationAdmin(ImportMixin, ExportActionMixin, HistoryAdmin):
    """What every curated model's admin shares: history and restore, spreadsheet import and export, roles."""

    # A link pasted without its scheme ("cbp.gov/newsroom/…") is an https one, as on every government site now.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_per_page = 50

    change_list_template = "admin/curation/change_list.html"
    import_template_name = "admin/curation/import.html"
    import_export_change_list_template = "admin/import_export/change_list_import_export.html"
    import_form_class = SpreadsheetImportForm
    # Every column, always: an export is a file that imports back to the same records.
    export_form_class = ExportForm
    formats = [CSV, XLSX]
    show_change_form_export = False

    # Permissions: importing creates and changes records; exporting shows them.

    def has_import_permission(self, request):
        return bool(self.resource_classes) and self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return bool(self.resource_classes) and self.has_view_or_change_permission(request)

    def changelist_view(self, request, extra_context=None):
        # A forged POST of an action the user may not run is refused outright, not just ignored.
        action = request.POST.get("action") if request.method == "POST" else None
        if action and action not in self.get_actions(request):
            raise PermissionDenied
        extra_context = {**(extra_context or {}), "has_recover_permission": self.has_recover_permission(request)}
        return super().changelist_view(request, extra_context)

    # Import: one revision per row (see CurationResource); the message names the file.

    def add_data_read_fail_error_to_form(self, form, e):
        form.add_error(
            "import_file",
            _("This file could not be read as %(format)s. Choose a CSV or XLSX spreadsheet and its format.")
            % {"format": self.get_import_formats()[int(form.cleaned_data["format"])]().get_title()},
        )

    def get_import_data_kwargs(self, **kwargs):
        # All or nothing: an invalid row rolls back the rows already written, even after the preview.
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            self.message_user(
                request,
                _("Nothing was imported: the data changed since the preview and some rows are now invalid."),
                messages.ERROR,
            )
            return self.import_action(request)
        return super().process_result(result, request)

    def get_valid_export_item_pks(self, request):
        # The rows a curator may select for export are those of the list; overridden to skip the library's
        # deprecation warning on its own default.
        return self.get_queryset(request).values_list("pk", flat=True)

    def get_import_context_data(self, **kwargs):
        opts = self.model._meta
        return {**super().get_import_context_data(**kwargs), "template_file": f"import-templates/{opts.model_name}.csv"}


def _field_value(field, value):
    """A version's stored value as a curator reads it: choice labels, related records' names."""
    if value in (None, "", []):
        return "—"
    if field.many_to_many:
        return ", ".join(str(obj) for obj in field.related_model._base_manager.filter(pk__in=value)) or "—"
    if field.is_relation:
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related else _("record #%(pk)s, since deleted") % {"pk": value}
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def version_history(model, obj):
    """Every saved version of `obj`, newest first, each with what changed since the one before.

    Runs one query per version for its revision's rows; the history page lists one record's versions only.
    """
    versions = list(
        Version.objects.get_for_object(obj).select_related("revision__user").order_by("revision__date_created", "pk")
    )
    fields = {field.attname: field for field in [*model._meta.concrete_fields, *model._meta.many_to_many]}
    skipped = {"id", "created_at", "updated_at"}
    entries = []
    previous_fields, previous_rows = {}, {}
    for version in versions:
        current_fields = version.field_dict
        changes = []
        for name, value in current_fields.items():
            if name not in fields or name in skipped or previous_fields.get(name) == value:
                continue
            if not previous_fields and value in (None, "", []):
                # The first version lists the fields it was created with, not every empty one.
                continue
            field = fields[name]
            before, after = _field_value(field, previous_fields.get(name)), _field_value(field, value)
            changes.append((capfirst(field.verbose_name), before, after))
        current_rows = {
            (row.content_type_id, row.object_id): row
            for row in version.revision.version_set.exclude(pk=version.pk).select_related("content_type")
        }
        row_changes = []
        for key in sorted(current_rows.keys() | previous_rows.keys(), key=lambda key: (key[0], key[1])):
            now, before = current_rows.get(key), previous_rows.get(key)
            label = capfirst((now or before).content_type.model_class()._meta.verbose_name)
            if before is None:
                row_changes.append((label, _("added"), now.object_repr))
            elif now is None:
                row_changes.append((label, _("removed"), before.object_repr))
            elif now.serialized_data != before.serialized_data:
                row_changes.append((label, _("changed"), now.object_repr))
        entries.append({"version": version, "revision": version.revision, "changes": changes, "rows": row_changes})
        previous_fields, previous_rows = current_fields, current_rows
    entries.reverse()
    return entries


class PublishableForm(forms.ModelForm):
    """Refuses to publish a record missing a field its public page needs; the admin sets `required_to_publish`."""

    required_to_publish = ()

    def clean(self):
        cleaned_data = super().clean()
        publishing = cleaned_data.get("publication_status") == PublicationStatus.PUBLISHED and (
            self.instance._state.adding or "publication_status" in self.changed_data
        )
        if publishing:
            missing = [str(label) for name, label in self.required_to_publish if not cleaned_data.get(name)]
            if missing:
                raise ValidationError(
                    _("Publishing needs %(missing)s."),
                    params={"missing": ", ".join(missing)},
                    code="required_to_publish",
                )
        return cleaned_data


class PublishableAdmin(CurationAdmin):
    """The admin of a record with a publication status: the workflow actions, the roles' limits, the checks.

    `required_to_publish` lists (field, what it is) pairs a record needs before it can be published; inlines
    whose rows are needed set `required_to_publish` on their formset and name their `relation`. Restoring a
    version never changes the publication status for someone who may not publish: the record stays as
    public, or as hidden, as it was.
    """

    form = PublishableForm
    actions = [submit_for_review, publish, withdraw]
    required_to_publish = ()

    def has_submit_permission(self, request):
        return may(request, "submit", self.model)

    def has_publish_permission(self, request):
        return may(request, "publish", self.model)

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), "published_by", "published_at"]
        if obj is not None and obj.is_published and not self.has_publish_permission(request):
            readonly.append("publication_status")
        return readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return [
            (name, {**options, "fields": [*options["fields"], "published_by", "published_at"]})
            if "publication_status" in options["fields"]
            else (name, options)
            for name, options in fieldsets
        ]

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        # Those who may not publish choose between draft and (if they may submit) in review only.
        if db_field.name == "publication_status" and not self.has_publish_permission(request):
            allowed = [PublicationStatus.DRAFT]
            if self.has_submit_permission(request):
                allowed.append(PublicationStatus.IN_REVIEW)
            kwargs["choices"] = [(status.value, status.label) for status in allowed]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.required_to_publish = self.required_to_publish
        return form

    def view_on_site(self, obj):
        """The record's public page, or for an unpublished one its staff preview; None when it has neither."""
        if not hasattr(obj, "get_absolute_url"):
            return None
        url = obj.get_absolute_url()
        if obj.is_published:
            return url
        previewable = issubclass(getattr(resolve(url).func, "view_class", object), RecordDetailMixin)
        return preview_url(obj) if previewable else None

    def missing_for_publication(self, obj):
        """What `obj` lacks to be published, in words; queries once per required inline."""
        missing = [label for name, label in self.required_to_publish if not getattr(obj, name)]
        for inline in self.inlines:
            if getattr(inline, "relation", None) and issubclass(inline.formset, RequiredToPublishFormSetMixin):
                if not getattr(obj, inline.relation).exists():
                    missing.append(inline.formset.required_to_publish)
        return missing

    def save_model(self, request, obj, form, change):
        before = getattr(request, "record_before_restore", None)
        if before is not None and not self.has_publish_permission(request):
            # Restoring brings back a version's content; only a publisher may change what is public with it.
            obj.publication_status = before.publication_status
            obj.published_by_id, obj.published_at = before.published_by_id, before.published_at
        elif "publication_status" in form.changed_data:
            status = obj.publication_status
            obj.publication_status = form.initial.get("publication_status", PublicationStatus.DRAFT)
            obj.set_publication_status(status, request.user)
        super().save_model(request, obj, form, change)


@admin.register(Source)
class SourceAdmin(CurationAdmin):
    resource_classes = [SourceResource]
    list_display = [
        "key",
        "title",
        "publisher",
        partial_date_column("published", _("published")),
        "language",
        "reliability",
        "citation_count",
    ]
    list_filter = ["reliability", "language", "publisher"]
    search_fields = ["key", "title", "publisher", "url"]
    fields = ["key", "title", "publisher", "url", "published", "language", "reliability", "reliability_note"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(citation_count=count_of(Citation.objects.all(), "source"))

    @admin.display(description=_("citations"), ordering="citation_count")
    def citation_count(self, obj):
        return obj.citation_count


# Reader reports ("Report an error" on the public pages).


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
