"""The per-year series of agreements, programs and events (records.charts): the date that places each in a year,
and the filters of its list that bound that date; and the charts and map of agreements that other pages show."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from records.charts import YearSeries, list_link, year_chart
from records.maps import world_map


def _counted(singular, plural):
    return lambda count: ngettext(singular, plural, count) % {"counter": count}


agreement_count = _counted("%(counter)s agreement", "%(counter)s agreements")
AGREEMENTS_BY_YEAR = YearSeries(
    field="signed_on",
    after="signed_after",
    before="signed_before",
    title=_("Agreements by year of signature"),
    count_text=agreement_count,
)
PROGRAMS_BY_YEAR = YearSeries(
    field="start",
    after="start_after",
    before="start_before",
    title=_("Training programs by year they began"),
    count_text=_counted("%(counter)s program", "%(counter)s programs"),
)
EVENTS_BY_YEAR = YearSeries(
    field="start",
    after="after",
    before="before",
    title=_("Events by year they began"),
    count_text=_counted("%(counter)s event", "%(counter)s events"),
)


def agreement_chart(agreements, params=None):
    """The chart of `agreements` (published) per year of signature, each bar linking to the agreement list
    filtered by `params` (name → value) and its year. Runs one query, or none when cached."""
    return year_chart(AGREEMENTS_BY_YEAR, agreements, list_link(reverse("agreements:agreement-list"), params or {}))


def agreement_map(counts):
    """The world map of `counts` ({country code: agreements}), each country linking to the agreement list filtered
    to it. Runs no query."""
    path = reverse("agreements:agreement-list")
    return world_map(
        _("Agreements by country of a party"),
        counts,
        lambda code: f"{path}?{urlencode({'country': code})}",
        agreement_count,
    )
