"""CSV and JSON downloads of the filtered lists: the same records as the page, published ones only, streamed."""

import codecs
import csv
import gc
import io
import json
import tracemalloc

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.models import Agreement, AgreementParty, AgreementStatus, EventKind, ProgramFormat
from people.models import OrganizationKind
from records import exports
from records.models import PublicationStatus
from tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    EventFactory,
    OrganizationFactory,
    PersonFactory,
    PositionFactory,
    SignatoryFactory,
    TopicFactory,
    TrainingProgramFactory,
)
from tests.helpers import invalid_filter_in_plain_text
from tests.shared import shared_records

HIDDEN_STATUSES = [PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW]


def body(response):
    assert response.streaming
    return b"".join(response.streaming_content)


def csv_rows(response):
    content = body(response)
    assert content.startswith(codecs.BOM_UTF8)
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def json_results(response):
    data = json.loads(body(response))
    assert data["count"] == len(data["results"])
    return data["results"]


def html_slugs(client, path, params):
    """The slugs the HTML list shows, page after page, in its order."""
    slugs, page = [], 1
    while True:
        response = client.get(path, {**params, "page": page})
        assert response.status_code == 200
        slugs += [record.slug for record in response.context["page_obj"].object_list]
        if not response.context["page_obj"].has_next():
            return slugs
        page += 1


@shared_records
def records():
    """A small world: two countries, a topic tree, records of every type that filters tell apart."""
    security = TopicFactory(name="Security", slug="security")
    border = TopicFactory(name="Border security", slug="border-security", parent=security)
    customs = TopicFactory(name="Customs", slug="customs")
    cbp = OrganizationFactory(name="Customs and Border Protection", acronym="CBP", slug="cbp", country="US")
    dhs = OrganizationFactory(name="Department of Homeland Security", slug="dhs", country="US", kind="ministry")
    cbp.parent = dhs
    cbp.save()
    dgme = OrganizationFactory(
        name="Dirección General de Migración y Extranjería", acronym="DGME", slug="dgme", country="SV"
    )
    ilea = OrganizationFactory(name="ILEA San Salvador", slug="ilea", country="SV", kind=OrganizationKind.ACADEMY)

    cmaa = AgreementFactory(title="Customs mutual assistance", slug="cmaa", signed_on="2024-10-08")
    cmaa.topics.set([border, customs])
    AgreementPartyFactory(agreement=cmaa, organization=cbp)
    AgreementPartyFactory(agreement=cmaa, organization=dgme)
    ats = AgreementFactory(title="ATS-G arrangement", slug="ats-g", signed_on="2023", kind="information_sharing")
    ats.topics.set([border])
    AgreementPartyFactory(agreement=ats, organization=cbp)
    old = AgreementFactory(title="Old memorandum", slug="old-mou", signed_on="2019-05", status=AgreementStatus.IN_FORCE)
    old.topics.set([customs])
    AgreementPartyFactory(agreement=old, organization=dgme)

    course = TrainingProgramFactory(slug="course", host=ilea, start="2024-03", format=ProgramFormat.COURSE)
    course.topics.set([border])
    course.instructors.set([cbp])
    TrainingProgramFactory(slug="workshop", host=ilea, start="2023", format=ProgramFormat.WORKSHOP, country="GT")

    visit = EventFactory(title="Visit to El Salvador", slug="visit", kind=EventKind.VISIT, start="2024-10-07")
    visit.topics.set([border])
    visit.organizations.set([cbp, dgme])
    meeting = EventFactory(slug="meeting", parent=visit, start="2024-10-08", country="SV")
    meeting.organizations.set([dgme])
    EventFactory(slug="conference", start="2023-05", country="GT")

    commissioner = PersonFactory(name="Troy Miller", slug="troy-miller", country="US")
    PositionFactory(person=commissioner, organization=cbp, title="Acting Commissioner")
    director = PersonFactory(name="Ana Pérez", slug="ana-perez", country="SV")
    PositionFactory(person=director, organization=dgme, title="Directora", end="2023", ended=True)
    visit.participants.set([commissioner, director])
    return locals()


