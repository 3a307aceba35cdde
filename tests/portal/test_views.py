"""Site-wide pages: home, search, about, country pages, the error pages and the design they share."""

import json

import pytest
from django.conf import settings
from django.template.loader import render_to_string

from agreements.models import Agreement, Event, ParticipantCountry, Topic, TrainingProgram
from people.models import Organization, Person
from portal import views
from records.models import Citation, PublicationStatus
from tests import factories
from tests.helpers import assert_links_to, page_text

pytestmark = pytest.mark.django_db

DRAFT = PublicationStatus.DRAFT
IN_REVIEW = PublicationStatus.IN_REVIEW

SITE_PAGES = [
    "/",
    "/search/",
    "/search/?q=customs",
    "/search/?q=CBP",
    "/about/",
    "/topics/",
    "/topics/border-security/",
    "/countries/SV/",
    "/countries/us/",
]


# Every page answers


@pytest.mark.parametrize("url", SITE_PAGES)
def test_site_page_answers_with_the_dataset_loaded(client, dataset, url):
    assert client.get(url).status_code == 200


def test_every_published_record_page_answers_with_the_dataset_loaded(client, dataset):
    models = [Agreement, TrainingProgram, Event, Person, Organization, Topic]
    records = [record for model in models for record in model.objects.published()]
    assert len(records) > 100
    for record in records:
        assert client.get(record.get_absolute_url()).status_code == 200, record.get_absolute_url()


def test_a_reader_can_go_from_the_home_page_to_troy_millers_visit(client, dataset):
    assert 'href="/topics/border-security/"' in page_text(client, "/")
    cmaa = Agreement.objects.get(slug="us-el-salvador-cmaa")
    assert cmaa.get_absolute_url() in page_text(client, "/topics/border-security/")
    assert 'href="/people/troy-miller/"' in page_text(client, cmaa.get_absolute_url())
    assert 'href="/events/miller-visit-el-salvador-2024/"' in page_text(client, "/people/troy-miller/")
    visit = page_text(client, "/events/miller-visit-el-salvador-2024/")
    assert "October 2024" in visit
    assert "Troy A. Miller</a>, Acting Commissioner" in visit


@pytest.mark.parametrize("url", SITE_PAGES)
def test_site_page_answers_with_factory_records(client, url):
    border = factories.TopicFactory(name="Border security", slug="border-security")
    agreement = factories.AgreementFactory(title="Customs agreement")
    agreement.topics.add(border)
    factories.AgreementPartyFactory(agreement=agreement, organization=factories.OrganizationFactory(country="SV"))
    factories.EventFactory(country="SV").topics.add(border)
    factories.TrainingProgramFactory()
    factories.PositionFactory(organization=factories.OrganizationFactory(acronym="CBP"))
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", SITE_PAGES)
def test_site_page_answers_on_an_empty_database(client, url):
    response = client.get(url)
    assert response.status_code == (404 if url == "/topics/border-security/" else 200)


# The design every page shares


def test_pages_have_a_skip_link_landmarks_a_labelled_search_and_language_links(client):
    html = page_text(client, "/about/")
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert "<header" in html
    assert "<footer" in html
    assert '<nav class="site-nav" aria-label="Main">' in html
    assert '<label for="site-search-q"' in html
    assert '<nav class="language-switch" aria-label="Language">' in html
    assert '<a href="/es/acerca-de/" lang="es" hreflang="es">Español</a>' in html
    assert 'href="/static/css/pacta.css"' in html
    assert "https://" not in html.split("</head>")[0]


def test_the_old_language_form_leads_to_the_page_in_that_language_and_remembers_nothing(client):
    response = client.get("/language/", {"language": "es", "next": "/agreements/?kind=cmaa"})
    assert response.status_code == 302
    assert response["Location"] == "/es/acuerdos/?kind=cmaa"
    assert "django_language" not in response.cookies
    assert "no-store" in response["Cache-Control"]
    assert '<html lang="en">' in client.get("/about/").content.decode()


@pytest.mark.parametrize("language", ["fr", "", "es-xx"])
def test_the_old_language_form_ignores_a_language_the_site_does_not_offer(client, language):
    response = client.get("/language/", {"language": language, "next": "/about/"})
    assert response.status_code == 302
    assert response["Location"] == "/about/"


