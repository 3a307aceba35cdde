"""Curating organizations and officials in the admin."""

import pytest
from django.urls import reverse

from people.models import Person
from records.models import PublicationStatus
from tests import factories

pytestmark = pytest.mark.django_db


def _management(prefix, total):
    return {
        f"{prefix}-TOTAL_FORMS": total,
        f"{prefix}-INITIAL_FORMS": 0,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }


def test_person_is_added_with_a_position_and_a_citation(staff_client):
    cbp = factories.OrganizationFactory(name="U.S. Customs and Border Protection", acronym="CBP")
    source = factories.SourceFactory()
    citations = "records-citation-content_type-object_id"
    data = {
        "name": "Troy A. Miller",
        "slug": "troy-a-miller",
        "country": "US",
        "publication_status": PublicationStatus.DRAFT,
        "certainty": "confirmed",
        **_management("positions", 2),
        "positions-0-title_en": "Acting Commissioner",
        "positions-0-organization": cbp.pk,
        "positions-0-start": "2023-01",
        "positions-0-publication_status": PublicationStatus.DRAFT,
        # An end date marks the post as over even when the box is left unticked.
        "positions-1-title_en": "Deputy Commissioner",
        "positions-1-organization": cbp.pk,
        "positions-1-start": "2021",
        "positions-1-end": "2023-01",
        "positions-1-publication_status": PublicationStatus.DRAFT,
        **_management(citations, 1),
        f"{citations}-0-source": source.pk,
        f"{citations}-0-position": 0,
        **_management("records-alias-content_type-object_id", 0),
    }

    response = staff_client.post(reverse("admin:people_person_add"), data)

    assert response.status_code == 302, response.context["errors"]
    person = Person.objects.get(slug="troy-a-miller")
    assert [(p.title, p.start, p.end, p.ended) for p in person.positions.order_by("start")] == [
        ("Deputy Commissioner", "2021", "2023-01", True),
        ("Acting Commissioner", "2023-01", "", False),
    ]
    assert [c.source for c in person.citations.all()] == [source]


def test_organization_list_filters_by_parent_and_country(staff_client):
    dhs = factories.OrganizationFactory(name="Department of Homeland Security", country="US")
    cbp = factories.OrganizationFactory(name="U.S. Customs and Border Protection", parent=dhs, country="US")
    dgme = factories.OrganizationFactory(name="Dirección General de Migración y Extranjería", country="SV")
    url = reverse("admin:people_organization_changelist")

    by_parent = staff_client.get(url, {"parent__id__exact": dhs.pk}).context["cl"].result_list
    by_country = staff_client.get(url, {"country": "SV"}).context["cl"].result_list

    assert list(by_parent) == [cbp]
    assert list(by_country) == [dgme]


def test_country_filter_offers_only_the_countries_in_use(staff_client):
    factories.OrganizationFactory(country="SV")
    factories.OrganizationFactory(country="US")
    response = staff_client.get(reverse("admin:people_organization_changelist"))
    [country_filter] = [
        spec for spec in response.context["cl"].filter_specs if getattr(spec, "field_path", None) == "country"
    ]
    offered = [choice["display"] for choice in country_filter.choices(response.context["cl"])]
    assert offered == ["All", "El Salvador", "United States of America"]
