"""The charts of records per year and the world map: their figures follow the filters, their links filter the list,
their tables say the same, and they cost a bounded number of queries."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.agreements.test_lists import AGREEMENT_LIST_QUERIES
from tests.helpers import invalid_filter, listed

pytestmark = pytest.mark.django_db

AGREEMENTS = reverse("agreements:agreement-list")
PROGRAMS = reverse("agreements:program-list")
EVENTS = reverse("agreements:event-list")


def agreement(slug, signed_on, country="SV", topics=()):
    record = factories.AgreementFactory(slug=slug, signed_on=signed_on)
    record.topics.add(*topics)
    factories.AgreementPartyFactory(agreement=record, organization=factories.OrganizationFactory(country=country))
    return record


@pytest.fixture
def agreements_over_years():
    """Agreements signed in 2020 (two, one on customs), 2022 and 2023 (customs), one without a date; El Salvador,
    Guatemala and Mexico as parties."""
    customs = factories.TopicFactory(slug="customs", name="Customs")
    agreement("a-2020", "2020-03-01", "SV", [customs])
    agreement("b-2020", "2020", "GT")
    agreement("c-2022", "2022-11", "SV")
    agreement("d-2023", "2023-01-05", "MX", [customs])
    agreement("undated", "", "SV")
    return customs


def bars(html):
    """{year: count} of the chart's table, in order."""
    table = html.split('class="chart-table"', 1)[1].split("</table>", 1)[0]
    return {
        int(year): int(count)
        for year, count in re.findall(r'<th scope="row">(\d{4})</th><td>(?:<a [^>]*>)?(\d+)', table)
    }


def bar_links(html):
    """{accessible name: URL} of the links around the chart's bars."""
    svg = html.split('class="chart-svg"', 1)[1].split("</svg>", 1)[0]
    return {unescape(label): unescape(url) for url, label in re.findall(r'<a href="([^"]+)" aria-label="([^"]+)"', svg)}


def map_links(html):
    """{accessible name: URL} of the countries that are links on the map."""
    svg = html.split('class="world-map-svg"', 1)[1].split("</svg>", 1)[0]
    return {unescape(label): unescape(url) for url, label in re.findall(r'<a href="([^"]+)" aria-label="([^"]+)"', svg)}


def test_the_agreements_chart_counts_each_year_with_empty_years_at_zero(client, agreements_over_years):
    html = client.get(AGREEMENTS).content.decode()

    assert bars(html) == {2020: 2, 2021: 0, 2022: 1, 2023: 1}
    assert "Year not recorded: 1." in html
    assert set(bar_links(html)) == {"2020: 2 agreements", "2022: 1 agreement", "2023: 1 agreement"}


def test_the_chart_follows_the_filters(client, agreements_over_years):
    html = client.get(f"{AGREEMENTS}?topic=customs").content.decode()

    assert bars(html) == {2020: 1, 2021: 0, 2022: 0, 2023: 1}
    assert "Year not recorded" not in html


def test_a_bar_lists_exactly_its_years_records_with_the_other_filters(client, agreements_over_years):
    links = bar_links(client.get(f"{AGREEMENTS}?topic=customs").content.decode())
    url = links["2020: 1 agreement"]

    assert "topic=customs" in url
    assert "signed_after=2020" in url
    assert "signed_before=2020" in url
    assert listed(client, url) == ["a-2020"]
    assert sorted(listed(client, bar_links(client.get(AGREEMENTS).content.decode())["2020: 2 agreements"])) == [
        "a-2020",
        "b-2020",
    ]


