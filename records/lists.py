"""What every filtered list page shares: filters, facet counts, sorting, active-filter chips.

A list page is a FilterView whose FilterSet derives from ListFilterSet and names its
facets; FilteredListMixin turns the FilterSet into the page's context.
"""

from dataclasses import dataclass

import django_filters
from django import forms
from django.db.models import Case, Count, Q, Value, When
from django.http import QueryDict
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from records.dates import PartialDate, on_or_after, on_or_before
from records.labels import country_name
from records.models import PublicationStatus

# Longer than any slug, country code, date or sensible search; a 10 kB value is refused before it reaches a field.
MAX_VALUE_LENGTH = 200


class ListFilterForm(forms.Form):
    """Refuses, field by field, input no filter accepts: a repeated single value, a NUL byte, an over-long value.

    The offending value is dropped before the field sees it (so it never reaches the database) and the problem is
    reported beside the field.
    """

    def __init__(self, data=None, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        self.input_problems = {}
        if data is not None:
            data = data.copy()
            for name, field in self.base_fields.items():
                values = data.getlist(name)
                multiple = getattr(field.widget, "allow_multiple_selected", False)
                if multiple and name in data:
                    # "?topic=" chooses no topic, as an empty text field filters nothing.
                    values = [value for value in values if value.strip()]
                    data.setlist(name, values)
                if len(values) > 1 and not multiple:
                    problem = _("Give this filter one value, not several.")
                elif any("\x00" in value for value in values):
                    problem = _("This value contains a character that is not allowed.")
                elif any(len(value) > MAX_VALUE_LENGTH for value in values):
                    problem = _("This value is too long.")
                else:
                    continue
                self.input_problems[name] = problem
                del data[name]
        super().__init__(data, *args, **kwargs)

    def full_clean(self):
        super().full_clean()
        for name, problem in self.input_problems.items():
            self.add_error(name, problem)


class PartialDateFormField(forms.CharField):
    """A date typed as 2024-10-08, 2024-10 or 2024."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", _("YYYY-MM-DD, YYYY-MM or YYYY"))
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "2024-10-08"}))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return PartialDate(value)
        except ValueError:
            raise forms.ValidationError(
                _("Enter a real date as YYYY-MM-DD, YYYY-MM or YYYY, for example 2024-10-08, 2024-10 or 2024."),
                code="invalid",
            ) from None


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
    """Every word must appear in at least one of `fields` (case-insensitive)."""

    def __init__(self, *args, fields, **kwargs):
        self.fields = fields
        kwargs.setdefault("label", _("Text"))
        kwargs.setdefault("max_length", MAX_VALUE_LENGTH)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        for word in (value or "").split():
            condition = Q()
            for field in self.fields:
                condition |= Q(**{f"{field}__icontains": word})
            qs = qs.filter(condition)
        return qs


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


class CountryCodesField(forms.MultipleChoiceField):
    """ISO 3166 alpha-2 codes, in any case."""

    default_error_messages = {
        "invalid_choice": _("“%(value)s” is not a country code; use two letters such as SV or US."),
    }

    def to_python(self, value):
        return [code.strip().upper() for code in super().to_python(value)]

    def valid_value(self, value):
        return value in countries


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
        lookups = {
            f"{self.published_via}__publication_status": PublicationStatus.PUBLISHED,
            f"{self.field_name}__in": value,
        }
        matching = qs.model.objects.filter(**lookups)
        return qs.filter(pk__in=matching.values("pk"))


class FlagInput(forms.CheckboxInput):
    """A checkbox that hands its raw value to the field, so that a value other than "1" can be reported."""

    def format_value(self, value):
        return "1"

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class FlagField(forms.Field):
    widget = FlagInput
    default_error_messages = {"invalid": _("Tick the box, or leave it empty.")}

    def __init__(self, *args, **kwargs):
        kwargs["widget"] = FlagInput(check_test=lambda value: value in ("1", "on", "true", True))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in (None, "", False):
            return False
        if value in ("1", "on", "true", True):
            return True
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class FlagFilter(django_filters.Filter):
    """A checkbox that applies `method` when ticked."""

    field_class = FlagField

    def filter(self, qs, value):
        return qs


class SortFilter(django_filters.ChoiceFilter):
    """Orders the list; "newest" when no sort is given. `orderings` maps each choice to order_by() arguments."""

    DEFAULT = "newest"

    def __init__(self, *args, orderings, title_label=None, **kwargs):
        self.orderings = orderings
        labels = {
            "newest": _("Newest first"),
            "oldest": _("Oldest first"),
            "title": title_label or _("Title A–Z"),
            "updated": _("Recently updated"),
        }
        kwargs["choices"] = [(key, labels[key]) for key in orderings]
        kwargs.setdefault("label", _("Sort by"))
        kwargs.setdefault("empty_label", None)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return qs.order_by(*self.orderings[value or self.DEFAULT])


def newest_first(field):
    """Order by a partial date, latest first, unknown dates last."""
    return [f"-{field}"]


def oldest_first(field):
    """Order by a partial date, earliest first, unknown dates ("") last rather than first."""
    return [Case(When(**{field: ""}, then=Value(1)), default=Value(0)), field]


@dataclass
class Option:
    """One choice of a facet: what to send, what to show, how many records it would leave."""

    value: str
    label: str
    count: int
    selected: bool
    depth: int = 0


# One checkbox of a facet, indented as it stands in includes/filter_form.html.
FACET_OPTION_HTML = """
              <li class="facet__option facet__option--depth-{}">
                <input type="checkbox" name="{}" value="{}" id="{}"{}>
                <label for="{}">{} <span class="count">({})</span></label>
              </li>
            """
CHECKED = mark_safe(" checked")


def facet_options_html(options, name, auto_id):
    """The checkboxes of a facet, ids and counts in plain digits. Built here rather than in the template: a list page
    has about a hundred, and the template engine takes ten times as long to write the same markup."""
    return format_html_join(
        "",
        FACET_OPTION_HTML,
        (
            (option.depth, name, option.value, f"{auto_id}_{index}", CHECKED if option.selected else "")
            + (f"{auto_id}_{index}", option.label, option.count)
            for index, option in enumerate(options)
        ),
    )


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
        if not self.published_via:
            return {}
        return {f"{self.published_via}__publication_status": PublicationStatus.PUBLISHED}

    def counts(self, filterset, queryset):
        """{value: count} over `queryset` (the list filtered by every other facet). Runs one query."""
        rows = (
            queryset.filter(**self.related_filter(filterset))
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
            queryset.filter(**self.related_filter(filterset))
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


class ListFilterSet(django_filters.FilterSet):
    """A FilterSet whose `facets` count, per choice, what the other active filters leave."""

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

    def facet_options(self):
        """{filter name: [Option]} for every facet. Runs one or two queries per facet."""
        self.is_valid()
        return {facet.name: facet.options(self, self.filter_queryset_except(facet.name)) for facet in self.facets}


@dataclass
class Chip:
    label: str
    value: str
    remove_url: str
    invalid: bool


class FilteredListMixin:
    """A thin FilterView: published base queryset, 20 a page, facets, chips, sort; bad input answers 400 with the
    page and its messages, a bad page number 404."""

    paginate_by = 20
    template_name_suffix = "_list"
    # What list_base.html shows: a sentence on the list, each record's card, and the URL names of its Atom feed and
    # calendar where it has them.
    description = ""
    card_template = None
    feed_name = None
    calendar_name = None

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        # Always bound, so that the default sort applies to an empty query string too.
        kwargs["data"] = self.request.GET
        return kwargs

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if not self.filterset.is_valid():
            response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.filterset
        facets = filterset.facet_options()
        form = filterset.form
        sort = form.cleaned_data.get("sort") or SortFilter.DEFAULT
        page = context["page_obj"]
        context.update(
            list_title=capfirst(filterset.queryset.model._meta.verbose_name_plural),
            page_range=page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            filters_invalid=not filterset.is_valid(),
            filter_controls=[
                self.filter_control(form[name], facets.get(name)) for name in form.fields if name != "sort"
            ],
            sort_field=form["sort"],
            sort_options=[
                {"value": value, "label": label, "current": value == sort}
                for value, label in filterset.filters["sort"].extra["choices"]
            ],
            sort_label=dict(filterset.filters["sort"].extra["choices"]).get(sort, ""),
            query=self.query(),
            chips=self.chips(facets),
            clear_url=self.url_for(sort=self.query().getlist("sort")),
        )
        return context

    def filter_control(self, field, options):
        """A filter of the form: its bound field and, for a facet, its options (None otherwise) and their checkboxes."""
        html = facet_options_html(options, field.html_name, field.auto_id) if options else ""
        return {"field": field, "options": options, "options_html": html}

    def query(self):
        """The query string as the filters read it: a value they refused outright (too long, NUL byte, repeated)
        is left out, so that links on the page do not carry it on."""
        return self.filterset.form.data

    def url_for(self, **lists):
        """The list URL with only the parameters given (name → list of values)."""
        params = QueryDict(mutable=True)
        for name, values in lists.items():
            params.setlist(name, values)
        return self.url(params)

    def url_without(self, name, value):
        """The current URL without one value of one filter, back on the first page."""
        params = self.query().copy()
        params.setlist(name, [other for other in params.getlist(name) if other != value])
        params.pop("page", None)
        return self.url(params)

    def url(self, params):
        encoded = params.urlencode()
        return f"{self.request.path}?{encoded}" if encoded else self.request.path

    def chips(self, facets):
        """One removable chip per value given, a bad one marked as such so that it can be removed too."""
        form = self.filterset.form
        chips = []
        for name, field in form.fields.items():
            if name == "sort":
                continue
            facet_labels = {option.value: option.label for option in facets.get(name, ())}
            # A model field's choices would be a query over every published record; its labels come from the facet.
            fixed_choices = isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField)
            choice_labels = {str(value): label for value, label in field.choices} if fixed_choices else {}
            for value in self.request.GET.getlist(name):
                if not value:
                    continue
                if isinstance(field, FlagField):
                    label = ""
                else:
                    key = value.strip().upper() if isinstance(field, CountryCodesField) else value
                    label = facet_labels.get(key) or choice_labels.get(key) or value.replace("\x00", "")
                chips.append(Chip(field.label, label, self.url_without(name, value), name in form.errors))
        return chips
