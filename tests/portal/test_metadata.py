"""Cite this record, schema.org JSON-LD, canonical and OpenGraph tags, sitemap.xml and robots.txt."""

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import latexcodec  # noqa: F401 - registers the "latex" codec that decodes BibTeX fields
import pytest
from django.utils import formats, timezone, translation
from pybtex.database import parse_string

from people.models import OrganizationKind
from records.models import PublicationStatus
from tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    EventFactory,
    OrganizationFactory,
    PersonFactory,
    PositionFactory,
    TopicFactory,
    TrainingProgramFactory,
)
from tests.helpers import assert_links_to

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
DRAFT, REVIEW, PUBLISHED = PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW, PublicationStatus.PUBLISHED


class Head(HTMLParser):
    """The page's <link rel=canonical>, <meta> tags, JSON-LD scripts and the citation textareas."""

    def __init__(self, html):
        super().__init__()
        self.canonical, self.meta, self.json_ld, self.textareas = [], {}, [], {}
        self._capture = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "canonical":
            self.canonical.append(attrs["href"])
        elif tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta[attrs.get("property") or attrs["name"]] = attrs.get("content")
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._capture = ("json_ld", [])
        elif tag == "textarea":
            self._capture = (attrs["id"], [])

    def handle_data(self, data):
        if self._capture:
            self._capture[1].append(data)

    def handle_endtag(self, tag):
        if self._capture and tag in ("script", "textarea"):
            name, parts = self._capture
            if name == "json_ld":
                self.json_ld.append(json.loads("".join(parts)))
            else:
                self.textareas[name] = "".join(parts)
            self._capture = None


