import datetime

import pytest
from django.utils import translation

from records.dates import PartialDate
from records.templatetags.pacta import date_range, partial_date


@pytest.mark.parametrize(
    ("value", "precision", "lower", "upper"),
    [
        ("2024-10-08", "day", datetime.date(2024, 10, 8), datetime.date(2024, 10, 8)),
        ("2024-10", "month", datetime.date(2024, 10, 1), datetime.date(2024, 10, 31)),
        ("2024-02", "month", datetime.date(2024, 2, 1), datetime.date(2024, 2, 29)),
        ("2005", "year", datetime.date(2005, 1, 1), datetime.date(2005, 12, 31)),
    ],
)
def test_partial_date_knows_its_precision_and_the_days_it_covers(value, precision, lower, upper):
    date = PartialDate(value)
    assert (date.precision, date.lower, date.upper) == (precision, lower, upper)


@pytest.mark.parametrize("value", ["2024-13", "2024-02-30", "24-10-08", "2024/10/08", "October 2024", "0000", ""])
def test_partial_date_refuses_what_is_not_a_date(value):
    with pytest.raises(ValueError):
        PartialDate(value)


@pytest.mark.parametrize(
    ("value", "english", "spanish"),
    [
        ("2024-10-08", "8 October 2024", "8 de octubre de 2024"),
        ("2024-10", "October 2024", "octubre de 2024"),
        ("2005", "2005", "2005"),
        ("", "", ""),
    ],
)
def test_dates_are_shown_at_their_precision_in_each_language(value, english, spanish):
    with translation.override("en"):
        assert partial_date(value) == english
    with translation.override("es"):
        assert partial_date(value) == spanish


def test_date_range_shows_each_end_at_its_precision_and_an_open_end():
    with translation.override("en"):
        assert date_range("2020-02-06", "2020-02-07") == "6 February 2020 – 7 February 2020"
        assert date_range("2022-11-12", "", "present") == "12 November 2022 – present"
        assert date_range("2024-10", "") == "October 2024"
        assert date_range("", "2021") == "until 2021"
