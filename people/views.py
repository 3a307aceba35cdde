from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from people.exports import ORGANIZATION_EXPORT, PERSON_EXPORT
from people.filters import OrganizationFilter, PersonFilter
from people.models import Organization, Person, Position
from records.cache import CachedPageMixin
from records.detail import RecordDetailMixin
from records.exports import ExportableListMixin
from records.lists.views import FilteredListMixin
from records.models import Citation, PublicationStatus

PUBLISHED = PublicationStatus.PUBLISHED


def citations_prefetch():
    """A record's citations with their sources, in the curators' order."""
    return Prefetch("citations", queryset=Citation.objects.select_related("source"))


def reverse_model(model, name):
    """The model behind a reverse relation that another app declares on `model`.

    people must not import agreements; the agreements, programs and events that point at a person or an
    organization are reached through the relations agreements adds to these models.
    """
    return model._meta.get_field(name).related_model


def person_detail(queryset):
    """`queryset` with the published posts, signatures on published agreements and events a person's page and API
    detail show (four more queries)."""
    Signatory = reverse_model(Person, "signatures")
    Event = reverse_model(Person, "events")
    positions = (
        Position.objects.published()
        .filter(organization__publication_status=PUBLISHED)
        .select_related("organization")
        .order_by("-start", "title")
    )
    signatures = (
        Signatory.objects.filter(agreement__publication_status=PUBLISHED)
        .select_related("agreement", "organization")
        .order_by("-agreement__signed_on", "agreement__title")
    )
    return queryset.prefetch_related(
        Prefetch("positions", queryset=positions),
        Prefetch("signatures", queryset=signatures),
        Prefetch("events", queryset=Event.objects.published().order_by("-start", "title")),
        citations_prefetch(),
    )


def organization_detail(queryset):
    """`queryset` with the published units, people, agreements, programs and events an organization's page and API
    detail show."""
    AgreementParty = reverse_model(Organization, "party_rows")
    TrainingProgram = reverse_model(Organization, "hosted_programs")
    Event = reverse_model(Organization, "events")
    positions = (
        Position.objects.published()
        .filter(person__publication_status=PUBLISHED)
        .select_related("person")
        .order_by("-start", "person__name")
    )
    party_rows = (
        AgreementParty.objects.filter(agreement__publication_status=PUBLISHED)
        .select_related("agreement")
        .order_by("-agreement__signed_on", "agreement__title")
    )
    return queryset.select_related("parent").prefetch_related(
        Prefetch("children", queryset=Organization.objects.published()),
        Prefetch("positions", queryset=positions),
        Prefetch("party_rows", queryset=party_rows),
        Prefetch("hosted_programs", queryset=TrainingProgram.objects.published()),
        Prefetch("instructed_programs", queryset=TrainingProgram.objects.published()),
        Prefetch("events", queryset=Event.objects.published().order_by("-start", "title")),
        citations_prefetch(),
    )


class PersonDetailView(CachedPageMixin, RecordDetailMixin, DetailView):
    queryset = Person.objects.published()

    def get_queryset(self):
        return person_detail(self.queryset)


class OrganizationDetailView(CachedPageMixin, RecordDetailMixin, DetailView):
    queryset = Organization.objects.published()

    def get_queryset(self):
        return organization_detail(self.queryset)

    def get_context_data(self, **kwargs):
        positions = self.object.positions.all()
        return super().get_context_data(
            current_positions=[position for position in positions if position.is_current],
            past_positions=[position for position in positions if not position.is_current],
            **kwargs,
        )


def person_cards(queryset):
    """`queryset` with what includes/cards/person_card.html shows: the current published posts (one more query)."""
    posts = (
        Position.objects.published()
        .current()
        .filter(organization__publication_status=PUBLISHED)
        .select_related("organization")
    )
    return queryset.prefetch_related(Prefetch("positions", queryset=posts, to_attr="current_posts"))


def organization_cards(queryset):
    """`queryset` with what includes/cards/organization_card.html shows: the parent, in the same query."""
    return queryset.select_related("parent")


class PersonListView(CachedPageMixin, ExportableListMixin, FilteredListMixin, FilterView):
    filterset_class = PersonFilter
    export = PERSON_EXPORT
    description = _(
        "Officials on record: the posts they have held, the agreements they signed and the events they took part in."
    )
    card_template = "includes/cards/person_card.html"

    def get_queryset(self):
        return person_cards(Person.objects.published())


class OrganizationListView(CachedPageMixin, ExportableListMixin, FilteredListMixin, FilterView):
    filterset_class = OrganizationFilter
    export = ORGANIZATION_EXPORT
    description = _("Governments, ministries, agencies, academies and international organizations that cooperate.")
    card_template = "includes/cards/organization_card.html"

    def get_queryset(self):
        return organization_cards(Organization.objects.published())
