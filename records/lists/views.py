"""The list page mixin: what every filtered list puts in its context (facets, sort, chips, links) and answers."""

from dataclasses import dataclass

from django import forms
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, QueryDict
from django.shortcuts import render
from django.utils.functional import cached_property
from django.utils.text import capfirst

from records.charts import year_chart
from records.lists.filters import SortFilter
from records.lists.forms import MAX_VALUE_LENGTH, CountryCodesField, FlagField
from records.lists.pagination import BoundedPaginator
from records.lists.tables import CARDS, TABLE, VIEW_PARAM, headings
from records.maps import world_map

# ?facet=<filter name> on a list URL answers the page listing every option of that facet for the other filters;
# ?facet_q=<words> narrows that page to the options whose label contains them.
FACET_PARAM = "facet"
FACET_SEARCH_PARAM = "facet_q"
# Options a page of the "show all" page lists (the chosen ones come on top of every page): 200 keep it near 60 KB
# whatever the number of organizations.
OPTIONS_PER_PAGE = 200


@dataclass
class Chip:
    label: str
    value: str
    remove_url: str
    invalid: bool


class FilteredListMixin:
    """A thin FilterView: published base queryset, 20 a page counted up to a bound (records.lists.pagination),
    facets, chips, sort; bad input answers 400 with the page and its messages, a bad page number 404."""

    paginate_by = 20
    paginator_class = BoundedPaginator
    template_name_suffix = "_list"
    # What list_base.html shows: a sentence on the list, each record's card, and the URL names of its Atom feed and
    # calendar where it has them.
    description = ""
    card_template = None
    feed_name = None
    calendar_name = None
    # The columns of the page as a table (?view=table): records.lists.tables.Column, the first one naming the record.
    table_columns = ()
    # The records.charts.YearSeries of the list's chart of records per year, for lists whose records have a date.
    year_series = None
    # The country facet whose counts a world map of the list shades (records.maps), and the map's title; lists
    # without a map leave it None.
    map_facet = None
    map_title = ""

    @classmethod
    def page_parameters(cls):
        """The query parameters the page reads: its filters, the page number, cards or table, and the "show all"
        page's facet and search (the page cache keys on them)."""
        return [*cls.filterset_class.base_filters, cls.page_kwarg, VIEW_PARAM, FACET_PARAM, FACET_SEARCH_PARAM]

    @cached_property
    def view_mode(self):
        """TABLE when ?view=table asks for the table (and the list has one), else CARDS: any other value shows the
        cards, as the page without it does, and the page's links leave it out."""
        asked = self.request.GET.get(VIEW_PARAM)
        return TABLE if asked == TABLE and self.table_columns else CARDS

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        # Always bound, so that the default sort applies to an empty query string too.
        kwargs["data"] = self.request.GET
        return kwargs

    def get_paginator(self, queryset, per_page, **kwargs):
        """The paginator, told the filters' selection so that it can keep its count (valid filters only)."""
        if self.filterset.is_valid():
            kwargs["selection"] = self.filterset.selection
        return super().get_paginator(queryset, per_page, **kwargs)

    def get(self, request, *args, **kwargs):
        if FACET_PARAM in request.GET:
            return self.all_options(request, request.GET[FACET_PARAM])
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
        sort_choices = filterset.filters["sort"].extra["choices"]
        context.update(
            list_title=capfirst(filterset.queryset.model._meta.verbose_name_plural),
            page_range=page.paginator.elided_range(page),
            filters_invalid=not filterset.is_valid(),
            filter_controls=[
                self.filter_control(form[name], filterset.facet(name), facets.get(name))
                for name in form.fields
                if name != "sort"
            ],
            sort_field=form["sort"],
            sort_options=[{"value": value, "label": label, "current": value == sort} for value, label in sort_choices],
            sort_label=dict(sort_choices).get(sort, ""),
            query=self.query(),
            chips=self.chips(facets),
            clear_url=self.url_for(sort=self.query().getlist("sort"), **self.view_params()),
            view_mode=self.view_mode,
            cards_url=self.url_with(**{VIEW_PARAM: None}),
            table_url=self.url_with(**{VIEW_PARAM: TABLE}),
            year_chart=self.year_chart(),
            world_map=self.world_map(facets),
        )
        if self.view_mode == TABLE:
            context["table_columns"] = self.table_columns
            context["table_headings"] = headings(
                self.table_columns,
                sort,
                dict(sort_choices),
                lambda value: self.url_with(sort=value),
            )
        return context

    def view_params(self):
        """{VIEW_PARAM: [TABLE]} on the table, {} on the cards: what a link that resets the filters keeps."""
        return {VIEW_PARAM: [TABLE]} if self.view_mode == TABLE else {}

    def year_chart(self):
        """The chart of the filtered records per year (records.charts), its bars linking to this list filtered to
        their year; None for a list without one, or whose filters were refused. One query, or none when cached."""
        if self.year_series is None or not self.filterset.is_valid():
            return None
        return year_chart(
            self.year_series,
            self.filterset.qs,
            lambda params: self.url_with(**params),
            key=self.filterset.selection,
        )

    def world_map(self, facets):
        """The world map of the list's records by country, as its country facet counts them (for the other filters;
        so each country links to the list with that country instead of the one chosen); None for a list without a
        map, or whose filters were refused. Runs no query: the facet's counts are already there."""
        if self.map_facet is None or not self.filterset.is_valid():
            return None
        counts = {option.value: option.count for option in facets[self.map_facet]}

        def link(code):
            return self.url_with(**{self.map_facet: code})

        return world_map(self.map_title, counts, link, self.year_series.count_text)

    def filter_control(self, field, facet, options):
        """A filter of the form: its bound field and, for a facet, the options shown (None otherwise), how many it
        has in all and, when some are not shown, the link to the page that lists them all."""
        if facet is None:
            return {"field": field, "options": None}
        shown = facet.shown(options)
        all_url = self.url_with(**{FACET_PARAM: facet.name}) if len(shown) < len(options) else None
        return {"field": field, "options": shown, "total": len(options), "all_url": all_url}

    def all_options(self, request, name):
        """The page listing every option of one facet, as checkboxes in a plain GET form that keeps the other
        filters: where "Show all" leads, and what works without JavaScript. Runs the facet's queries only.

        OPTIONS_PER_PAGE options a page, the chosen ones first on every page (so that applying the form from any
        page keeps them); a page number that is not a page shows the first."""
        self.filterset = self.get_filterset(self.get_filterset_class())
        facet = self.filterset.facet(name)
        if facet is None:
            raise Http404("This list has no such filter.")
        options = self.filterset.options_of(facet)[name]
        words = request.GET.get(FACET_SEARCH_PARAM, "")[:MAX_VALUE_LENGTH].strip()
        if words:
            options = [option for option in options if option.selected or words.casefold() in option.label.casefold()]
        selected = [option for option in options if option.selected]
        paginator = Paginator([option for option in options if not option.selected], OPTIONS_PER_PAGE)
        try:
            page = paginator.page(request.GET.get("page") or 1)
        except InvalidPage:
            page = paginator.page(1)
        query = self.query()
        skipped = {name, "page", FACET_PARAM, FACET_SEARCH_PARAM}
        context = {
            "view": self,
            "list_title": capfirst(self.filterset.queryset.model._meta.verbose_name_plural),
            "field": self.filterset.form[name],
            "options": [*selected, *page.object_list],
            "total": len(options),
            "page_obj": page,
            "is_paginated": page.has_other_pages(),
            "page_range": list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)),
            "query": query,
            "words": words,
            "kept": [(key, value) for key in query for value in query.getlist(key) if key not in skipped],
            "facet_param": FACET_PARAM,
            "facet_search_param": FACET_SEARCH_PARAM,
            "back_url": self.url_with(**{FACET_PARAM: None, FACET_SEARCH_PARAM: None}),
        }
        return render(request, "list_facet.html", context)

    def query(self):
        """The query string as the filters read it: a value they refused outright (too long, NUL byte, repeated)
        is left out, so that links on the page do not carry it on; so is a `view` other than the table shown."""
        data = self.filterset.form.data
        kept = self.view_params().get(VIEW_PARAM, [])
        if data.getlist(VIEW_PARAM) == kept:
            return data
        data = data.copy()
        data.pop(VIEW_PARAM, None)
        if kept:
            data.setlist(VIEW_PARAM, kept)
        return data

    def url_for(self, **lists):
        """The list URL with only the parameters given (name → list of values)."""
        params = QueryDict(mutable=True)
        for name, values in lists.items():
            params.setlist(name, values)
        return self.url(params)

    def url_with(self, **values):
        """The current URL with each parameter given set to its value (None removes it), back on the first page."""
        params = self.query().copy()
        params.pop("page", None)
        for name, value in values.items():
            params.pop(name, None)
            if value is not None:
                params[name] = value
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
