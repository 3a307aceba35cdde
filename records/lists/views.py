"""The list page mixin: what every filtered list puts in its context (facets, sort, chips, links) and answers."""

from dataclasses import dataclass

from django import forms
from django.http import QueryDict
from django.utils.text import capfirst

from records.lists.filters import SortFilter
from records.lists.forms import CountryCodesField, FlagField


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

    @classmethod
    def page_parameters(cls):
        """The query parameters the page reads: its filters and the page number (the page cache keys on them)."""
        return [*cls.filterset_class.base_filters, cls.page_kwarg]

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
        """A filter of the form: its bound field and, for a facet, its options (None otherwise)."""
        return {"field": field, "options": options}

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
