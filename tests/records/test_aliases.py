"""Other names (records.models.Alias): shown as "Also known as" with their source and certainty, found by the site
search and the lists' `q`, kept in the search index as they change, edited in the admin and carried by the API."""

import pytest
from django.urls import reverse

from agreements.models import Agreement
from records.models import Alias
from tests import factories
from tests.helpers import listed, page_text, resubmit_data
from tests.records.test_search import found_on_page

pytestmark = pytest.mark.django_db

MOU = "cbp-dgme-passenger-information-mou"
DATASET_ALIASES = [
    ("Kattan", "/people/", "miguel-kattan"),
    # No source spells Cucalón without its accent; search finds him by folding accents, with no other name needed.
    ("Cucalon", "/people/", "ricardo-cucalon"),
    ("ATS-G", "/agreements/", MOU),
    ("Passenger Information Sharing Agreement", "/agreements/", MOU),
]


@pytest.mark.parametrize(("q", "list_url", "slug"), DATASET_ALIASES)
def test_the_site_search_and_the_list_find_a_record_by_its_other_name(client, dataset, q, list_url, slug):
    assert slug in found_on_page(client, "/search/", q)
    assert slug in listed(client, f"{list_url}?q={q}")


def test_an_unverified_other_name_is_shown_with_its_certainty_and_its_source(client, dataset):
    html = page_text(client, f"/agreements/{MOU}/")

    also_known_as = html[html.index('<p class="aliases">') :]
    also_known_as = also_known_as[: also_known_as.index("</p>")]
    assert "ATS-G" in also_known_as
    assert '<a href="#source-S3">S3</a>' in also_known_as
    assert "certainty--unverified" in also_known_as


def test_a_confirmed_other_name_carries_no_badge(client, dataset):
    html = page_text(client, "/people/miguel-kattan/")

    also_known_as = html[html.index('<p class="aliases">') :]
    assert "Miguel Kattan" in also_known_as[: also_known_as.index("</p>")]
    assert "certainty--" not in also_known_as[: also_known_as.index("</p>")]


def test_the_search_index_follows_an_other_name_saved_and_deleted(client):
    agreement = factories.AgreementFactory(title="Customs cooperation")
    assert agreement.slug not in listed(client, "/agreements/?q=zollabkommen")

    alias = Alias.objects.create(record=agreement, name="Zollabkommen")
    assert agreement.slug in listed(client, "/agreements/?q=zollabkommen")

    alias.delete()
    assert agreement.slug not in listed(client, "/agreements/?q=zollabkommen")


def test_the_api_detail_carries_the_other_names(client, dataset):
    response = client.get(f"/api/agreements/{MOU}/")

    aliases = {alias["name"]: alias for alias in response.json()["aliases"]}
    assert aliases["ATS-G"]["certainty"] == "unverified"
    assert aliases["ATS-G"]["source"]["title"]


def test_a_curator_adds_an_other_name_in_the_admin(staff_client):
    agreement = factories.AgreementFactory()
    url = reverse("admin:agreements_agreement_change", args=[agreement.pk])
    prefix = "records-alias-content_type-object_id"
    data = resubmit_data(staff_client.get(url)) | {
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-0-name": "Zollabkommen",
        f"{prefix}-0-certainty": "unverified",
        f"{prefix}-0-certainty_note_en": "One weak source.",
        f"{prefix}-0-certainty_note_es": "Una fuente débil.",
    }

    staff_client.post(url, data)

    alias = Agreement.objects.get(pk=agreement.pk).aliases.get()
    assert (alias.name, alias.certainty_note_es) == ("Zollabkommen", "Una fuente débil.")
