"""Dates known to a day, a month or a year: "2024-10-08", "2024-10" or "2024".

Sources often give only a month or a year. A PartialDate keeps exactly what is
known, is stored as that ISO string (which sorts chronologically, a coarser
date before the finer ones it contains) and is shown at its own precision.
"""

import calendar
import datetime
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext_lazy as _

# ASCII digits only: "２０２４" is no date to store or filter by, and the API's schema says so.
_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$", re.ASCII)

DAY = "day"
MONTH = "month"
YEAR = "year"


class PartialDate(str):
    """An ISO date string at day, month or year precision."""

    __slots__ = ()

    def __new__(cls, value):
        value = str(value).strip()
        match = _PATTERN.match(value)
        if not match:
            raise ValueError(f"{value!r} is not a date like 2024-10-08, 2024-10 or 2024.")
        year, month, day = (int(part) if part else None for part in match.group("year", "month", "day"))
        if year < 1:
            raise ValueError(f"{value!r} has no year 0.")
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"{value!r} has no month {month}.")
        if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
            raise ValueError(f"{value!r} has no day {day}.")
        return super().__new__(cls, value)

    @property
    def precision(self):
        return {4: YEAR, 7: MONTH, 10: DAY}[len(self)]

    @property
    def lower(self):
        """The first day the date may stand for."""
        year, month, day = (int(part) for part in (self + "-01-01")[:10].split("-"))
        return datetime.date(year, month, day)

    @property
    def upper(self):
        """The last day the date may stand for."""
        lower = self.lower
        if self.precision == YEAR:
            return lower.replace(month=12, day=31)
        if self.precision == MONTH:
            return lower.replace(day=calendar.monthrange(lower.year, lower.month)[1])
        return lower

    def display(self):
        """The date in the active language at its precision: "8 October 2024", "October 2024", "2024"."""
        if self.precision == DAY:
            return formats.date_format(self.lower, "DATE_FORMAT")
        if self.precision == MONTH:
            return formats.date_format(self.lower, "YEAR_MONTH_FORMAT")
        return self[:4]


def validate_partial_date(value):
    if value in (None, ""):
        return
    try:
        PartialDate(value)
    except ValueError:
        raise ValidationError(
            _("Enter a date as YYYY-MM-DD, YYYY-MM or YYYY, for example 2024-10-08, 2024-10 or 2024."),
            code="invalid_partial_date",
        ) from None


class PartialDateField(models.CharField):
    """A date known to a day, a month or a year, stored as its ISO string ("" when unknown)."""

    default_validators = [validate_partial_date]

    def __init__(self, *args, **kwargs):
        kwargs["max_length"] = 10
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("help_text", _("YYYY-MM-DD, YYYY-MM or YYYY: only as precise as the sources are."))
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        del kwargs["max_length"]
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        try:
            return PartialDate(value) if value else ""
        except ValueError:
            # A value written around validation (raw SQL) is shown as it is rather than breaking the page.
            return value

    def to_python(self, value):
        if isinstance(value, PartialDate) or value in (None, ""):
            return value or ""
        try:
            return PartialDate(value)
        except ValueError:
            raise ValidationError(
                _("Enter a date as YYYY-MM-DD, YYYY-MM or YYYY, for example 2024-10-08, 2024-10 or 2024."),
                code="invalid_partial_date",
            ) from None


def on_or_after(field, day):
    """Records whose partial date may fall on or after `day` (a month-precise date covers its month)."""
    iso = day.isoformat()
    return Q(**{f"{field}__gte": iso}) | Q(**{f"{field}__in": [iso[:4], iso[:7]]})


def on_or_before(field, day):
    """Records whose partial date may fall on or before `day`; unknown dates never match."""
    return Q(**{f"{field}__lte": day.isoformat()}) & ~Q(**{field: ""})


def range_is_ordered(start, end):
    """A CheckConstraint condition: `end` is unknown, or not before `start` at their precisions."""
    return (
        Q(**{start: ""})
        | Q(**{end: ""})
        | Q(**{f"{end}__gte": models.F(start)})
        | Q(**{f"{start}__startswith": models.F(end)})
    )
