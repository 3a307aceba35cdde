"""Agreements: their parties, signatories and relations edited inline, and the status-versus-dates check."""

import datetime

from django.contrib import admin
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from agreements.admin.topics import PUBLICATION_FIELDSET, HasTopicFilter, ReadOnlyTabularInline, TopicsAdmin
from agreements.models import (
    Agreement,
    AgreementParty,
    AgreementRelation,
    AgreementStatus,
    Signatory,
)
from agreements.resources import AgreementResource
from records.admin.base import (
    HasSourceFilter,
    YesNoFilter,
    admin_link,
    country_filter,
    has_date_filter,
    partial_date_column,
)
from records.admin.languages import BilingualAdmin
from records.admin.publishable import AliasInline, CitationInline
from records.admin.workflow import required_to_publish_formset


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
            # Signed with no entry into force recorded, or not yet in force, though it entered into force in the past.
            | Q(status__in=[AgreementStatus.SIGNED, AgreementStatus.NOT_IN_FORCE]) & _past("in_force_on", today)
            # Still under negotiation, though a signing date is known.
            | Q(status=AgreementStatus.NEGOTIATING) & ~Q(signed_on="")
            # Expired or terminated, with no end date.
            | Q(status__in=[AgreementStatus.EXPIRED, AgreementStatus.TERMINATED], ended_on="")
        )


class AgreementPartyInline(admin.TabularInline):
    model = AgreementParty
    formset = required_to_publish_formset(_("a party"))
    relation = "party_rows"
    fields = ["organization", "role"]
    autocomplete_fields = ["organization"]
    extra = 0


class SignatoryInline(TranslationTabularInline):
    model = Signatory
    fields = ["person", "name", "organization", "title", "certainty", "certainty_note", "position"]
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
class AgreementAdmin(TopicsAdmin, BilingualAdmin):
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
        "certainty",
        # The dashboard's counts of links by certainty open the agreements holding them.
        "signatories__certainty",
        "signed_at_certainty",
        "status",
        "kind",
        "scope",
        ("topics", admin.RelatedOnlyFieldListFilter),
        ("parties__country", country_filter(_("party country"))),
    ]
    search_fields = [
        *("title", "title_es", "short_name", "short_name_es", "slug"),
        *("parties__name", "parties__name_es", "parties__acronym"),
    ]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["topics", "signed_at", "status_source"]
    fieldsets = [
        (None, {"fields": ["title", "short_name", "slug", "kind", "scope", "binding", "summary", "text_url"]}),
        (
            _("Life cycle"),
            {
                "fields": [
                    *("status", "status_source", "signed_on", "place_signed", "signed_at"),
                    *("signed_at_certainty", "signed_at_certainty_note", "in_force_on", "ended_on"),
                ]
            },
        ),
        (_("Topics"), {"fields": ["topics"]}),
        PUBLICATION_FIELDSET,
    ]
    inlines = [
        AgreementPartyInline,
        SignatoryInline,
        RelationInline,
        IncomingRelationInline,
        CitationInline,
        AliasInline,
    ]
    save_on_top = True

    def get_queryset(self, request):
        parties = AgreementParty.objects.select_related("organization")
        return super().get_queryset(request).prefetch_related(Prefetch("party_rows", queryset=parties))

    @admin.display(description=_("parties"))
    def party_names(self, obj):
        return ", ".join(row.organization.acronym or row.organization.name for row in obj.party_rows.all())