FILTERED_LISTS = [
    ("agreements:agreement-list", {}),
    ("agreements:agreement-list", {"topic": "border-security", "country": "SV"}),
    ("agreements:agreement-list", {"topic": "security"}),
    ("agreements:agreement-list", {"country": "US", "sort": "title"}),
    ("agreements:agreement-list", {"status": "in_force"}),
    ("agreements:agreement-list", {"signed_after": "2024", "q": "customs"}),
    ("agreements:agreement-list", {"party": "dgme", "sort": "oldest"}),
    ("agreements:program-list", {}),
    ("agreements:program-list", {"kind": "course"}),
    ("agreements:program-list", {"country": "GT"}),
    ("agreements:program-list", {"instructor": "cbp", "topic": "security"}),
    ("agreements:event-list", {}),
    ("agreements:event-list", {"country": "SV", "sort": "oldest"}),
    ("agreements:event-list", {"kind": "visit"}),
    ("agreements:event-list", {"after": "2024-10-08"}),
    ("people:person-list", {}),
    ("people:person-list", {"country": "SV"}),
    ("people:person-list", {"organization": "cbp", "current": "1"}),
    ("people:organization-list", {}),
    ("people:organization-list", {"country": "SV", "sort": "title"}),
    ("people:organization-list", {"parent": "dhs"}),
    ("people:organization-list", {"kind": "academy"}),
]


@pytest.mark.parametrize(("list_name", "params"), FILTERED_LISTS)
def test_csv_rows_json_items_and_html_list_hold_the_same_records_in_the_same_order(client, records, list_name, params):
    path = reverse(list_name)
    shown = html_slugs(client, path, params)

    csv_response = client.get(path, {**params, "format": "csv"})
    json_response = client.get(path, {**params, "format": "json"})

    assert csv_response.status_code == json_response.status_code == 200
    assert [row["slug"] for row in csv_rows(csv_response)] == shown
    assert [item["slug"] for item in json_results(json_response)] == shown


def test_a_filtered_export_leaves_out_what_the_filters_leave_out(client, records):
    response = client.get("/agreements/", {"topic": "border-security", "country": "SV", "format": "csv"})

    assert [row["slug"] for row in csv_rows(response)] == ["cmaa"]


def test_export_ignores_the_page_number_and_gives_every_matching_record(client, db):
    AgreementFactory.create_batch(25)

    response = client.get("/agreements/", {"page": 2, "format": "json"})

    assert len(json_results(response)) == 25


def test_program_kind_filter_applies_to_its_download(client, records):
    response = client.get("/programs/?kind=course&format=csv")

    assert response.status_code == 200
    assert [row["slug"] for row in csv_rows(response)] == ["course"]


def test_csv_keeps_accents_for_spreadsheet_applications(client, records):
    response = client.get("/organizations/", {"country": "SV", "format": "csv"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    names = [row["name"] for row in csv_rows(response)]
    assert "Dirección General de Migración y Extranjería" in names


def test_csv_has_one_header_row_and_relations_as_names_and_slugs(client, records):
    content = body(client.get("/agreements/", {"format": "csv"})).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content, newline="")))
    header = rows[0]
    cmaa = dict(zip(header, next(row for row in rows[1:] if row[0] == "cmaa"), strict=True))

    assert header.count("slug") == 1
    assert cmaa["topics"] == "Border security; Customs"
    assert cmaa["topic_slugs"] == "border-security;customs"
    assert cmaa["parties"] == "Customs and Border Protection; Dirección General de Migración y Extranjería"
    assert cmaa["party_slugs"] == "cbp;dgme"
    assert cmaa["party_countries"] == "SV;US"


def test_dates_keep_their_precision_with_a_human_column_and_urls_are_absolute(client, records):
    rows = {row["slug"]: row for row in csv_rows(client.get("/agreements/", {"format": "csv"}))}

    assert rows["old-mou"]["signed_on"] == "2019-05"
    assert rows["old-mou"]["signed_on_display"] == "May 2019"
    assert rows["ats-g"]["signed_on"] == "2023"
    assert rows["ats-g"]["signed_on_display"] == "2023"
    assert rows["cmaa"]["signed_on_display"] == "8 October 2024"
    assert rows["cmaa"]["url"] == "http://testserver/agreements/cmaa/"
    assert rows["cmaa"]["kind_display"] == "Customs mutual assistance agreement"


