"""The filters, facets and sorts of the people and organization lists."""

from django.utils.translation import gettext_lazy as _
from django_filters import MultipleChoiceFilter

from people.models import Organization, OrganizationKind, Position, held_now
from records.lists.facets import ChoiceFacet, CountryFacet, RelatedFacet
from records.lists.filters import (
    CertaintyFilter,
    CountryFilter,
    FlagFilter,
    InPageLanguage,
    ListFilterSet,
    RelatedFilter,
    SortFilter,
    TextFilter,
)
from records.models import published_via

# People and organizations have no date of their own: "newest" is the most recently added.
RECORD_ORDERINGS = {
    "newest": ["-created_at", "-pk"],
    "oldest": ["created_at", "pk"],
    "title": [InPageLanguage("name"), "pk"],
    "updated": ["-updated_at", "pk"],
}


class PostFilter(RelatedFilter):
    """People with a published post in any of the chosen organizations; a current one when "current" is ticked."""

    def related_pks(self, model, value):
        return self.parent.posts().filter(organization__in=value).values("person")


class PostFacet(RelatedFacet):
    """Counts people per organization through their published posts, current ones when "current" is ticked."""

    def related_filter(self, filterset):
        condition = published_via("positions", "positions__organization")
        if filterset.form.cleaned_data.get("current"):
            condition &= held_now("positions__")
        return condition


class PersonFilter(ListFilterSet):
    q = TextFilter(label=_("Name or words"))
    organization = PostFilter("organization", queryset=Organization.objects.published(), label=_("Organization"))
    country = CountryFilter("country", label=_("Country"))
    current = FlagFilter(method="filter_current", label=_("Current post only"))
    certainty = CertaintyFilter()
    sort = SortFilter(orderings=RECORD_ORDERINGS, title_label=_("Name A–Z"))

    facets = (
        PostFacet("organization", "positions__organization", label_fields=("name", "acronym")),
        CountryFacet("country"),
        ChoiceFacet("certainty"),
    )

    def posts(self):
        """The published posts, in published organizations, that the list may filter on."""
        posts = Position.objects.public()
        return posts.current() if self.form.cleaned_data.get("current") else posts

    def filter_current(self, queryset, name, value):
        return queryset.filter(pk__in=self.posts().values("person")) if value else queryset


class OrganizationFilter(ListFilterSet):
    q = TextFilter(label=_("Name or words"))
    kind = MultipleChoiceFilter(choices=OrganizationKind.choices, distinct=False, label=_("Kind"))
    country = CountryFilter("country", label=_("Country"))
    parent = RelatedFilter("parent", queryset=Organization.objects.published(), label=_("Part of"))
    certainty = CertaintyFilter()
    sort = SortFilter(orderings=RECORD_ORDERINGS, title_label=_("Name A–Z"))

    facets = (
        ChoiceFacet("kind"),
        CountryFacet("country"),
        RelatedFacet("parent", label_fields=("name", "acronym")),
        ChoiceFacet("certainty"),
    )
