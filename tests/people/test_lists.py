"""The people and organization lists: filters, facet counts, sorting, bad input, drafts, queries."""

import pytest
from django.urls import reverse

from people.models import OrganizationKind
from records.models import PublicationStatus
from tests import factories
from tests.helpers import assert_links_to, facet, invalid_filter, listed
from tests.shared import shared_records

pytestmark = pytest.mark.django_db

PEOPLE = reverse("people:person-list")
ORGANIZATIONS = reverse("people:organization-list")

DRAFT = PublicationStatus.DRAFT

# Each facet is one query, the certainty facet's among them.
PERSON_LIST_QUERIES = 7
ORGANIZATION_LIST_QUERIES = 7


# People.


@shared_records
def officials():
    """Three officials: one in a current post at CBP, one in a current post elsewhere, one whose post ended."""
    cbp = factories.OrganizationFactory(slug="cbp", name="U.S. Customs and Border Protection", acronym="CBP")
    state = factories.OrganizationFactory(slug="state", name="Department of State")
    dgme = factories.OrganizationFactory(slug="dgme", name="Dirección General de Migración", country="SV")
    miller = factories.PersonFactory(slug="troy-miller", name="Troy Miller", bio="Led CBP as Acting Commissioner.")
    duncan = factories.PersonFactory(slug="william-duncan", name="William Duncan", bio="Ambassador.")
    posada = factories.PersonFactory(slug="jerson-posada", name="Jerson Posada", country="SV", bio="Migration chief.")
    factories.PositionFactory(person=miller, organization=cbp, title="Acting Commissioner", start="2022-11-12")
    factories.PositionFactory(person=duncan, organization=state, title="Ambassador", start="2022")
    factories.PositionFactory(
        person=posada, organization=dgme, title="Director", start="2019", end="2024-06", ended=True
    )
    return miller, duncan, posada


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=miller", {"troy-miller"}),
        ("q=acting+commissioner", {"troy-miller"}),
        ("q=MIGRATION", {"jerson-posada"}),
        ("organization=cbp", {"troy-miller"}),
        ("organization=dgme", {"jerson-posada"}),
        ("organization=cbp&organization=state", {"troy-miller", "william-duncan"}),
        ("country=sv", {"jerson-posada"}),
        ("country=US", {"troy-miller", "william-duncan"}),
        ("current=1", {"troy-miller", "william-duncan"}),
        ("current=on", {"troy-miller", "william-duncan"}),
        ("organization=cbp&current=1", {"troy-miller"}),
        ("organization=dgme&current=1", set()),
        ("country=US&organization=state&current=1", {"william-duncan"}),
    ],
)
def test_each_person_filter_keeps_the_matching_people_and_drops_the_others(client, officials, query, expected):
    assert set(listed(client, f"{PEOPLE}?{query}")) == expected


def test_a_post_marked_ended_without_a_date_is_not_current(client, officials):
    miller, _duncan, _posada = officials
    miller.positions.update(ended=True)

    assert set(listed(client, f"{PEOPLE}?current=1")) == {"william-duncan"}


def test_people_are_sorted_by_name_or_by_when_they_were_added(client, officials):
    assert listed(client, f"{PEOPLE}?sort=title") == ["jerson-posada", "troy-miller", "william-duncan"]
    assert listed(client, PEOPLE) == ["jerson-posada", "william-duncan", "troy-miller"]
    assert listed(client, f"{PEOPLE}?sort=oldest") == ["troy-miller", "william-duncan", "jerson-posada"]
    assert '<strong aria-current="true">Name A–Z</strong>' in client.get(f"{PEOPLE}?sort=title").content.decode()


def test_the_organization_facet_counts_people_and_follows_current_posts_only(client, officials):
    miller, _duncan, _posada = officials
    factories.PositionFactory(
        person=miller, organization=officials[2].positions.get().organization, start="2010", end="2012", ended=True
    )

    everyone = client.get(PEOPLE)
    current = client.get(f"{PEOPLE}?current=1")

    assert facet(everyone, "organization") == {"cbp": 1, "state": 1, "dgme": 2}
    assert facet(current, "organization") == {"cbp": 1, "state": 1}
    assert facet(everyone, "country") == {"US": 2, "SV": 1}
    assert facet(client.get(f"{PEOPLE}?organization=dgme"), "country") == {"US": 1, "SV": 1}