def test_program_and_event_bars_filter_by_the_year_they_began(client):
    factories.TrainingProgramFactory(slug="course-2019", start="2019-05")
    factories.TrainingProgramFactory(slug="course-2021", start="2021-02-01", end="2022-01")
    factories.EventFactory(slug="visit-2024", start="2024-10-08")
    factories.EventFactory(slug="visit-2022", start="2022")

    programs = client.get(PROGRAMS).content.decode()
    events = client.get(EVENTS).content.decode()

    assert bars(programs) == {2019: 1, 2020: 0, 2021: 1}
    assert listed(client, bar_links(programs)["2021: 1 program"]) == ["course-2021"]
    assert bars(events) == {2022: 1, 2023: 0, 2024: 1}
    assert listed(client, bar_links(events)["2024: 1 event"]) == ["visit-2024"]


def test_a_list_without_records_draws_no_chart_nor_map(client, db):
    html = client.get(AGREEMENTS).content.decode()

    assert 'class="chart"' not in html
    assert 'class="world-map"' not in html


def test_bad_filters_answer_400_without_chart_or_map(client, agreements_over_years):
    html = invalid_filter(client, f"{AGREEMENTS}?signed_after=yesterday", "signed_after").content.decode()

    assert 'class="chart"' not in html
    assert 'class="world-map"' not in html


def test_the_map_links_each_country_with_agreements_to_its_list_and_follows_the_filters(client, agreements_over_years):
    links = map_links(client.get(AGREEMENTS).content.decode())

    assert set(links) == {"El Salvador: 3 agreements", "Guatemala: 1 agreement", "Mexico: 1 agreement"}
    assert listed(client, links["Guatemala: 1 agreement"]) == ["b-2020"]

    filtered = map_links(client.get(f"{AGREEMENTS}?topic=customs").content.decode())
    assert set(filtered) == {"El Salvador: 1 agreement", "Mexico: 1 agreement"}
    assert "topic=customs" in filtered["Mexico: 1 agreement"]
    assert "country=MX" in filtered["Mexico: 1 agreement"]


def test_a_country_without_agreements_is_drawn_grey_without_a_link(client, agreements_over_years):
    html = client.get(AGREEMENTS).content.decode()
    svg = html.split('class="world-map-svg"', 1)[1].split("</svg>", 1)[0]

    assert "Canada" not in svg
    assert "country=CA" not in html
    assert svg.count("<path") > 150


def test_the_map_has_a_table_with_the_same_links(client, agreements_over_years):
    html = client.get(AGREEMENTS).content.decode()
    table = html.split('class="world-map"', 1)[1].split("</table>", 1)[0]

    assert re.search(r'<th scope="row">El Salvador</th><td><a href="[^"]*country=SV[^"]*"[^>]*>3</a>', table)


def test_the_country_index_shows_the_map(client, agreements_over_years):
    html = client.get(reverse("country-list")).content.decode()

    links = map_links(html)
    assert links["El Salvador: 3 agreements"] == f"{AGREEMENTS}?country=SV"


def test_home_country_and_topic_pages_chart_their_agreements(client, agreements_over_years):
    home = client.get(reverse("home")).content.decode()
    country = client.get(reverse("country-detail", args=["SV"])).content.decode()
    topic = client.get(reverse("agreements:topic-detail", args=["customs"])).content.decode()

    assert bars(home) == {2020: 2, 2021: 0, 2022: 1, 2023: 1}
    assert bars(country) == {2020: 1, 2021: 0, 2022: 1}
    assert "Year not recorded: 1." in country
    assert bars(topic) == {2020: 1, 2021: 0, 2022: 0, 2023: 1}
    assert listed(client, bar_links(country)["2022: 1 agreement"]) == ["c-2022"]
    assert listed(client, bar_links(topic)["2023: 1 agreement"]) == ["d-2023"]


def test_a_list_with_chart_and_map_stays_within_its_budget_with_one_query_by_year(
    get_within_budget, agreements_over_years
):
    with CaptureQueriesContext(connection) as queries:
        get_within_budget(f"{AGREEMENTS}?topic=customs", AGREEMENT_LIST_QUERIES)

    assert sum("SUBSTR" in query["sql"].upper() for query in queries) == 1
