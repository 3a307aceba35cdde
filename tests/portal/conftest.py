import io
import logging

import pytest
from django.contrib.auth.models import Group


def _member_of(group_name, django_user_model, client):
    user = django_user_model.objects.create_user(group_name.lower(), is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def editor_client(client, django_user_model):
    """A client logged in as a member of the Editors group the migrations create."""
    return _member_of("Editors", django_user_model, client)


@pytest.fixture
def publisher_client(django_user_model):
    """A client logged in as a member of the Publishers group (a client of its own, to sit beside an editor's)."""
    from django.test import Client

    return _member_of("Publishers", django_user_model, Client())


@pytest.fixture
def logged():
    """What the request log (stdout) and the console (stderr) write during the test: logged["requests"]() and
    logged["console"]() give it so far."""
    streams = {}
    swapped = []
    for logger, name in ((logging.getLogger("pacta.requests"), "requests"), (logging.getLogger(), "console")):
        (handler,) = (handler for handler in logger.handlers if handler.name == name)
        streams[name] = io.StringIO()
        swapped.append((handler, handler.setStream(streams[name])))
    yield {name: stream.getvalue for name, stream in streams.items()}
    for handler, stream in swapped:
        handler.setStream(stream)