def test_json_gives_relations_as_lists_and_a_count(client, records):
    data = json.loads(body(client.get("/events/", {"kind": "visit", "format": "json"})))

    assert data["count"] == 1
    visit = data["results"][0]
    assert visit["participants"] == ["Ana Pérez", "Troy Miller"]
    assert sorted(visit["organization_slugs"]) == ["cbp", "dgme"]
    assert visit["topics"] == ["Border security"]
    assert visit["start"] == "2024-10-07"
    assert visit["url"] == "http://testserver/events/visit/"


def test_human_columns_follow_the_pages_language(client, records):
    rows = {row["slug"]: row for row in csv_rows(client.get("/es/acuerdos/", {"format": "csv"}))}

    assert rows["old-mou"]["signed_on"] == "2019-05"
    assert "2019" in rows["old-mou"]["signed_on_display"]
    assert "May" not in rows["old-mou"]["signed_on_display"]


def test_download_has_a_file_name_saying_what_it_holds(client, records):
    response = client.get("/agreements/", {"topic": "border-security", "country": "SV", "format": "csv"})

    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="pacta-agreements_topic-border-security_country-sv_')
    assert disposition.endswith('.csv"')
    assert client.get("/people/", {"format": "json"})["Content-Disposition"].endswith('.json"')


# The draft matrix: a record not published is never exported; a related record not published never shows on a
# published one.


@pytest.mark.parametrize("status", HIDDEN_STATUSES)
@pytest.mark.parametrize(
    ("factory", "path"),
    [
        (AgreementFactory, "/agreements/"),
        (TrainingProgramFactory, "/programs/"),
        (EventFactory, "/events/"),
        (PersonFactory, "/people/"),
        (OrganizationFactory, "/organizations/"),
    ],
)
@pytest.mark.parametrize("export_format", ["csv", "json"])
def test_unpublished_record_is_never_exported(client, db, factory, path, status, export_format):
    published = factory()
    factory(publication_status=status)

    response = client.get(path, {"format": export_format})

    rows = csv_rows(response) if export_format == "csv" else json_results(response)
    assert [row["slug"] for row in rows] == [published.slug]


@pytest.mark.parametrize("status", HIDDEN_STATUSES)
def test_unpublished_topic_party_and_signatory_are_absent_from_an_agreement_row(client, db, status):
    agreement = AgreementFactory(slug="pact")
    agreement.topics.set(
        [TopicFactory(name="Public topic"), TopicFactory(name="Hidden topic", publication_status=status)]
    )
    AgreementPartyFactory(agreement=agreement, organization=OrganizationFactory(name="Public party", country="US"))
    AgreementPartyFactory(
        agreement=agreement,
        organization=OrganizationFactory(name="Hidden party", country="GT", publication_status=status),
    )
    SignatoryFactory(agreement=agreement, person=PersonFactory(name="Public signer"))
    SignatoryFactory(agreement=agreement, person=PersonFactory(name="Hidden signer", publication_status=status))

    row = csv_rows(client.get("/agreements/", {"format": "csv"}))[0]
    item = json_results(client.get("/agreements/", {"format": "json"}))[0]

    for record in (row, item):
        text = json.dumps(record)
        assert "Public topic" in text and "Public party" in text and "Public signer" in text
        assert "Hidden" not in text
    assert item["party_countries"] == ["US"]


@pytest.mark.parametrize("status", HIDDEN_STATUSES)
def test_unpublished_host_instructor_and_topic_are_absent_from_a_program_row(client, db, status):
    program = TrainingProgramFactory(host=OrganizationFactory(name="Hidden host", publication_status=status))
    program.instructors.set(
        [
            OrganizationFactory(name="Public instructor"),
            OrganizationFactory(name="Hidden instructor", publication_status=status),
        ]
    )
    program.topics.set([TopicFactory(name="Hidden topic", publication_status=status)])

    item = json_results(client.get("/programs/", {"format": "json"}))[0]

    assert item["host"] == item["host_slug"] == ""
    assert item["instructors"] == ["Public instructor"]
    assert item["topics"] == item["topic_slugs"] == []


@pytest.mark.parametrize("status", HIDDEN_STATUSES)
def test_unpublished_participant_organization_and_parent_are_absent_from_an_event_row(client, db, status):
    event = EventFactory(slug="session", parent=EventFactory(title="Hidden visit", publication_status=status))
    event.participants.set(
        [PersonFactory(name="Public official"), PersonFactory(name="Hidden official", publication_status=status)]
    )
    event.organizations.set([OrganizationFactory(name="Hidden agency", publication_status=status)])

    row = csv_rows(client.get("/events/", {"format": "csv"}))[0]

    assert row["participants"] == "Public official"
    assert row["organizations"] == row["organization_slugs"] == ""
    assert row["part_of"] == row["part_of_slug"] == ""


