"""The curation site's shared pieces: publication actions, the citation inline, partial-date columns, Source."""

from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.utils import model_ngettext
from django.contrib.contenttypes.admin import GenericTabularInline
from django.db import models, transaction
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django_countries.filters import CountryFilter

from portal.models import Citation, PublicationStatus, Source
from portal.templatetags.pacta import partial_date

admin.site.site_header = _("Pacta curation")
admin.site.site_title = _("Pacta curation")
admin.site.index_title = _("Records")


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


def _set_publication_status(modeladmin, request, queryset, status, message):
    """Move the selected records to `status`, log it in each record's history and say how many changed."""
    with transaction.atomic():
        records = list(queryset.exclude(publication_status=status))
        queryset.model.objects.filter(pk__in=[record.pk for record in records]).update(
            publication_status=status, updated_at=timezone.now()
        )
        if records:
            field = queryset.model._meta.get_field("publication_status")
            LogEntry.objects.log_actions(
                user_id=request.user.pk,
                queryset=records,
                action_flag=CHANGE,
                change_message=[{"changed": {"fields": [str(field.verbose_name)]}}],
            )
    count = len(records)
    modeladmin.message_user(
        request, message % {"count": count, "items": model_ngettext(modeladmin.opts, count)}, messages.SUCCESS
    )


@admin.action(description=_("Publish"), permissions=["change"])
def publish(modeladmin, request, queryset):
    message = ngettext_lazy("%(count)d %(items)s published.", "%(count)d %(items)s published.", "count")
    _set_publication_status(modeladmin, request, queryset, PublicationStatus.PUBLISHED, message)


@admin.action(description=_("Send to review"), permissions=["change"])
def send_to_review(modeladmin, request, queryset):
    message = ngettext_lazy("%(count)d %(items)s sent to review.", "%(count)d %(items)s sent to review.", "count")
    _set_publication_status(modeladmin, request, queryset, PublicationStatus.IN_REVIEW, message)


@admin.action(description=_("Return to draft"), permissions=["change"])
def return_to_draft(modeladmin, request, queryset):
    message = ngettext_lazy("%(count)d %(items)s returned to draft.", "%(count)d %(items)s returned to draft.", "count")
    _set_publication_status(modeladmin, request, queryset, PublicationStatus.DRAFT, message)


class CurationAdmin(admin.ModelAdmin):
    """What every curated model's admin shares."""

    # A link pasted without its scheme ("cbp.gov/newsroom/…") is an https one, as on every government site now.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_per_page = 50


class PublishableAdmin(CurationAdmin):
    """The admin of a record with a publication status: adds the bulk publication actions."""

    actions = [publish, send_to_review, return_to_draft]


class CitationInline(GenericTabularInline):
    """The sources a record cites, each with the passage relied on; used on every Record admin."""

    model = Citation
    fields = ["source", "excerpt", "position"]
    autocomplete_fields = ["source"]
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")


@admin.register(Source)
class SourceAdmin(CurationAdmin):
    list_display = [
        "title",
        "publisher",
        partial_date_column("published", _("published")),
        "language",
        "reliability",
        "citation_count",
    ]
    list_filter = ["reliability", "language", "publisher"]
    search_fields = ["title", "publisher", "url"]
    fields = ["title", "publisher", "url", "published", "language", "reliability", "reliability_note"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(citation_count=count_of(Citation.objects.all(), "source"))

    @admin.display(description=_("citations"), ordering="citation_count")
    def citation_count(self, obj):
        return obj.citation_count
