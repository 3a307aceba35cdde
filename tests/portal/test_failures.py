"""Fault tests: while the database cannot be reached or written, requests answer 503 with Retry-After (a page in the
site's design, JSON for the API and for clients that prefer it) and are logged; cached pages are still served; the
next request after the database is back answers 200; a production server refuses a SQLite file that is missing.

The database fails for real: the driver's own error, through the whole middleware stack of the test client."""

import json
import os
import subprocess
import sys
from contextlib import contextmanager

import pytest
from django.conf import settings as django_settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.urls import reverse

from agreements.models import Agreement
from tests import factories

pytestmark = pytest.mark.django_db

# Where there is no database: a file in a directory that does not exist, a port that nothing listens on.
NOWHERE = {
    "sqlite": {"NAME": "/nonexistent-pacta-directory/db.sqlite3"},
    "postgresql": {"HOST": "127.0.0.1", "PORT": "1"},
}


class Outage:
    """The default database made unreachable (`start`) and brought back (`end`).

    The test's connection is put aside, not closed: it holds the test's transaction (and, on SQLite, the in-memory
    test database). Its settings then name a place with no database, so the next query tries to connect and the
    driver refuses. Brought back, the settings are restored and Django connects again by itself, as after a real
    outage; that connection is outside the test's transaction, so it sees no records the test made. Once the test is
    over, the test's connection is put back as it was."""

    def __init__(self):
        self.connection = connections[DEFAULT_DB_ALIAS]
        self.settings = self.connection.settings_dict
        self.state = None

    def start(self):
        self.state = dict(vars(self.connection))
        self.connection.connection = None
        self.connection.settings_dict = {**self.settings, **NOWHERE[self.connection.vendor]}

    def end(self):
        self.connection.settings_dict = self.settings

    def undo(self):
        if self.state is None:
            return
        if self.connection.connection not in (None, self.state["connection"]):
            self.connection.connection.close()
        vars(self.connection).clear()
        vars(self.connection).update(self.state)


@pytest.fixture
def outage(client):
    """An Outage of the default database; the client answers errors as a server would instead of raising them."""
    client.raise_request_exception = False
    outage = Outage()
    yield outage
    outage.undo()


@contextmanager
def read_only():
    """The database refusing writes while reads still work: SQLite's PRAGMA query_only, or PostgreSQL's read-only
    transaction (as on a standby) inside a savepoint that undoes it."""
    connection = connections[DEFAULT_DB_ALIAS]
    savepoint = transaction.savepoint()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA query_only = ON")
        else:
            cursor.execute("SET transaction_read_only = on")
    try:
        yield
    finally:
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA query_only = OFF")
        transaction.savepoint_rollback(savepoint)


def _request_lines(logged):
    return [json.loads(line) for line in logged["requests"]().splitlines()]


@pytest.mark.parametrize(("url", "language"), [("/", "en"), ("/es/", "es")])
def test_a_page_answers_503_in_the_sites_design_with_retry_after_while_the_database_is_down(
    client, outage, url, language
):
    outage.start()

    response = client.get(url)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert 'class="site-header"' in page and 'class="error-page"' in page
    assert '<meta name="robots" content="noindex">' in page


def test_the_api_and_clients_that_prefer_json_get_json_with_the_configured_retry_after(client, outage, settings):
    settings.DATABASE_RETRY_AFTER_SECONDS = 120
    outage.start()

    api = client.get("/api/agreements/", HTTP_ACCEPT="text/html")
    page = client.get("/agreements/", HTTP_ACCEPT="application/json, text/html;q=0.9")

    for response in (api, page):
        assert response.status_code == 503
        assert response["Content-Type"] == "application/json"
        assert response["Retry-After"] == "120"
        assert "Retry-After" in response.json()["detail"]


def test_the_outage_is_logged_as_an_error_with_the_drivers_error(client, outage, logged):
    outage.start()

    client.get("/agreements/")

    (line,) = _request_lines(logged)
    assert (line["path"], line["status"]) == ("/agreements/", 503)
    console = logged["console"]()
    assert "ERROR django.request: Service Unavailable: /agreements/" in console
    assert "django.db.utils.OperationalError" in console


def test_a_download_answers_503_rather_than_stopping_after_its_header(client, outage):
    outage.start()

    response = client.get("/agreements/?format=csv")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"


def test_a_curator_in_the_admin_gets_the_503_when_their_session_cannot_be_read(staff_client, outage, logged):
    outage.start()

    response = staff_client.get("/admin/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    (line,) = _request_lines(logged)
    assert line["status"] == 503


def test_the_site_answers_200_again_once_the_database_is_back_without_a_restart(client, outage):
    outage.start()
    assert client.get("/").status_code == 503

    outage.end()

    assert client.get("/").status_code == 200
    assert client.get("/api/agreements/").status_code == 200


def test_a_cached_page_is_still_served_while_the_database_is_down(client, outage, settings):
    settings.PAGE_CACHE_SECONDS = 600
    cached = client.get("/")
    outage.start()

    again = client.get("/")

    assert again.status_code == 200
    assert again.content == cached.content
    assert client.get("/es/").status_code == 503


def test_saving_in_the_admin_answers_503_while_the_database_is_read_only_and_pages_still_read(staff_client):
    staff_client.raise_request_exception = False
    agreement = factories.AgreementFactory(title="Customs mutual assistance")
    delete = reverse("admin:agreements_agreement_delete", args=[agreement.pk])

    with read_only():
        page = staff_client.get(agreement.get_absolute_url())
        response = staff_client.post(delete, {"post": "yes"})

    assert page.status_code == 200
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert Agreement.objects.filter(pk=agreement.pk).exists()


def test_a_query_the_database_rejects_is_a_bug_and_stays_a_500(client):
    client.raise_request_exception = False
    connection = connections[DEFAULT_DB_ALIAS]
    cascade = " CASCADE" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {Agreement._meta.db_table}{cascade}")

    response = client.get("/agreements/")

    assert response.status_code == 500
    assert "Retry-After" not in response


def _production(database):
    """The environment of a production run (DEBUG off) on the SQLite file `database`."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "a-secret-key-for-this-test-only-0123456789abcdefghijklmnop",
        "DJANGO_ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": f"sqlite:///{database}",
    }


def test_the_production_server_refuses_to_start_on_a_missing_sqlite_file(tmp_path):
    database = tmp_path / "db.sqlite3"
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")

    result = subprocess.run(  # noqa: S603 - the project's own server, with arguments of the test's own
        [gunicorn, "--bind", "127.0.0.1:0", "--workers", "1"],
        cwd=django_settings.BASE_DIR,
        env=_production(database),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert f"The SQLite database {database} (DATABASE_URL) does not exist" in result.stderr
    assert "manage.py migrate" in result.stderr
    assert not database.exists()


def test_manage_py_still_runs_on_a_missing_sqlite_file_so_that_migrate_can_create_it(tmp_path):
    database = tmp_path / "db.sqlite3"

    result = subprocess.run(  # noqa: S603 - the project's own manage.py, with arguments of the test's own
        [sys.executable, "manage.py", "migrate", "--plan"],
        cwd=django_settings.BASE_DIR,
        env=_production(database),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert "Planned operations" in result.stdout
