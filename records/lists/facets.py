"""Facet counts: for each choice of a filter, how many records it would leave given the other active filters.

A ListFilterSet names its facets; FilteredListMixin hands the options a list page shows (`Facet.shown`: the top
ones and the chosen ones) to includes/facet_options.html, and every option to the facet's own "show all" page.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django_countries import countries

from records import languages
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
    # The language of the label when it is not the page's (a name not yet translated), for its `lang`.
    language: str = ""


class Facet:
    """Counts, for each value of the filter `name`, the records it would leave given the other active filters.

    `path` is the field counted (through relations with `__`); `published_via` is the related record that must be
    published for a row to count. The counts are one grouped query. `distinct` is needed where one record can reach
    a value through several rows (two parties from one country); a value of the record's own column, or a relation
    whose rows are unique per record and value, counts with COUNT(*).
    """

    # How many options a list page shows before "Show all": the most records first, the chosen ones always.
    limit = 10

    def __init__(self, name, path=None, published_via=None, distinct=None):
        self.name = name
        self.path = path or name
        self.published_via = published_via
        self.distinct = "__" in self.path if distinct is None else distinct

    def normalize(self, value):
        return value

    def selected(self, filterset):
        return {self.normalize(value) for value in filterset.form.data.getlist(self.name) if value}

    def related_filter(self, filterset):
        """The condition a row must meet to count (one Q, applied in one filter() call)."""
        return published_via(self.published_via) if self.published_via else Q()

    def count(self):
        return Count("pk", distinct=True) if self.distinct else Count("*")

    def counts(self, filterset, queryset):
        """{value: count} over `queryset` (the list filtered by every other facet). Runs one query."""
        rows = queryset.filter(self.related_filter(filterset)).values(self.path).annotate(facet_count=self.count())
        return {row[self.path]: row["facet_count"] for row in rows if row[self.path] not in (None, "")}

    def options(self, filterset, queryset):
        """Every option that would leave a record, and the chosen ones: what the "show all" page lists."""
        raise NotImplementedError

    def shown(self, options):
        """The options a list page shows: the first `limit` (options come most records first) and every chosen one,
        in their order."""
        return [option for rank, option in enumerate(options) if rank < self.limit or option.selected]


class ChoiceFacet(Facet):
    """A fixed vocabulary (kind, status, format), in its declared order; a choice that would leave nothing is left
    out unless chosen."""

    def options(self, filterset, queryset):
        counts = self.counts(filterset, queryset)
        selected = self.selected(filterset)
        options = [
            Option(str(value), label, counts.get(value, 0), str(value) in selected)
            for value, label in filterset.filters[self.name].extra["choices"]
        ]
        return [option for option in options if option.count or option.selected]

    def shown(self, options):
        return options


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
    ("Customs and Border Protection (CBP)"). The first is read in the page's language, or in the other one where it
    is missing (the option then says which).
    """

    def __init__(self, name, path=None, published_via=None, label_fields=("name",), distinct=None):
        path = path or name
        super().__init__(name, path, published_via or path, distinct)
        self.label_fields = label_fields

    def label(self, values):
        first, *others = values
        others = [value for value in others if value]
        return f"{first} ({', '.join(others)})" if others else first

    def related_model(self, model):
        """The model of the related records, at the end of `path` from `model`."""
        for step in self.path.split("__"):
            model = model._meta.get_field(step).related_model
        return model

    def option_label(self, name, others):
        """(label, the name's language when it is not the page's) of a related record: `name` is the Text of its
        first label field (records.languages), `others` the values of the rest."""
        language = name.language if languages.is_other_language(name) else ""
        return self.label([name.value, *others]), language

    def options(self, filterset, queryset):
        """Runs one query, grouped by related record: a row per record that would leave results, none per link."""
        first, *others = self.label_fields
        if first in languages.translated_fields(self.related_model(queryset.model)):
            names = [languages.column(first, language) for language in languages.languages()]
            read_name = languages.text_reader(f"{self.path}__{first}")
        else:
            names = [first]

            def read_name(row):
                return languages.Text(row[f"{self.path}__{first}"] or "", None)

        fields = [f"{self.path}__{field}" for field in [*names, *others]]
        rows = (
            queryset.filter(self.related_filter(filterset))
            .values(f"{self.path}__slug", *fields)
            .annotate(facet_count=self.count())
        )
        selected = self.selected(filterset)
        options = {}
        for row in rows:
            slug = row[f"{self.path}__slug"]
            if slug:
                label, language = self.option_label(read_name(row), [row[f"{self.path}__{field}"] for field in others])
                options[slug] = Option(slug, label, row["facet_count"], slug in selected, language=language)
        # A chosen record that no longer leaves any result stays listed, so that it can be unticked.
        for record in filterset.form.cleaned_data.get(self.name, ()):
            if record.slug not in options:
                found = languages.text(record, first)
                label, language = self.option_label(found, [getattr(record, field) for field in others])
                options[record.slug] = Option(record.slug, label, 0, True, language=language)
        return sorted(options.values(), key=lambda option: (-option.count, option.label))
