"""'Report an error' on public record pages: the form, its defences, the thank-you page, and curators' handling."""

import re
from html import escape

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils.http import urlencode

from records.models import ErrorReport, PublicationStatus, ReportStatus
from tests import factories
from tests.helpers import admin_listed

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


def _post(client, record, **data):
    return client.post(_report_url(record), {"message": MESSAGE, "email": "", "website": "", **data})


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

    response = _post(client, record, website="https://spam.example")

    assert response.status_code == 302
    assert response["Location"] == reverse("report-thanks", args=["agreement", record.slug])
    assert not ErrorReport.objects.exists()


def test_the_sixth_report_from_one_address_within_the_hour_is_refused_with_429_and_not_stored(client):
    record = factories.PersonFactory()
    for _ in range(5):
        assert _post(client, record).status_code == 302

    response = _post(client, record, message="A sixth report.")

    assert response.status_code == 429
    content = response.content.decode()
    assert "Too many reports" in content
    assert "A sixth report." in content
    assert ErrorReport.objects.count() == 5
    assert not ErrorReport.objects.filter(message="A sixth report.").exists()


def test_the_limit_is_per_address(client):
    record = factories.PersonFactory()
    for _ in range(5):
        _post(client, record)

    response = client.post(_report_url(record), {"message": MESSAGE}, REMOTE_ADDR="203.0.113.9")

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

    response = client.post(_report_url(record), {"message": MESSAGE, "csrfmiddlewaretoken": token})

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
