"""The read-only API: every endpoint of the schema, the lists' filters, pagination, bad input, drafts, throttling and
query counts."""

import json
import re

import pytest
from django.core.cache import cache
from django.core.cache.backends.filebased import FileBasedCache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openapi_spec_validator import validate

from agreements.models import AgreementRelation, ParticipantCountry, RelationKind
from records.models import PublicationStatus, Record
from tests import factories
from tests.shared import shared_records

pytestmark = pytest.mark.django_db

DRAFT = PublicationStatus.DRAFT
REVIEW = PublicationStatus.IN_REVIEW

LISTS = {
    "agreements": reverse("agreements:agreement-list"),
    "programs": reverse("agreements:program-list"),
    "events": reverse("agreements:event-list"),
    "people": reverse("people:person-list"),
    "organizations": reverse("people:organization-list"),
}


def api(client, url, status=200):
    """The JSON body of an API answer, which must come with `status`."""
    response = client.get(url, HTTP_ACCEPT="application/json")
    assert response.status_code == status, response.content.decode()[:2000]
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def api_slugs(client, url):
    """The slugs an API list gives, in order, all on one page."""
    separator = "&" if "?" in url else "?"
    body = api(client, f"{url}{separator}page_size=200")
    assert body["next"] is None
    return [item["slug"] for item in body["results"]]


def html_slugs(client, url):
    """The slugs an HTML list shows, in order, all on its first page."""
    response = client.get(url)
    assert response.status_code == 200
    assert not response.context["page_obj"].has_next()
    return [record.slug for record in response.context["object_list"]]


@shared_records
def world():
    """Published records of every type linked to one another, and a draft beside each relation."""
    security = factories.TopicFactory(slug="security", name="Security")
    border = factories.TopicFactory(slug="border-security", name="Border security", parent=security)
    energy = factories.TopicFactory(slug="energy", name="Energy")
    draft_topic = factories.TopicFactory(slug="draft-topic", publication_status=DRAFT, parent=security)

    dhs = factories.OrganizationFactory(slug="dhs", name="Department of Homeland Security", acronym="DHS")
    cbp = factories.OrganizationFactory(slug="cbp", name="Customs and Border Protection", acronym="CBP", parent=dhs)
    dgme = factories.OrganizationFactory(slug="dgme", name="Dirección General de Migración", country="SV")
    sat = factories.OrganizationFactory(slug="sat", country="GT")
    draft_org = factories.OrganizationFactory(slug="draft-org", country="SV", parent=dhs, publication_status=DRAFT)

    miller = factories.PersonFactory(slug="troy-miller", name="Troy A. Miller")
    rivas = factories.PersonFactory(slug="ada-rivas", country="SV")
    draft_person = factories.PersonFactory(slug="draft-person", publication_status=DRAFT)
    factories.PositionFactory(person=miller, organization=cbp, title="Acting Commissioner", start="2022-11-12")
    factories.PositionFactory(person=rivas, organization=dgme, title="Director", start="2019")
    factories.PositionFactory(person=miller, organization=draft_org, title="Secret post", start="2020")
    factories.PositionFactory(person=draft_person, organization=cbp, title="Hidden officer", start="2020")

    visit = factories.EventFactory(slug="visit", kind="visit", start="2024-10-07", end="2024-10-09")
    factories.EventFactory(slug="meeting", parent=visit, start="2024-10-08")
    factories.EventFactory(slug="draft-meeting", parent=visit, publication_status=DRAFT)
    orphan = factories.EventFactory(slug="orphan", country="GT", start="2023")
    draft_parent = factories.EventFactory(slug="draft-parent-event", publication_status=DRAFT)
    orphan.parent = draft_parent
    orphan.save()
    visit.topics.add(border, draft_topic)
    visit.participants.add(miller, draft_person)
    visit.organizations.add(cbp, draft_org)

    cmaa = factories.AgreementFactory(slug="cmaa", signed_on="2024-10-08", signed_at=visit, status="in_force")
    cmaa.topics.add(border, draft_topic)
    for organization in (cbp, dgme, draft_org):
        factories.AgreementPartyFactory(agreement=cmaa, organization=organization)
    factories.SignatoryFactory(agreement=cmaa, person=miller, organization=cbp, title="Acting Commissioner")
    factories.SignatoryFactory(agreement=cmaa, person=draft_person, organization=draft_org)
    factories.SignatoryFactory(agreement=cmaa, person=None, name="A named signer", organization=dgme)
    older = factories.AgreementFactory(slug="older-mou", signed_on="2019", kind="mou")
    older.topics.add(energy)
    factories.AgreementPartyFactory(agreement=older, organization=sat)
    draft_agreement = factories.AgreementFactory(slug="draft-agreement", publication_status=DRAFT)
    factories.AgreementPartyFactory(agreement=draft_agreement, organization=cbp)
    factories.SignatoryFactory(agreement=draft_agreement, person=miller, organization=cbp)
    AgreementRelation.objects.create(source=cmaa, target=older, kind=RelationKind.SUCCEEDS)
    AgreementRelation.objects.create(source=draft_agreement, target=cmaa, kind=RelationKind.AMENDS)
    visit.agreements_signed.add(draft_agreement)

    course = factories.TrainingProgramFactory(slug="course", host=draft_org, start="2024-10")
    course.instructors.add(cbp, draft_org)
    course.topics.add(border)
    ParticipantCountry.objects.create(program=course, country="GT")
    seminar = factories.TrainingProgramFactory(slug="seminar", host=dgme, start="2023", country="GT", format="seminar")
    seminar.topics.add(energy)
    draft_program = factories.TrainingProgramFactory(slug="draft-program", publication_status=DRAFT)
    visit.programs.add(course, draft_program)

    draft_source = factories.SourceFactory(url="https://example.org/draft-only")
    factories.OrganizationFactory(slug="draft-cited", publication_status=DRAFT, sources=[draft_source])

    return {
        "agreements": cmaa,
        "programs": course,
        "events": visit,
        "people": miller,
        "organizations": cbp,
        "topics": border,
        "sources": cmaa.citations.get().source,
        "draft_source": draft_source,
    }


