"""Public pages cached for anonymous readers: served again without queries, the same bytes for everyone, keyed by
their canonical address, never stale after a curator's edit in any process, never a draft, never a staff page."""

import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from agreements.models import Agreement
from people.models import Organization
from portal.settings import envcache
from records.models import PublicationStatus
from tests import factories

pytestmark = pytest.mark.django_db

AGREEMENTS = "/agreements/"
ORGANIZATIONS = "/organizations/"


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
    assert second.content == first.content


def test_each_query_string_and_language_is_a_page_of_its_own(client):
    factories.AgreementFactory(title="Tariff cooperation", short_name="TC")
    factories.AgreementFactory(title="Passenger information", short_name="PIX")
    client.get(AGREEMENTS)

    filtered = client.get(f"{AGREEMENTS}?q=passenger").content.decode()
    spanish = client.get("/es/acuerdos/")

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
        {"name_en": "Border control", "slug": "border-security", "publication_status": "published"},
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


def test_two_readers_get_byte_identical_cached_pages_without_a_token_or_a_cookie(dataset):
    pages = [
        "/",
        AGREEMENTS,
        reverse("agreements:agreement-detail", kwargs={"slug": "us-el-salvador-cmaa"}),
        reverse("agreements:topic-detail", kwargs={"slug": "border-security"}),
        "/search/?q=customs",
    ]
    for url in pages:
        first = Client(enforce_csrf_checks=True).get(url)
        second = Client(enforce_csrf_checks=True).get(url)

        assert second.context is None, f"{url}: the second reader should get the cached page"
        assert second.content == first.content, url
        assert "csrfmiddlewaretoken" not in second.content.decode(), url
        assert not first.cookies and not second.cookies, url


def test_unknown_parameters_and_their_order_hit_the_same_cache_entry(client, django_assert_num_queries):
    topic = factories.TopicFactory(slug="border-security")
    agreement = factories.AgreementFactory(title="Customs mutual assistance", kind="cmaa")
    agreement.topics.add(topic)
    first = client.get(f"{AGREEMENTS}?utm_source=newsletter&topic=border-security&kind=cmaa")
    assert first.context is not None
    assert "Customs mutual assistance" in first.content.decode()
    # The page was built from the canonical query: no link on it carries the first reader's parameter on.
    assert "utm_source" not in first.content.decode()

    for query in (
        f"kind=cmaa&topic=border-security&utm_x={uuid.uuid4().hex}",
        f"fbclid={uuid.uuid4().hex}&topic=border-security&kind=cmaa",
        "topic=border-security&kind=cmaa",
    ):
        with django_assert_num_queries(0):
            again = client.get(f"{AGREEMENTS}?{query}")
        assert again.content == first.content, query

    detail = agreement.get_absolute_url()
    built = client.get(f"{detail}?utm_campaign=1")
    with django_assert_num_queries(0):
        # ?preview means nothing to a reader without a session: it is dropped like any unknown parameter.
        for url in (detail, f"{detail}?preview=1", f"{detail}?ref={uuid.uuid4().hex}"):
            assert client.get(url).content == built.content, url


def test_a_known_parameter_still_makes_a_page_of_its_own(client):
    factories.AgreementFactory(title="Tariff cooperation")
    client.get("/search/?q=tariff")

    other = client.get("/search/?q=passenger")

    assert other.context is not None
    assert "Tariff cooperation" not in other.content.decode()


def test_a_facets_show_all_page_and_its_search_are_pages_of_their_own(client):
    party = factories.AgreementPartyFactory(organization__name="Dirección General de Migración").organization
    client.get(AGREEMENTS)

    show_all = client.get(f"{AGREEMENTS}?facet=party").content.decode()
    searched = client.get(f"{AGREEMENTS}?facet=party&facet_q=zzz").content.decode()

    assert party.name in show_all
    assert show_all != client.get(AGREEMENTS).content.decode()
    assert party.name not in searched


