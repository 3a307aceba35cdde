"""Keyset pages of an ordered QuerySet: the rows after a given row, in the queryset's own order, found through the
order's index instead of counted past (OFFSET), so that a page a million rows deep costs what the first one does.

A list's order ends in the primary key (every sort of records/lists/filters.py does; one is added otherwise), so a
row's values of the order's terms place it exactly. Those values travel in a signed cursor: a client can keep it
and send it back, never forge one.
"""

import datetime
import hashlib

from django.core import signing
from django.db.models import F, OrderBy, Q

SALT = "pacta.keyset"
PRIMARY_KEY_TERMS = {"pk", "-pk", "id", "-id"}


class BadCursor(ValueError):
    """A cursor this site did not give, or gave for another order."""


class Keyset:
    """The terms of `queryset`'s order, as (expression, descending)."""

    def __init__(self, queryset):
        terms = list(queryset.query.order_by or queryset.model._meta.ordering)
        if not PRIMARY_KEY_TERMS & {term for term in terms if isinstance(term, str)}:
            terms.append("pk")
        self.terms = [self._term(term) for term in terms]

    @staticmethod
    def _term(term):
        if isinstance(term, str):
            return (F(term[1:]), True) if term.startswith("-") else (F(term), False)
        if isinstance(term, OrderBy):
            return term.expression, term.descending
        return term, False

    def names(self):
        return [f"keyset_{number}" for number in range(len(self.terms))]

    def annotate(self, queryset):
        """The queryset with each row's values of the order's terms (read by `values`)."""
        return queryset.annotate(**dict(zip(self.names(), (term for term, _descending in self.terms), strict=True)))

    def values(self, row):
        return [getattr(row, name) for name in self.names()]

    def after(self, queryset, values):
        """The rows of the annotated `queryset` that come after the row with these `values`, in its order."""
        names = self.names()
        beyond = Q()
        for number, (_term, descending) in enumerate(self.terms):
            equal = {names[earlier]: values[earlier] for earlier in range(number)}
            comparison = {f"{names[number]}__{'lt' if descending else 'gt'}": values[number]}
            beyond |= Q(**equal, **comparison)
        # The same condition, led by a bound on the first term alone, which lets the database seek to the row in the
        # order's index rather than read every row before it.
        first_descending = self.terms[0][1]
        bound = Q(**{f"{names[0]}__{'lte' if first_descending else 'gte'}": values[0]})
        return queryset.filter(bound & beyond)

    def order(self):
        """What tells this order from another: a cursor made for one is refused by the others."""
        return hashlib.sha256(repr(self.terms).encode()).hexdigest()[:16]

    def cursor(self, values):
        """The signed cursor of a row's values in this order."""
        return signing.dumps({"order": self.order(), "after": [_plain(value) for value in values]}, salt=SALT)

    def read(self, cursor):
        """The values a cursor holds; BadCursor when it was altered, made up or made for another order."""
        try:
            data = signing.loads(cursor, salt=SALT)
        except signing.BadSignature:
            raise BadCursor(cursor) from None
        values = data.get("after") if isinstance(data, dict) and data.get("order") == self.order() else None
        if not isinstance(values, list) or len(values) != len(self.terms) or None in values:
            raise BadCursor(cursor)
        return [_typed(value) for value in values]


def _plain(value):
    return {"datetime": value.isoformat()} if isinstance(value, datetime.datetime) else value


def _typed(value):
    if isinstance(value, dict) and set(value) == {"datetime"}:
        try:
            return datetime.datetime.fromisoformat(value["datetime"])
        except (TypeError, ValueError):
            raise BadCursor(value) from None
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise BadCursor(value)
    return value
