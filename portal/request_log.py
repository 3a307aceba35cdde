"""One structured line per request on the request log (stdout, as JSON: see LOGGING in portal/settings.py).

The line holds the method, the path (never the query string: readers' searches stay out of the logs), the status, the
time taken in milliseconds and, when a staff member made the request, their user id; readers stay anonymous. Errors
and their tracebacks are not logged here but by Django's `django.request` logger, to stderr and to ADMINS.
"""

import logging
import time

from django.db import DatabaseError

logger = logging.getLogger("pacta.requests")


class RequestLogMiddleware:
    """Logs each request once it is answered. First in MIDDLEWARE, so that the time covers the whole stack and the
    status is the one the client gets, static files and redirects included. A streamed download is timed to its
    first bytes, when the response leaves the stack."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        fields = {
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
        }
        # AuthenticationMiddleware sets request.user on every request that reaches it (WhiteNoise answers static
        # files before it). A reader without a session costs no query here.
        user = getattr(request, "user", None)
        try:
            if user is not None and user.is_staff:
                fields["user_id"] = user.pk
        except DatabaseError:
            # The user could not be read (the database is unavailable: the answer is a 503); the line goes without.
            pass
        logger.info("%(method)s %(path)s %(status)s", fields, extra=fields)
        return response
