import datetime

import reversion
from django import forms
from django.contrib import admin
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter

from agreements.models import (
    Agreement,
    AgreementParty,
    AgreementRelation,
    AgreementStatus,
    Event,
    ParticipantCountry,
    Signatory,
    Topic,
    TrainingProgram,
)
from agreements.resources import AgreementResource, EventResource, TopicResource, TrainingProgramResource
from records.admin.base import (
    HasSourceFilter,
    YesNoFilter,
    admin_link,
    count_of,
    country_filter,
    has_date_filter,
    partial_date_column,
)
from records.admin.publishable import CitationInline, PublishableAdmin
from records.admin.workflow import choose_then_apply, required_to_publish_formset
from records.templatetags.pacta import date_range

PUBLICATION_FIELDSET = (_("Publication"), {"fields": ["publication_status", "note"]})

# History: each record is restored with the rows edited on its page, relations from both sides included.
reversion.register(Topic)
reversion.register(Agreement, follow=["party_rows", "signatories", "relations_from", "relations_to", "citations"])
reversion.register(AgreementParty)
reversion.register(Signatory)
reversion.register(AgreementRelation)
reversion.register(TrainingProgram, follow=["participant_countries", "citations"])
reversion.register(ParticipantCountry)
reversion.register(Event, follow=["citations"])


class HasTopicFilter(YesNoFilter):
    title = _("has a topic")
    parameter_name = "has_topic"

    @staticmethod
    def condition(model):
        return Q(pk__in=model.topics.through.objects.values(model._meta.model_name))


def _past(field, today):
    """`field` is a date entirely before `today` (a month- or year-precise date must be over)."""
    unfinished = ["", str(today.year), today.isoformat()[:7]]
    return Q(**{f"{field}__lt": today.isoformat()}) & ~Q(**{f"{field}__in": unfinished})


class StatusContradictsDatesFilter(YesNoFilter):
    """Agreements whose life-cycle status says one thing and whose dates another."""

    title = _("status contradicts dates")
    parameter_name = "dates_contradict"

    @staticmethod
    def condition(model, today=None):
        today = today or datetime.date.today()
        return (
            # In force, yet ended in the past; or in force from a day still to come.
            Q(status=AgreementStatus.IN_FORCE, ended_on__gt="") & _past("ended_on", today)
            | Q(status=AgreementStatus.IN_FORCE, in_force_on__gt=today.isoformat())
            # Signed and not yet in force, though it entered into force in the past.
            | Q(status=AgreementStatus.SIGNED) & _past("in_force_on", today)
            # Still under negotiation, though a signing date is known.
            | Q(status=AgreementStatus.NEGOTIATING) & ~Q(signed_on="")
            # Expired or terminated, with no end date.
            | Q(status__in=[AgreementStatus.EXPIRED, AgreementStatus.TERMINATED], ended_on="")
        )


class TopicChoiceForm(forms.Form):
    topic = forms.ModelChoiceField(queryset=Topic.objects.all(), label=_("Topic"))


@admin.action(description=_("Add a topic"), permissions=["change"])
def add_topic(modeladmin, request, queryset):
    def apply(record, data):
        if record.topics.filter(pk=data["topic"].pk).exists():
            return False
        record.topics.add(data["topic"])
        return True

    return choose_then_apply(modeladmin, request, queryset, TopicChoiceForm, _("Add a topic"), apply)


@admin.action(description=_("Remove a topic"), permissions=["change"])
def remove_topic(modeladmin, request, queryset):
    def apply(record, data):
        if not record.topics.filter(pk=data["topic"].pk).exists():
            return False
        record.topics.remove(data["topic"])
        return True

    return choose_then_apply(modeladmin, request, queryset, TopicChoiceForm, _("Remove a topic"), apply)


class TopicsAdmin(PublishableAdmin):
    """The admin of a record carrying topics: adds the bulk topic actions."""

    actions = [*PublishableAdmin.actions, add_topic, remove_topic]


