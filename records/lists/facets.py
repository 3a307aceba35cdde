"""Facet counts: for each choice of a filter, how many records it would leave given the other active filters.

A ListFilterSet names its facets; FilteredListMixin hands their options to includes/facet_options.html.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django_countries import countries

from records.labels import country_name
from records.models import published_via


@dataclass
class Option:
    """One choice of a facet: what to send, what to show, how many records it would leave."""

    value: str
    label: str
    count: int
    selected: bool
    depth: int = 0


class Facet:
    """Counts, for each value of the filter `name`, the records it would leave given the other active filters.

    `path` is the field counted (through relations with `__`); `published_via` is the related record that must be
    published for a row to count. The counts are one grouped query.
    """

    hide_empty = True

    def __init__(self, name, path=None, published_via=None):
        self.name = name
        self.path = path or name
        self.published_via = published_via

    def normalize(self, value):
        return value

    def selected(self, filterset):
        return {self.normalize(value) for value in filterset.form.data.getlist(self.name) if value}

    def related_filter(self, filterset):
        """The condition a row must meet to count (one Q, applied in one filter() call)."""
        return published_via(self.published_via) if self.published_via else Q()

    def counts(self, filterset, queryset):
        """{value: count} over `queryset` (the list filtered by every other facet). Runs one query."""
        rows = (
            queryset.filter(self.related_filter(filterset))
            .values(self.path)
            .annotate(facet_count=Count("pk", distinct=True))
        )
        return {row[self.path]: row["facet_count"] for row in rows if row[self.path] not in (None, "")}

    def options(self, filterset, queryset):
        raise NotImplementedError


class ChoiceFacet(Facet):
    """A fixed vocabulary (kind, status, format): every choice is listed, in its declared order, even at zero."""

    hide_empty = False

    def options(self, filterset, queryset):
        counts = self.counts(filterset, queryset)
        selected = self.selected(filterset)
        return [
            Option(str(value), label, counts.get(value, 0), str(value) in selected)
            for value, label in filterset.filters[self.name].extra["choices"]
        ]


class CountryFacet(Facet):
    """Countries that would leave at least one record, and those already chosen, most records first."""

    def normalize(self, value):
        return value.strip().upper()

    def options(self, filterset, queryset):
        counts = self.counts(filterset, queryset)
        selected = self.selected(filterset)
        codes = set(counts) | {code for code in selected if code in countries}
        options = [Option(code, country_name(code), counts.get(code, 0), code in selected) for code in codes]
        return sorted(options, key=lambda option: (-option.count, option.label))


class RelatedFacet(Facet):
    """Published related records (chosen by slug) that would leave at least one record, and those already chosen.

    `label_fields` name the related record's fields shown: the first, then the others in brackets when not empty
    ("Customs and Border Protection (CBP)").
    """

    def __init__(self, name, path=None, published_via=None, label_fields=("name",)):
        path = path or name
        super().__init__(name, path, published_via or path)
        self.label_fields = label_fields

    def label(self, values):
        first, *others = values
        others = [value for value in others if value]
        return f"{first} ({', '.join(others)})" if others else first

    def options(self, filterset, queryset):
        fields = [f"{self.path}__{field}" for field in self.label_fields]
        rows = (
            queryset.filter(self.related_filter(filterset))
            .values(f"{self.path}__slug", *fields)
            .annotate(facet_count=Count("pk", distinct=True))
        )
        selected = self.selected(filterset)
        options = {}
        for row in rows:
            slug = row[f"{self.path}__slug"]
            if slug:
                label = self.label([row[field] for field in fields])
                options[slug] = Option(slug, label, row["facet_count"], slug in selected)
        # A chosen record that no longer leaves any result stays listed, so that it can be unticked.
        for record in filterset.form.cleaned_data.get(self.name, ()):
            if record.slug not in options:
                label = self.label([getattr(record, field) for field in self.label_fields])
                options[record.slug] = Option(record.slug, label, 0, True)
        return sorted(options.values(), key=lambda option: (-option.count, option.label))
