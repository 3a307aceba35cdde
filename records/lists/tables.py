"""A list page shown as a table (?view=table): the columns a list declares, and its headings as the page shows them.

A list view names its `table_columns`; includes/list_table.html draws them over the same page of the same queryset
as the cards, so a cell reads only what the card's for_card() fetched. A column ordered by one of the list's sorts
has its heading as a link to that sort.
"""

from dataclasses import dataclass
from functools import cached_property

from django.template import engines

VIEW_PARAM = "view"
CARDS = "cards"
TABLE = "table"


@dataclass(frozen=True)
class Column:
    """One column of a list's table.

    `cell` is a template fragment that shows the record `object`, with the i18n and pacta tags loaded; it may read
    only what the list's queryset fetched for the cards. `ascending` and `descending` name the list's sorts (its
    `sort` filter's choices) that order by this column, where it has them. `exported_as` names the fields of the
    list's CSV and JSON download that hold what the column shows (tests hold the downloads to it).
    """

    label: str
    cell: str
    ascending: str | None = None
    descending: str | None = None
    exported_as: tuple[str, ...] = ()

    @cached_property
    def template(self):
        """The cell, compiled once per process."""
        return engines["django"].from_string("{% load i18n pacta %}" + self.cell).template

    @property
    def sorts(self):
        return [sort for sort in (self.ascending, self.descending) if sort]


@dataclass
class Heading:
    """A column's heading on one page: `url` sorts the list by the column (None when it has no other order to
    offer), `aria_sort` says how it is sorted now ("ascending", "descending" or "")."""

    label: str
    url: str | None
    aria_sort: str


def headings(columns, sort, choices, url_for_sort):
    """The headings of `columns` for a list sorted by `sort`, whose sort filter offers `choices`: a column that is
    not the current order links to its first order; the current one links to its other direction, if it has one.
    `url_for_sort(value)` gives the list's URL sorted by `value`."""
    found = []
    for column in columns:
        sorts = [value for value in column.sorts if value in choices]
        if sort == column.ascending:
            aria_sort = "ascending"
        elif sort == column.descending:
            aria_sort = "descending"
        else:
            aria_sort = ""
        others = [value for value in sorts if value != sort]
        found.append(Heading(column.label, url_for_sort(others[0]) if others else None, aria_sort))
    return found
