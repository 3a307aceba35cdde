"""PostgreSQL backups with PostgreSQL's own tools: `pg_dump` in its custom format, of the snapshot that the manifest's
counts are read in, and `pg_restore`, which drops and recreates every table of the dump in one transaction. The
search index's tsvector column is data like any other. The programs are looked for in POSTGRES_BIN_DIR when it is
set, else on the PATH; they must be of the server's major version or newer."""

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

from portal.backup.errors import BackupError

PAYLOAD = "database.pgdump"
# pg_dump's custom format is compressed already.
COMPRESSION = zipfile.ZIP_STORED
# The connection OPTIONS that libpq reads from the environment, as Django's dbshell passes them.
OPTION_VARIABLES = {
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
}


def _program(name):
    """The path of one of PostgreSQL's programs, or an error that says how to provide it."""
    directory = settings.POSTGRES_BIN_DIR
    found = shutil.which(name, path=directory or None)
    if found is None:
        where = f"in POSTGRES_BIN_DIR ({directory})" if directory else "on the PATH"
        raise BackupError(
            f"{name} was not found {where}. Install PostgreSQL's client programs (the server's major version or "
            "newer) or set POSTGRES_BIN_DIR to the directory that holds them."
        )
    return found


def _environment():
    """libpq's variables for the configured database, so that no password shows in a process list."""
    database = connection.settings_dict
    variables = {
        "PGDATABASE": database["NAME"],
        "PGUSER": database["USER"],
        "PGPASSWORD": database["PASSWORD"],
        "PGHOST": database["HOST"],
        "PGPORT": database["PORT"],
    }
    variables |= {variable: database["OPTIONS"].get(option) for option, variable in OPTION_VARIABLES.items()}
    return os.environ | {variable: str(value) for variable, value in variables.items() if value}


def _run(*arguments):
    """Run a PostgreSQL program against the configured database; its error message if it fails."""
    # No shell: the arguments are built here, the database settings pass through the environment.
    result = subprocess.run(arguments, env=_environment(), capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(arguments[0]).name} failed: {result.stderr.strip()}")


def dump(path, tables):
    """Write the database to `path` with pg_dump; return its applied migrations and rows per table, read in the
    same snapshot (a repeatable-read transaction whose snapshot pg_dump shares)."""
    pg_dump = _program("pg_dump")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot,) = cursor.fetchone()
        _run(pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={path}")
        cursor.execute("SELECT app, name FROM django_migrations")
        migrations = [f"{app}.{name}" for app, name in cursor.fetchall()]
        counts = {}
        for table in tables:
            # Table names are the models' own, quoted as identifiers.
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return migrations, counts


def check(path):
    """Refuse a file that pg_restore cannot read."""
    _run(_program("pg_restore"), "--list", str(path))


def load(path):
    """Replace the configured database's tables with the dump's, in one transaction: a failure changes nothing."""
    pg_restore = _program("pg_restore")
    # The restore drops the tables; this process's own connection must hold no lock on them.
    connection.close()
    _run(
        pg_restore,
        "--clean",
        "--if-exists",
        "--single-transaction",
        "--exit-on-error",
        "--no-owner",
        "--no-privileges",
        f"--dbname={connection.settings_dict['NAME']}",
        str(path),
    )
