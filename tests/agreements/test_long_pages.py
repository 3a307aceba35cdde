"""A record page stays small however many records it relates to (issue 9): it shows the first of each related list,
says how many there are in all and links to the full list, in as many queries as a page with a handful."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import Agreement, AgreementParty, Signatory
from records.detail import SECTION_SIZE
from records.models import PublicationStatus
from tests import factories
from tests.helpers import analyze

pytestmark = pytest.mark.django_db

MANY = 2000
# What a page may weigh however many records it relates to.
PAGE_BYTES = 150_000


def published_agreements(n, prefix):
    """`n` published agreements written at once, the last signed the latest, newest first."""
    first_day = datetime.date(2001, 1, 1)
    agreements = Agreement.objects.bulk_create(
        Agreement(
            title=f"{prefix} agreement {i:04}",
            slug=f"{prefix}-agreement-{i}",
            signed_on=(first_day + datetime.timedelta(days=i)).isoformat(),
            publication_status=PublicationStatus.PUBLISHED,
        )
        for i in range(n)
    )
    return agreements[::-1]


def draft_agreement():
    """A draft signed after every other: were it shown, it would come first."""
    return factories.AgreementFactory(
        title="Draft agreement", signed_on="2099", publication_status=PublicationStatus.DRAFT
    )


def get_counting_queries(client, url):
    """The answer to a GET of `url` (which must be 200) and how many queries it ran."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


def assert_bounded(response, newest_first, list_url):
    """The page weighs little, shows the first SECTION_SIZE of `newest_first` (and not the next), says how many there
    are and links to their full list."""
    html = response.content.decode()
    assert len(response.content) < PAGE_BYTES
    for agreement in newest_first[:SECTION_SIZE]:
        assert f'href="{agreement.get_absolute_url()}"' in html
    assert f'href="{newest_first[SECTION_SIZE].get_absolute_url()}"' not in html
    assert f"Showing {SECTION_SIZE} of {len(newest_first)}." in html
    assert f'href="{list_url}"' in html
    assert "Draft agreement" not in html


def test_organization_party_to_thousands_of_agreements_shows_the_newest_with_their_number_and_the_full_list(client):
    few, many = factories.OrganizationFactory(slug="few"), factories.OrganizationFactory(slug="many")
    for organization, agreements in ((few, published_agreements(3, "few")), (many, published_agreements(MANY, "many"))):
        AgreementParty.objects.bulk_create(
            AgreementParty(agreement=agreement, organization=organization) for agreement in agreements
        )
        factories.AgreementPartyFactory(organization=organization, agreement=draft_agreement())
    analyze()
    newest_first = list(Agreement.objects.published().with_party(many))

    _small, few_queries = get_counting_queries(client, few.get_absolute_url())
    response, many_queries = get_counting_queries(client, many.get_absolute_url())

    assert_bounded(response, newest_first, "/agreements/?party=many")
    assert many_queries == few_queries


def test_person_who_signed_thousands_of_agreements_shows_the_newest_with_their_number_and_the_full_list(client):
    few, many = factories.PersonFactory(slug="few"), factories.PersonFactory(slug="many")
    for person, agreements in ((few, published_agreements(3, "few")), (many, published_agreements(MANY, "many"))):
        Signatory.objects.bulk_create(Signatory(agreement=agreement, person=person) for agreement in agreements)
        factories.SignatoryFactory(person=person, agreement=draft_agreement())
    analyze()
    newest_first = list(Agreement.objects.published().filter(signatories__person=many))

    _small, few_queries = get_counting_queries(client, few.get_absolute_url())
    response, many_queries = get_counting_queries(client, many.get_absolute_url())

    assert_bounded(response, newest_first, "/agreements/?signatory=many")
    assert f"<dt>Agreements signed</dt><dd>{MANY}</dd>" in response.content.decode()
    assert many_queries == few_queries


def test_agreement_with_thousands_of_parties_names_the_first_and_how_many_more(client):
    agreement = factories.AgreementFactory()
    organizations = factories.OrganizationFactory.create_batch(120, country="SV")
    organizations[-1].country = "GT"  # the last by name: a country beyond the parties shown still counts
    organizations[-1].name = "Zz last party"
    organizations[-1].save()
    AgreementParty.objects.bulk_create(
        AgreementParty(agreement=agreement, organization=organization) for organization in organizations
    )
    factories.AgreementPartyFactory(
        agreement=agreement, organization=factories.OrganizationFactory(publication_status=PublicationStatus.DRAFT)
    )
    analyze()

    response, _queries = get_counting_queries(client, agreement.get_absolute_url())

    html = response.content.decode()
    assert "Showing 50 of 120." in html
    assert "Zz last party" not in html
    assert "Guatemala" in html and "El Salvador" in html
