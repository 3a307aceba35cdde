from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from people.exports import ORGANIZATION_EXPORT, PERSON_EXPORT
from people.filters import OrganizationFilter, PersonFilter
from people.models import Organization, Person
from people.tables import ORGANIZATION_COLUMNS, PERSON_COLUMNS
from records.cache import CachedPageMixin
from records.detail import SECTION_SIZE, RecordDetailMixin
from records.exports import ExportableListMixin
from records.lists.views import FilteredListMixin


class PersonDetailView(CachedPageMixin, RecordDetailMixin, DetailView):
    model = Person

    def fetch(self, rows):
        return rows.for_detail(limit=SECTION_SIZE)


class OrganizationDetailView(CachedPageMixin, RecordDetailMixin, DetailView):
    model = Organization

    def fetch(self, rows):
        return rows.for_detail(limit=SECTION_SIZE)


class PersonListView(CachedPageMixin, ExportableListMixin, FilteredListMixin, FilterView):
    filterset_class = PersonFilter
    export = PERSON_EXPORT
    description = _(
        "Officials on record: the posts they have held, the agreements they signed and the events they took part in."
    )
    card_template = "includes/cards/person_card.html"
    table_columns = PERSON_COLUMNS

    def get_queryset(self):
        return Person.objects.published().for_card()


class OrganizationListView(CachedPageMixin, ExportableListMixin, FilteredListMixin, FilterView):
    filterset_class = OrganizationFilter
    export = ORGANIZATION_EXPORT
    description = _("Governments, ministries, agencies, academies and international organizations that cooperate.")
    card_template = "includes/cards/organization_card.html"
    table_columns = ORGANIZATION_COLUMNS

    def get_queryset(self):
        return Organization.objects.published().for_card()
