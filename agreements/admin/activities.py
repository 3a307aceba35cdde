"""Training programs and events."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter
from modeltranslation.admin import TranslationTabularInline

from agreements.admin.topics import PUBLICATION_FIELDSET, HasTopicFilter, ReadOnlyTabularInline, TopicsAdmin
from agreements.models import (
    Agreement,
    Event,
    EventParticipant,
    EventProgram,
    ParticipantCountry,
    TrainingProgram,
)
from agreements.resources import EventResource, TrainingProgramResource
from records.admin.base import (
    HasSourceFilter,
    admin_link,
    country_filter,
    has_date_filter,
    partial_date_column,
)
from records.admin.languages import BilingualAdmin
from records.admin.publishable import AliasInline, CitationInline
from records.templatetags.pacta import date_range


class EventParticipantInline(TranslationTabularInline):
    model = EventParticipant
    fields = ["person", "certainty", "certainty_note"]
    autocomplete_fields = ["person"]
    extra = 0


class EventProgramInline(TranslationTabularInline):
    model = EventProgram
    fields = ["program", "certainty", "certainty_note"]
    autocomplete_fields = ["program"]
    extra = 0


class ParticipantCountryInline(admin.TabularInline):
    model = ParticipantCountry
    fields = ["country"]
    extra = 0


@admin.register(TrainingProgram)
class TrainingProgramAdmin(TopicsAdmin, BilingualAdmin):
    resource_classes = [TrainingProgramResource]
    list_display = [
        "title",
        "short_name",
        "format",
        "host",
        "country",
        partial_date_column("start", _("start")),
        partial_date_column("end", _("end")),
        "publication_status",
    ]
    list_select_related = ["host"]
    list_filter = [
        "publication_status",
        HasSourceFilter,
        HasTopicFilter,
        has_date_filter("start"),
        "certainty",
        "format",
        ("topics", admin.RelatedOnlyFieldListFilter),
        ("country", CountryFilter),
        ("participant_countries__country", country_filter(_("participant country"))),
    ]
    search_fields = [
        *("title", "title_es", "short_name", "short_name_es", "slug", "location"),
        *("host__name", "host__acronym"),
    ]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["host", "instructors", "topics"]
    fieldsets = [
        (None, {"fields": ["title", "short_name", "slug", "format", "audience", "description"]}),
        (_("Who and where"), {"fields": ["host", "instructors", "location", "country"]}),
        (_("When"), {"fields": ["start", "end"]}),
        (_("Topics"), {"fields": ["topics"]}),
        PUBLICATION_FIELDSET,
    ]
    inlines = [ParticipantCountryInline, CitationInline, AliasInline]


class ChildEventInline(ReadOnlyTabularInline):
    """The meetings a visit holds; each is edited on its own page."""

    model = Event
    fk_name = "parent"
    fields = ["event", "kind", "dates"]
    readonly_fields = fields
    verbose_name = _("part of this event")
    verbose_name_plural = _("parts of this event")

    @admin.display(description=_("event"))
    def event(self, obj):
        return admin_link(obj)

    @admin.display(description=_("dates"))
    def dates(self, obj):
        return date_range(obj.start, obj.end)


class AgreementSignedInline(ReadOnlyTabularInline):
    """Agreements signed at the event; the link is set on the agreement ("signed at event")."""

    model = Agreement
    fk_name = "signed_at"
    fields = ["agreement", "status"]
    readonly_fields = fields
    verbose_name = _("agreement signed here")
    verbose_name_plural = _("agreements signed here (set on the agreement)")

    @admin.display(description=_("agreement"))
    def agreement(self, obj):
        return admin_link(obj)


@admin.register(Event)
class EventAdmin(TopicsAdmin, BilingualAdmin):
    resource_classes = [EventResource]
    required_to_publish = [("start", _("a start date"))]
    list_display = [
        "title",
        "kind",
        partial_date_column("start", _("start")),
        partial_date_column("end", _("end")),
        "parent",
        "country",
        "publication_status",
    ]
    list_select_related = ["parent"]
    list_filter = [
        "publication_status",
        HasSourceFilter,
        HasTopicFilter,
        has_date_filter("start"),
        "certainty",
        # The dashboard's counts of links by certainty open the events holding them.
        "participant_rows__certainty",
        "program_rows__certainty",
        "kind",
        ("topics", admin.RelatedOnlyFieldListFilter),
        ("country", CountryFilter),
        ("parent", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["title", "title_es", "slug", "location"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["parent", "organizations", "topics"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "parent", "summary"]}),
        (_("When and where"), {"fields": ["start", "end", "location", "country"]}),
        (_("Who and what"), {"fields": ["organizations", "topics"]}),
        PUBLICATION_FIELDSET,
    ]
    inlines = [
        EventParticipantInline,
        EventProgramInline,
        ChildEventInline,
        AgreementSignedInline,
        CitationInline,
        AliasInline,
    ]
