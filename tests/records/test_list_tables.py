"""Every list as a sortable table (?view=table): the same records in the same order as the cards, headings that sort,
the view kept in every link of the page, and downloads that hold what the table shows, in its order."""

import csv
import io
import json
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

AGREEMENTS = reverse("agreements:agreement-list")
LISTS = {
    "agreements:agreement-list": ["Title", "Parties", "Kind", "Signed", "In force", "Status"],
    "agreements:program-list": ["Title", "Dates", "Host", "Place", "Format", "Topics"],
    "agreements:event-list": ["Title", "Date", "Place", "Kind", "Topics"],
    "people:person-list": ["Name", "Current post", "Organization", "Country"],
    "people:organization-list": ["Name", "Acronym", "Country", "Kind", "Part of"],
}


class Table(HTMLParser):
    """The table of a page's records (the first <table> from includes/list_table.html on, past the tables of the
    chart and the map): its caption, its headings (text, link, aria-sort) and its rows, each a list of cells (text,
    first link, data-label)."""

    def __init__(self, html):
        super().__init__()
        self.caption, self.headings, self.rows = "", [], []
        self._cell = self._in = None
        self._done = False
        self.feed(html[html.find('<div class="record-table">') :] if '<div class="record-table">' in html else html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._done:
            return
        if tag == "caption":
            self._in = "caption"
        elif tag == "tr" and self._in in ("thead", "tbody"):
            if self._in == "tbody":
                self.rows.append([])
        elif tag in ("thead", "tbody"):
            self._in = tag
        elif tag in ("th", "td") and self._in in ("thead", "tbody"):
            self._cell = {"text": "", "href": None, "label": attrs.get("data-label"), "sort": attrs.get("aria-sort")}
        elif tag == "a" and self._cell is not None and self._cell["href"] is None:
            self._cell["href"] = attrs["href"]

    def handle_endtag(self, tag):
        if self._done:
            return
        if tag == "caption":
            self._in = None
        elif tag in ("th", "td") and self._cell is not None:
            self._cell["text"] = " ".join(self._cell["text"].split()).removesuffix(" ▲").removesuffix(" ▼")
            (self.headings if self._in == "thead" else self.rows[-1]).append(self._cell)
            self._cell = None
        elif tag == "table":
            self._done = True

    def handle_data(self, data):
        if self._done:
            return
        if self._in == "caption":
            self.caption += data
        elif self._cell is not None:
            self._cell["text"] += data

    def heading(self, label):
        return next(heading for heading in self.headings if heading["text"] == label)

    def first_cells(self):
        """The text of each row's first cell (the record's name)."""
        return [row[0]["text"] for row in self.rows]

    def links(self):
        """Each row's record, by the link of its first cell."""
        return [row[0]["href"] for row in self.rows]


def table_of(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content.decode()[:2000]
    return response, Table(response.content.decode())


def query_of(url):
    return parse_qs(urlsplit(url).query)


@pytest.mark.parametrize(("name", "labels"), LISTS.items())
def test_each_list_as_a_table_shows_its_columns_and_the_cards_records_in_their_order(client, dataset, name, labels):
    url = reverse(name)
    cards = client.get(url)
    response, table = table_of(client, f"{url}?view=table")

    assert response.context["view_mode"] == "table"
    assert 'class="card-list"' not in response.content.decode()
    assert [heading["text"] for heading in table.headings] == labels
    assert table.caption.startswith(str(response.context["list_title"]))
    assert table.links() == [record.get_absolute_url() for record in cards.context["object_list"]]
    assert table.rows
    for row in table.rows:
        assert [cell["label"] for cell in row] == labels


def test_the_agreement_table_shows_parties_kind_dates_and_status_as_the_card_does(client):
    party = factories.OrganizationFactory(acronym="CBP", name="Customs and Border Protection")
    agreement = factories.AgreementFactory(
        title="Customs pact", kind="cmaa", status="in_force", signed_on="2024-10", in_force_on="2025"
    )
    factories.AgreementPartyFactory(agreement=agreement, organization=party)

    _response, table = table_of(client, f"{AGREEMENTS}?view=table")

    [row] = table.rows
    assert [cell["text"] for cell in row] == [
        "Customs pact",
        "CBP",
        "Customs mutual assistance agreement",
        "October 2024",
        "2025",
        "In force",
    ]
    assert row[1]["href"] == party.get_absolute_url()


@pytest.fixture
def agreements():
    """25 memoranda, signed in 2001 to 2025, titled so that their title order is not their date order."""
    return [
        factories.AgreementFactory(kind="mou", signed_on=f"{2001 + number}", title=f"Agreement {(number * 7) % 25:02}")
        for number in range(25)
    ]


def test_every_link_of_a_table_page_keeps_the_table_and_the_filters(client, agreements):
    response, table = table_of(client, f"{AGREEMENTS}?view=table&kind=mou&sort=title")
    html = response.content.decode()
    context = response.context

    links = [
        f"?{urlsplit(heading['href']).query}" for heading in table.headings if heading["href"]
    ]  # the headings that sort
    links += [chip.remove_url for chip in context["chips"]] + [context["clear_url"], context["table_url"]]
    links.append(next(url for url in html.split('"') if "page=2" in url))
    links += [control["all_url"] for control in context["filter_controls"] if control.get("all_url")]
    assert len(links) >= 5
    for link in links:
        assert query_of(link.replace("&amp;", "&"))["view"] == ["table"], link
    assert query_of(next(url for url in html.split('"') if "page=2" in url).replace("&amp;", "&"))["kind"] == ["mou"]
    assert '<input type="hidden" name="view" value="table">' in html
    assert "view" not in query_of(context["cards_url"])
    assert f'<a href="{context["table_url"]}" aria-current="true">Table</a>'.replace("&", "&amp;") in html


def test_the_page_of_every_option_of_a_facet_keeps_the_table(client, agreements):
    response = client.get(f"{AGREEMENTS}?view=table&kind=mou&facet=kind")
    html = response.content.decode()

    assert response.status_code == 200
    assert query_of(response.context["back_url"]) == {"kind": ["mou"], "view": ["table"]}
    assert '<input type="hidden" name="view" value="table">' in html


def test_the_cards_link_to_the_table_and_say_they_are_shown(client, agreements):
    response = client.get(f"{AGREEMENTS}?kind=mou")
    html = response.content.decode()

    assert 'class="record-table"' not in html
    assert query_of(response.context["table_url"]) == {"kind": ["mou"], "view": ["table"]}
    assert f'<a href="{response.context["cards_url"]}" aria-current="true">Cards</a>'.replace("&", "&amp;") in html
    assert 'name="view"' not in html


def test_a_heading_link_sorts_the_table_by_its_column(client, agreements):
    _response, table = table_of(client, f"{AGREEMENTS}?view=table")
    signed = table.heading("Signed")
    assert signed["sort"] == "descending"
    assert table.first_cells()[:3] == ["Agreement 18", "Agreement 11", "Agreement 04"]  # 2025, 2024, 2023

    _response, table = table_of(client, signed["href"])
    assert table.heading("Signed")["sort"] == "ascending"
    assert table.heading("Title")["sort"] is None
    assert table.first_cells()[:3] == ["Agreement 00", "Agreement 07", "Agreement 14"]  # 2001, 2002, 2003
    assert query_of(table.heading("Signed")["href"])["sort"] == ["newest"]

    _response, table = table_of(client, table.heading("Title")["href"])
    assert table.heading("Title")["sort"] == "ascending"
    assert table.heading("Title")["href"] is None
    assert table.first_cells() == [f"Agreement {number:02}" for number in range(20)]
    assert table.heading("Kind")["href"] is None


def test_the_in_force_heading_sorts_agreements_by_their_entry_into_force_latest_first(client):
    for title, in_force_on in [("Early", "2001"), ("Not yet", ""), ("Late", "2020-05"), ("Middle", "2010")]:
        factories.AgreementFactory(title=title, signed_on="2000", in_force_on=in_force_on)
    _response, table = table_of(client, f"{AGREEMENTS}?view=table")

    _response, table = table_of(client, table.heading("In force")["href"])

    assert table.heading("In force")["sort"] == "descending"
    assert table.first_cells() == ["Late", "Middle", "Early", "Not yet"]
    assert [row[4]["text"] for row in table.rows] == ["May 2020", "2010", "2001", ""]


@pytest.mark.parametrize("value", ["xyz", "", "TABLE", "cards"])
def test_a_view_that_is_not_the_table_shows_the_cards_and_is_not_carried_on(client, agreements, value):
    response = client.get(f"{AGREEMENTS}?view={value}&kind=mou")

    assert response.status_code == 200
    assert response.context["view_mode"] == "cards"
    assert 'class="card-list"' in response.content.decode()
    links = [response.context["clear_url"], response.context["table_url"], response.context["cards_url"]]
    links += [chip.remove_url for chip in response.context["chips"]]
    assert [query_of(link).get("view") for link in links] == [None, ["table"], None, None]
    assert f"view={value}&" not in response.content.decode().replace("&amp;", "&")
    assert "view" not in query_of(response.context["clear_url"])


@pytest.mark.parametrize("name", LISTS)
def test_the_download_of_a_filtered_sorted_table_holds_its_columns_in_its_order(client, dataset, name):
    response, table = table_of(client, f"{reverse(name)}?view=table&sort=title")
    download = next(url.replace("&amp;", "&") for url in response.content.decode().split('"') if "format=csv" in url)
    assert query_of(download)["sort"] == ["title"]

    exported = client.get(download)
    assert exported.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(exported.streaming_content).decode("utf-8-sig"))))

    assert [row["url"].removeprefix("http://testserver") for row in rows[: len(table.rows)]] == table.links()
    for column in response.context["table_columns"]:
        assert column.exported_as
        assert set(column.exported_as) <= set(rows[0]), column.label
    assert "view" not in exported["Content-Disposition"]