def test_draft_people_posts_and_organizations_never_show_or_count(client, officials):
    miller, duncan, _posada = officials
    hidden_org = factories.OrganizationFactory(slug="hidden-org", name="Hidden Office", publication_status=DRAFT)
    factories.PositionFactory(person=miller, organization=hidden_org, title="Secret post")
    dgme = officials[2].positions.get().organization
    factories.PositionFactory(person=duncan, organization=dgme, publication_status=DRAFT)
    factories.PersonFactory(slug="hidden-person", name="Hidden Person", publication_status=DRAFT)

    response = client.get(PEOPLE)
    content = response.content.decode()

    assert set(listed(client, PEOPLE)) == {"troy-miller", "william-duncan", "jerson-posada"}
    assert "Hidden Office" not in content
    assert "Secret post" not in content
    assert "Hidden Person" not in content
    assert facet(response, "organization") == {"cbp": 1, "state": 1, "dgme": 1}
    assert facet(response, "country") == {"US": 2, "SV": 1}
    assert listed(client, f"{PEOPLE}?organization=dgme") == ["jerson-posada"]
    assert client.get(f"{PEOPLE}?organization=hidden-org").status_code == 400


def test_a_person_card_shows_current_published_posts(client, officials):
    content = client.get(PEOPLE).content.decode()

    assert (
        'Acting Commissioner, <a href="/organizations/cbp/"><abbr title="U.S. Customs and Border Protection">'
        in content
    )
    assert "Director," not in content


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("organization=nobody", "organization"),
        ("country=XX", "country"),
        ("current=maybe", "current"),
        ("current=1&current=1", "current"),
        ("q=%00", "q"),
        ("q=" + "y" * 10_000, "q"),
        ("sort=age", "sort"),
    ],
)
def test_invalid_person_filters_are_explained_beside_the_field(client, officials, query, field):
    response = invalid_filter(client, f"{PEOPLE}?{query}", field)
    content = response.content.decode()

    assert "Some filters could not be used" in content
    assert list(response.context["object_list"]) == []


@pytest.mark.parametrize("page", ["abc", "2", "0"])
def test_a_bad_page_of_people_is_a_404(client, officials, page):
    assert client.get(f"{PEOPLE}?page={page}").status_code == 404


def test_no_people_match_explains_how_to_widen(client, officials):
    content = client.get(f"{PEOPLE}?country=SV&current=1").content.decode()

    assert "No people match these filters." in content


@pytest.mark.parametrize("size", [1, 25])
def test_the_person_list_runs_a_fixed_number_of_queries(get_within_budget, size):
    cbp = factories.OrganizationFactory(slug="cbp")
    current = {}
    for _ in range(size):
        person = factories.PersonFactory()
        factories.PositionFactory(person=person, organization=cbp)
        current[person] = factories.PositionFactory(person=person, title="Adviser").organization
        factories.PositionFactory(person=person, title="Director", start="2001", end="2002", ended=True)

    response = get_within_budget(f"{PEOPLE}?organization=cbp&current=1&country=US&sort=title", PERSON_LIST_QUERIES)

    assert len(response.context["object_list"]) == min(size, 20)
    for person in response.context["object_list"]:
        assert_links_to(response.content.decode(), person, cbp, current[person])


def test_troy_miller_is_among_cbp_officials_in_the_dataset(client, dataset):
    assert "troy-miller" in listed(client, f"{PEOPLE}?organization=cbp")


# Organizations.