@pytest.mark.parametrize("next_url", ["https://elsewhere.example/", "//elsewhere.example/", ""])
def test_the_old_language_form_never_leads_to_another_site(client, next_url):
    response = client.get("/language/", {"language": "es", "next": next_url})
    assert response["Location"] == "/es/"


def test_the_current_section_is_marked_in_the_main_navigation(client):
    assert 'href="/about/" aria-current="page">About' in page_text(client, "/about/")
    assert 'href="/topics/" aria-current="page">Topics' in page_text(client, "/topics/")


def test_unknown_address_gives_the_404_page_in_the_site_design(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert '<main id="main"' in html
    assert 'role="search"' in html


def test_the_500_page_renders_without_a_request_or_any_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = render_to_string("500.html")
    assert "Something went wrong" in html
    assert "pacta.css" in html


def test_a_server_error_shows_the_500_page(client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "render", broken)
    client.raise_request_exception = False
    response = client.get("/about/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


# Home


def test_home_shows_latest_published_agreements_events_programs_and_counts(client):
    factories.AgreementFactory(title="Published agreement")
    factories.AgreementFactory(title="Draft agreement", publication_status=DRAFT)
    visit = factories.EventFactory(title="Official visit")
    factories.EventFactory(title="Meeting during the visit", parent=visit)
    factories.EventFactory(title="Draft event", publication_status=IN_REVIEW)
    factories.TrainingProgramFactory(title="Published course")
    factories.TrainingProgramFactory(title="Draft course", publication_status=DRAFT)
    html = page_text(client, "/")
    for shown in ("Published agreement", "Official visit", "Published course"):
        assert shown in html
    for hidden in ("Draft agreement", "Draft event", "Draft course", "Meeting during the visit"):
        assert hidden not in html
    assert '<a href="/agreements/"><strong>1</strong> Agreements</a>' in html
    assert '<a href="/events/"><strong>2</strong> Events</a>' in html
    assert 'role="search"' in html


def test_home_lists_topics_with_counts_and_leaves_out_draft_topics(client):
    security = factories.TopicFactory(name="Security")
    border = factories.TopicFactory(name="Border security", parent=security)
    factories.AgreementFactory().topics.add(border)
    factories.EventFactory().topics.add(security, border)
    factories.AgreementFactory().topics.add(factories.TopicFactory(name="Hidden topic", publication_status=DRAFT))
    html = page_text(client, "/")
    assert f'<a href="{security.get_absolute_url()}">Security</a> <span class="count">2</span>' in html
    assert f'<a href="{border.get_absolute_url()}">Border security</a> <span class="count">2</span>' in html
    assert "Hidden topic" not in html


# Search


def test_search_finds_an_organization_by_its_acronym(client):
    factories.OrganizationFactory(name="Dirección General de Migración y Extranjería", acronym="DGME")
    html = page_text(client, "/search/?q=dgme")
    assert "Dirección General de Migración y Extranjería" in html
    assert "1 record matches" in html


def test_search_finds_records_by_words_of_their_summary_and_description(client):
    factories.AgreementFactory(title="CMAA", summary="The customs administrations will exchange information.")
    factories.EventFactory(title="Visit", summary="He met the economic cabinet.")
    factories.TrainingProgramFactory(title="Course", description="Arson investigation for firefighters.")
    factories.PersonFactory(name="Someone", bio="Led the economic team of the cabinet.")
    assert "CMAA" in page_text(client, "/search/?q=Customs+exchange")
    html = page_text(client, "/search/?q=economic+cabinet")
    assert "Visit" in html
    assert "Someone" in html
    assert "Course" in page_text(client, "/search/?q=arson")


def test_search_groups_results_by_type_and_links_each_group_to_its_filtered_list(client):
    factories.AgreementFactory(title="Border agreement")
    factories.EventFactory(title="Border visit")
    html = page_text(client, "/search/?q=border")
    assert html.index('id="group-agreement-list"') < html.index('id="group-event-list"')
    assert 'href="/agreements/?q=border"' in html
    assert 'href="/events/?q=border"' in html


def test_search_opens_with_jump_links_and_shows_the_first_records_of_each_type(client):
    for number in range(views.SEARCH_GROUP_SIZE + 2):
        factories.AgreementFactory(title=f"Border agreement {number}")
    factories.EventFactory(title="Border visit")

    html = page_text(client, "/search/?q=border")

    summary = html[html.index('id="groups-summary"') : html.index("</nav>", html.index('id="groups-summary"'))]
    assert '<a href="#group-agreement-list"><strong>7</strong> Agreements</a>' in summary
    assert '<a href="#group-event-list"><strong>1</strong> Events</a>' in summary
    agreements = html[html.index('id="group-agreement-list"') : html.index('id="group-event-list"')]
    assert agreements.count('class="card card--agreement"') == views.SEARCH_GROUP_SIZE
    assert '<a href="/agreements/?q=border">See all 7 agreements</a>' in agreements


@pytest.mark.parametrize("status", [DRAFT, IN_REVIEW])
def test_search_never_shows_unpublished_records(client, status):
    factories.AgreementFactory(title="Unpublished customs agreement", publication_status=status)
    factories.OrganizationFactory(name="Unpublished agency", acronym="UNPUB", publication_status=status)
    factories.PersonFactory(name="Unpublished customs official", publication_status=status)
    html = page_text(client, "/search/?q=unpublished")
    assert "Unpublished" not in html.split('id="main"')[1].split("</form>")[1]
    assert "Nothing matches" in html


def test_search_results_never_show_a_draft_topic(client):
    agreement = factories.AgreementFactory(title="Customs agreement")
    agreement.topics.add(factories.TopicFactory(name="Secret topic", publication_status=DRAFT))
    assert "Secret topic" not in page_text(client, "/search/?q=customs")


def test_empty_search_shows_help_instead_of_results(client):
    factories.AgreementFactory()
    html = page_text(client, "/search/?q=+++")
    assert "What are you looking for?" in html
    assert "record matches" not in html


def test_search_with_no_match_says_so(client):
    assert "Nothing matches “zzzz”" in page_text(client, "/search/?q=zzzz")


def test_a_10_kb_search_is_cut_and_explained_not_an_error(client):
    factories.AgreementFactory(title="Customs agreement")
    html = page_text(client, "/search/?q=customs+" + "x" * 10_000)
    assert "only its beginning was searched for" in html
    assert "x" * (views.MAX_QUERY_LENGTH + 1) not in html


def test_a_nul_byte_in_a_search_is_removed_and_explained(client):
    factories.AgreementFactory(title="Customs agreement")
    html = page_text(client, "/search/?q=cus%00toms")
    assert "Characters that cannot be searched for were removed" in html
    assert "Customs agreement" in html


def test_a_repeated_search_parameter_is_not_an_error(client):
    assert client.get("/search/?q=a&q=b").status_code == 200


# Country pages


def test_country_page_gathers_the_countrys_records(client):
    salvadoran = factories.OrganizationFactory(name="Dirección General de Aduanas", country="SV")
    factories.AgreementPartyFactory(
        organization=salvadoran, agreement=factories.AgreementFactory(title="Customs agreement")
    )
    factories.PersonFactory(name="Alexandra Hill", country="SV")
    factories.TrainingProgramFactory(title="Course held there", country="SV")
    abroad = factories.TrainingProgramFactory(title="Course taken part in", country="US")
    ParticipantCountry.objects.create(program=abroad, country="SV")
    factories.EventFactory(title="Visit to San Salvador", country="SV")
    factories.EventFactory(title="Meeting in Washington", country="US")
    html = page_text(client, "/countries/SV/")
    assert "<h1>El Salvador</h1>" in html
    for shown in (
        "Customs agreement",
        "Dirección General de Aduanas",
        "Alexandra Hill",
        "Course held there",
        "Course taken part in",
        "Visit to San Salvador",
    ):
        assert shown in html
    assert "Meeting in Washington" not in html
    assert 'href="/agreements/?country=SV"' in html


def test_country_code_is_case_insensitive(client):
    factories.OrganizationFactory(name="Policía Nacional Civil", country="SV")
    assert "Policía Nacional Civil" in page_text(client, "/countries/sv/")


def test_country_page_leaves_out_drafts_and_agreements_known_only_through_a_draft_party(client):
    hidden_party = factories.OrganizationFactory(name="Draft ministry", country="SV", publication_status=DRAFT)
    factories.AgreementPartyFactory(
        organization=hidden_party, agreement=factories.AgreementFactory(title="Via a draft party")
    )
    factories.PersonFactory(name="Draft official", country="SV", publication_status=DRAFT)
    factories.EventFactory(title="Draft visit", country="SV", publication_status=IN_REVIEW)
    html = page_text(client, "/countries/SV/")
    for hidden in ("Draft ministry", "Via a draft party", "Draft official", "Draft visit"):
        assert hidden not in html


@pytest.mark.parametrize("code", ["XX", "zz", "SVN", "1", "%00"])
def test_unknown_country_code_is_a_404_page(client, code):
    response = client.get(f"/countries/{code}/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


# Query budgets of the grouped pages


def records_in_el_salvador(n):
    """`n` records of each type in El Salvador on border security, with their relations, by type."""
    topic = factories.TopicFactory(slug="border-security")
    records = {"topics": [topic], "organizations": [], "agreements": [], "programs": [], "events": [], "people": []}
    for _ in range(n):
        organization = factories.OrganizationFactory(country="SV", acronym="CBP")
        agreement = factories.AgreementFactory(title="Customs agreement")
        other_topic = factories.TopicFactory()
        agreement.topics.add(topic, other_topic)
        factories.AgreementPartyFactory(agreement=agreement, organization=organization)
        program = factories.TrainingProgramFactory(title="Customs course", host=organization)
        program.topics.add(topic)
        program.instructors.add(organization)
        event = factories.EventFactory(title="Customs visit", country="SV")
        event.topics.add(topic)
        person = factories.PersonFactory(name="Customs officer", country="SV")
        factories.PositionFactory(person=person)
        records["topics"].append(other_topic)
        records["organizations"].append(organization)
        records["agreements"].append(agreement)
        records["programs"].append(program)
        records["events"].append(event)
        records["people"].append(person)
    return records


# What each page shows of the records built: those records and the ones their cards link to.
ALL_RECORDS = ["agreements", "programs", "events", "people", "organizations", "topics"]
CARDS = ["agreements", "programs", "events", "organizations", "topics"]


# The home, topic and country pages each count their agreements by year for their chart (records.charts): one query.
@pytest.mark.parametrize("n", [1, 5])
@pytest.mark.parametrize(
    ("url", "budget", "shown"),
    [
        ("/", 18, CARDS),
        ("/topics/", 4, ["topics"]),
        ("/topics/border-security/", 16, CARDS),
        ("/search/?q=customs", 15, ALL_RECORDS),
        ("/countries/SV/", 17, ALL_RECORDS),
    ],
)
def test_grouped_page_runs_a_fixed_number_of_queries(get_within_budget, n, url, budget, shown):
    records = records_in_el_salvador(n)

    html = get_within_budget(url, budget).content.decode()

    assert_links_to(html, *(record for kind in shown for record in records[kind]))


def test_about_page_states_how_many_citations_of_the_dataset_carry_their_passage(client, dataset):
    records = [
        record
        for name in ["organizations", "people", "programs", "events", "agreements"]
        for record in json.loads((settings.BASE_DIR / "dataset" / f"{name}.json").read_text(encoding="utf-8"))
    ]
    positions = [position for record in records for position in record.get("positions", [])]
    cited = [citation for row in records + positions for citation in row["citations"]]
    with_passage = sum(1 for citation in cited if citation["excerpt"])

    assert f"{with_passage} of {len(cited)} citations carry the passage they rely on" in page_text(client, "/about/")

    citation = Citation.objects.exclude(excerpt="").first()
    citation.excerpt = ""
    citation.save()
    assert f"{with_passage - 1} of {len(cited)} citations" in page_text(client, "/about/")


def test_about_page_counts_only_the_citations_of_published_records(client):
    factories.AgreementFactory().citations.update(excerpt="The United States signed a Customs Mutual Assistance")
    factories.EventFactory()
    factories.EventFactory(publication_status=PublicationStatus.DRAFT)

    expected = Citation.objects.published()
    assert expected.count() < Citation.objects.count()
    assert f"{expected.exclude(excerpt='').count()} of {expected.count()} citations carry the passage" in page_text(
        client, "/about/"
    )
