"""A record's public history (records/history.py): "Last updated" is the date its content last changed in Pacta,
not the date of a reload that changed nothing, and its Changes section lists its published revisions in words."""

import datetime
import json
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Revision

from agreements.loader import load
from agreements.models import Agreement
from people.models import Person
from records.history import SHOWN, changes
from records.models import PublicationStatus
from records.services import change_status
from tests import factories
from tests.helpers import page_text, resubmit_data

pytestmark = pytest.mark.django_db

MOU = "cbp-dgme-passenger-information-mou"
LOADED = datetime.datetime(2025, 1, 2, 12, tzinfo=datetime.UTC)


def _loaded_long_ago():
    """The dataset as if loaded on 2 January 2025, so that a change today has a date of its own."""
    Revision.objects.update(date_created=LOADED)
    for model in (Agreement, Person):
        model.objects.update(changed_at=LOADED, updated_at=LOADED)


def _publish(record):
    """Publish `record` as the curator signed in does, in a revision of its own."""
    change_status([record], PublicationStatus.PUBLISHED, user=User.objects.get(username="curator"), comment="")


def _last_updated(html):
    return re.search(r"Last updated ([^<]+)</span>", html).group(1)


def _changes(html):
    section = re.search(r'<ol class="changes">(.*?)</ol>', html, re.S).group(1)
    return [" ".join(re.sub(r"<[^>]+>", "", item).split()) for item in re.findall(r"<li>(.*?)</li>", section, re.S)]


def _json_ld(html):
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


def test_a_reload_that_changes_nothing_writes_no_revision_and_keeps_the_date(client, dataset, settings):
    _loaded_long_ago()
    revisions = Revision.objects.count()

    counts = load(settings.BASE_DIR / "dataset", refresh=True)

    assert all(count["refreshed"] == 0 for count in counts.values())
    assert Revision.objects.count() == revisions
    html = page_text(client, f"/agreements/{MOU}/")
    assert _last_updated(html) == "2 January 2025"
    assert _changes(html) == ["2 January 2025: Added to Pacta"]
    assert "year = {2025}" in html


def test_a_curators_edit_dates_the_record_and_is_listed_in_its_changes(staff_client, dataset):
    _loaded_long_ago()
    agreement = Agreement.objects.get(slug=MOU)
    url = reverse("admin:agreements_agreement_change", args=[agreement.pk])

    staff_client.post(url, resubmit_data(staff_client.get(url)) | {"summary_en": "A curator's better summary."})

    today = timezone.localdate()
    html = page_text(Client(), f"/agreements/{MOU}/")
    assert _last_updated(html) == f"{today.day} {today:%B %Y}"
    assert _changes(html) == [f"{today.day} {today:%B %Y}: changed summary", "2 January 2025: Added to Pacta"]
    assert f"year = {{{today.year}}}" in html
    assert _json_ld(html)["dateModified"].startswith(today.isoformat())
    sitemap = page_text(Client(), "/sitemap-agreements.xml")
    assert f"<lastmod>{today.isoformat()}</lastmod>" in sitemap


def test_a_change_of_rows_is_named_by_what_readers_call_them(staff_client):
    agreement = factories.AgreementFactory(publication_status=PublicationStatus.DRAFT)
    _publish(agreement)
    url = reverse("admin:agreements_agreement_change", args=[agreement.pk])
    data = resubmit_data(staff_client.get(url))
    source = factories.SourceFactory()
    prefix = "records-citation-content_type-object_id"
    data |= {f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-0-source": source.pk, f"{prefix}-0-excerpt": "A passage."}

    staff_client.post(url, data)

    newest, first = changes(Agreement.objects.get(pk=agreement.pk))
    assert newest.changed == ["sources"]
    assert first.added


def test_revisions_while_a_record_is_a_draft_are_not_listed(staff_client):
    agreement = factories.AgreementFactory(publication_status=PublicationStatus.DRAFT)
    url = reverse("admin:agreements_agreement_change", args=[agreement.pk])
    staff_client.post(url, resubmit_data(staff_client.get(url)) | {"summary_en": "Drafted."})

    assert changes(agreement) == []
    assert Agreement.objects.get(pk=agreement.pk).changed_at is None


def test_a_page_lists_the_latest_changes_and_counts_the_earlier_ones(staff_client):
    agreement = factories.AgreementFactory(publication_status=PublicationStatus.DRAFT)
    _publish(agreement)
    url = reverse("admin:agreements_agreement_change", args=[agreement.pk])
    for number in range(SHOWN + 1):
        staff_client.post(url, resubmit_data(staff_client.get(url)) | {"summary_en": f"Edit {number}."})

    html = page_text(Client(), agreement.get_absolute_url())

    assert len(_changes(html)) == SHOWN
    assert "and 2 earlier changes" in html
