import pytest
from django.contrib.auth.models import Group

from tests.helpers import STAFF_PASSWORD


def staff_member(django_user_model, username, group=None):
    """An active staff user with STAFF_PASSWORD and an email address, in `group` if one is named."""
    user = django_user_model.objects.create_user(username, f"{username}@example.org", STAFF_PASSWORD, is_staff=True)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def curator(django_user_model):
    """A superuser who signs in with STAFF_PASSWORD."""
    return django_user_model.objects.create_superuser("curator", "curator@example.org", STAFF_PASSWORD)


@pytest.fixture
def publisher(django_user_model):
    return staff_member(django_user_model, "publisher", "Publishers")


@pytest.fixture
def editor(django_user_model):
    return staff_member(django_user_model, "editor", "Editors")