@pytest.mark.parametrize("status", HIDDEN_STATUSES)
def test_unpublished_posts_and_parents_are_absent_from_people_and_organization_rows(client, db, status):
    person = PersonFactory(slug="official")
    PositionFactory(person=person, organization=OrganizationFactory(name="Public agency"), title="Director")
    PositionFactory(person=person, organization=OrganizationFactory(name="Hidden agency", publication_status=status))
    PositionFactory(person=person, organization=OrganizationFactory(name="Other agency"), publication_status=status)
    OrganizationFactory(slug="unit", parent=OrganizationFactory(name="Hidden ministry", publication_status=status))

    person_row = csv_rows(client.get("/people/", {"format": "csv"}))[0]
    unit_row = next(row for row in csv_rows(client.get("/organizations/", {"format": "csv"})) if row["slug"] == "unit")

    assert person_row["current_organizations"] == "Public agency"
    assert person_row["current_posts"] == "Director, Public agency"
    assert unit_row["part_of"] == unit_row["part_of_slug"] == ""


# Bad input


@pytest.mark.parametrize(
    "url",
    [
        "/agreements/?format=csv&topic=no-such-topic",
        "/agreements/?format=csv&signed_after=2024-13",
        "/agreements/?format=csv&sort=title&sort=oldest",
        "/programs/?format=csv&country=ZZ",
        "/programs/?format=csv&kind=lecture",
        "/events/?format=csv&after=yesterday",
        "/people/?format=csv&current=maybe",
        "/organizations/?format=csv&kind=bogus",
    ],
)
def test_invalid_filter_on_a_csv_export_answers_400_with_a_plain_message(client, records, url):
    response = invalid_filter_in_plain_text(client, url)

    assert not response.streaming
    assert response["Content-Type"] == "text/plain; charset=utf-8"


def test_invalid_filter_on_a_json_export_answers_400_with_the_errors_as_json(client, records):
    response = client.get("/agreements/", {"format": "json", "topic": "no-such-topic", "signed_after": "x"})

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"topic", "signed_after"}


@pytest.mark.parametrize(
    "url",
    [
        "/agreements/?format=xml",
        "/programs/?format=course",
        "/programs/?format=course&format=csv",
        "/people/?format=csv&format=json",
    ],
)
def test_unknown_or_double_format_answers_400(client, db, url):
    response = client.get(url)

    assert response.status_code == 400
    assert "csv or json" in response.content.decode()


# Links from the list pages


def test_list_page_links_to_its_downloads_with_its_filters_and_without_its_page(client, records):
    AgreementFactory.create_batch(21)

    response = client.get("/agreements/", {"topic": "border-security", "country": "SV", "page": 1})

    html = response.content.decode()
    assert 'href="/agreements/?topic=border-security&amp;country=SV&amp;format=csv">Download CSV</a>' in html
    assert 'href="/agreements/?topic=border-security&amp;country=SV&amp;format=json">Download JSON</a>' in html


def test_program_list_download_link_keeps_the_program_kind_filter(client, records):
    html = client.get("/programs/", {"kind": "course"}).content.decode()

    assert 'href="/programs/?kind=course&amp;format=csv"' in html


@pytest.mark.parametrize("path", ["/agreements/", "/programs/", "/events/", "/people/", "/organizations/"])
def test_every_list_page_offers_csv_and_json(client, db, path):
    html = client.get(path).content.decode()

    assert f'href="{path}?format=csv">Download CSV</a>' in html
    assert f'href="{path}?format=json">Download JSON</a>' in html


# A large export streams with bounded memory