# Every endpoint of the schema answers, and the schema is valid OpenAPI 3.


def schema(client):
    response = client.get(reverse("api:schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_schema_is_valid_openapi_3(client):
    document = schema(client)

    validate(document)
    assert document["openapi"].startswith("3.")


def test_every_operation_documents_its_errors_and_the_bounds_of_its_parameters(client):
    document = schema(client)
    operations = [path["get"] for path in document["paths"].values()]

    for operation in operations:
        assert {"200", "400", "404", "429"} <= set(operation["responses"])
        assert "Retry-After" in operation["responses"]["429"]["headers"]
    parameters = {parameter["name"]: parameter["schema"] for parameter in operations[0]["parameters"]}
    assert parameters["page_size"] == {"type": "integer", "minimum": 1, "maximum": 200, "default": 50}
    assert parameters["page"]["minimum"] == 1
    assert parameters["sort"]["enum"] == ["in_force", "newest", "oldest", "title", "updated", ""]
    assert parameters["q"]["maxLength"] == 200


@pytest.mark.parametrize(
    "value, valid",
    [
        ("2024", True),
        ("2024-10", True),
        ("2024-10-31", True),
        ("2024-02-29", True),
        ("2000-02-29", True),
        ("0001", True),
        ("", True),
        ("0000", False),
        ("2023-02-29", False),
        ("1900-02-29", False),
        ("2024-04-31", False),
        ("2024-13", False),
        ("2024-1", False),
        ("24", False),
        ("２０２４", False),
    ],
)
def test_the_schemas_date_pattern_takes_exactly_the_dates_the_filters_take(client, world, value, valid):
    pattern = next(
        parameter["schema"]["pattern"]
        for parameter in schema(client)["paths"]["/api/events/"]["get"]["parameters"]
        if parameter["name"] == "before"
    )

    assert bool(re.search(pattern, value)) is valid
    assert client.get(f"/api/events/?before={value}").status_code == (200 if valid else 400)


def test_every_endpoint_in_the_schema_answers(client, world):
    paths = schema(client)["paths"]
    answered = set()
    for path in paths:
        kind = path.split("/")[2]
        record = world[kind]
        url = path.replace("{slug}", getattr(record, "slug", "")).replace("{id}", str(record.pk))
        body = api(client, url)
        assert body
        answered.add(kind)

    assert len(paths) == 14
    assert answered == {"agreements", "programs", "events", "people", "organizations", "topics", "sources"}


def test_the_api_root_links_every_list(client):
    body = api(client, reverse("api:api-root"))

    assert set(body) == {"agreements", "programs", "events", "people", "organizations", "topics", "sources"}
    assert body["agreements"] == "http://testserver/api/agreements/"


def test_the_documentation_page_lists_every_endpoint_and_its_filters_without_a_script(client, world):
    response = client.get(reverse("api:docs"))
    content = response.content.decode()

    assert response.status_code == 200
    for path in schema(client)["paths"]:
        assert f"GET {path}" in content
    assert "<code>signed_after</code>" in content
    assert "<script" not in content


def test_the_interactive_explorer_loads_its_scripts_from_this_site(client):
    content = client.get(reverse("api:explorer")).content.decode()

    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in content
    assert "cdn" not in content.lower()
    assert "https://" not in content


def test_the_footer_links_the_api_documentation(client):
    assert f'href="{reverse("api:docs")}"' in client.get(reverse("home")).content.decode()


def test_only_json_and_the_browsable_pages_are_offered(client):
    assert client.get("/api/agreements/")["Content-Type"] == "application/json"
    assert client.get("/api/agreements/", HTTP_ACCEPT="text/html")["Content-Type"].startswith("text/html")
    assert client.get("/api/agreements/", HTTP_ACCEPT="application/xml").status_code == 406
    assert client.get("/api/agreements.json", HTTP_ACCEPT="text/html")["Content-Type"] == "application/json"
    assert client.get("/api/agreements/?format=json", HTTP_ACCEPT="text/html")["Content-Type"] == "application/json"
    assert client.get("/api/agreements/?format=api")["Content-Type"].startswith("text/html")


# The same filters as the HTML lists.


@pytest.mark.parametrize(
    ("kind", "query", "expected"),
    [
        ("agreements", "", ["cmaa", "older-mou"]),
        ("agreements", "topic=border-security&country=SV", ["cmaa"]),
        ("agreements", "topic=security", ["cmaa"]),
        ("agreements", "country=gt", ["older-mou"]),
        ("agreements", "party=cbp&party=sat&sort=oldest", ["older-mou", "cmaa"]),
        ("agreements", "signatory=troy-miller&lifecycle=in_force", ["cmaa"]),
        ("agreements", "signed_after=2024-10&kind=cmaa", ["cmaa"]),
        ("agreements", "q=agreement&sort=title", None),
        ("programs", "", ["course", "seminar"]),
        ("programs", "participant_country=GT", ["course"]),
        ("programs", "country=GT&kind=seminar", ["seminar"]),
        ("programs", "instructor=cbp&topic=security", ["course"]),
        ("programs", "host=dgme", ["seminar"]),
        ("events", "", ["meeting", "visit", "orphan"]),
        ("events", "country=SV&after=2024-10-08", ["meeting", "visit"]),
        ("events", "participant=troy-miller", ["visit"]),
        ("events", "organization=cbp&topic=border-security", ["visit"]),
        ("events", "before=2023&sort=oldest", ["orphan"]),
        ("people", "", None),
        ("people", "organization=cbp&current=1", ["troy-miller"]),
        ("people", "country=SV&sort=title", ["ada-rivas"]),
        ("organizations", "country=US&sort=title", ["cbp", "dhs"]),
        ("organizations", "parent=dhs", ["cbp"]),
        ("organizations", "kind=agency&q=border", ["cbp"]),
    ],
)
def test_api_lists_give_exactly_the_records_of_the_html_list(client, world, kind, query, expected):
    from_api = api_slugs(client, f"/api/{kind}/?{query}")
    from_page = html_slugs(client, f"{LISTS[kind]}?{query}")

    assert from_api == from_page
    assert from_api
    if expected is not None:
        assert from_api == expected


def test_the_readers_example_gives_the_same_agreements_on_the_api_and_the_page(client, dataset):
    query = "topic=border-security&country=SV"

    from_api = api_slugs(client, f"/api/agreements/?{query}")

    assert from_api
    assert from_api == html_slugs(client, f"{LISTS['agreements']}?{query}")


@pytest.mark.parametrize(
    ("kind", "query", "field"),
    [
        ("agreements", "topic=no-such-topic", "topic"),
        ("agreements", "country=XX", "country"),
        ("agreements", "party=draft-org", "party"),
        ("agreements", "signed_after=2024-02-30", "signed_after"),
        ("agreements", "status=alive", "status"),
        ("agreements", "binding=maybe", "binding"),
        ("agreements", "sort=random", "sort"),
        ("agreements", "sort=title&sort=oldest", "sort"),
        ("agreements", "q=border%00security", "q"),
        ("agreements", "topic=" + "x" * 10_000, "topic"),
        ("programs", "when=someday", "when"),
        ("programs", "kind=lecture", "kind"),
        ("events", "after=2024-13", "after"),
        ("events", "participant=draft-person", "participant"),
        ("people", "current=maybe", "current"),
        ("people", "organization=nobody", "organization"),
        ("organizations", "kind=club", "kind"),
    ],
)
def test_invalid_filters_answer_400_with_a_message_for_the_field(client, world, kind, query, field):
    body = api(client, f"/api/{kind}/?{query}", status=400)

    assert list(body) == [field]
    assert body[field][0]


def test_a_valid_filter_beside_an_invalid_one_is_not_applied_silently(client, world):
    body = api(client, "/api/agreements/?country=SV&signed_after=soon", status=400)

    assert "results" not in body


# Pagination.


def test_lists_come_fifty_a_page_and_up_to_two_hundred_on_request(client):
    factories.OrganizationFactory.create_batch(210)

    assert len(api(client, "/api/organizations/")["results"]) == 50
    assert len(api(client, "/api/organizations/?page_size=120")["results"]) == 120
    body = api(client, "/api/organizations/?page_size=200")
    assert len(body["results"]) == 200
    assert body["count"] == 210
    assert "cursor=" in body["next"]
    assert len(api(client, "/api/organizations/?page=5")["results"]) == 10


@pytest.mark.parametrize("size", ["0", "201", "1000", "null", "abc", "", "1.5", "-1", "+5", "٣"])
def test_a_page_size_that_is_not_a_number_from_1_to_200_answers_400(client, size):
    """DRF's pagination would silently give the default or the largest page: the schema says 1 to 200."""
    body = api(client, f"/api/organizations/?page_size={size}", status=400)

    assert list(body) == ["page_size"]
    assert "200" in body["page_size"][0]


def test_a_page_size_pages_by_cursor_too(client):
    factories.OrganizationFactory.create_batch(3)
    cursor = api(client, "/api/organizations/?page_size=1")["next"].split("cursor=")[1].split("&")[0]

    assert len(api(client, f"/api/organizations/?page_size=2&cursor={cursor}")["results"]) == 2
    api(client, f"/api/organizations/?page_size=0&cursor={cursor}", status=400)


def follow(client, url):
    """The slugs of every page from `url` on, following `next`, and the number of pages."""
    slugs, pages = [], 0
    while url:
        body = api(client, url)
        slugs += [item["slug"] for item in body["results"]]
        url, pages = body["next"], pages + 1
    return slugs, pages


@pytest.mark.parametrize("sort", ["newest", "oldest", "title", "updated", "in_force"])
def test_following_next_gives_every_record_once_in_the_lists_order(client, sort):
    # Many agreements share a date, a title or both: the order's last term, the key, tells them apart.
    for number in range(23):
        factories.AgreementFactory(
            slug=f"a-{number:02}",
            title=f"Agreement {number % 4}",
            signed_on=["2024", ""][number % 2],
            in_force_on=["2025", ""][number % 3 % 2],
        )

    slugs, pages = follow(client, f"/api/agreements/?sort={sort}&page_size=5")

    listed = [item["slug"] for item in api(client, f"/api/agreements/?sort={sort}&page_size=200")["results"]]
    assert slugs == listed
    assert sorted(slugs) == [f"a-{number:02}" for number in range(23)]
    assert pages == 5


def test_a_cursor_keeps_the_filters_and_the_page_size(client):
    for number in range(6):
        factories.AgreementFactory(slug=f"cmaa-{number}", kind="cmaa")
    factories.AgreementFactory(slug="mou", kind="mou")

    first = api(client, "/api/agreements/?kind=cmaa&page_size=4")
    second = api(client, first["next"])

    whole = api(client, "/api/agreements/?kind=cmaa&page_size=200")["results"]
    assert "kind=cmaa" in first["next"]
    assert len(first["results"]) == 4
    assert [item["slug"] for item in first["results"] + second["results"]] == [item["slug"] for item in whole]
    assert second["count"] == 6
    assert second["next"] is None
    assert second["previous"] is None


@pytest.mark.parametrize("size", [2, 20])
def test_a_deep_cursor_page_runs_as_many_queries_as_the_first(
    client, django_assert_num_queries, django_assert_max_num_queries, size
):
    factories.OrganizationFactory.create_batch(45)
    with django_assert_max_num_queries(10) as first_queries:
        first = api(client, f"/api/organizations/?page_size={size}")
    # Read now: each request empties the connection's log of queries.
    queries = len(first_queries)
    url, deep = first["next"], None
    while url:
        deep, url = url, api(client, url)["next"]

    with django_assert_num_queries(queries):
        api(client, deep)


def test_a_cursor_the_api_did_not_give_answers_404_in_json(client):
    factories.AgreementFactory.create_batch(3)
    given = api(client, "/api/agreements/?page_size=1")["next"]
    cursor = given.split("cursor=")[1].split("&")[0]

    for url in [
        "/api/agreements/?cursor=nonsense",
        f"/api/agreements/?cursor={cursor[:-3]}abc",
        f"/api/agreements/?sort=title&cursor={cursor}",
        f"/api/programs/?cursor={cursor}",
    ]:
        assert "detail" in api(client, url, status=404), url


@pytest.mark.parametrize("page", ["2", "0", "-1", "last", "last-but-one", "", "9" * 30])
def test_a_page_that_does_not_exist_answers_404_in_json(client, world, page):
    body = api(client, f"/api/agreements/?page={page}", status=404)

    assert "detail" in body


@pytest.mark.parametrize("path", ["agreements", "programs", "events", "people", "organizations", "topics"])
def test_an_unknown_slug_answers_404_in_json(client, path):
    api(client, f"/api/{path}/no-such-record/", status=404)


def test_an_unknown_source_answers_404_in_json(client):
    api(client, "/api/sources/999999/", status=404)


@pytest.mark.parametrize("path", ["/api/sources/2.5e-16/", "/api/agreements/a.b-c/", "/api/nothing/", "/api/a//b/"])
def test_an_api_address_no_route_matches_answers_404_in_json(client, path):
    assert api(client, path, status=404)["detail"]


@pytest.mark.parametrize("path", ["agreements", "programs", "events", "people", "organizations", "topics", "sources"])
@pytest.mark.parametrize("lookup", ["%00", "a%00b", "%ED%A0%80", "%C3%B1and%C3%BA", "a%20b"])
def test_a_detail_address_with_what_no_slug_or_id_holds_is_not_found_without_a_query(
    client, path, lookup, django_assert_num_queries
):
    with django_assert_num_queries(0):
        assert client.get(f"/api/{path}/{lookup}/").status_code == 404


def test_a_source_id_beyond_the_databases_integers_is_not_found(client):
    api(client, f"/api/sources/{'9' * 30}/", status=404)


# Only published records, and only their published related records.

RECORD_FACTORIES = {
    "agreements": factories.AgreementFactory,
    "programs": factories.TrainingProgramFactory,
    "events": factories.EventFactory,
    "people": factories.PersonFactory,
    "organizations": factories.OrganizationFactory,
    "topics": factories.TopicFactory,
}


@pytest.mark.parametrize("status", [DRAFT, REVIEW])
@pytest.mark.parametrize("kind", list(RECORD_FACTORIES))
def test_an_unpublished_record_is_absent_from_its_list_and_its_detail_is_404(client, kind, status):
    published = RECORD_FACTORIES[kind](slug="published-one")
    RECORD_FACTORIES[kind](slug="hidden-one", publication_status=status)

    assert api_slugs(client, f"/api/{kind}/") == [published.slug]
    api(client, f"/api/{kind}/hidden-one/", status=404)
    api(client, f"/api/{kind}/published-one/")


@pytest.mark.parametrize("status", [DRAFT, REVIEW])
def test_a_source_cited_only_by_unpublished_records_is_not_listed(client, status):
    hidden = factories.SourceFactory()
    factories.AgreementFactory(publication_status=status, sources=[hidden])
    shown = factories.SourceFactory()
    factories.EventFactory(sources=[shown])
    factories.SourceFactory()

    assert [item["id"] for item in api(client, "/api/sources/")["results"]] == [shown.pk]
    api(client, f"/api/sources/{hidden.pk}/", status=404)


def test_a_source_lists_the_published_records_that_cite_it(client, world):
    source = factories.SourceFactory()
    factories.AgreementFactory(slug="citing", sources=[source])
    factories.AgreementFactory(slug="draft-citing", publication_status=DRAFT, sources=[source])
    factories.PersonFactory(slug="citing-person", sources=[source])

    body = api(client, f"/api/sources/{source.pk}/")

    assert {(item["type"], item["slug"]) for item in body["cited_by"]} == {
        ("agreement", "citing"),
        ("person", "citing-person"),
    }


@pytest.mark.parametrize("kind", ["agreements", "programs", "events", "people", "organizations", "topics"])
def test_no_draft_related_record_appears_in_a_published_records_list_item_or_detail(client, world, kind):
    listed = json.dumps(api(client, f"/api/{kind}/?page_size=200"))
    detail = json.dumps(api(client, f"/api/{kind}/{world[kind].slug}/"))

    for text in (listed, detail):
        for hidden in (
            "draft-topic",
            "draft-org",
            "draft-person",
            "draft-meeting",
            "draft-parent-event",
            "draft-agreement",
            "draft-program",
            "Secret post",
            "Hidden officer",
        ):
            assert hidden not in text


def test_an_agreement_gives_its_published_parties_signatories_relations_topics_and_citations(client, world):
    body = api(client, "/api/agreements/cmaa/")

    assert [topic["slug"] for topic in body["topics"]] == ["border-security"]
    assert {(row["organization"]["slug"], row["role"]) for row in body["parties"]} == {
        ("cbp", "party"),
        ("dgme", "party"),
    }
    assert {country["code"] for country in body["countries"]} == {"SV", "US"}
    assert [
        (row["person"] and row["person"]["slug"], row["name"], row["on_behalf_of"]["slug"], row["title_at_signing"])
        for row in body["signatories"]
    ] == [
        ("troy-miller", "Troy A. Miller", "cbp", "Acting Commissioner"),
        (None, "A named signer", "dgme", "Acting Commissioner"),
    ]
    assert body["signatories"][0]["person"]["html_url"] == "http://testserver/people/troy-miller/"
    assert body["related_agreements"] == [
        {
            "kind": "succeeds",
            "direction": "outgoing",
            "label": "succeeds",
            "agreement": body["related_agreements"][0]["agreement"],
        }
    ]
    assert body["related_agreements"][0]["agreement"]["slug"] == "older-mou"
    assert body["signed_at"]["slug"] == "visit"
    assert body["signed_on"] == "2024-10-08"
    assert body["in_force_on"] is None
    assert body["citations"][0]["source"]["document_url"].startswith("https://www.cbp.gov/")
    assert body["url"] == "http://testserver/api/agreements/cmaa/"
    assert body["html_url"] == "http://testserver/agreements/cmaa/"


def test_the_older_agreement_shows_the_relation_from_the_other_side(client, world):
    body = api(client, "/api/agreements/older-mou/")

    assert [(row["direction"], row["label"], row["agreement"]["slug"]) for row in body["related_agreements"]] == [
        ("incoming", "succeeded by", "cmaa")
    ]


def test_an_event_gives_its_sub_events_participants_with_their_post_then_and_what_happened(client, world):
    body = api(client, "/api/events/visit/")

    assert [event["slug"] for event in body["sub_events"]] == ["meeting"]
    assert [person["slug"] for person in body["participants"]] == ["troy-miller"]
    assert body["participants"][0]["post_then"]["title"] == "Acting Commissioner"
    assert [organization["slug"] for organization in body["organizations"]] == ["cbp"]
    assert [agreement["slug"] for agreement in body["agreements_signed"]] == ["cmaa"]
    assert [program["slug"] for program in body["programs"]] == ["course"]
    assert (body["start"], body["end"]) == ("2024-10-07", "2024-10-09")


def test_a_draft_parent_or_host_is_null(client, world):
    assert api(client, "/api/events/orphan/")["parent"] is None
    assert api(client, "/api/programs/course/")["host"] is None
    assert api(client, "/api/events/meeting/")["parent"]["slug"] == "visit"


def test_a_person_gives_published_posts_signatures_and_events(client, world):
    body = api(client, "/api/people/troy-miller/")

    assert [(post["title"], post["organization"]["slug"], post["current"]) for post in body["positions"]] == [
        ("Acting Commissioner", "cbp", True)
    ]
    assert [signature["agreement"]["slug"] for signature in body["signatures"]] == ["cmaa"]
    assert [event["slug"] for event in body["events"]] == ["visit"]


def test_an_organization_gives_its_units_people_agreements_programs_and_events(client, world):
    cbp = api(client, "/api/organizations/cbp/")
    dhs = api(client, "/api/organizations/dhs/")

    assert cbp["parent"]["slug"] == "dhs"
    assert [unit["slug"] for unit in dhs["units"]] == ["cbp"]
    assert [(row["person"]["slug"], row["title"]) for row in cbp["people"]] == [("troy-miller", "Acting Commissioner")]
    assert [(row["agreement"]["slug"], row["role"]) for row in cbp["agreements"]] == [("cmaa", "party")]
    assert [program["slug"] for program in cbp["instructed_programs"]] == ["course"]
    assert [event["slug"] for event in cbp["events"]] == ["visit"]


def test_a_topic_gives_its_published_subtopics_and_links_to_its_filtered_lists(client, world):
    body = api(client, "/api/topics/security/")

    assert [topic["slug"] for topic in body["subtopics"]] == ["border-security"]
    assert api_slugs(client, body["records"]["agreements"]) == ["cmaa"]


# Throttling.


def test_anonymous_clients_past_the_rate_get_429(client, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "2/minute"}}
    cache.clear()

    assert client.get("/api/topics/").status_code == 200
    assert client.get("/api/agreements/").status_code == 200
    response = client.get("/api/topics/")

    assert response.status_code == 429
    assert "detail" in response.json()
    assert int(response["Retry-After"]) > 0
    cache.clear()


ATTACKER = "203.0.113.66"
VICTIM = "198.51.100.7"


@pytest.fixture
def api_rate(settings):
    """Three requests a minute per client for the API."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"}}
    settings.TRUSTED_PROXIES = 0


def requests(client, times, **request_options):
    """The statuses of `times` requests to a list of the API."""
    return [client.get("/api/topics/", **request_options).status_code for _ in range(times)]


@pytest.mark.parametrize("spoofed", ["10.1.2.{n}", "10.1.2.{n}, 10.4.5.{n}"])
def test_a_spoofed_forwarded_for_does_not_escape_the_api_rate_when_no_proxy_is_trusted(client, api_rate, spoofed):
    statuses = [
        client.get("/api/topics/", REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=spoofed.format(n=n)).status_code
        for n in range(4)
    ]

    assert statuses == [200, 200, 200, 429]


def test_a_spoofed_forwarded_for_does_not_use_up_the_api_rate_of_the_address_it_names(client, api_rate):
    assert requests(client, 4, REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=VICTIM)[-1] == 429

    assert requests(client, 3, REMOTE_ADDR=VICTIM) == [200, 200, 200]


def test_behind_a_trusted_proxy_the_api_rate_counts_the_address_it_saw(client, api_rate, settings):
    settings.TRUSTED_PROXIES = 1
    proxy = "10.0.0.1"
    # The client may write anything left of the address the proxy appends: it neither escapes nor redirects the rate.
    statuses = [
        client.get("/api/topics/", REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=f"{written}, {ATTACKER}").status_code
        for written in ["192.0.2.1", VICTIM, "not an address", "192.0.2.4"]
    ]

    assert statuses == [200, 200, 200, 429]
    # Another reader behind the same proxy is another client.
    assert requests(client, 3, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=VICTIM) == [200, 200, 200]


def test_the_api_rate_is_counted_in_the_cache_every_process_shares(client, api_rate, shared_cache):
    assert requests(client, 4) == [200, 200, 200, 429]

    # The count lives in the cache's files: emptied through another connection to them, as another process would.
    FileBasedCache(str(shared_cache), {}).clear()

    assert requests(client, 1) == [200]


# Queries: constant per list, whatever the number of records and relations.

LIST_QUERY_BUDGETS = {
    "agreements": 4,
    "programs": 4,
    "events": 3,
    "people": 3,
    "organizations": 2,
    "topics": 2,
    "sources": 2,
}


def more_of_everything(how_many):
    """`how_many` more records of each type with their relations; {kind: {slug: {field: slugs}}}, the relations
    each record built gives in a list."""
    topic = factories.TopicFactory()
    related = {kind: {} for kind in LIST_QUERY_BUDGETS}
    for _ in range(how_many):
        organization = factories.OrganizationFactory(parent=factories.OrganizationFactory())
        person = factories.PersonFactory()
        factories.PositionFactory(person=person, organization=organization)
        agreement = factories.AgreementFactory()
        agreement.topics.add(topic)
        factories.AgreementPartyFactory(agreement=agreement, organization=organization)
        program = factories.TrainingProgramFactory()
        program.topics.add(topic)
        program.instructors.add(organization)
        event = factories.EventFactory(parent=factories.EventFactory())
        event.topics.add(topic)
        related["organizations"][organization.slug] = {"parent": [organization.parent.slug]}
        related["people"][person.slug] = {"current_posts": [organization.slug]}
        related["agreements"][agreement.slug] = {"topics": [topic.slug], "parties": [organization.slug]}
        related["programs"][program.slug] = {
            "host": [program.host.slug],
            "instructors": [organization.slug],
            "topics": [topic.slug],
        }
        related["events"][event.slug] = {"parent": [event.parent.slug], "topics": [topic.slug]}
    return related


def slugs_of(value):
    """The slugs of the records a field of an API answer refers to: one record, none, or a list (of posts too)."""
    if value is None:
        return []
    if isinstance(value, dict):
        return [value["slug"]]
    return [item["organization"]["slug"] if "organization" in item else item["slug"] for item in value]


def queries(url, client):
    with CaptureQueriesContext(connection) as context:
        api(client, url)
    return len(context.captured_queries)


@pytest.mark.parametrize(("kind", "budget"), LIST_QUERY_BUDGETS.items())
def test_a_list_runs_the_same_few_queries_whatever_its_length(client, kind, budget, get_within_budget):
    related = more_of_everything(2)
    few = queries(f"/api/{kind}/", client)
    related = more_of_everything(12)

    body = get_within_budget(f"/api/{kind}/", budget, HTTP_ACCEPT="application/json").json()

    assert queries(f"/api/{kind}/", client) == few
    shown = {item["slug"]: item for item in body["results"] if item.get("slug") in related[kind]}
    if body["next"] is None:
        assert shown.keys() == related[kind].keys()
    else:
        assert shown or not related[kind]
    for slug, item in shown.items():
        assert {field: slugs_of(item[field]) for field in related[kind][slug]} == related[kind][slug], slug


def test_a_filtered_list_adds_only_the_lookup_of_the_topics_given_and_the_topic_tree(world, get_within_budget):
    url = "/api/agreements/?topic=border-security&country=SV&sort=title"

    body = get_within_budget(url, LIST_QUERY_BUDGETS["agreements"] + 2, HTTP_ACCEPT="application/json").json()

    (cmaa,) = body["results"]
    assert [topic["slug"] for topic in cmaa["topics"]] == ["border-security"]
    assert {party["slug"] for party in cmaa["parties"]} == {"cbp", "dgme"}


DETAIL_QUERY_BUDGETS = {
    "agreements": 10,
    "programs": 9,
    "events": 13,
    "people": 8,
    "organizations": 9,
    "topics": 2,
    "sources": 6,
}


# The relations of each world record that its detail gives (each must not be empty).
DETAIL_RELATIONS = {
    "agreements": ["topics", "parties", "countries", "signatories", "related_agreements", "signed_at", "citations"],
    "programs": ["instructors", "topics", "participant_countries", "events", "citations"],
    "events": ["topics", "sub_events", "participants", "organizations", "agreements_signed", "programs", "citations"],
    "people": ["positions", "signatures", "events", "citations"],
    "organizations": ["parent", "people", "agreements", "instructed_programs", "events", "citations"],
    "topics": ["parent", "subtopics"],
    "sources": ["cited_by"],
}


@pytest.mark.parametrize(("kind", "budget"), DETAIL_QUERY_BUDGETS.items())
def test_a_detail_runs_a_fixed_number_of_queries_whatever_its_relations(world, kind, budget, get_within_budget):
    record = world[kind]
    url = f"/api/{kind}/{getattr(record, 'slug', record.pk)}/"
    more_of_everything(3)
    if isinstance(record, Record):
        for _ in range(5):
            record.citations.create(source=factories.SourceFactory(), excerpt="A passage.")
    subtopics = factories.TopicFactory.create_batch(3, parent=world["topics"])
    citing = factories.AgreementFactory.create_batch(3, sources=[world["sources"]])

    body = get_within_budget(url, budget, HTTP_ACCEPT="application/json").json()

    assert all(body[field] for field in DETAIL_RELATIONS[kind]), [
        field for field in DETAIL_RELATIONS[kind] if not body[field]
    ]
    if isinstance(record, Record):
        assert len(body["citations"]) == 6
    if kind == "topics":
        assert {topic["slug"] for topic in body["subtopics"]} == {topic.slug for topic in subtopics}
    if kind == "sources":
        assert {agreement.slug for agreement in citing} < {cited["slug"] for cited in body["cited_by"]}
