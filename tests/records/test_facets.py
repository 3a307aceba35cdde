"""Facets and pagination at size: the top options and the chosen ones, the "show all" page, exact counts through
many-to-many links, a page that stays small whatever the number of choices, queries that do not grow with rows."""

import re

import pytest
from django.http import QueryDict
from django.urls import reverse

from agreements.models import Agreement, AgreementParty
from people.models import Organization
from records.lists.facets import Facet
from records.lists.pagination import BOUND
from records.lists.views import OPTIONS_PER_PAGE
from records.models import PublicationStatus
from tests import factories
from tests.helpers import analyze, facet

pytestmark = pytest.mark.django_db

AGREEMENTS = reverse("agreements:agreement-list")
PUBLISHED = PublicationStatus.PUBLISHED


def organizations_with_agreements(count):
    """`count` published organizations and as many agreements, the n-th organization party to one to five of them
    (so that they rank), in bulk."""
    organizations = Organization.objects.bulk_create(
        Organization(name=f"Body {number:04}", slug=f"body-{number}", country="SV", publication_status=PUBLISHED)
        for number in range(count)
    )
    agreements = Agreement.objects.bulk_create(
        Agreement(title=f"Agreement {number}", slug=f"agreement-{number}", publication_status=PUBLISHED)
        for number in range(count)
    )
    AgreementParty.objects.bulk_create(
        AgreementParty(agreement=agreement, organization=organization)
        for number, organization in enumerate(organizations)
        for offset in range(number % 5 + 1)
        for agreement in [agreements[(number + offset) % count]]
    )
    analyze()
    return organizations


def test_a_facet_shows_its_top_options_and_a_link_to_all_of_them(client):
    organizations_with_agreements(Facet.limit + 5)

    response = client.get(AGREEMENTS)

    assert len(facet(response, "party")) == Facet.limit
    assert f'href="{AGREEMENTS}?facet=party"' in response.content.decode()
    assert f"Show all {Facet.limit + 5}" in response.content.decode()


def test_the_selected_option_always_shows_even_when_it_is_not_in_the_top(client):
    organizations_with_agreements(Facet.limit + 5)

    response = client.get(f"{AGREEMENTS}?party=body-0")  # party to one agreement, the top ones to five

    shown = facet(response, "party")
    assert "body-0" in shown
    assert len(shown) == Facet.limit + 1


def test_counts_are_exact_with_many_to_many_links(client):
    sv_one, sv_two = factories.OrganizationFactory(country="SV"), factories.OrganizationFactory(country="SV")
    us = factories.OrganizationFactory(country="US")
    agreement = factories.AgreementFactory()
    for organization in (sv_one, sv_two, us):
        factories.AgreementPartyFactory(agreement=agreement, organization=organization)
    factories.AgreementPartyFactory(organization=sv_one)

    counts = facet(client.get(AGREEMENTS), "country")

    # Two parties from El Salvador on one agreement count it once for El Salvador.
    assert counts == {"SV": 2, "US": 1}


def test_a_choice_that_would_leave_nothing_is_hidden_unless_chosen(client):
    factories.AgreementFactory(kind="cmaa")

    assert set(facet(client.get(AGREEMENTS), "kind")) == {"cmaa"}
    assert set(facet(client.get(f"{AGREEMENTS}?kind=mou"), "kind")) == {"cmaa", "mou"}


def test_the_show_all_page_lists_every_option_and_keeps_the_other_filters(client):
    organizations = organizations_with_agreements(Facet.limit + 5)

    response = client.get(f"{AGREEMENTS}?facet=party&country=SV&kind=other&page=3")
    content = response.content.decode()

    assert response.status_code == 200
    assert len(response.context["options"]) == len(organizations)
    for organization in organizations:
        assert f'value="{organization.slug}"' in content
    assert '<input type="hidden" name="country" value="SV">' in content
    assert '<input type="hidden" name="kind" value="other">' in content
    assert 'name="page"' not in content


