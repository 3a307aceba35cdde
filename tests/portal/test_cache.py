"""Public pages cached for anonymous readers: served again without queries, never stale after a curator's edit,
never a draft, never someone else's CSRF token."""

import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from people.models import Organization
from records.models import PublicationStatus
from tests import factories

pytestmark = pytest.mark.django_db

AGREEMENTS = "/agreements/"
ORGANIZATIONS = "/organizations/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600


def _admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_a_second_anonymous_request_is_served_from_the_cache_without_queries(client, django_assert_num_queries):
    factories.AgreementFactory(title="Customs mutual assistance")
    first = client.get(AGREEMENTS)

    with django_assert_num_queries(0):
        second = client.get(AGREEMENTS)

    assert second.status_code == 200
    assert "Customs mutual assistance" in second.content.decode()
    assert TOKEN.sub("", second.content.decode()) == TOKEN.sub("", first.content.decode())


def test_each_query_string_and_language_is_a_page_of_its_own(client):
    factories.AgreementFactory(title="Tariff cooperation", short_name="TC")
    factories.AgreementFactory(title="Passenger information", short_name="PIX")
    client.get(AGREEMENTS)

    filtered = client.get(f"{AGREEMENTS}?q=passenger").content.decode()
    spanish = client.get(AGREEMENTS, headers={"accept-language": "es"})

    assert "Passenger information" in filtered
    assert "Tariff cooperation" not in filtered
    assert spanish["Content-Language"] == "es"
    assert '<html lang="es">' in spanish.content.decode()


def test_a_curators_admin_save_shows_on_the_next_request(staff_client):
    client = Client()
    topic = factories.TopicFactory(name="Border security", slug="border-security")
    url = topic.get_absolute_url()
    assert "Border security" in client.get(url).content.decode()

    response = staff_client.post(
        _admin_url(type(topic), "change", topic.pk),
        {"name": "Border control", "slug": "border-security", "description": "", "publication_status": "published"},
    )

    assert response.status_code == 302
    content = client.get(url).content.decode()
    assert "Border control" in content
    assert "Border security" not in content


def test_a_bulk_publish_shows_on_the_next_request(staff_client):
    client = Client()
    factories.OrganizationFactory(name="Already public")
    draft = factories.OrganizationFactory(name="Awaiting publication", publication_status=PublicationStatus.IN_REVIEW)
    assert "Awaiting publication" not in client.get(ORGANIZATIONS).content.decode()

    staff_client.post(_admin_url(Organization, "changelist"), {"action": "publish", "_selected_action": [draft.pk]})

    draft.refresh_from_db()
    assert draft.publication_status == PublicationStatus.PUBLISHED
    assert "Awaiting publication" in client.get(ORGANIZATIONS).content.decode()


def test_a_topic_added_in_bulk_shows_on_the_next_request(client):
    agreement = factories.AgreementFactory()
    topic = factories.TopicFactory(name="Maritime security")
    assert "Maritime security" not in client.get(agreement.get_absolute_url()).content.decode()

    # The admin's "Add a topic" action adds it through the relation, as here.
    agreement.topics.add(topic)

    assert "Maritime security" in client.get(agreement.get_absolute_url()).content.decode()


def test_a_deleted_record_disappears_on_the_next_request(client):
    agreement = factories.AgreementFactory(title="Soon withdrawn")
    assert "Soon withdrawn" in client.get(AGREEMENTS).content.decode()

    agreement.delete()

    assert "Soon withdrawn" not in client.get(AGREEMENTS).content.decode()
    assert client.get(agreement.get_absolute_url()).status_code == 404


def test_loading_the_dataset_shows_on_the_next_request(client):
    assert "us-el-salvador-cmaa" not in client.get(AGREEMENTS).content.decode()

    call_command("load_dataset", verbosity=0)

    assert "/agreements/us-el-salvador-cmaa/" in client.get(AGREEMENTS).content.decode()


def test_a_staff_preview_of_a_draft_is_neither_stored_nor_served_to_readers(staff_client):
    client = Client()
    draft = factories.AgreementFactory(title="Secret draft", publication_status=PublicationStatus.DRAFT)
    preview = f"{draft.get_absolute_url()}?preview=1"

    assert "Secret draft" in staff_client.get(preview).content.decode()

    assert client.get(preview).status_code == 404
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "Secret draft" not in client.get(AGREEMENTS).content.decode()


def test_staff_are_never_served_a_cached_page(staff_client):
    client = Client()
    factories.AgreementFactory(title="Customs mutual assistance")
    client.get(AGREEMENTS)
    assert client.get(AGREEMENTS).context is None

    response = staff_client.get(AGREEMENTS)

    assert response.context is not None


def test_a_cached_page_carries_each_readers_own_csrf_token(dataset):
    url = reverse("agreements:agreement-detail", kwargs={"slug": "us-el-salvador-cmaa"})
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_tokens = TOKEN.findall(first.get(url).content.decode())
    second_response = second.get(url)
    second_tokens = TOKEN.findall(second_response.content.decode())

    assert second_response.context is None, "the second reader should get the cached page"
    assert len(second_tokens) == len(first_tokens) >= 2
    assert set(first_tokens).isdisjoint(second_tokens)
    changed = second.post(
        reverse("set_language"), {"language": "es", "next": url, "csrfmiddlewaretoken": second_tokens[0]}
    )
    assert changed.status_code == 302
