"""Logs: one JSON line per request on stdout (the staff member's id, never a reader's), and an error's traceback on
stderr and in a mail to ADMINS; read from the handlers LOGGING configures."""

import json

import pytest
from django.core import mail
from django.urls import path

pytestmark = pytest.mark.django_db


def _fail(request):
    raise RuntimeError("The view broke.")


# The URLs of the error test: a view that fails.
urlpatterns = [path("fail/", _fail)]


def _request_lines(logged):
    return [json.loads(line) for line in logged["requests"]().splitlines()]


def test_each_request_is_one_json_line_with_method_path_status_and_time_and_no_query(client, logged):
    client.get("/about/?q=a+reader%27s+search")
    client.get("/no-such-page/")

    about, missing = _request_lines(logged)
    assert about | {"time": None, "duration_ms": None} == {
        "level": "INFO",
        "method": "GET",
        "path": "/about/",
        "status": 200,
        "time": None,
        "duration_ms": None,
    }
    assert isinstance(about["duration_ms"], float) and about["duration_ms"] >= 0
    assert (missing["path"], missing["status"]) == ("/no-such-page/", 404)
    assert "search" not in logged["requests"]()


def test_a_staff_members_requests_carry_their_user_id_and_other_users_stay_anonymous(client, django_user_model, logged):
    curator = django_user_model.objects.create_user("curator", is_staff=True)
    reader = django_user_model.objects.create_user("reader")
    for user in (curator, reader):
        client.force_login(user)
        client.get("/about/")

    curator_line, reader_line = _request_lines(logged)
    assert curator_line["user_id"] == curator.pk
    assert "user_id" not in reader_line


def test_an_error_is_logged_with_its_traceback_on_stderr_and_mailed_to_admins(client, settings, logged):
    settings.ROOT_URLCONF = __name__
    settings.ADMINS = [("Operations", "ops@example.org")]
    client.raise_request_exception = False

    assert client.get("/fail/").status_code == 500

    (line,) = _request_lines(logged)
    assert (line["path"], line["status"]) == ("/fail/", 500)
    console = logged["console"]()
    assert "ERROR django.request: Internal Server Error: /fail/" in console
    assert "Traceback (most recent call last)" in console and "RuntimeError: The view broke." in console
    (message,) = mail.outbox
    assert message.to == ["ops@example.org"]
    assert "/fail/" in message.subject and "RuntimeError" in message.body
