import pytest
from django.core.management import call_command


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