@shared_records
def organizations():
    dhs = factories.OrganizationFactory(
        slug="dhs", name="Department of Homeland Security", acronym="DHS", kind=OrganizationKind.MINISTRY
    )
    cbp = factories.OrganizationFactory(
        slug="cbp", name="U.S. Customs and Border Protection", acronym="CBP", parent=dhs, description="Border agency."
    )
    dgme = factories.OrganizationFactory(slug="dgme", name="Dirección General de Migración", country="SV")
    ilea = factories.OrganizationFactory(
        slug="ilea", name="ILEA San Salvador", kind=OrganizationKind.ACADEMY, country="SV", parent=None
    )
    return dhs, cbp, dgme, ilea


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=border", {"cbp"}),
        ("q=cbp", {"cbp"}),
        ("q=san+salvador", {"ilea"}),
        ("kind=academy", {"ilea"}),
        ("kind=ministry&kind=academy", {"dhs", "ilea"}),
        ("country=sv", {"dgme", "ilea"}),
        ("country=US", {"dhs", "cbp"}),
        ("parent=dhs", {"cbp"}),
        ("country=SV&kind=agency", {"dgme"}),
    ],
)
def test_each_organization_filter_keeps_the_matching_ones_and_drops_the_others(client, organizations, query, expected):
    assert set(listed(client, f"{ORGANIZATIONS}?{query}")) == expected


def test_organization_facets_count_kinds_countries_and_published_parents(client, organizations):
    dhs, _cbp, _dgme, _ilea = organizations
    factories.OrganizationFactory(slug="hidden-unit", parent=dhs, publication_status=DRAFT)
    hidden_parent = factories.OrganizationFactory(slug="hidden-parent", publication_status=DRAFT)
    factories.OrganizationFactory(slug="orphan", parent=hidden_parent, country="GT")

    response = client.get(ORGANIZATIONS)
    in_sv = client.get(f"{ORGANIZATIONS}?country=SV")

    assert facet(response, "parent") == {"dhs": 1}
    assert facet(response, "country") == {"US": 2, "SV": 2, "GT": 1}
    assert facet(response, "kind")["agency"] == 3
    assert facet(in_sv, "kind")["agency"] == 1
    assert facet(in_sv, "kind")["academy"] == 1
    assert facet(in_sv, "parent") == {}
    assert client.get(f"{ORGANIZATIONS}?parent=hidden-parent").status_code == 400


def test_a_draft_parent_never_shows_on_an_organization_card(client):
    hidden_parent = factories.OrganizationFactory(name="Hidden Department", publication_status=DRAFT)
    factories.OrganizationFactory(slug="unit", parent=hidden_parent)

    content = client.get(ORGANIZATIONS).content.decode()

    assert "Hidden Department" not in content
    assert 'href="/organizations/unit/"' in content


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("kind=club", "kind"),
        ("country=usa", "country"),
        ("parent=nobody", "parent"),
        ("parent=" + "z" * 10_000, "parent"),
        ("q=a%00b", "q"),
        ("sort=newest&sort=title", "sort"),
    ],
)
def test_invalid_organization_filters_are_explained_beside_the_field(client, organizations, query, field):
    invalid_filter(client, f"{ORGANIZATIONS}?{query}", field)


@pytest.mark.parametrize("size", [1, 25])
def test_the_organization_list_runs_a_fixed_number_of_queries(get_within_budget, size):
    dhs = factories.OrganizationFactory(slug="dhs")
    factories.OrganizationFactory.create_batch(size, parent=dhs)

    response = get_within_budget(f"{ORGANIZATIONS}?parent=dhs&kind=agency&country=us", ORGANIZATION_LIST_QUERIES)

    assert len(response.context["object_list"]) == min(size, 20)
    assert_links_to(response.content.decode(), *response.context["object_list"], dhs)
    assert response.content.decode().count(f'part of <a href="{dhs.get_absolute_url()}">') == min(size, 20)


def test_organization_pages_keep_the_filters(client):
    dhs = factories.OrganizationFactory(slug="dhs")
    factories.OrganizationFactory.create_batch(22, parent=dhs)

    first = client.get(f"{ORGANIZATIONS}?parent=dhs")

    assert 'href="?parent=dhs&amp;page=2"' in first.content.decode()
    assert len(listed(client, f"{ORGANIZATIONS}?parent=dhs&page=2")) == 2