def head(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return Head(response.content.decode())


def long_date(day):
    return formats.date_format(day, "DATE_FORMAT")


DETAIL_FACTORIES = {
    "agreement": lambda **kw: AgreementFactory(**kw),
    "program": lambda **kw: TrainingProgramFactory(**kw),
    "event": lambda **kw: EventFactory(**kw),
    "organization": lambda title, **kw: OrganizationFactory(name=title, **kw),
    "person": lambda title, **kw: PersonFactory(name=title, **kw),
    "topic": lambda title, **kw: TopicFactory(name=title, **kw),
}


def make(record_type, title="Customs Mutual Assistance Agreement", **kwargs):
    if record_type in ("organization", "person", "topic"):
        return DETAIL_FACTORIES[record_type](title, **kwargs)
    return DETAIL_FACTORIES[record_type](title=title, **kwargs)


# Citations


@pytest.mark.parametrize("kind", DETAIL_FACTORIES)
def test_every_detail_page_offers_a_citation_with_title_permanent_url_and_last_update(client, kind):
    record = make(kind)
    page = head(client, record.get_absolute_url())
    url = f"http://testserver{record.get_absolute_url()}"
    updated = long_date(timezone.localdate(record.updated_at))
    plain = page.textareas["cite-plain"]
    assert "Customs Mutual Assistance Agreement" in plain
    assert url in plain
    assert f"Last updated {updated}" in plain
    assert f"(accessed {long_date(timezone.localdate())})" in plain
    bibtex = page.textareas["cite-bibtex"]
    assert bibtex.startswith(f"@misc{{pacta-{record.slug},")
    assert url in bibtex


def test_the_citation_fields_are_labelled_and_work_without_script(client):
    html = client.get(AgreementFactory().get_absolute_url()).content.decode()
    assert '<label for="cite-plain">' in html
    assert '<label for="cite-bibtex">' in html
    assert 'id="cite-plain" readonly' in html
    # The copy buttons only appear once the script has checked that the clipboard can be written.
    assert 'data-copy="cite-plain" hidden' in html
    assert 'rel="bookmark"' in html


def test_the_bibtex_entry_parses_as_one_misc_entry_with_its_fields(client):
    agreement = AgreementFactory(title="Customs Mutual Assistance Agreement", slug="us-sv-cmaa")
    bibtex = head(client, agreement.get_absolute_url()).textareas["cite-bibtex"]
    entries = parse_string(bibtex, "bibtex").entries
    assert list(entries) == ["pacta-us-sv-cmaa"]
    entry = entries["pacta-us-sv-cmaa"]
    assert entry.type == "misc"
    assert entry.fields["title"] == "{Customs Mutual Assistance Agreement}"
    assert entry.fields["howpublished"] == r"\url{http://testserver/agreements/us-sv-cmaa/}"
    assert entry.fields["year"] == str(timezone.localdate(agreement.updated_at).year)
    assert entry.fields["urldate"] == timezone.localdate().isoformat()
    assert entry.fields["note"] == f"Last updated {long_date(timezone.localdate(agreement.updated_at))}"


def test_the_bibtex_entry_escapes_special_characters_and_keeps_its_braces_balanced(client):
    agreement = AgreementFactory(title=r"Trade & Customs: 100% {Joint} #1 $5_000 ~ ^ \ Cooperation")
    bibtex = head(client, agreement.get_absolute_url()).textareas["cite-bibtex"]
    # pybtex refuses an entry whose braces do not balance: an unescaped { in the title would end it here.
    entry = parse_string(bibtex, "bibtex").entries[f"pacta-{agreement.slug}"]
    raw = entry.fields["title"]
    for escaped in (r"\&", r"\%", r"\{Joint\}", r"\#", r"\$", r"\_", r"\textasciitilde{}", r"\textbackslash{}"):
        assert escaped in raw
    assert entry.fields["note"].startswith("Last updated")


def test_an_escaped_bibtex_title_decodes_back_to_the_title(client):
    title = "Trade & Customs: 100% of #1 tariff_codes, Cooperación"
    agreement = AgreementFactory(title=title)
    bibtex = head(client, agreement.get_absolute_url()).textareas["cite-bibtex"]
    raw = parse_string(bibtex, "bibtex").entries[f"pacta-{agreement.slug}"].fields["title"]
    assert raw[1:-1].encode().decode("latex+utf8") == title


def test_the_citation_shows_a_title_with_markup_as_text(client):
    agreement = AgreementFactory(title="<b>Bold</b> agreement")
    html = client.get(agreement.get_absolute_url()).content.decode()
    assert "<b>Bold</b>" not in html
    assert "“&lt;b&gt;Bold&lt;/b&gt; agreement.”" in html


# JSON-LD


@pytest.mark.parametrize(
    ("kind", "kwargs", "schema_type"),
    [
        ("agreement", {}, "Legislation"),
        ("program", {}, "Course"),
        ("event", {}, "Event"),
        ("person", {}, "Person"),
        ("organization", {"kind": OrganizationKind.AGENCY}, "GovernmentOrganization"),
        ("organization", {"kind": OrganizationKind.MINISTRY}, "GovernmentOrganization"),
        ("organization", {"kind": OrganizationKind.NGO}, "NGO"),
        ("organization", {"kind": OrganizationKind.INTERGOVERNMENTAL}, "Organization"),
        ("topic", {}, "DefinedTerm"),
    ],
)
def test_each_detail_page_describes_its_record_in_json_ld_with_the_right_type(client, kind, kwargs, schema_type):
    record = make(kind, **kwargs)
    (data,) = head(client, record.get_absolute_url()).json_ld
    url = f"http://testserver{record.get_absolute_url()}"
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == schema_type
    assert data["@id"] == data["url"] == url
    assert data["name"] == "Customs Mutual Assistance Agreement"
    assert data["dateModified"] == record.updated_at.isoformat()


@pytest.mark.parametrize(
    ("kind", "fields", "expected"),
    [
        ("event", {"start": "2024-10", "end": ""}, {"startDate": "2024-10"}),
        ("event", {"start": "2024-10-08", "end": "2024-10-09"}, {"startDate": "2024-10-08", "endDate": "2024-10-09"}),
        ("event", {"start": "2024", "end": "2025-03"}, {"startDate": "2024", "endDate": "2025-03"}),
        ("agreement", {"signed_on": "2005-06"}, {"legislationDate": "2005-06", "datePublished": "2005-06"}),
    ],
)
def test_json_ld_dates_keep_their_precision(client, kind, fields, expected):
    record = make(kind, **fields)
    (data,) = head(client, record.get_absolute_url()).json_ld
    for key, value in expected.items():
        assert data[key] == value
    if "endDate" not in expected:
        assert "endDate" not in data


def test_a_course_has_its_provider_and_an_instance_with_place_and_dates(client):
    instructor = OrganizationFactory(name="U.S. Customs and Border Protection")
    program = TrainingProgramFactory(start="2023", end="2023-11", location="San Salvador", audience="Border officers")
    program.instructors.add(instructor, OrganizationFactory(name="Draft trainer", publication_status=DRAFT))
    (data,) = head(client, program.get_absolute_url()).json_ld
    assert [provider["name"] for provider in data["provider"]] == ["U.S. Customs and Border Protection"]
    (instance,) = data["hasCourseInstance"]
    assert instance["@type"] == "CourseInstance"
    assert (instance["startDate"], instance["endDate"]) == ("2023", "2023-11")
    assert instance["location"]["name"] == "San Salvador"
    assert instance["location"]["address"]["addressCountry"] == "SV"
    assert instance["organizer"]["name"] == program.host.name
    assert data["audience"]["audienceType"] == "Border officers"
    assert data["citation"][0]["url"].startswith("https://www.cbp.gov/")


def test_json_ld_names_only_published_related_records(client):
    event = EventFactory(location="San Salvador")
    event.participants.add(
        PersonFactory(name="Public official"), PersonFactory(name="Hidden", publication_status=DRAFT)
    )
    event.organizations.add(
        OrganizationFactory(name="Public agency"), OrganizationFactory(name="Hidden", publication_status=REVIEW)
    )
    event.topics.add(TopicFactory(name="Border security"), TopicFactory(name="Hidden", publication_status=DRAFT))
    (data,) = head(client, event.get_absolute_url()).json_ld
    assert [person["name"] for person in data["attendee"]] == ["Public official"]
    assert [org["name"] for org in data["organizer"]] == ["Public agency"]
    assert [topic["name"] for topic in data["about"]] == ["Border security"]
    assert data["location"]["name"] == "San Salvador"
    assert "Hidden" not in json.dumps(data)


def test_an_agreement_names_its_published_parties_and_countries_and_whether_it_is_in_force(client):
    agreement = AgreementFactory(status="in_force", text_url="https://example.org/cmaa.pdf")
    AgreementPartyFactory(agreement=agreement, organization=OrganizationFactory(name="CBP", country="US"))
    AgreementPartyFactory(agreement=agreement, organization=OrganizationFactory(name="DGA", country="SV"))
    AgreementPartyFactory(
        agreement=agreement, organization=OrganizationFactory(name="Hidden", country="FR", publication_status=DRAFT)
    )
    (data,) = head(client, agreement.get_absolute_url()).json_ld
    assert [party["name"] for party in data["legislationPassedBy"]] == ["CBP", "DGA"]
    assert sorted(country["identifier"] for country in data["legislationJurisdiction"]) == ["SV", "US"]
    assert data["legislationLegalForce"] == "https://schema.org/InForce"
    assert data["sameAs"] == ["https://example.org/cmaa.pdf"]
    assert "Hidden" not in json.dumps(data)


def test_a_person_works_for_the_organizations_of_current_published_posts(client):
    person = PersonFactory()
    PositionFactory(person=person, title="Acting Commissioner", organization=OrganizationFactory(name="CBP"))
    PositionFactory(person=person, title="Former post", start="2015", end="2020", ended=True)
    (data,) = head(client, person.get_absolute_url()).json_ld
    assert data["jobTitle"] == ["Acting Commissioner"]
    assert [org["name"] for org in data["worksFor"]] == ["CBP"]
    assert data["nationality"]["identifier"] == "US"
    assert data["subjectOf"][0]["@type"] == "CreativeWork"


def test_json_ld_cannot_be_broken_out_of_by_a_title(client):
    title = "</script><script>alert(1)</script> & more"
    event = EventFactory(title=title)
    html = client.get(event.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    (data,) = Head(html).json_ld
    assert data["name"] == title


def test_detail_pages_with_metadata_run_no_more_queries_than_before(get_within_budget):
    event = EventFactory()
    related = [PersonFactory() for _ in range(3)] + [OrganizationFactory() for _ in range(3)]
    event.participants.add(*related[:3])
    event.organizations.add(*related[3:])
    # The budget pinned by the event page's own test: the metadata reads what the view prefetched.
    html = get_within_budget(event.get_absolute_url(), 15).content.decode()

    assert_links_to(html, *related)


# Canonical and OpenGraph


def public_urls():
    agreement, program, event = AgreementFactory(), TrainingProgramFactory(), EventFactory()
    person, organization, topic = PersonFactory(), OrganizationFactory(), TopicFactory()
    return [
        "/",
        "/agreements/",
        "/programs/",
        "/events/",
        "/people/",
        "/organizations/",
        "/topics/",
        "/about/",
        "/search/?q=customs",
        "/countries/SV/",
        "/api/docs/",
        *(record.get_absolute_url() for record in (agreement, program, event, person, organization, topic)),
    ]


def test_every_public_page_has_a_canonical_url_description_and_opengraph_tags(client):
    for url in public_urls():
        page = head(client, url)
        assert len(page.canonical) == 1, url
        (canonical,) = page.canonical
        assert canonical.startswith("http://testserver/"), url
        assert page.meta["description"], url
        assert page.meta["og:url"] == canonical, url
        assert page.meta["og:site_name"] == "Pacta", url
        assert page.meta["og:title"] and page.meta["og:description"] == page.meta["description"], url
        assert page.meta["og:type"] in ("website", "article", "profile"), url


def test_opengraph_repeats_the_page_title_escaped_once(client):
    agreement = AgreementFactory(title="Customs & Border Agreement")
    page = head(client, agreement.get_absolute_url())
    assert page.meta["og:title"] == "Customs & Border Agreement"
    assert page.meta["og:type"] == "article"
    assert head(client, PersonFactory().get_absolute_url()).meta["og:type"] == "profile"


def test_a_detail_page_canonical_is_its_permanent_url_whatever_the_query_string(client):
    AgreementFactory(slug="us-sv-cmaa")
    page = head(client, "/agreements/us-sv-cmaa/?utm_source=newsletter")
    assert page.canonical == ["http://testserver/agreements/us-sv-cmaa/"]


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("/agreements/?country=SV&q=&page=1&utm_source=x&sort=newest", "/agreements/?country=SV"),
        ("/agreements/?sort=title&country=SV", "/agreements/?country=SV&sort=title"),
        ("/events/?page=2", "/events/?page=2"),
        ("/agreements/?country=XX&status=signed", "/agreements/?status=signed"),
        ("/countries/sv/", "/countries/SV/"),
        ("/search/?q=customs&utm_source=x", "/search/?q=customs"),
    ],
)
def test_a_list_canonical_keeps_its_filters_and_page_and_drops_the_rest(client, url, canonical):
    AgreementFactory()
    for _ in range(25):
        EventFactory()
    response = client.get(url)
    assert Head(response.content.decode()).canonical == [f"http://testserver{canonical}"]


