"""'Report an error' on public record pages: the form, its defences, the thank-you page, and curators' handling."""

import re
import time
from contextlib import contextmanager
from html import escape

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.cache.backends.filebased import FileBasedCache
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils.http import urlencode

from records.forms import SHOWN_AT
from records.models import ErrorReport, PublicationStatus, ReportStatus
from tests import factories
from tests.helpers import admin_listed, report_data

pytestmark = pytest.mark.django_db

RECORD_FACTORIES = {
    "organization": factories.OrganizationFactory,
    "person": factories.PersonFactory,
    "agreement": factories.AgreementFactory,
    "trainingprogram": factories.TrainingProgramFactory,
    "event": factories.EventFactory,
}
MESSAGE = "The agreement was signed on 9 October, not 8 October; see the embassy's release."


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    """Each test starts with no report counted against its address."""
    cache.clear()
    yield
    cache.clear()


def _report_url(record):
    return reverse("report-error", args=[record._meta.model_name, record.slug])


def _post(client, record, message=MESSAGE, **data):
    """The answer to a report on `record` sent as a reader sends it, a minute after the form was shown."""
    return client.post(_report_url(record), report_data(message, **data))


def _post_from(client, record, **request_options):
    """The answer to a report on `record` sent with `request_options` (the client's address, headers)."""
    return client.post(_report_url(record), report_data(MESSAGE), **request_options)


@pytest.mark.parametrize("model_name", RECORD_FACTORIES)
def test_every_public_record_page_links_to_the_report_form_and_carries_no_token(client, model_name):
    record = RECORD_FACTORIES[model_name]()

    response = client.get(record.get_absolute_url())

    content = response.content.decode()
    assert f'<a href="{_report_url(record)}" rel="nofollow">' in content
    assert 'method="post"' not in content
    assert "csrfmiddlewaretoken" not in content
    assert not response.cookies


@pytest.mark.parametrize("model_name", RECORD_FACTORIES)
def test_a_valid_report_is_stored_linked_to_the_record_and_the_reader_is_thanked(client, model_name):
    record = RECORD_FACTORIES[model_name]()

    response = _post(client, record, email="reader@example.org")

    thanks = reverse("report-thanks", args=[model_name, record.slug])
    assert response.status_code == 302
    assert response["Location"] == thanks
    report = ErrorReport.objects.get()
    assert report.record == record
    assert report.page_url == record.get_absolute_url()
    assert (report.message, report.email, report.status) == (MESSAGE, "reader@example.org", ReportStatus.OPEN)
    page = client.get(thanks)
    assert page.status_code == 200
    assert "Thank you for your report" in page.content.decode()
    assert f'href="{record.get_absolute_url()}"' in page.content.decode()


def test_the_report_page_works_on_its_own_without_javascript(client):
    record = factories.AgreementFactory()

    response = client.get(_report_url(record))

    assert response.status_code == 200
    content = response.content.decode()
    assert '<meta name="robots" content="noindex">' in content
    assert f'href="{record.get_absolute_url()}"' in content
    assert '<label for="id_message">' in content
    assert '<textarea name="message"' in content
    assert "Leave this field empty" in content
    assert f'action="{_report_url(record)}"' in content
    assert 'name="csrfmiddlewaretoken"' in content


def test_a_filled_honeypot_is_thanked_and_nothing_is_stored(client):
    record = factories.AgreementFactory()

    response = _post(client, record, reference="https://spam.example")

    assert response.status_code == 302
    assert response["Location"] == reverse("report-thanks", args=["agreement", record.slug])
    assert not ErrorReport.objects.exists()


def test_the_sixth_report_from_one_address_within_the_hour_is_refused_with_429_and_not_stored(client):
    record = factories.PersonFactory()
    for _ in range(5):
        assert _post(client, record).status_code == 302

    response = _post(client, record, message="A sixth report.")

    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    content = response.content.decode()
    assert "Too many reports" in content
    assert "A sixth report." in content
    assert ErrorReport.objects.count() == 5
    assert not ErrorReport.objects.filter(message="A sixth report.").exists()


def test_the_limit_is_per_address(client):
    record = factories.PersonFactory()
    for _ in range(5):
        _post(client, record)

    response = _post_from(client, record, REMOTE_ADDR="203.0.113.9")

    assert response.status_code == 302
    assert ErrorReport.objects.count() == 6


def test_a_post_without_the_csrf_token_is_refused_with_403_and_not_stored():
    record = factories.EventFactory()
    client = Client(enforce_csrf_checks=True)

    response = client.post(_report_url(record), {"message": MESSAGE})

    assert response.status_code == 403
    assert not ErrorReport.objects.exists()


