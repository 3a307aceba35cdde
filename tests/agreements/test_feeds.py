"""Atom feeds of the filtered lists and of topics, countries and organizations: valid, filtered, published only."""

import datetime

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agreements.models import Agreement, EventKind, ProgramFormat
from records.models import PublicationStatus
from tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    EventFactory,
    OrganizationFactory,
    TopicFactory,
    TrainingProgramFactory,
)
from tests.helpers import invalid_filter_in_plain_text
from tests.shared import shared_records

HIDDEN_STATUSES = [PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW]


def parse(response):
    """The feed, which must be well-formed Atom."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def entry_paths(feed):
    return [entry.link.removeprefix("http://testserver") for entry in feed.entries]


@shared_records
def records():
    security = TopicFactory(name="Security", slug="security")
    border = TopicFactory(name="Border security", slug="border-security", parent=security)
    customs = TopicFactory(name="Customs", slug="customs")
    cbp = OrganizationFactory(name="Customs and Border Protection", acronym="CBP", slug="cbp", country="US")
    dgme = OrganizationFactory(name="Dirección General de Migración", slug="dgme", country="SV")
    minex = OrganizationFactory(name="Ministerio de Gobernación", slug="minex", country="GT")

    cmaa = AgreementFactory(title="Customs mutual assistance", slug="cmaa", summary="On customs & borders <today>.")
    cmaa.topics.set([border, customs])
    AgreementPartyFactory(agreement=cmaa, organization=cbp)
    AgreementPartyFactory(agreement=cmaa, organization=dgme)
    guatemala = AgreementFactory(title="Guatemala arrangement", slug="gt-arrangement")
    guatemala.topics.set([border])
    AgreementPartyFactory(agreement=guatemala, organization=minex)
    trade = AgreementFactory(title="Trade memorandum", slug="trade")
    trade.topics.set([customs])
    AgreementPartyFactory(agreement=trade, organization=dgme)

    course = TrainingProgramFactory(title="Border course", slug="course", start="2024-03", format=ProgramFormat.COURSE)
    course.topics.set([border])
    course.instructors.set([cbp])
    TrainingProgramFactory(slug="workshop", format=ProgramFormat.WORKSHOP, country="GT", host=minex)

    visit = EventFactory(title="Visit", slug="visit", kind=EventKind.VISIT, start="2024-10-07", country="SV")
    visit.topics.set([border])
    visit.organizations.set([cbp])
    EventFactory(slug="conference", country="GT", kind=EventKind.MEETING)
    return locals()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/agreements/feed/", {"cmaa", "gt-arrangement", "trade"}),
        ("/agreements/feed/?topic=border-security&country=SV", {"cmaa"}),
        ("/agreements/feed/?topic=security", {"cmaa", "gt-arrangement"}),
        ("/agreements/feed/?party=dgme", {"cmaa", "trade"}),
        ("/programs/feed/?kind=course", {"course"}),
        ("/programs/feed/?country=GT", {"workshop"}),
        ("/events/feed/?country=SV", {"visit"}),
        ("/events/feed/?kind=meeting", {"conference"}),
    ],
)
def test_list_feed_is_valid_atom_and_applies_the_lists_filters(client, records, url, expected):
    feed = parse(client.get(url))

    assert {path.rstrip("/").rsplit("/", 1)[1] for path in entry_paths(feed)} == expected


@pytest.mark.parametrize("params", ["topic=border-security&country=SV", "party=dgme&sort=title", ""])
def test_list_feed_holds_the_records_of_the_html_list(client, records, params):
    listed = client.get(f"/agreements/?{params}").context["page_obj"].object_list
    feed = parse(client.get(f"/agreements/feed/?{params}"))

    assert sorted(entry_paths(feed)) == sorted(agreement.get_absolute_url() for agreement in listed)


def test_entry_has_title_link_summary_updated_and_topics_as_categories(client, records):
    feed = parse(client.get("/agreements/feed/?topic=customs&party=cbp"))

    (entry,) = feed.entries
    assert entry.title == "Customs mutual assistance"
    assert entry.link == "http://testserver/agreements/cmaa/"
    assert entry.id == entry.link
    assert entry.summary.startswith(
        "Agreement · Customs mutual assistance agreement · Signed — entry into force not recorded"
    )
    # An HTML summary: the characters of the text come through as text, not markup.
    assert "On customs &amp; borders &lt;today&gt;." in entry.summary
    assert entry.updated_parsed is not None
    assert sorted(tag.term for tag in entry.tags) == ["Border security", "Customs"]


def test_feed_links_back_to_the_filtered_list_and_to_itself(client, records):
    feed = parse(client.get("/agreements/feed/?topic=border-security&country=SV"))

    assert feed.feed.link == "http://testserver/agreements/?topic=border-security&country=SV"
    self_link = next(link.href for link in feed.feed.links if link.rel == "self")
    assert self_link == "http://testserver/agreements/feed/?topic=border-security&country=SV"
    assert "Topic: border-security" in feed.feed.title


def test_list_feed_puts_the_most_recently_updated_first_unless_sorted_otherwise(client, records):
    Agreement.objects.filter(slug="trade").update(updated_at=timezone.now() + datetime.timedelta(days=1))
    Agreement.objects.filter(slug="cmaa").update(updated_at=timezone.now() - datetime.timedelta(days=1))

    latest = entry_paths(parse(client.get("/agreements/feed/")))
    by_title = entry_paths(parse(client.get("/agreements/feed/?sort=title")))

    assert latest[0] == "/agreements/trade/"
    assert latest[-1] == "/agreements/cmaa/"
    assert by_title == ["/agreements/cmaa/", "/agreements/gt-arrangement/", "/agreements/trade/"]


def test_list_feed_keeps_only_the_latest_fifty(client, db):
    AgreementFactory.create_batch(55)

    assert len(parse(client.get("/agreements/feed/")).entries) == 50


def test_topic_feed_gathers_every_type_on_the_topic_and_its_subtopics(client, records):
    feed = parse(client.get("/topics/security/feed/"))

    assert sorted(entry_paths(feed)) == [
        "/agreements/cmaa/",
        "/agreements/gt-arrangement/",
        "/events/visit/",
        "/programs/course/",
    ]
    assert feed.feed.link == "http://testserver/topics/security/"


def test_country_feed_gathers_agreements_with_a_party_programs_and_events_of_the_country(client, records):
    feed = parse(client.get("/countries/gt/feed/"))

    assert sorted(entry_paths(feed)) == ["/agreements/gt-arrangement/", "/events/conference/", "/programs/workshop/"]
    assert feed.feed.title == "Guatemala · Pacta"


def test_country_feed_includes_programs_the_country_takes_part_in(client, records):
    records["course"].participant_countries.create(country="HN")

    assert entry_paths(parse(client.get("/countries/HN/feed/"))) == ["/programs/course/"]


def test_organization_feed_gathers_what_it_signed_teaches_hosts_and_attends(client, records):
    feed = parse(client.get("/organizations/cbp/feed/"))

    assert sorted(entry_paths(feed)) == ["/agreements/cmaa/", "/events/visit/", "/programs/course/"]
    assert sorted(entry_paths(parse(client.get("/organizations/minex/feed/")))) == [
        "/agreements/gt-arrangement/",
        "/programs/workshop/",
    ]


@pytest.mark.parametrize(
    "url", ["/topics/no-such-topic/feed/", "/countries/XX/feed/", "/countries/USA/feed/", "/organizations/nope/feed/"]
)
def test_feed_of_an_unknown_topic_country_or_organization_is_not_found(client, records, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("status", HIDDEN_STATUSES)
def test_feed_of_an_unpublished_topic_or_organization_is_not_found(client, db, status):
    TopicFactory(slug="hidden-topic", publication_status=status)
    OrganizationFactory(slug="hidden-agency", publication_status=status)

    assert client.get("/topics/hidden-topic/feed/").status_code == 404
    assert client.get("/organizations/hidden-agency/feed/").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/agreements/feed/?topic=no-such-topic",
        "/agreements/feed/?signed_after=2024-13",
        "/agreements/feed/?sort=random",
        "/programs/feed/?kind=csv",
        "/events/feed/?country=ZZ",
        "/events/feed/?after=soon",
    ],
)
def test_invalid_filter_on_a_feed_answers_400_with_a_clear_message(client, records, url):
    response = invalid_filter_in_plain_text(client, url)

    assert response["Content-Type"] == "text/plain; charset=utf-8"


# The draft matrix


@pytest.mark.parametrize("status", HIDDEN_STATUSES)
@pytest.mark.parametrize(
    ("factory", "url"),
    [
        (AgreementFactory, "/agreements/feed/"),
        (TrainingProgramFactory, "/programs/feed/"),
        (EventFactory, "/events/feed/"),
    ],
)
def test_unpublished_record_is_absent_from_its_list_feed(client, db, factory, url, status):
    published = factory()
    factory(publication_status=status)

    assert entry_paths(parse(client.get(url))) == [published.get_absolute_url()]


@pytest.mark.parametrize("status", HIDDEN_STATUSES)
def test_unpublished_records_are_absent_from_topic_country_and_organization_feeds(client, db, status):
    topic = TopicFactory(slug="border")
    agency = OrganizationFactory(slug="agency", country="SV")
    agreement = AgreementFactory(publication_status=status)
    AgreementPartyFactory(agreement=agreement, organization=agency)
    program = TrainingProgramFactory(publication_status=status, country="SV", host=agency)
    event = EventFactory(publication_status=status, country="SV")
    event.organizations.set([agency])
    for record in (agreement, program, event):
        record.topics.set([topic])

    for url in ("/topics/border/feed/", "/countries/SV/feed/", "/organizations/agency/feed/"):
        assert parse(client.get(url)).entries == []


@pytest.mark.parametrize("status", HIDDEN_STATUSES)
def test_unpublished_topic_is_not_a_category_of_a_published_entry(client, db, status):
    agreement = AgreementFactory()
    agreement.topics.set(
        [TopicFactory(name="Public topic"), TopicFactory(name="Hidden topic", publication_status=status)]
    )

    (entry,) = parse(client.get("/agreements/feed/")).entries

    assert [tag.term for tag in entry.tags] == ["Public topic"]


@pytest.mark.parametrize("status", HIDDEN_STATUSES)
def test_agreement_with_only_an_unpublished_party_is_absent_from_that_partys_country_feed(client, db, status):
    agreement = AgreementFactory()
    AgreementPartyFactory(
        agreement=agreement, organization=OrganizationFactory(country="HN", publication_status=status)
    )

    assert parse(client.get("/countries/HN/feed/")).entries == []
    assert parse(client.get("/agreements/feed/?country=HN")).entries == []


# Links from the pages


def test_list_page_links_to_its_feed_in_the_head_and_in_the_page(client, records):
    html = client.get("/agreements/", {"topic": "border-security", "country": "SV"}).content.decode()

    feed_url = "/agreements/feed/?topic=border-security&amp;country=SV"
    head_link = '<link rel="alternate" type="application/atom+xml" title="Agreements, as filtered here (Atom)"'
    assert f'{head_link} href="{feed_url}">' in html
    assert f'<a href="{feed_url}" type="application/atom+xml">Subscribe (Atom)</a>' in html


@pytest.mark.parametrize(
    ("page", "feed"),
    [
        ("/topics/border-security/", "/topics/border-security/feed/"),
        ("/countries/SV/", "/countries/SV/feed/"),
        ("/organizations/cbp/", "/organizations/cbp/feed/"),
        ("/programs/", "/programs/feed/"),
        ("/events/", "/events/feed/"),
    ],
)
def test_pages_with_a_feed_announce_it_in_the_head_and_link_to_it(client, records, page, feed):
    html = client.get(page).content.decode()
    head = html.split("</head>")[0]

    assert 'type="application/atom+xml"' in head
    assert f'href="{feed}"' in head
    assert f'<a href="{feed}" type="application/atom+xml">' in html.split("</head>")[1]


@pytest.mark.parametrize("url", ["/agreements/feed/?topic=border", "/topics/border/feed/", "/countries/SV/feed/"])
def test_feed_queries_do_not_grow_with_the_number_of_entries(client, db, url):
    topic = TopicFactory(slug="border")
    party = OrganizationFactory(country="SV")

    def add_records():
        agreement = AgreementFactory()
        AgreementPartyFactory(agreement=agreement, organization=party)
        for record in (agreement, TrainingProgramFactory(), EventFactory()):
            record.topics.set([topic])

    def queries_for_feed():
        with CaptureQueriesContext(connection) as queries:
            parse(client.get(url))
        return len(queries)

    add_records()
    few = queries_for_feed()
    for _ in range(10):
        add_records()

    assert queries_for_feed() == few