def test_the_show_all_page_finds_options_by_words_as_a_plain_form(client):
    organizations_with_agreements(Facet.limit + 5)

    response = client.get(f"{AGREEMENTS}?facet=party&facet_q=body+0013")

    assert [option.value for option in response.context["options"]] == ["body-13"]


def test_the_show_all_page_of_a_filter_the_list_lacks_is_a_404(client):
    assert client.get(f"{AGREEMENTS}?facet=nothing").status_code == 404


def test_the_show_all_page_with_2000_options_stays_under_150_kb_a_page(client):
    organizations_with_agreements(2000)

    first = client.get(f"{AGREEMENTS}?facet=party")
    last = client.get(f"{AGREEMENTS}?facet=party&page={2000 // OPTIONS_PER_PAGE}")

    for response in (first, last):
        assert response.status_code == 200
        assert len(response.content) < 150_000
        assert len(response.context["options"]) == OPTIONS_PER_PAGE
    assert "2000 choices with the other filters" in first.content.decode()
    assert not {option.value for option in first.context["options"]} & {
        option.value for option in last.context["options"]
    }


def test_show_all_pages_keep_the_filters_the_words_and_the_chosen_options(client):
    organizations_with_agreements(2 * OPTIONS_PER_PAGE + 10)

    response = client.get(f"{AGREEMENTS}?facet=party&country=SV&party=body-0&facet_q=body&page=2")
    content = response.content.decode()

    values = [option.value for option in response.context["options"]]
    assert values[0] == "body-0"  # chosen: on top of every page, checked, so that applying the form keeps it
    assert len(values) == OPTIONS_PER_PAGE + 1
    assert '<input type="hidden" name="country" value="SV">' in content
    next_page = re.search(r'href="([^"]*)" rel="next"', content)[1].replace("&amp;", "&")
    expected = QueryDict("facet=party&country=SV&party=body-0&facet_q=body&page=3")
    assert QueryDict(next_page.partition("?")[2]) == expected
    third = client.get(f"{AGREEMENTS}{next_page}")
    assert [option.value for option in third.context["options"]][0] == "body-0"
    assert len(third.context["options"]) == 1 + 9  # 409 unchosen options: 200, 200, 9


@pytest.mark.parametrize("page", ["0", "99", "abc", "-1"])
def test_a_show_all_page_number_that_is_no_page_shows_the_first(client, page):
    organizations_with_agreements(OPTIONS_PER_PAGE + 5)

    response = client.get(f"{AGREEMENTS}?facet=party&page={page}")

    assert response.status_code == 200
    assert response.context["page_obj"].number == 1


def test_a_list_page_with_2000_party_organizations_stays_under_150_kb(client):
    organizations_with_agreements(2000)

    response = client.get(AGREEMENTS)

    assert response.status_code == 200
    assert len(response.content) < 150_000


@pytest.mark.parametrize("size", [30, 300])
def test_list_page_queries_do_not_grow_with_the_number_of_rows(client, django_assert_max_num_queries, size):
    organizations_with_agreements(size)

    with django_assert_max_num_queries(12):
        assert client.get(AGREEMENTS).status_code == 200
    with django_assert_max_num_queries(2):
        assert client.get(f"{AGREEMENTS}?facet=party").status_code == 200


def test_past_the_counted_bound_a_deep_page_answers_and_a_page_past_the_end_is_a_404(client, settings):
    Agreement.objects.bulk_create(
        Agreement(title=f"Agreement {number}", slug=f"a-{number}", publication_status=PUBLISHED)
        for number in range(BOUND + 30)
    )
    analyze()

    deep = client.get(f"{AGREEMENTS}?page=501")
    last = client.get(f"{AGREEMENTS}?page=502")

    assert deep.status_code == 200
    assert "More than 10,000 agreements" in deep.content.decode()
    assert "page 501 of many" in deep.content.decode()
    assert 'href="?page=502" rel="next"' in deep.content.decode()
    assert last.status_code == 200
    assert len(last.context["object_list"]) == 10
    assert not last.context["page_obj"].has_next()
    assert client.get(f"{AGREEMENTS}?page=503").status_code == 404
