"""The filters every list page builds its FilterSet from, the sort among them, and ListFilterSet itself."""

import django_filters
from django.db.models import Case, Value, When
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from records import languages
from records.cache import remember
from records.dates import on_or_after, on_or_before
from records.lists.forms import MAX_VALUE_LENGTH, CountryCodesField, FlagField, ListFilterForm, PartialDateFormField
from records.models import Certainty, published_via


class PartialDateFilter(django_filters.Filter):
    """A filter on a date typed at any precision; the filtering is its `method`'s."""

    field_class = PartialDateFormField


class DateBoundFilter(PartialDateFilter):
    """Records whose partial date may fall on or after (or on or before) the date given at any precision.

    `after` starts from the first day of what was typed ("2024" → 1 January 2024), `before` ends at its last day,
    so ?signed_after=2024&signed_before=2024 means "in 2024", and a record dated only "2024-10" matches both.
    """

    def __init__(self, *args, bound, **kwargs):
        self.bound = bound
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        if self.bound == "after":
            return qs.filter(on_or_after(self.field_name, value.lower))
        return qs.filter(on_or_before(self.field_name, value.upper))


class TextFilter(django_filters.CharFilter):
    """Records with a word beginning with each word given, case and accents aside, through the search index that
    the search page uses (RecordQuerySet.matching); the list keeps its own order."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Text"))
        kwargs.setdefault("max_length", MAX_VALUE_LENGTH)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return qs.matching(value) if value and value.strip() else qs


class RelatedFilter(django_filters.ModelMultipleChoiceFilter):
    """Records linked to any of the chosen related records, chosen by slug among `queryset` (published rows).

    Filters through a subquery on primary keys so that the list never repeats a record, whatever the relation.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("error_messages", {"invalid_choice": _("“%(value)s” is not among the published records.")})
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(pk__in=self.related_pks(qs.model, value))

    def related_pks(self, model, value):
        return model.objects.filter(**{f"{self.field_name}__in": value}).values("pk")


class CountryFilter(django_filters.Filter):
    """Records whose country, or any of whose published `published_via` records' country, is among those given."""

    field_class = CountryCodesField

    def __init__(self, *args, published_via=None, **kwargs):
        self.published_via = published_via
        kwargs.setdefault("label", _("Country"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        if not self.published_via:
            return qs.filter(**{f"{self.field_name}__in": value})
        matching = qs.model.objects.filter(published_via(self.published_via), **{f"{self.field_name}__in": value})
        return qs.filter(pk__in=matching.values("pk"))


class CertaintyFilter(django_filters.MultipleChoiceFilter):
    """Records at any of the chosen levels of certainty (records.models.Certainty): how a reader finds what is
    unverified or disputed. Counted by ChoiceFacet("certainty")."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", Certainty.choices)
        kwargs.setdefault("distinct", False)
        kwargs.setdefault("label", _("Certainty"))
        super().__init__("certainty", *args, **kwargs)


class FlagFilter(django_filters.Filter):
    """A checkbox that applies `method` when ticked."""

    field_class = FlagField

    def filter(self, qs, value):
        return qs


class OneSort:
    """Mixed into the sort's form field where OrderingFilter mixes in its comma-separated parsing: each sort is a
    whole order, so the field reads one value, and "?sort=title,oldest" is refused as any unknown sort."""


class SortFilter(django_filters.OrderingFilter):
    """Orders the list; "newest" when no sort is given. `orderings` maps each choice to order_by() arguments.

    django-filter's OrderingFilter maps each choice to one field, ascending or descending, and leaves the queryset
    unordered when no choice is given. A list's sorts are named orders of several terms (tie-breakers, unknown
    dates last), and every list has one when the reader chose none: `orderings` takes the place of `fields`.
    """

    DEFAULT = "newest"
    base_field_class = OneSort
    LABELS = {
        "newest": _("Newest first"),
        "oldest": _("Oldest first"),
        "title": _("Title A–Z"),
        "updated": _("Recently updated"),
        "in_force": _("Latest in force first"),
    }

    def __init__(self, *args, orderings, title_label=None, **kwargs):
        self.orderings = orderings
        labels = {**self.LABELS, "title": title_label or self.LABELS["title"]}
        kwargs["choices"] = [(key, labels[key]) for key in orderings]
        kwargs.setdefault("label", _("Sort by"))
        kwargs.setdefault("empty_label", None)
        super().__init__(*args, **kwargs)

    def get_ordering_value(self, param):
        """The order_by() terms of a sort; "title" orders by the text in the page's language (records.languages)."""
        return [
            languages.sort_text(self.model, term.name) if isinstance(term, InPageLanguage) else term
            for term in self.orderings[param]
        ]

    def filter(self, qs, value):
        return qs.order_by(*self.get_ordering_value(value or self.DEFAULT))


class InPageLanguage:
    """A sort term: the record's text `name` in the page's language, in lower case (records.languages.sort_text)."""

    def __init__(self, name):
        self.name = name


def newest_first(field):
    """Order by a partial date, latest first, unknown dates last."""
    return [f"-{field}"]


def oldest_first(field):
    """Order by a partial date, earliest first, unknown dates ("") last rather than first."""
    return [Case(When(**{field: ""}, then=Value(1)), default=Value(0)), field]


class ListFilterSet(django_filters.FilterSet):
    """A FilterSet whose `facets` (records.lists.facets) count, per choice, what the other active filters leave."""

    facets = ()

    class Meta:
        form = ListFilterForm

    def filter_queryset_except(self, name):
        """The records every valid filter but `name` (and the sort) leaves, unordered, for counting."""
        queryset = self.queryset.order_by().prefetch_related(None)
        for filter_name, value in self.form.cleaned_data.items():
            if filter_name not in (name, "sort"):
                queryset = self.filters[filter_name].filter(queryset, value)
        return queryset

    @cached_property
    def selection(self):
        """What the records this FilterSet leaves, and its facets' options, are worked out from: the base records
        (as SQL), the filters given (not the sort), the day (some filters read today's date) and the language (of
        the options' labels). Two requests with the same selection get the same counts, whatever their page. Worked out
        once (it compiles the base queryset's SQL) for the facets and the paginator."""
        data = self.form.data
        filters = [(name, sorted(data.getlist(name))) for name in self.filters if name != "sort" and data.getlist(name)]
        return (str(self.queryset.query), filters, timezone.localdate().isoformat(), get_language())

    def facet_options(self):
        """{filter name: [Option]}, every option of every facet: from the cache (records.cache.remember) or by one
        query per facet (the topic facet, one per level of the tree)."""
        return self.options_of(*self.facets)

    def facet(self, name):
        """The facet of the filter `name`, or None."""
        return next((facet for facet in self.facets if facet.name == name), None)

    def options_of(self, *facets):
        """{filter name: [Option]} for the facets given, for the other active filters. Counts for filters the form
        refused are not kept."""
        by_name = {facet.name: facet for facet in facets}

        def options(name):
            return by_name[name].options(self, self.filter_queryset_except(name))

        if not self.is_valid():
            return {name: options(name) for name in by_name}
        return remember("facets", {name: (name, self.selection) for name in by_name}, options)