def test_the_not_found_page_has_no_canonical_url(client):
    response = client.get("/agreements/no-such-agreement/")
    assert response.status_code == 404
    assert Head(response.content.decode()).canonical == []


# sitemap.xml


def sitemap_locations(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314 - the site's own response
    return {
        element.findtext("sm:loc", namespaces=SITEMAP_NS): element.findtext("sm:lastmod", namespaces=SITEMAP_NS)
        for element in root
    }


def test_the_sitemap_index_lists_one_sitemap_per_section(client):
    sections = sitemap_locations(client, "/sitemap.xml")
    for section in ("pages", "agreements", "programs", "events", "people", "organizations", "topics", "countries"):
        assert f"http://testserver/sitemap-{section}.xml" in sections


SITEMAP_RECORDS = {
    "agreements": AgreementFactory,
    "programs": TrainingProgramFactory,
    "events": EventFactory,
    "people": PersonFactory,
    "organizations": OrganizationFactory,
    "topics": TopicFactory,
}


@pytest.mark.parametrize("section", SITEMAP_RECORDS)
def test_a_sitemap_lists_published_records_with_their_last_update_and_never_drafts(client, section):
    factory = SITEMAP_RECORDS[section]
    records = {status: factory(publication_status=status) for status in (DRAFT, REVIEW, PUBLISHED)}
    locations = sitemap_locations(client, f"/sitemap-{section}.xml")
    published = records[PUBLISHED]
    english = published.get_absolute_url()
    with translation.override("es"):
        spanish = published.get_absolute_url()
    assert spanish.startswith("/es/")
    updated = timezone.localdate(published.updated_at).isoformat()
    assert locations == {f"http://testserver{english}": updated, f"http://testserver{spanish}": updated}


def test_the_sitemap_lists_the_fixed_pages(client):
    locations = sitemap_locations(client, "/sitemap-pages.xml")
    for path in ("/", "/agreements/", "/programs/", "/events/", "/people/", "/organizations/", "/topics/", "/about/"):
        assert f"http://testserver{path}" in locations
    for path in ("/es/", "/es/acuerdos/", "/es/programas/", "/es/eventos/", "/es/personas/", "/es/temas/"):
        assert f"http://testserver{path}" in locations


def test_the_sitemap_lists_countries_of_published_records_only(client):
    OrganizationFactory(country="SV")
    OrganizationFactory(country="FR", publication_status=DRAFT)
    locations = sitemap_locations(client, "/sitemap-countries.xml")
    assert "http://testserver/countries/SV/" in locations
    assert "http://testserver/es/paises/SV/" in locations
    assert "http://testserver/countries/FR/" not in locations


def test_a_sitemap_section_runs_the_same_queries_whatever_its_length(client, django_assert_max_num_queries):
    for _ in range(30):
        AgreementFactory()
    with django_assert_max_num_queries(2):
        assert len(sitemap_locations(client, "/sitemap-agreements.xml")) == 30 * 2  # each in both languages


def test_an_unknown_sitemap_section_or_page_is_not_found(client):
    assert client.get("/sitemap-secrets.xml").status_code == 404
    assert client.get("/sitemap-agreements.xml?p=abc").status_code == 404
    assert client.get("/sitemap-agreements.xml?p=9").status_code == 404


# robots.txt


def test_robots_txt_is_plain_text_names_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert "Disallow: /api/" in lines
    assert "Allow: /api/docs/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
