"""Official and organization pages: every relation both ways, only published ones, in a fixed number of queries."""

import pytest

from records.models import PublicationStatus
from tests import factories
from tests.helpers import assert_links_to, assert_sources_shown, cite, page

pytestmark = pytest.mark.django_db

DRAFT = PublicationStatus.DRAFT
IN_REVIEW = PublicationStatus.IN_REVIEW


# Officials


def test_person_page_shows_posts_over_time_with_their_organization_and_dates_at_precision(client):
    troy = factories.PersonFactory(name="Troy A. Miller")
    cbp = factories.OrganizationFactory(name="U.S. Customs and Border Protection", acronym="CBP")
    factories.PositionFactory(
        person=troy, organization=cbp, title="Deputy Commissioner", start="2021-12", end="2022-11", ended=True
    )
    factories.PositionFactory(person=troy, organization=cbp, title="Acting Commissioner", start="2022-11-12")
    factories.PositionFactory(person=troy, organization=cbp, title="Customs Inspector", start="1993", ended=True)
    html = page(client, troy)
    assert html.index("Acting Commissioner") < html.index("Deputy Commissioner") < html.index("Customs Inspector")
    assert "December 2021 – November 2022" in html
    assert "12 November 2022 – current as of 15 October 2024" in html
    assert "1993 – end date not known" in html
    assert f'<a href="{cbp.get_absolute_url()}">U.S. Customs and Border Protection</a>' in html


def test_person_page_hides_draft_posts_and_posts_at_draft_organizations(client):
    person = factories.PersonFactory()
    factories.PositionFactory(person=person, title="Unreviewed post", publication_status=IN_REVIEW)
    factories.PositionFactory(
        person=person,
        title="Post at a hidden body",
        organization=factories.OrganizationFactory(name="Hidden body", publication_status=DRAFT),
    )
    html = page(client, person)
    assert "Unreviewed post" not in html
    assert "Post at a hidden body" not in html
    assert "Hidden body" not in html
    assert "No post is recorded." in html


def test_person_page_shows_agreements_signed_with_the_title_held_then(client):
    troy = factories.PersonFactory()
    factories.PositionFactory(person=troy, title="Retired", start="2025")
    factories.SignatoryFactory(
        person=troy,
        title="Acting Commissioner",
        agreement=factories.AgreementFactory(title="Customs Mutual Assistance Agreement", signed_on="2024-10-08"),
    )
    factories.SignatoryFactory(
        person=troy, agreement=factories.AgreementFactory(title="Unpublished MOU", publication_status=DRAFT)
    )
    html = page(client, troy)
    assert "Customs Mutual Assistance Agreement" in html
    assert "as Acting Commissioner" in html
    assert "8 October 2024" in html
    assert "Unpublished MOU" not in html


def test_person_page_shows_published_events_only(client):
    person = factories.PersonFactory()
    factories.EventFactory(title="Official visit to El Salvador", start="2024-10").participants.add(person)
    factories.EventFactory(title="Secret meeting", publication_status=DRAFT).participants.add(person)
    html = page(client, person)
    assert "Official visit to El Salvador" in html
    assert "October 2024" in html
    assert "Secret meeting" not in html


def test_person_page_lists_sources_with_excerpts(client):
    person = factories.PersonFactory()
    cite(person, "Acting Commissioner Troy Miller")
    assert "Acting Commissioner Troy Miller</p></blockquote>" in page(client, person)


@pytest.mark.parametrize("status", [DRAFT, IN_REVIEW])
def test_unpublished_person_is_a_404(client, status):
    response = client.get(factories.PersonFactory(publication_status=status).get_absolute_url())
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.parametrize("n", [1, 5])
def test_person_page_runs_a_fixed_number_of_queries(get_within_budget, n):
    person = factories.PersonFactory()
    linked = []
    for _ in range(n):
        event = factories.EventFactory()
        event.participants.add(person)
        linked += [
            factories.PositionFactory(person=person).organization,
            factories.SignatoryFactory(person=person).agreement,
            event,
        ]
        cite(person, "a passage")

    # One more than the sections: the posts' citations.
    html = get_within_budget(person.get_absolute_url(), 9).content.decode()

    assert_links_to(html, *linked)
    assert_sources_shown(html, person)


