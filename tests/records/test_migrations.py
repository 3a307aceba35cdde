"""A database made before the records app (Source, Citation and reader reports in portal) migrates forward with
nothing lost: rows, citations, history versions and admin log entries, and recover still works."""

import pytest
import reversion
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from reversion.models import Version

from agreements.models import Event
from records.models import Citation, ErrorReport, Source
from tests.agreements.test_admin import resubmit_data

# The last migration of every app before the move; records did not exist.
BEFORE_RECORDS = [("portal", "0004_error_reports"), ("records", None)]


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _migrate_to_before_the_move():
    """Unapply the move; the historical models of that state, to read the database as it was."""
    MigrationExecutor(connection).migrate(BEFORE_RECORDS)
    others = [node for node in _latest() if node[0] not in ("portal", "records")]
    return MigrationExecutor(connection).loader.project_state([BEFORE_RECORDS[0], *others]).apps


def _migrate_to_latest():
    MigrationExecutor(connection).migrate(_latest())


def _tables():
    return set(connection.introspection.table_names())


def _counts():
    return {
        "sources": Source.objects.count(),
        "citations": Citation.objects.count(),
        "reports": ErrorReport.objects.count(),
        "versions": Version.objects.count(),
        "log entries": LogEntry.objects.count(),
        "source versions": Version.objects.get_for_model(Source).count(),
        "citation versions": Version.objects.get_for_model(Citation).count(),
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_database_from_before_the_records_app_keeps_every_row_history_version_and_log_entry(staff_client):
    call_command("load_dataset", verbosity=0)
    source = Source.objects.get(key="S1")
    with reversion.create_revision():
        source.reliability_note = "Edited by a curator before the move."
        source.save()
    event = Event.objects.filter(citations__isnull=False, children__isnull=True).distinct().first()
    cited_sources = sorted(event.citations.values_list("source__key", flat=True))
    assert staff_client.post(reverse("admin:agreements_event_delete", args=[event.pk]), {"post": "yes"}).status_code
    ErrorReport.objects.create(
        content_type=ContentType.objects.get_for_model(Event), object_id=event.pk, page_url="/x/", message="Wrong."
    )
    before = _counts()

    old_apps = _migrate_to_before_the_move()

    # The layout every database had before: portal's tables, content types and history labels.
    assert {"portal_source", "portal_citation", "portal_errorreport"} <= _tables()
    assert not {"records_source", "records_citation"} & _tables()
    old_content_types = old_apps.get_model("contenttypes", "ContentType").objects
    assert old_content_types.filter(app_label="portal", model="source").exists()
    assert old_apps.get_model("portal", "Citation").objects.count() == before["citations"]
    old_versions = old_apps.get_model("reversion", "Version").objects
    assert all(
        '"model": "portal.source"' in data
        for data in old_versions.filter(content_type__app_label="portal", content_type__model="source").values_list(
            "serialized_data", flat=True
        )
    )

    _migrate_to_latest()

    assert _counts() == before
    assert {"records_source", "records_citation", "records_errorreport"} <= _tables()
    assert not {"portal_source", "portal_citation", "portal_errorreport"} & _tables()
    assert not ContentType.objects.filter(app_label="portal").exists()
    [latest, *_] = Version.objects.get_for_object(Source.objects.get(key="S1"))
    assert latest.field_dict["reliability_note"] == "Edited by a curator before the move."
    history = staff_client.get(reverse("admin:records_source_history", args=[source.pk]))
    assert history.status_code == 200

    listing = staff_client.get(reverse("admin:agreements_event_recoverlist"))
    [deleted] = [version for version in listing.context["deleted"] if version.object_id == str(event.pk)]
    recover_url = reverse("admin:agreements_event_recover", args=[deleted.pk])
    response = staff_client.post(recover_url, resubmit_data(staff_client.get(recover_url)))

    assert response.status_code == 302
    recovered = Event.objects.get(pk=event.pk)
    assert sorted(recovered.citations.values_list("source__key", flat=True)) == cited_sources
