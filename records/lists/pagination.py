"""Pagination that stays fast on deep pages: a bounded count, and ?page=N read as it always was.

Counting every match of a filtered list reads every matching row; past a few thousand, a reader has no use for the
exact figure. The count stops at `BOUND` + 1: up to BOUND the list says how many records it holds and how many
pages, as before; beyond it the page says "more than 10,000 agreements" and "page 2,000 of many", links the first
page, the pages around the current one and the next one, and a page past the end is a 404, found by fetching it.
"""

from django.core.paginator import EmptyPage, Page, Paginator
from django.utils.functional import cached_property

from records.cache import remember

# The most records a list counts exactly (500 pages of 20).
BOUND = 10_000


class BoundedPaginator(Paginator):
    """A Paginator whose count stops at BOUND + 1 (one query: a COUNT over a LIMIT subquery).

    Given the `selection` the list was filtered from (ListFilterSet.selection), the count is kept in the cache with
    it, for every page and sort of the same filters.
    """

    bound = BOUND

    def __init__(self, object_list, per_page, *args, selection=None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.selection = selection

    @cached_property
    def count(self):
        def count(_name):
            return self.object_list[: self.bound + 1].count()

        if self.selection is None:
            return count("count")
        return remember("count", {"count": (self.bound, self.selection)}, count)["count"]

    @property
    def exact(self):
        """Whether `count` is every match, not just a lower bound."""
        return self.count <= self.bound

    def validate_number(self, number):
        if self.exact:
            return super().validate_number(number)
        # Past the bound a page is checked by fetching it (page()): only the number's form is checked here.
        try:
            number = int(number)
        except (TypeError, ValueError):
            return super().validate_number(number)
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number

    def page(self, number):
        if self.exact:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        # One row more than a page says whether a next page exists.
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows:
            raise EmptyPage(self.error_messages["no_results"])
        return BoundedPage(rows[: self.per_page], number, self, has_next=len(rows) > self.per_page)

    def elided_range(self, page):
        """The page links: Paginator's elided range while the count is exact, else the first page, the two before
        the current one and the next one."""
        number = page.number
        if self.exact:
            return list(self.get_elided_page_range(number, on_each_side=2, on_ends=1))
        first = max(number - 2, 1)
        start = [1, self.ELLIPSIS] if first > 2 else list(range(1, first))
        end = [number + 1, self.ELLIPSIS] if page.has_next() else []
        return [*start, *range(first, number + 1), *end]


class BoundedPage(Page):
    """A page past the counted bound: it knows whether a next page exists from the extra row fetched."""

    def __init__(self, object_list, number, paginator, has_next):
        super().__init__(object_list, number, paginator)
        self._has_next = has_next

    def has_next(self):
        return self._has_next

    def end_index(self):
        return self.start_index() + len(self.object_list) - 1