def test_a_post_with_the_token_of_the_report_page_is_accepted():
    record = factories.EventFactory()
    client = Client(enforce_csrf_checks=True)
    page = client.get(_report_url(record)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    response = client.post(_report_url(record), report_data(MESSAGE, csrfmiddlewaretoken=token))

    assert response.status_code == 302
    assert ErrorReport.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "field", "error", "kept"),
    [
        ({"message": "   "}, "message", "This field is required.", None),
        ({"email": "not-an-address"}, "email", "Enter a valid email address.", MESSAGE),
        ({"message": "x" * 100_000}, "message", "at most 2000 characters (it has 100000)", "x" * 100_000),
    ],
    ids=["empty message", "bad email", "100 kB message"],
)
def test_invalid_input_shows_the_form_again_with_the_message_beside_the_field_and_stores_nothing(
    client, data, field, error, kept
):
    record = factories.OrganizationFactory()

    response = _post(client, record, **data)

    assert response.status_code == 200
    content = response.content.decode()
    assert "The report was not sent" in content
    assert error in response.context["form"].errors[field][0]
    assert f'id="id_{field}_error"' in content
    if kept:
        assert escape(kept) in content
    assert not ErrorReport.objects.exists()


def test_invalid_input_does_not_count_against_the_limit(client):
    record = factories.OrganizationFactory()
    for _ in range(6):
        _post(client, record, message="")

    assert _post(client, record).status_code == 302


def test_the_honeypot_is_hidden_from_sight_screen_readers_the_tab_order_and_autofill(client):
    record = factories.AgreementFactory()

    content = client.get(_report_url(record)).content.decode()

    trap = re.search(r'<div class="form-trap" aria-hidden="true">(.*?)</div>', content, re.DOTALL).group(1)
    field = re.search(r"<input [^>]*>", trap).group(0)
    assert 'name="reference"' in field
    assert 'autocomplete="off"' in field
    assert 'tabindex="-1"' in field
    assert "style=" not in content.partition('class="report-form"')[2]
    css = (django_settings.BASE_DIR / "static" / "css" / "pacta.css").read_text()
    assert re.search(r"\.form-trap \{\s*display: none", css)


def test_a_filled_honeypot_is_thanked_even_when_sent_at_once_and_nothing_is_stored(client):
    record = factories.AgreementFactory()

    response = _post(client, record, reference="https://spam.example", seconds_open=0)

    assert response.status_code == 302
    assert not ErrorReport.objects.exists()


def _shown_at(content):
    return re.search(r'name="shown_at" value="([^"]+)"', content).group(1)


def test_a_report_sent_at_once_is_shown_back_and_sent_again_a_moment_later_with_the_same_form(client, monkeypatch):
    record = factories.PersonFactory()
    stamp = _shown_at(client.get(_report_url(record)).content.decode())
    data = {"message": MESSAGE, "email": "", "reference": "", "shown_at": stamp}

    refused = client.post(_report_url(record), data)

    assert refused.status_code == 200
    content = refused.content.decode()
    assert "it came a moment too soon after the form opened" in content
    assert escape(MESSAGE) in content
    assert _shown_at(content) == stamp
    assert not ErrorReport.objects.exists()
    later = time.time() + django_settings.REPORT_FORM_MIN_SECONDS
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.post(_report_url(record), data).status_code == 302
    assert ErrorReport.objects.get().message == MESSAGE


def test_a_report_is_accepted_once_the_form_has_been_open_the_minimum_time(client, settings):
    record = factories.PersonFactory()
    settings.REPORT_FORM_MIN_SECONDS = 10

    assert _post(client, record, seconds_open=9).status_code == 200
    assert _post(client, record, seconds_open=10).status_code == 302
    assert ErrorReport.objects.count() == 1


@pytest.mark.parametrize(
    "shown_at",
    [
        None,
        "",
        "1700000000",
        lambda stamp: stamp.replace(stamp.partition(":")[0], str(int(stamp.partition(":")[0]) - 3600)),
        lambda stamp: report_data(MESSAGE, seconds_open=2 * 24 * 60 * 60)["shown_at"],
    ],
    ids=["missing", "empty", "unsigned", "altered", "two days old"],
)
def test_a_report_with_a_missing_altered_or_expired_stamp_is_shown_back_with_a_fresh_one(client, shown_at):
    record = factories.EventFactory()
    data = report_data(MESSAGE)
    if shown_at is None:
        del data["shown_at"]
    else:
        data["shown_at"] = shown_at(data["shown_at"]) if callable(shown_at) else shown_at

    response = client.post(_report_url(record), data)

    assert response.status_code == 200
    content = response.content.decode()
    assert "the form had expired" in content
    assert escape(MESSAGE) in content
    assert not ErrorReport.objects.exists()
    fresh = _shown_at(content)
    assert fresh != data.get("shown_at")
    assert abs(int(SHOWN_AT.unsign(fresh)) - time.time()) < 5


