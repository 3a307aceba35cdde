"""What every filtered list page shares, one concern a module.

A list page is a FilterView whose FilterSet derives from `filters.ListFilterSet` (built from the filters there, on
the form and fields of `forms`) and names its `facets`; `views.FilteredListMixin` turns the FilterSet into the
page's context: facet options, sort, active-filter chips.
"""
