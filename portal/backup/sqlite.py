"""SQLite backups: the database copied with SQLite's online backup API, page by page under a read lock, so that the
copy is of one moment while the site keeps running; the search index's FTS5 table and triggers come with it. A
restore copies the file back the same way, in one write transaction that a failure rolls back."""

import sqlite3
import zipfile
from pathlib import Path

from django.db import connection

from portal.backup.errors import BackupError

PAYLOAD = "database.sqlite3"
COMPRESSION = zipfile.ZIP_DEFLATED


def dump(path, tables):
    """Copy the database to `path`; return the copy's applied migrations and its rows per table."""
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    try:
        connection.connection.backup(copy)
        migrations = [f"{app}.{name}" for app, name in copy.execute("SELECT app, name FROM django_migrations")]
        counts = {
            # Table names are the models' own, quoted as identifiers.
            table: copy.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}").fetchone()[0]  # noqa: S608
            for table in tables
        }
    finally:
        copy.close()
    return migrations, counts


def check(path):
    """Refuse a file that is not a sound SQLite database."""
    try:
        database = sqlite3.connect(f"{Path(path).as_uri()}?mode=ro", uri=True)
        try:
            (result,) = database.execute("PRAGMA integrity_check").fetchone()
        finally:
            database.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"The backup's database cannot be read ({error}).") from None
    if result != "ok":
        raise BackupError(f"The backup's database is damaged ({result}).")


def load(path):
    """Replace the configured database's contents with the database at `path`."""
    connection.ensure_connection()
    source = sqlite3.connect(path)
    try:
        source.backup(connection.connection)
    except sqlite3.OperationalError as error:
        raise BackupError(
            f"The database could not be replaced ({error}); stop the site's processes and run the restore again. "
            "Nothing was changed."
        ) from None
    finally:
        source.close()