ATTACKER = "203.0.113.66"
VICTIM = "198.51.100.7"


@pytest.mark.parametrize("spoofed", ["10.1.2.{n}", "10.1.2.{n}, 10.4.5.{n}"])
def test_a_spoofed_forwarded_for_does_not_escape_the_report_limit_when_no_proxy_is_trusted(client, spoofed):
    record = factories.PersonFactory()
    statuses = [
        _post_from(client, record, REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=spoofed.format(n=n)).status_code
        for n in range(6)
    ]

    assert statuses == [302] * 5 + [429]
    assert ErrorReport.objects.count() == 5


def test_a_spoofed_forwarded_for_does_not_use_up_the_report_limit_of_the_address_it_names(client):
    record = factories.PersonFactory()
    for _ in range(6):
        response = _post_from(client, record, REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=VICTIM)
    assert response.status_code == 429

    assert _post_from(client, record, REMOTE_ADDR=VICTIM).status_code == 302


def test_behind_a_trusted_proxy_the_report_limit_counts_the_address_it_saw(client, settings):
    settings.TRUSTED_PROXIES = 1
    record = factories.PersonFactory()
    proxy = "10.0.0.1"
    # The client may write anything left of the address the proxy appends: it neither escapes nor redirects the limit.
    statuses = [
        _post_from(client, record, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=f"{written}, {ATTACKER}").status_code
        for written in ["192.0.2.1", VICTIM, "not an address", "192.0.2.4", "192.0.2.5", "192.0.2.6"]
    ]

    assert statuses == [302] * 5 + [429]
    # Another reader behind the same proxy is another client.
    assert _post_from(client, record, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=VICTIM).status_code == 302


def test_the_report_limit_is_a_setting(client, settings):
    settings.REPORTS_PER_HOUR = 2
    record = factories.PersonFactory()

    assert [_post(client, record).status_code for _ in range(3)] == [302, 302, 429]


def test_reports_are_counted_in_the_cache_every_process_shares(client, shared_cache):
    record = factories.PersonFactory()
    for _ in range(5):
        _post(client, record)
    assert _post(client, record).status_code == 429

    # The count lives in the cache's files: emptied through another connection to them, as another process would.
    FileBasedCache(str(shared_cache), {}).clear()

    assert _post(client, record).status_code == 302


