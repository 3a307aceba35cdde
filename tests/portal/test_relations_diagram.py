"""The relationship diagram on agreement, person and organization pages: the same links as the page's text, only
published records, a cap with "and N more", nothing without relations, and no query of its own."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from agreements.models import AgreementRelation, RelationKind
from records.models import PublicationStatus
from tests import factories
from tests.helpers import page, page_text

pytestmark = pytest.mark.django_db

DRAFT = PublicationStatus.DRAFT
FIGURE = re.compile(r'<figure class="relations-diagram".*?</figure>', re.DOTALL)
HREF = re.compile(r'href="([^"]+)"')


def split(html):
    """The page's relationship diagram and the rest of the page; the diagram must be there."""
    found = FIGURE.search(html)
    assert found, "no relationship diagram"
    return found.group(0), html[: found.start()] + html[found.end() :]


def diagram_links(html):
    return HREF.findall(split(html)[0])


def node_names(diagram):
    """The full names of the diagram's linked nodes, as their accessible names give them."""
    return re.findall(r'<a href="[^"]+" aria-label="([^"]+)"', diagram)


def a_cmaa():
    """An agreement like the CMAA: two parties, two signatories with their posts, the signing event, an agreement it
    amends and one that implements it."""
    agreement = factories.AgreementFactory(
        title="Customs Mutual Assistance Agreement",
        signed_at=factories.EventFactory(title="Official visit to El Salvador"),
    )
    for name, country in [("U.S. Customs and Border Protection", "US"), ("Dirección General de Aduanas", "SV")]:
        factories.AgreementPartyFactory(
            agreement=agreement, organization=factories.OrganizationFactory(name=name, country=country)
        )
    factories.SignatoryFactory(
        agreement=agreement, person=factories.PersonFactory(name="Troy A. Miller"), title="Acting Commissioner"
    )
    factories.SignatoryFactory(
        agreement=agreement, person=factories.PersonFactory(name="Romeo Rodríguez"), title="Director General"
    )
    AgreementRelation.objects.create(
        source=agreement, target=factories.AgreementFactory(title="Earlier customs accord"), kind=RelationKind.AMENDS
    )
    AgreementRelation.objects.create(
        source=factories.AgreementFactory(title="Implementing arrangement"),
        target=agreement,
        kind=RelationKind.IMPLEMENTS,
    )
    return agreement


def a_signer():
    """A person with a post, an agreement signed and an event."""
    person = factories.PersonFactory(name="Troy A. Miller")
    factories.PositionFactory(
        person=person,
        title="Acting Commissioner",
        organization=factories.OrganizationFactory(name="U.S. Customs and Border Protection"),
    )
    factories.SignatoryFactory(
        person=person, title="Acting Commissioner", agreement=factories.AgreementFactory(title="Customs agreement")
    )
    factories.EventFactory(title="Official visit to El Salvador").participants.add(person)
    return person


def an_agency():
    """An organization with a unit, a person in a post, an agreement, a program it hosts and one it teaches, and an
    event."""
    organization = factories.OrganizationFactory(name="U.S. Customs and Border Protection")
    factories.OrganizationFactory(name="Office of Field Operations", parent=organization)
    factories.PositionFactory(
        organization=organization, title="Acting Commissioner", person=factories.PersonFactory(name="Troy A. Miller")
    )
    factories.AgreementPartyFactory(
        organization=organization, agreement=factories.AgreementFactory(title="Customs agreement")
    )
    factories.TrainingProgramFactory(title="Border course", host=organization)
    factories.TrainingProgramFactory(title="Customs course").instructors.add(organization)
    factories.EventFactory(title="Official visit to El Salvador").organizations.add(organization)
    return organization


BUILDERS = [a_cmaa, a_signer, an_agency]


@pytest.mark.parametrize("build", BUILDERS)
@pytest.mark.parametrize("language", ["en", "es"])
def test_each_link_of_the_diagram_is_a_link_of_the_pages_text(client, build, language):
    record = build()
    with translation.override(language):
        url = record.get_absolute_url()
    html = page_text(client, url)
    diagram, text = split(html)
    text_links = set(HREF.findall(text))
    links = HREF.findall(diagram)
    assert links
    for link in links:
        assert link in text_links, link


def test_the_agreements_diagram_names_its_parties_signatories_with_their_posts_event_and_related_agreements(client):
    diagram = split(page(client, a_cmaa()))[0]
    names = node_names(diagram)
    for name in [
        "U.S. Customs and Border Protection",
        "Dirección General de Aduanas",
        "Troy A. Miller",
        "Romeo Rodríguez",
        "Official visit to El Salvador",
        "Earlier customs accord",
        "Implementing arrangement",
    ]:
        assert any(name in node for node in names), name
    for relation in [
        "party",
        "signed as Acting Commissioner",
        "signed as Director General",
        "signed at",
        "amends",
        "implemented by",
    ]:
        assert f">{relation}</text>" in diagram, relation


def test_the_persons_diagram_names_posts_agreements_signed_and_events(client):
    diagram = split(page(client, a_signer()))[0]
    names = node_names(diagram)
    for name in ["U.S. Customs and Border Protection", "Customs agreement", "Official visit to El Salvador"]:
        assert any(name in node for node in names), name
    assert ">Acting Commissioner</text>" in diagram
    assert ">signed as Acting Commissioner</text>" in diagram


