import time

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation

from portal.settings import envcache
from tests import shared
from tests.browser import screenshots
from tests.helpers import STAFF_PASSWORD
from tests.shared import shared_records


@pytest.fixture(autouse=True)
def empty_cache(settings):
    """Each test starts with an empty cache (no page cached by an earlier test, no report counted), and pages are
    built by their views so that tests can read response.context; tests/portal/test_cache.py turns page caching on."""
    settings.PAGE_CACHE_SECONDS = 0
    cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in English, as each request starts in its address's language: a request to a Spanish page
    leaves Spanish active in the thread, and records made after it would get Spanish texts only."""
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def shared_cache(settings, tmp_path, monkeypatch):
    """The default cache as a deployment without CACHE_URL has it (files), in a directory of this test's own; the
    directory."""
    monkeypatch.delenv("CACHE_URL", raising=False)
    settings.CACHES = {"default": envcache("CACHE_URL", tmp_path)}
    return tmp_path


@pytest.fixture
def staff_client(client, django_user_model):
    """A client logged in as a superuser curator."""
    user = django_user_model.objects.create_superuser("curator", "curator@example.org", STAFF_PASSWORD)
    client.force_login(user)
    return client


@pytest.fixture
def get_within_budget(client, django_assert_max_num_queries):
    """get_within_budget(url, budget, **request_options): the client's answer to a GET of `url`, which must answer 200
    in no more than `budget` queries."""

    def get(url, budget, **request_options):
        with django_assert_max_num_queries(budget):
            response = client.get(url, **request_options)
        assert response.status_code == 200, response.content.decode()[:2000]
        return response

    return get


# Records that tests share (tests/shared.py): the dataset, and the records a module's tests build alike.


@shared_records(scope="session")
def dataset():
    """The repository's dataset, loaded as `make run` loads it, once for all the tests that use it (what a test
    writes is rolled back before the next). Tests that change the dataset itself use own_dataset."""
    call_command("load_dataset", verbosity=0)


@pytest.fixture
def own_dataset(db):
    """The repository's dataset loaded for this test alone, for a test that changes it."""
    call_command("load_dataset", verbosity=0)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Tests that share records run next to each other (after pytest-django's ordering, in their own order)."""
    items[:] = shared.order(items)


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef, request):
    """Open the test's shared records before pytest-django opens the test's own transaction."""
    if fixturedef.argname == "_django_db_helper":
        request.getfixturevalue("django_db_setup")
        shared.open_for(request.node, request.getfixturevalue("django_db_blocker"))
    return (yield)


_next_item = {}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    _next_item["next"] = nextitem
    return (yield)


def pytest_fixture_post_finalizer(fixturedef, request):
    """Once the test's own transaction is rolled back: roll the shared records back too unless the next test uses
    them (at the end of the session, before the test database goes)."""
    if fixturedef.argname == "_django_db_helper" and "next" in _next_item:
        shared.close_unless_used_by(_next_item["next"])


# When the session started: the screenshots written since are this session's.
_started = pytest.StashKey[float]()


def pytest_sessionstart(session):
    session.config.stash[_started] = time.time()


def pytest_terminal_summary(terminalreporter, config):
    """List the screenshots the browser tests wrote in this session (tests/browser/): CI keeps the list in its log."""
    written = screenshots.written_since(config.stash.get(_started, time.time()))
    if written:
        terminalreporter.section(f"browser screenshots ({len(written)})")
        for path in written:
            terminalreporter.write_line(str(path))