def streamed_size_and_peak_memory(client, params):
    """The size of a streamed download and the most memory (traced by tracemalloc) held while producing it."""
    gc.collect()
    tracemalloc.start()
    try:
        response = client.get("/agreements/", params)
        assert response.streaming
        size = sum(len(chunk) for chunk in response.streaming_content)
        return size, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_export_of_thousands_of_agreements_streams_with_bounded_memory(client, db, monkeypatch):
    """3000 agreements with a topic and a party each make a CSV of over 5 MB. Built in memory, or with every
    agreement loaded at once, the download would hold at least that much; streamed, it holds one chunk of records
    and their relations at a time. So the peak stays well under the size of the output (under half of it; loaded
    whole, it would be several times the output), and 25 times as many records cost hardly more memory than one
    chunk's worth. Chunks of 100 records here, so that the list is many chunks long."""
    monkeypatch.setattr(exports, "CHUNK_SIZE", 100)
    topic = TopicFactory(name="Migración", slug="migracion")
    party = OrganizationFactory(name="Dirección General", slug="direccion-general")
    summary = "Cooperación aduanera y migratoria entre las partes. " * 30
    agreements = Agreement.objects.bulk_create(
        Agreement(
            title=f"Acuerdo número {number}",
            slug=f"acuerdo-{number}",
            signed_on=f"{2000 + number % 25}-{number % 12 + 1:02d}",
            summary=summary,
            publication_status=PublicationStatus.PUBLISHED,
        )
        for number in range(3000)
    )
    Agreement.topics.through.objects.bulk_create(
        Agreement.topics.through(agreement_id=agreement.pk, topic_id=topic.pk) for agreement in agreements
    )
    AgreementParty.objects.bulk_create(
        AgreementParty(agreement=agreement, organization=party) for agreement in agreements
    )
    # The first download of the process imports modules, loads translation catalogs and builds the per-language
    # labels (country names, choices) on its first row, once: not measured.
    body(client.get("/agreements/", {"format": "csv", "q": "número 2999"}))

    one_year_size, one_year_peak = streamed_size_and_peak_memory(client, {"format": "csv", "signed_after": "2024"})
    size, peak = streamed_size_and_peak_memory(client, {"format": "csv"})

    assert one_year_size < size / 20
    assert size > 5_000_000
    assert peak < size / 2, f"peak {peak} bytes for an output of {size} bytes"
    assert peak < 2 * one_year_peak, f"peak {peak} bytes for 3000 records, {one_year_peak} for 120"


def agreement_with_relations():
    agreement = AgreementFactory()
    AgreementPartyFactory(agreement=agreement)
    SignatoryFactory(agreement=agreement)
    agreement.topics.set([TopicFactory()])


def program_with_relations():
    program = TrainingProgramFactory()
    program.instructors.set([OrganizationFactory()])
    program.participant_countries.create(country="HN")
    program.topics.set([TopicFactory()])


def event_with_relations():
    event = EventFactory(parent=EventFactory())
    event.participants.set([PersonFactory()])
    event.organizations.set([OrganizationFactory()])
    event.topics.set([TopicFactory()])


@pytest.mark.parametrize(
    ("path", "make"),
    [
        ("/agreements/", agreement_with_relations),
        ("/programs/", program_with_relations),
        ("/events/", event_with_relations),
        ("/people/", PositionFactory),
        ("/organizations/", lambda: OrganizationFactory(parent=OrganizationFactory())),
    ],
)
def test_export_queries_do_not_grow_with_the_number_of_records(client, db, path, make):
    def queries_for_download():
        with CaptureQueriesContext(connection) as queries:
            body(client.get(path, {"format": "json"}))
        return len(queries)

    make()
    few = queries_for_download()
    for _ in range(30):
        make()

    assert queries_for_download() == few


@pytest.mark.parametrize("export_format", ["csv", "json"])
def test_every_record_is_exported_once_with_its_own_relations_across_chunk_boundaries(
    client, db, monkeypatch, export_format
):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 3)
    hidden = OrganizationFactory(name="Hidden party", publication_status=PublicationStatus.DRAFT)
    for number in range(10):
        agreement = AgreementFactory(slug=f"pact-{number}", signed_on=f"2010-01-{number + 1:02d}")
        AgreementPartyFactory(agreement=agreement, organization=OrganizationFactory(slug=f"party-{number}"))
        AgreementPartyFactory(agreement=agreement, organization=hidden)

    response = client.get("/agreements/", {"format": export_format})

    rows = csv_rows(response) if export_format == "csv" else json_results(response)
    assert [row["slug"] for row in rows] == [f"pact-{number}" for number in reversed(range(10))]
    slugs = [row["party_slugs"] for row in rows]
    expected = [f"party-{number}" for number in reversed(range(10))]
    assert slugs == (expected if export_format == "csv" else [[slug] for slug in expected])
