import pytest
from django.core.cache import cache
from django.core.management import call_command


@pytest.fixture(autouse=True)
def empty_cache(settings):
    """Each test starts with an empty cache (no page cached by an earlier test, no report counted), and pages are
    built by their views so that tests can read response.context; tests/portal/test_cache.py turns page caching on."""
    settings.PAGE_CACHE_SECONDS = 0
    cache.clear()


@pytest.fixture
def staff_client(client, django_user_model):
    """A client logged in as a superuser curator."""
    user = django_user_model.objects.create_superuser("curator", "curator@example.org", "a-long-test-password")
    client.force_login(user)
    return client


@pytest.fixture
def dataset(db):
    """The repository's dataset, loaded as `make run` loads it."""
    call_command("load_dataset", verbosity=0)
