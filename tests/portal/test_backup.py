"""Backups: backup → wipe → restore gives back every row (records, citations, history, accounts) and a working search;
a file that is not a sound backup of this database is refused before anything changes. On SQLite and PostgreSQL
alike (pg_dump and pg_restore on the PATH or in POSTGRES_BIN_DIR)."""

import json
import zipfile

import pytest
import reversion
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from reversion.models import Version

from agreements.models import Agreement
from people.models import Person
from tests import factories
from tests.helpers import cite, listed, page

# The commands work on the whole database, outside any transaction; the rows the migrations wrote (roles, content
# types) are put back after each test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _contents():
    """Every row of every table, in primary-key order (the search entries included; SQLite's FTS5 table over them,
    the one unmanaged model, cannot be read as rows)."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values_list())
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
    }


def _backup(tmp_path):
    path = tmp_path / "pacta.zip"
    call_command("backup", str(path), verbosity=0)
    return path


def test_backup_wipe_restore_gives_back_the_same_records_citations_and_history(client, tmp_path):
    agreement = factories.AgreementFactory(title="Customs Mutual Assistance Agreement", summary="First summary.")
    cite(agreement, "Both governments signed the customs agreement.")
    factories.AgreementPartyFactory(agreement=agreement)
    with reversion.create_revision():
        reversion.set_comment("First version.")
        agreement.save()
    with reversion.create_revision():
        agreement.summary = "Second summary."
        agreement.save()
    deleted = factories.PersonFactory(name="Withdrawn Official")
    with reversion.create_revision():
        reversion.add_to_revision(deleted)
    deleted_pk = deleted.pk
    deleted.delete()
    before = _contents()

    path = _backup(tmp_path)
    call_command("flush", interactive=False, verbosity=0)
    assert not Agreement.objects.exists() and not Version.objects.exists()
    call_command("restore", str(path), yes=True, verbosity=0)

    assert _contents() == before
    assert "Both governments signed the customs agreement." in page(client, agreement)
    assert listed(client, "/agreements/?q=mutual") == [agreement.slug]
    # The history works as before: an earlier version restores, a deleted record comes back.
    first, _second = Version.objects.get_for_object(agreement).order_by("pk")
    assert first.revision.comment == "First version."
    first.revision.revert()
    assert Agreement.objects.get(pk=agreement.pk).summary == "First summary."
    Version.objects.get_deleted(Person).get(object_id=str(deleted_pk)).revision.revert()
    assert Person.objects.get(pk=deleted_pk).name == "Withdrawn Official"
    # New rows continue the restored ids.
    assert factories.AgreementFactory().pk > agreement.pk


def _rewrite(path, manifest=lambda manifest: manifest, payload=lambda data: data):
    """Write the backup at `path` again with its manifest and database file passed through the given functions."""
    with zipfile.ZipFile(path) as archive:
        old_manifest = json.loads(archive.read("manifest.json"))
        data = archive.read(old_manifest["payload"])
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest(old_manifest)))
        archive.writestr(old_manifest["payload"], payload(data))


def _not_a_zip(path):
    path.write_text("date,title\n2024-10-08,Not a backup\n")


def _bytes_flipped(path):
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 16] = bytes(byte ^ 0xFF for byte in data[middle : middle + 16])
    path.write_bytes(bytes(data))


def _truncated(path):
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _database_changed(path):
    _rewrite(path, payload=lambda data: data[: len(data) // 2])


def _other_vendor(path):
    _rewrite(path, manifest=lambda m: m | {"vendor": "postgresql" if m["vendor"] == "sqlite" else "sqlite"})


def _newer_code(path):
    _rewrite(path, manifest=lambda m: m | {"migrations": [*m["migrations"], "records.9999_from_the_future"]})


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (_not_a_zip, "not a readable Pacta backup"),
        (_bytes_flipped, "not a readable Pacta backup"),
        (_truncated, "not a readable Pacta backup"),
        (_database_changed, "does not match the checksum"),
        (_other_vendor, "is a backup of a"),
        (_newer_code, "records.9999_from_the_future"),
    ],
)
def test_a_damaged_or_foreign_backup_is_refused_before_anything_changes(tmp_path, damage, message):
    factories.AgreementFactory()
    path = _backup(tmp_path)
    factories.AgreementFactory()
    before = _contents()
    damage(path)

    with pytest.raises(CommandError, match=message):
        call_command("restore", str(path), yes=True, verbosity=0)

    assert _contents() == before


def test_restore_without_a_terminal_needs_yes(tmp_path):
    path = _backup(tmp_path)
    factories.AgreementFactory()

    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(path), verbosity=0)

    assert Agreement.objects.count() == 1