class ReadOnlyTabularInline(admin.TabularInline):
    """Rows shown for context and edited where they belong, reached through their link."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Topic)
class TopicAdmin(PublishableAdmin):
    resource_classes = [TopicResource]
    list_display = ["name", "parent", "agreement_count", "program_count", "event_count", "publication_status"]
    list_select_related = ["parent"]
    list_filter = ["publication_status", ("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    fields = ["name", "slug", "parent", "description", "publication_status"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                agreement_count=count_of(Agreement.topics.through.objects.all(), "topic"),
                program_count=count_of(TrainingProgram.topics.through.objects.all(), "topic"),
                event_count=count_of(Event.topics.through.objects.all(), "topic"),
            )
        )

    @admin.display(description=_("agreements"), ordering="agreement_count")
    def agreement_count(self, obj):
        return obj.agreement_count

    @admin.display(description=_("training programs"), ordering="program_count")
    def program_count(self, obj):
        return obj.program_count

    @admin.display(description=_("events"), ordering="event_count")
    def event_count(self, obj):
        return obj.event_count


class AgreementPartyInline(admin.TabularInline):
    model = AgreementParty
    formset = required_to_publish_formset(_("a party"))
    relation = "party_rows"
    fields = ["organization", "role"]
    autocomplete_fields = ["organization"]
    extra = 0


class SignatoryInline(admin.TabularInline):
    model = Signatory
    fields = ["person", "name", "organization", "title", "position"]
    autocomplete_fields = ["person", "organization"]
    extra = 0


class RelationInline(admin.TabularInline):
    """Relations this agreement states: it succeeds, amends or implements another."""

    model = AgreementRelation
    fk_name = "source"
    fields = ["kind", "target"]
    autocomplete_fields = ["target"]
    extra = 0
    verbose_name = _("relation to another agreement")
    verbose_name_plural = _("relations to other agreements")


class IncomingRelationInline(ReadOnlyTabularInline):
    """The same relations seen from their target ("amended by …"); they are edited on the agreement they start from."""

    model = AgreementRelation
    fk_name = "target"
    fields = ["inverse", "other_agreement"]
    readonly_fields = fields
    verbose_name = _("relation from another agreement")
    verbose_name_plural = _("relations from other agreements (edit them on that agreement)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")

    @admin.display(description=_("relation"))
    def inverse(self, obj):
        return obj.inverse_label

    @admin.display(description=_("other agreement"))
    def other_agreement(self, obj):
        return admin_link(obj.source)


@admin.register(Agreement)
class AgreementAdmin(TopicsAdmin):
    resource_classes = [AgreementResource]
    list_display = [
        "title",
        "short_name",
        "kind",
        "status",
        partial_date_column("signed_on", _("signed on")),
        "party_names",
        "publication_status",
    ]
    list_filter = [
        "publication_status",
        HasSourceFilter,
        HasTopicFilter,
        has_date_filter("signed_on"),
        StatusContradictsDatesFilter,
        "status",
        "kind",
        "scope",
        ("topics", admin.RelatedOnlyFieldListFilter),
        ("parties__country", country_filter(_("party country"))),
    ]
    search_fields = ["title", "short_name", "slug", "parties__name", "parties__acronym"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["topics", "signed_at"]
    fieldsets = [
        (None, {"fields": ["title", "short_name", "slug", "kind", "scope", "binding", "summary", "text_url"]}),
        (_("Life cycle"), {"fields": ["status", "signed_on", "place_signed", "signed_at", "in_force_on", "ended_on"]}),
        (_("Topics"), {"fields": ["topics"]}),
        PUBLICATION_FIELDSET,
    ]
    inlines = [AgreementPartyInline, SignatoryInline, RelationInline, IncomingRelationInline, CitationInline]
    save_on_top = True

    def get_queryset(self, request):
        parties = AgreementParty.objects.select_related("organization")
        return super().get_queryset(request).prefetch_related(Prefetch("party_rows", queryset=parties))

    @admin.display(description=_("parties"))
    def party_names(self, obj):
        return ", ".join(row.organization.acronym or row.organization.name for row in obj.party_rows.all())


class ParticipantCountryInline(admin.TabularInline):
    model = ParticipantCountry
    fields = ["country"]
    extra = 0


@admin.register(TrainingProgram)
class TrainingProgramAdmin(TopicsAdmin):
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
        "format",
        ("topics", admin.RelatedOnlyFieldListFilter),
        ("country", CountryFilter),
        ("participant_countries__country", country_filter(_("participant country"))),
    ]
    search_fields = ["title", "short_name", "slug", "location", "host__name", "host__acronym"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["host", "instructors", "topics"]
    fieldsets = [
        (None, {"fields": ["title", "short_name", "slug", "format", "audience", "description"]}),
        (_("Who and where"), {"fields": ["host", "instructors", "location", "country"]}),
        (_("When"), {"fields": ["start", "end"]}),
        (_("Topics"), {"fields": ["topics"]}),
        PUBLICATION_FIELDSET,
    ]
    inlines = [ParticipantCountryInline, CitationInline]


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
class EventAdmin(TopicsAdmin):
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
        "kind",
        ("topics", admin.RelatedOnlyFieldListFilter),
        ("country", CountryFilter),
        ("parent", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["title", "slug", "location"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["parent", "participants", "organizations", "programs", "topics"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "parent", "summary"]}),
        (_("When and where"), {"fields": ["start", "end", "location", "country"]}),
        (_("Who and what"), {"fields": ["participants", "organizations", "programs", "topics"]}),
        PUBLICATION_FIELDSET,
    ]
    inlines = [ChildEventInline, AgreementSignedInline, CitationInline]
