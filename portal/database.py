"""The site when its database is not there: a 503 with Retry-After while it cannot be reached or written, and a
production server that will not start on a SQLite file that does not exist.

Django turns an exception raised anywhere in a request (a view, a template, the session or user that a middleware
reads) into the answer of the root URLconf's `handler500`, after logging it with its traceback on `django.request`
(stderr, and a mail to ADMINS: LOGGING in portal/settings.py); `server_error` is that handler. When the exception
says that the database is unavailable, the reader gets 503 Service Unavailable with `Retry-After:
DATABASE_RETRY_AFTER_SECONDS`, a page in the site's design or, for the API and for clients that prefer JSON, a JSON
body; the error is logged as "Service Unavailable". Any other error, an IntegrityError or a query the database
rejects included, is a bug and stays a 500. Pages in the page cache (records/cache.py) are still served to anonymous
readers meanwhile: their requests read no session and no user, so nothing asks the database.

With DEBUG on, Django shows its debug page for every error instead, this one included.
"""

import sqlite3
import sys
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults

from portal.routing import is_api_address

# SQLite's primary result codes (https://sqlite.org/rescode.html) that say the file cannot be opened, read or written
# just now: missing or unreadable, locked, read-only, out of disk. Python raises OperationalError for these and also
# for SQLITE_ERROR, a statement SQLite rejects (no such table, a syntax error), which is a bug.
SQLITE_UNAVAILABLE = {
    sqlite3.SQLITE_PERM,
    sqlite3.SQLITE_BUSY,
    sqlite3.SQLITE_LOCKED,
    sqlite3.SQLITE_READONLY,
    sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_FULL,
    sqlite3.SQLITE_CANTOPEN,
    sqlite3.SQLITE_PROTOCOL,
}
# PostgreSQL's SQLSTATE for a write in a read-only transaction (a standby, default_transaction_read_only), which
# psycopg raises as an InternalError.
POSTGRES_READ_ONLY_TRANSACTION = "25006"


def is_unavailable(error):
    """Whether the database error `error` (one of django.db's, wrapping the driver's as its cause) says that the
    database cannot be reached or written now, rather than that the query was wrong."""
    cause = error.__cause__
    if isinstance(cause, sqlite3.Error):
        code = getattr(cause, "sqlite_errorcode", 0) & 0xFF
        return isinstance(cause, sqlite3.OperationalError) and code in SQLITE_UNAVAILABLE
    # PostgreSQL: a connection refused, lost or closed, a server shutting down, out of connections or disk, a
    # statement cancelled for its time; or the read-only transaction.
    if isinstance(error, OperationalError | InterfaceError):
        return True
    return getattr(cause, "sqlstate", None) == POSTGRES_READ_ONLY_TRANSACTION


def wants_json(request):
    """Whether the answer to `request` is JSON: an API address, or a client that prefers JSON to HTML."""
    return (
        is_api_address(request) or request.get_preferred_type(["text/html", "application/json"]) == "application/json"
    )


def unavailable(request):
    """503 Service Unavailable, to try again after DATABASE_RETRY_AFTER_SECONDS. The page extends base.html, which
    reads nothing from the database."""
    if wants_json(request):
        message = _(
            "Pacta is temporarily unavailable: its database cannot be reached or cannot take changes just now. "
            "Try again after the number of seconds in the Retry-After header."
        )
        response = JsonResponse({"detail": message}, status=503)
    else:
        response = render(request, "503.html", status=503)
    response["Retry-After"] = str(settings.DATABASE_RETRY_AFTER_SECONDS)
    return response


def server_error(request):
    """The root URLconf's handler500: 503 when the error being handled says the database is unavailable, else
    Django's own 500 page (templates/500.html)."""
    error = sys.exc_info()[1]
    if isinstance(error, DatabaseError) and is_unavailable(error):
        return unavailable(request)
    return defaults.server_error(request)


def require_database_file():
    """With DEBUG off, refuse to serve a SQLite database whose file does not exist: SQLite would create it empty at
    the first request, and the site would answer with no records, or errors, instead of saying what is wrong. Called
    by the WSGI and ASGI entry points, not in settings, so that `manage.py migrate` can still create the file."""
    database = settings.DATABASES["default"]
    name = str(database["NAME"])
    if settings.DEBUG or database["ENGINE"] != "django.db.backends.sqlite3":
        return
    # An in-memory database, or a URI that says by its mode whether it may be created.
    if name == ":memory:" or name.startswith("file:"):
        return
    if not Path(name).is_file():
        raise ImproperlyConfigured(
            f"The SQLite database {name} (DATABASE_URL) does not exist; the site will not start on an empty one. "
            "Correct DATABASE_URL if the database is elsewhere, or create it: `manage.py migrate`, then load the "
            "dataset or restore a backup (README.md)."
        )