def test_the_organizations_diagram_names_what_its_page_lists(client):
    diagram = split(page(client, an_agency()))[0]
    names = node_names(diagram)
    for name in [
        "Office of Field Operations",
        "Troy A. Miller",
        "Customs agreement",
        "Border course",
        "Customs course",
        "Official visit to El Salvador",
    ]:
        assert any(name in node for node in names), name


@pytest.mark.parametrize(
    ("title", "cut"),
    [
        (
            "Agreement between the Government of the United States of America and the Government of El Salvador",
            "Agreement between the Government of…",
        ),
        ("Seaport Interdiction (virtual course for officers)", "Seaport Interdiction…"),
    ],
)
def test_a_long_name_is_cut_after_a_word_with_an_ellipsis_and_kept_whole_as_its_links_name(client, title, cut):
    agreement = factories.AgreementFactory()
    factories.AgreementPartyFactory(agreement=agreement, organization=factories.OrganizationFactory(name=title))
    diagram = split(page(client, agreement))[0]

    link = re.search(r'<a href="[^"]+" aria-label="([^"]+)">(.*?)</a>', diagram)
    shown = re.search(r">([^<]+)…</text>", link.group(2)).group(1)
    assert link.group(1) == title
    assert "<title>" not in link.group(2)
    assert f"{shown}…" == cut


def test_past_the_cap_the_diagram_says_how_many_more_and_links_to_the_section_listing_them(client):
    agreement = factories.AgreementFactory()
    for _ in range(9):
        factories.SignatoryFactory(agreement=agreement)
    html = page(client, agreement)
    diagram = split(html)[0]
    assert diagram.count("signed as Acting Commissioner</text>") == 6
    assert 'href="#signatories"' in diagram
    assert ">and 3 more</text>" in diagram
    assert 'id="signatories"' in html


@pytest.mark.parametrize("record", [factories.AgreementFactory, factories.PersonFactory, factories.OrganizationFactory])
def test_a_record_without_relations_has_no_diagram(client, record):
    html = page(client, record())
    assert "relations-diagram" not in html
    assert "<svg" not in html


def test_draft_related_records_never_appear_in_an_agreements_diagram(client):
    agreement = factories.AgreementFactory(
        signed_at=factories.EventFactory(title="Hidden visit", publication_status=DRAFT)
    )
    factories.AgreementPartyFactory(agreement=agreement)
    factories.AgreementPartyFactory(
        agreement=agreement, organization=factories.OrganizationFactory(name="Hidden body", publication_status=DRAFT)
    )
    factories.SignatoryFactory(
        agreement=agreement, person=factories.PersonFactory(name="Hidden signer", publication_status=DRAFT)
    )
    AgreementRelation.objects.create(
        source=agreement,
        target=factories.AgreementFactory(title="Hidden accord", publication_status=DRAFT),
        kind=RelationKind.AMENDS,
    )
    diagram = split(page(client, agreement))[0]
    for hidden in ["Hidden visit", "Hidden body", "Hidden signer", "Hidden accord", "signed at"]:
        assert hidden not in diagram


def test_draft_related_records_never_appear_in_a_persons_or_an_organizations_diagram(client):
    person = a_signer()
    hidden_body = factories.OrganizationFactory(name="Hidden body", publication_status=DRAFT)
    factories.PositionFactory(person=person, organization=hidden_body, title="Hidden post")
    factories.SignatoryFactory(
        person=person, agreement=factories.AgreementFactory(title="Hidden accord", publication_status=DRAFT)
    )
    factories.EventFactory(title="Hidden visit", publication_status=DRAFT).participants.add(person)
    organization = an_agency()
    factories.PositionFactory(
        organization=organization, person=factories.PersonFactory(name="Hidden signer", publication_status=DRAFT)
    )
    factories.AgreementPartyFactory(
        organization=organization,
        agreement=factories.AgreementFactory(title="Hidden accord", publication_status=DRAFT),
    )
    for record in (person, organization):
        diagram = split(page(client, record))[0]
        for hidden in ["Hidden body", "Hidden post", "Hidden accord", "Hidden visit", "Hidden signer"]:
            assert hidden not in diagram


# Queries each page runs without its diagram, with these records: the diagram reads only what the page fetched.
PAGE_QUERIES = {a_cmaa: 10, a_signer: 8, an_agency: 12}


@pytest.mark.parametrize("build", BUILDERS)
def test_the_diagram_adds_no_query_to_the_page(client, build):
    url = build().get_absolute_url()
    with CaptureQueriesContext(connection) as queries:
        html = page_text(client, url)
    assert "relations-diagram" in html
    assert len(queries) == PAGE_QUERIES[build]


def test_a_name_not_yet_in_the_pages_language_is_marked_in_the_diagram(client):
    agreement = factories.AgreementFactory()
    factories.AgreementPartyFactory(
        agreement=agreement,
        organization=factories.OrganizationFactory(name="Zenith Office", name_es="", official_language="en"),
    )
    with translation.override("es"):
        url = agreement.get_absolute_url()
    diagram = split(page_text(client, url))[0]
    assert '<tspan lang="en">Zenith Office</tspan> (en inglés)</text>' in diagram
    assert 'aria-label="Zenith Office (en inglés)"' in diagram