# Organizations


def test_organization_page_shows_parent_children_and_people_current_and_past(client):
    dhs = factories.OrganizationFactory(name="Department of Homeland Security")
    cbp = factories.OrganizationFactory(name="Customs and Border Protection", parent=dhs)
    factories.OrganizationFactory(name="Office of Trade", parent=cbp)
    factories.OrganizationFactory(name="Hidden office", parent=cbp, publication_status=DRAFT)
    factories.PositionFactory(organization=cbp, person=factories.PersonFactory(name="Current Chief"), title="Chief")
    factories.PositionFactory(
        organization=cbp,
        person=factories.PersonFactory(name="Former Chief"),
        title="Chief",
        start="2010",
        end="2015",
        ended=True,
    )
    factories.PositionFactory(
        organization=cbp, person=factories.PersonFactory(name="Draft Person", publication_status=DRAFT)
    )
    html = page(client, cbp)
    assert "Department of Homeland Security" in html
    assert "Office of Trade" in html
    assert "Hidden office" not in html
    # The people section, after the relationship diagram that names them too.
    people = html[html.index('id="people"') :]
    assert (
        people.index("Current posts")
        < people.index("Current Chief")
        < people.index("Past posts")
        < people.index("Former Chief")
    )
    assert "2010 – 2015" in html
    assert "Draft Person" not in html


def test_organization_whose_parent_is_a_draft_does_not_show_it(client):
    unit = factories.OrganizationFactory(
        parent=factories.OrganizationFactory(name="Draft ministry", publication_status=DRAFT)
    )
    assert "Draft ministry" not in page(client, unit)


def test_organization_page_shows_agreements_programs_and_events_it_took_part_in(client):
    cbp = factories.OrganizationFactory(name="CBP")
    factories.AgreementPartyFactory(organization=cbp, agreement=factories.AgreementFactory(title="Customs agreement"))
    factories.AgreementPartyFactory(
        organization=cbp, agreement=factories.AgreementFactory(title="Draft agreement", publication_status=DRAFT)
    )
    factories.TrainingProgramFactory(title="Hosted course", host=cbp)
    factories.TrainingProgramFactory(title="Another course").instructors.add(cbp)
    factories.TrainingProgramFactory(title="Draft course", host=cbp, publication_status=DRAFT)
    factories.EventFactory(title="Signing ceremony").organizations.add(cbp)
    factories.EventFactory(title="Draft meeting", publication_status=DRAFT).organizations.add(cbp)
    html = page(client, cbp)
    for text in ("Customs agreement", "Hosted course", "Another course", "Signing ceremony"):
        assert text in html
    for text in ("Draft agreement", "Draft course", "Draft meeting"):
        assert text not in html


def test_draft_organization_is_a_404(client):
    assert client.get(factories.OrganizationFactory(publication_status=DRAFT).get_absolute_url()).status_code == 404


def test_unknown_person_or_organization_is_a_404(client):
    assert client.get("/people/nobody/").status_code == 404
    assert client.get("/organizations/nothing/").status_code == 404


@pytest.mark.parametrize("n", [1, 5])
def test_organization_page_runs_a_fixed_number_of_queries(get_within_budget, n):
    organization = factories.OrganizationFactory(parent=factories.OrganizationFactory())
    linked = [organization.parent]
    for _ in range(n):
        program, event = factories.TrainingProgramFactory(host=organization), factories.EventFactory()
        program.instructors.add(organization)
        event.organizations.add(organization)
        linked += [
            factories.OrganizationFactory(parent=organization),
            factories.PositionFactory(organization=organization).person,
            factories.AgreementPartyFactory(organization=organization).agreement,
            program,
            event,
        ]
        cite(organization, "a passage")

    # Current, unknown-status and past posts are three lists.
    html = get_within_budget(organization.get_absolute_url(), 13).content.decode()

    assert_links_to(html, *linked)
    assert_sources_shown(html, organization)
