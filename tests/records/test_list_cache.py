"""A list's facet counts and number of matches, kept in the cache under the content version: worked out once for
every page and sort of the same filters, fresh after any write, and never a reason for a page to fail."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.models import Agreement
from records.models import PublicationStatus
from tests import factories
from tests.helpers import facet

pytestmark = pytest.mark.django_db

AGREEMENTS = reverse("agreements:agreement-list")


def counting_queries(client, url, status=200):
    """The SQL of the queries that count (facets, the number of matches) run to answer `url`; not the cards' own
    counts (how many parties an agreement has beyond those shown, a window over the rows fetched)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == status
    return [
        query["sql"] for query in queries.captured_queries if "COUNT(" in query["sql"] and " OVER " not in query["sql"]
    ]


@pytest.fixture
def agreements():
    """25 published agreements, more than a page: 20 memoranda and 5 customs agreements."""
    for number in range(25):
        factories.AgreementFactory(kind="mou" if number < 20 else "cmaa")


def test_another_page_or_sort_of_the_same_filters_counts_nothing_again(client, agreements):
    first = client.get(f"{AGREEMENTS}?kind=mou&kind=cmaa")

    assert counting_queries(client, f"{AGREEMENTS}?kind=cmaa&kind=mou&page=2&sort=title") == []
    second = client.get(f"{AGREEMENTS}?kind=mou&kind=cmaa&page=2&sort=title")
    assert facet(second, "kind") == facet(first, "kind") == {"mou": 20, "cmaa": 5}
    assert second.context["paginator"].count == 25
    assert len(second.context["object_list"]) == 5


def test_other_filters_are_counted_afresh(client, agreements):
    client.get(AGREEMENTS)

    assert counting_queries(client, f"{AGREEMENTS}?kind=cmaa")
    assert client.get(f"{AGREEMENTS}?kind=cmaa").context["paginator"].count == 5


def test_a_record_published_after_the_counts_were_kept_is_counted_at_once(client, agreements):
    assert facet(client.get(AGREEMENTS), "kind") == {"mou": 20, "cmaa": 5}

    factories.AgreementFactory(kind="cmaa")
    response = client.get(f"{AGREEMENTS}?page=2")

    assert facet(response, "kind") == {"mou": 20, "cmaa": 6}
    assert response.context["paginator"].count == 26


def test_a_withdrawn_record_leaves_the_kept_counts_at_once(client, agreements):
    client.get(AGREEMENTS)

    withdrawn = Agreement.objects.filter(kind="cmaa").first()
    withdrawn.publication_status = PublicationStatus.DRAFT
    withdrawn.save()
    response = client.get(AGREEMENTS)

    assert facet(response, "kind") == {"mou": 20, "cmaa": 4}
    assert response.context["paginator"].count == 24


def test_with_the_list_cache_off_every_request_counts(client, settings, agreements):
    settings.LIST_CACHE_SECONDS = 0
    client.get(AGREEMENTS)

    assert counting_queries(client, f"{AGREEMENTS}?page=2")


def test_counts_for_refused_filters_are_never_kept(client, agreements):
    refused = f"{AGREEMENTS}?kind=cmaa&signed_after=not-a-date"
    client.get(refused)

    assert counting_queries(client, refused, status=400)


def test_a_failing_cache_still_gives_the_page_with_its_counts(client, monkeypatch, agreements):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get_many", broken)

    response = client.get(AGREEMENTS)

    assert response.status_code == 200
    assert facet(response, "kind") == {"mou": 20, "cmaa": 5}


def test_topic_counts_are_kept_for_the_home_topic_tree_and_topic_pages_and_follow_writes(client):
    topic = factories.TopicFactory(slug="customs", name="Customs")
    factories.AgreementFactory().topics.add(topic)
    assert client.get("/topics/").context["topics"][0].count == 1

    # The pages' other counts (records of each type, of the topic) are theirs; the tree's counts come from the cache.
    assert [sql for sql in counting_queries(client, "/") if "_topics" in sql] == []
    assert [sql for sql in counting_queries(client, "/topics/customs/") if "_topics" in sql and "CASE" in sql] == []

    factories.AgreementFactory().topics.add(topic)
    assert client.get("/topics/").context["topics"][0].count == 2