def test_a_reader_whose_copy_is_current_gets_304_from_the_cache_without_rendering(client, django_assert_num_queries):
    factories.AgreementFactory(title="Customs mutual assistance")
    first = client.get(AGREEMENTS)
    etag = first["ETag"]
    assert {part.strip() for part in first["Cache-Control"].split(",")} == {"public", "max-age=60"}
    assert "Cookie" in first["Vary"]

    with django_assert_num_queries(0):
        again = client.get(AGREEMENTS, headers={"if-none-match": etag})

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    factories.AgreementFactory(title="Passenger information")
    changed = client.get(AGREEMENTS, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert "Passenger information" in changed.content.decode()
    assert changed["ETag"] != etag


def test_a_page_built_for_staff_or_a_preview_is_never_stored_and_is_marked_private(staff_client):
    reader = Client()
    agreement = factories.AgreementFactory(title="Customs mutual assistance")
    draft = factories.AgreementFactory(title="Secret draft", publication_status=PublicationStatus.DRAFT)

    for url in (AGREEMENTS, agreement.get_absolute_url(), f"{draft.get_absolute_url()}?preview=1"):
        response = staff_client.get(url)
        assert response.status_code == 200
        assert "private" in response["Cache-Control"], url
        assert "ETag" not in response, url
    assert "no-store" in staff_client.get(f"{draft.get_absolute_url()}?preview=1")["Cache-Control"]

    assert reader.get(AGREEMENTS).context is not None, "the staff page must not have been stored"
    assert reader.get(agreement.get_absolute_url()).context is not None
    assert reader.get(draft.get_absolute_url()).status_code == 404


# One machine's app processes share the default cache: files in a directory (portal/settings.py, envcache).


def test_without_cache_url_the_default_cache_is_shared_files():
    configured = envcache("CACHE_URL", django_settings.BASE_DIR / "var" / "cache")

    assert configured["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache"


def test_a_withdrawn_record_disappears_from_every_cached_page_at_once(shared_cache, staff_client):
    topic = factories.TopicFactory(name="Border security", slug="border-security")
    agreement = factories.AgreementFactory(title="Soon withdrawn")
    agreement.topics.add(topic)
    factories.AgreementFactory(title="Stays public")
    pages = [AGREEMENTS, topic.get_absolute_url(), "/", "/search/?q=withdrawn"]
    # Two app processes, each a reader's way in; the second finds every page the first built in the shared cache.
    workers = [Client(), Client()]
    for url in pages:
        assert "Soon withdrawn" in workers[0].get(url).content.decode(), url
        cached = workers[1].get(url)
        assert cached.context is None, url
        assert "Soon withdrawn" in cached.content.decode(), url

    # A curator withdraws it in the admin (a third process).
    staff_client.post(
        reverse("admin:agreements_agreement_changelist"), {"action": "withdraw", "_selected_action": [agreement.pk]}
    )

    assert Agreement.objects.get(pk=agreement.pk).publication_status == PublicationStatus.DRAFT
    for worker in workers:
        for url in pages:
            content = worker.get(url).content.decode()
            assert "Soon withdrawn" not in content, url
        assert worker.get(agreement.get_absolute_url()).status_code == 404
    assert "Stays public" in workers[1].get(AGREEMENTS).content.decode()


# Another process, configured as a deployment is (portal.settings, CACHE_URL pointing at the same files), that records
# a change of public data, as a curator's save in another gunicorn worker does.
OTHER_PROCESS = "import django; django.setup(); from records.cache import content_changed; content_changed()"


def test_a_change_recorded_by_another_process_reaches_this_ones_cached_pages(shared_cache, client):
    factories.AgreementFactory(title="Customs mutual assistance")
    client.get(AGREEMENTS)
    assert client.get(AGREEMENTS).context is None

    subprocess.run(  # noqa: S603 - a fixed command line: this Python and a script of this module
        [sys.executable, "-c", OTHER_PROCESS],
        check=True,
        cwd=django_settings.BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DJANGO_DEBUG": "1",
            "CACHE_URL": f"file://{shared_cache}",
        },
    )

    assert client.get(AGREEMENTS).context is not None, "the page should be built afresh after the change"