@contextmanager
def read_only_database():
    """Within it the database refuses writes, as a full disk or a restore in progress makes it do. PostgreSQL: the
    test's transaction turned read-only inside a savepoint, whose rollback turns it back; SQLite: query_only."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            savepoint = transaction.savepoint()
            cursor.execute("SET TRANSACTION READ ONLY")
            try:
                yield
            finally:
                transaction.savepoint_rollback(savepoint)
        else:
            cursor.execute("PRAGMA query_only = ON")
            try:
                yield
            finally:
                cursor.execute("PRAGMA query_only = OFF")


def test_a_report_the_database_cannot_save_is_shown_back_with_a_503_and_does_not_count(client, settings):
    settings.REPORTS_PER_HOUR = 1
    record = factories.AgreementFactory()

    with read_only_database():
        response = _post(client, record, email="reader@example.org")
        assert response.status_code == 503
        assert ErrorReport.objects.count() == 0

    assert int(response["Retry-After"]) > 0
    content = response.content.decode()
    assert "Your report was not saved. Please try again" in content
    assert escape(MESSAGE) in content
    assert 'value="reader@example.org"' in content
    assert _post(client, record).status_code == 302
    assert ErrorReport.objects.count() == 1
    assert _post(client, record).status_code == 429


@pytest.mark.parametrize("status", [PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW])
def test_a_report_on_an_unpublished_record_is_a_404_and_not_stored(client, status):
    record = factories.AgreementFactory(publication_status=status)

    assert client.get(_report_url(record)).status_code == 404
    assert _post(client, record).status_code == 404
    assert client.get(reverse("report-thanks", args=["agreement", record.slug])).status_code == 404
    assert not ErrorReport.objects.exists()


@pytest.mark.parametrize(
    "args", [("agreement", "no-such-agreement"), ("source", "anything"), ("user", "admin")], ids=str
)
def test_a_report_on_an_unknown_record_or_record_type_is_a_404(client, args):
    url = reverse("report-error", args=args)

    assert client.get(url).status_code == 404
    assert client.post(url, {"message": MESSAGE}).status_code == 404
    assert not ErrorReport.objects.exists()


@pytest.fixture
def curator(client, django_user_model):
    """A client logged in as an editor: the group the migrations create, which may see and close reports."""
    user = django_user_model.objects.create_user("editor", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    client.user = user
    return client


def _report(record, **values):
    _post(Client(), record, **values)
    return ErrorReport.objects.latest("id")


def test_curators_see_reports_with_links_to_the_record_admin_and_public_pages(curator):
    agreement = factories.AgreementFactory()
    report = _report(agreement)

    response = curator.get(reverse("admin:records_errorreport_changelist"))

    assert response.status_code == 200
    content = response.content.decode()
    assert reverse("admin:agreements_agreement_change", args=[agreement.pk]) in content
    assert f'href="{agreement.get_absolute_url()}"' in content
    assert MESSAGE[:40] in content
    change = curator.get(reverse("admin:records_errorreport_change", args=[report.pk])).content.decode()
    assert reverse("admin:agreements_agreement_change", args=[agreement.pk]) in change


def test_curators_filter_reports_by_status_record_type_and_date(curator):
    person_report = _report(factories.PersonFactory())
    agreement_report = _report(factories.AgreementFactory())
    ErrorReport.objects.filter(pk=agreement_report.pk).update(status=ReportStatus.CLOSED)
    changelist = reverse("admin:records_errorreport_changelist")

    def listed(query):
        return admin_listed(curator, f"{changelist}?{query}")

    assert listed("status__exact=open") == {person_report}
    assert listed("status__exact=closed") == {agreement_report}
    assert listed("record_type=person") == {person_report}
    assert listed("record_type=agreement") == {agreement_report}
    # What the date filter's own links send: a time-zone-aware moment.
    assert listed(urlencode({"created_at__gte": "2000-01-01 00:00:00+00:00"})) == {person_report, agreement_report}
    assert listed(urlencode({"created_at__lt": "2000-01-01 00:00:00+00:00"})) == set()


def test_curators_close_reports_in_bulk_and_the_admin_records_who_and_when(curator):
    first, second = _report(factories.EventFactory()), _report(factories.PersonFactory())

    response = curator.post(
        reverse("admin:records_errorreport_changelist"),
        {"action": "mark_as_handled", "_selected_action": [first.pk, second.pk]},
    )

    assert response.status_code == 302
    for report in (first, second):
        report.refresh_from_db()
        assert report.status == ReportStatus.CLOSED
        assert report.handled_by == curator.user
        assert report.handled_at is not None


def test_closing_a_report_in_its_form_records_who_and_when_with_the_curators_note(curator):
    report = _report(factories.OrganizationFactory())

    response = curator.post(
        reverse("admin:records_errorreport_change", args=[report.pk]),
        {"status": ReportStatus.CLOSED, "curator_note": "Corrected the date."},
    )

    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.curator_note, report.handled_by) == (
        ReportStatus.CLOSED,
        "Corrected the date.",
        curator.user,
    )
    assert report.handled_at is not None
    assert report.message == MESSAGE


def test_curators_cannot_add_reports_or_rewrite_what_the_reader_wrote(curator):
    report = _report(factories.OrganizationFactory())

    assert curator.get(reverse("admin:records_errorreport_add")).status_code == 403
    curator.post(
        reverse("admin:records_errorreport_change", args=[report.pk]),
        {"status": ReportStatus.OPEN, "message": "Rewritten", "email": "x@example.org"},
    )
    report.refresh_from_db()
    assert (report.message, report.email) == (MESSAGE, "")


def test_the_dashboard_counts_reports_not_yet_handled_and_links_to_them(curator):
    _report(factories.PersonFactory())
    _report(factories.PersonFactory())
    ErrorReport.objects.filter(pk=_report(factories.PersonFactory()).pk).update(status=ReportStatus.CLOSED)

    response = curator.get(reverse("admin:index"))

    lines = {str(title): lines for title, lines in response.context["sections"]}
    (line,) = lines["Reader reports not yet handled"]
    assert line["count"] == 2
    assert line["url"] == f"{reverse('admin:records_errorreport_changelist')}?status__exact=open"
    assert f'href="{line["url"]}"' in response.content.decode()
