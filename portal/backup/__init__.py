"""Backups of the whole database and restoring one: records, citations and sources, the history (django-reversion's
revisions and versions), accounts, reader reports and the search index, all as of one moment.

A backup is a zip file holding `manifest.json` and the database: on SQLite a copy made with SQLite's online backup
API, on PostgreSQL a `pg_dump` archive; either is consistent while the site keeps running. The manifest says when and
from which database vendor it was made, which migrations had been applied, how many rows each table held and the
database file's SHA-256. A restore checks all of that before it touches the database, so that a truncated, corrupt
or foreign file loses nothing; it then replaces the database's contents in one transaction and counts the rows of
every table against the manifest.
"""

import hashlib
import json
import os
import shutil
import tempfile
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from portal.backup import postgresql, sqlite
from portal.backup.errors import BackupError
from records.cache import content_changed

__all__ = ["Backup", "BackupError", "create", "opened", "summary"]

FORMAT = "pacta-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
# What a restore reads from the manifest.
MANIFEST_KEYS = {"created_at", "vendor", "payload", "sha256", "size", "migrations", "tables"}
# What each database vendor's module does: dump(), check() and load() of its PAYLOAD file.
VENDORS = {"sqlite": sqlite, "postgresql": postgresql}
# django-reversion's tables: every version of every record, and who saved it when.
HISTORY_TABLES = ("reversion_revision", "reversion_version")


def _vendor():
    """The configured database's module, or an error for a vendor Pacta does not run on."""
    try:
        return VENDORS[connection.vendor]
    except KeyError:
        raise BackupError(f"Backups are made of SQLite and PostgreSQL databases, not {connection.vendor}.") from None


def _outside_transaction():
    """Backups and restores work at the level of the whole database, which an open transaction would hide."""
    if connection.in_atomic_block:
        raise BackupError("A backup or a restore cannot run inside a transaction.")


def _sha256(path):
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def count_rows(tables):
    """{table: rows} for `tables` in the configured database; one query a table."""
    with connection.cursor() as cursor:
        return {table: _count(cursor, table) for table in tables}


def _count(cursor, table):
    # The name comes from the models' own tables or a checked manifest, and is quoted as an identifier.
    cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
    return cursor.fetchone()[0]


def create(destination):
    """Write a backup of the configured database to `destination`, a file or a directory to name one in, and return
    its path and manifest. Written under a temporary name beside it and renamed once complete, so that a backup
    that fails midway leaves no file that looks whole."""
    vendor = _vendor()
    _outside_transaction()
    destination = Path(destination)
    if destination.is_dir():
        destination /= f"pacta-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.zip"
    if not destination.parent.is_dir():
        raise BackupError(f"{destination.parent} is not a directory: create it first, or name another.")
    tables = sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))
    with tempfile.TemporaryDirectory(dir=destination.parent, prefix=".pacta-backup-") as work:
        payload = Path(work) / vendor.PAYLOAD
        created_at = datetime.now(UTC)
        migrations, counts = vendor.dump(payload, tables)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": created_at.isoformat(timespec="seconds"),
            "vendor": connection.vendor,
            "payload": vendor.PAYLOAD,
            "sha256": _sha256(payload),
            "size": payload.stat().st_size,
            "migrations": migrations,
            "tables": counts,
        }
        partial = Path(work) / "backup.zip"
        with zipfile.ZipFile(partial, "w", compression=vendor.COMPRESSION) as archive:
            archive.writestr(MANIFEST, json.dumps(manifest, indent=2))
            archive.write(payload, vendor.PAYLOAD)
        os.replace(partial, destination)
    return destination, manifest


def summary(manifest):
    """A backup in one sentence for the person running a command: what, when, how many rows and versions."""
    tables = manifest["tables"]
    revisions, versions = (tables.get(table, 0) for table in HISTORY_TABLES)
    return (
        f"a {manifest['vendor']} database of {manifest['created_at']} ({manifest['size']:,} bytes), "
        f"{sum(tables.values()):,} rows in {len(tables)} tables, with a history of {revisions:,} revisions "
        f"and {versions:,} versions."
    )


@dataclass
class Restored:
    """What a restore wrote: the rows per table, the tables whose count differs from the manifest's (table,
    expected, found), and the migrations the code has that the restored database has not applied yet."""

    counts: dict
    mismatches: list
    pending_migrations: list


@dataclass
class Backup:
    """A backup file checked and unpacked (see opened()), ready to restore."""

    path: Path
    manifest: dict
    payload: Path

    def restore(self):
        """Replace every row of the configured database with the backup's, in one transaction, and count them."""
        _outside_transaction()
        _vendor().load(self.payload)
        # Pages cached before the restore show what it replaced.
        content_changed()
        counts = count_rows(self.manifest["tables"])
        mismatches = [
            (table, expected, counts[table])
            for table, expected in self.manifest["tables"].items()
            if counts[table] != expected
        ]
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        return Restored(counts, mismatches, [f"{migration.app_label}.{migration.name}" for migration, _ in pending])


@contextmanager
def opened(path):
    """The backup at `path`, checked and unpacked into a temporary directory for as long as the block runs: a zip
    with a Pacta manifest, of the configured database's vendor, from migrations this code knows, whose database
    file has the manifest's checksum and opens as a database. Anything else is a BackupError, raised before
    anything is written."""
    vendor = _vendor()
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="pacta-restore-") as work:
        payload = Path(work) / vendor.PAYLOAD
        manifest = _unpack(path, payload)
        if _sha256(payload) != manifest["sha256"]:
            raise BackupError(f"{path} is damaged: its database file does not match the checksum in its manifest.")
        unknown = sorted(set(manifest["migrations"]) - _known_migrations())
        if unknown:
            raise BackupError(
                f"{path} comes from a newer or different version of Pacta: its database has migrations this code does "
                f"not have ({', '.join(unknown)}). Restore it with the code it was made with."
            )
        vendor.check(payload)
        yield Backup(path, manifest, payload)


def _unpack(path, payload):
    """The manifest of the backup at `path`, a backup of the configured database's vendor, after writing its database
    file to `payload`."""
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = json.loads(archive.read(MANIFEST))
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise BackupError(f"{path} is not a Pacta backup: its manifest is not one.")
            if manifest.get("format_version") != FORMAT_VERSION:
                raise BackupError(f"{path} is a Pacta backup in a format this version cannot read.")
            if manifest.get("vendor") != connection.vendor:
                raise BackupError(
                    f"{path} is a backup of a {manifest.get('vendor')} database, "
                    f"and the configured database is {connection.vendor}."
                )
            if not MANIFEST_KEYS <= manifest.keys():
                raise BackupError(f"{path} is not a whole Pacta backup: its manifest lacks entries.")
            # Reading a member checks its CRC: a damaged archive fails here.
            with archive.open(manifest["payload"]) as source, payload.open("wb") as target:
                shutil.copyfileobj(source, target, 1 << 20)
    except (OSError, EOFError, zipfile.BadZipFile, zlib.error, KeyError, ValueError, TypeError) as error:
        raise BackupError(f"{path} is not a readable Pacta backup ({error}).") from None
    return manifest


def _known_migrations():
    """Every migration of the code, as "app.name" (the manifest's spelling)."""
    return {f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations}