def test_the_download_of_a_filtered_table_keeps_its_filters(client, agreements):
    factories.AgreementFactory(kind="cmaa", title="Other")
    response, _table = table_of(client, f"{AGREEMENTS}?view=table&kind=cmaa&sort=oldest")
    download = next(url.replace("&amp;", "&") for url in response.content.decode().split('"') if "format=json" in url)

    exported = client.get(download)

    assert [record["title"] for record in json.loads(b"".join(exported.streaming_content))["results"]] == ["Other"]


@pytest.mark.parametrize("size", [1, 25])
@pytest.mark.parametrize("name", LISTS)
def test_a_table_page_runs_the_queries_of_the_cards_whatever_its_rows(
    client, django_assert_max_num_queries, name, size
):
    topic = factories.TopicFactory()
    for _ in range(size):
        host = factories.OrganizationFactory(parent=factories.OrganizationFactory())
        person = factories.PersonFactory()
        factories.PositionFactory(person=person, organization=host)
        agreement = factories.AgreementFactory()
        agreement.topics.add(topic)
        factories.AgreementPartyFactory(agreement=agreement, organization=host)
        factories.TrainingProgramFactory(host=host).topics.add(topic)
        factories.EventFactory().topics.add(topic)
    url = reverse(name)
    with CaptureQueriesContext(connection) as queries:
        cards = client.get(url)
    # The table counts its facets and matches afresh too.
    cache.clear()

    with django_assert_max_num_queries(len(queries)):
        _response, table = table_of(client, f"{url}?view=table")
    assert len(table.rows) == len(cards.context["object_list"]) >= min(size, 20)
