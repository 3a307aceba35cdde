"""Public pages served from the cache to anonymous readers, kept fresh by a site-wide content version.

Every write to public data (a record, one of its rows, a citation, a source, a topic) gives the site a new content
version; a cached page is stored under the version it was built from, so the next request after a curator's edit
builds the page afresh. Pages are stored without their CSRF tokens: each reader gets a token of their own.

Staff, anyone with a session or pending messages, previews and anything but a plain GET are never served from the
cache nor stored in it. With several app processes, the cache must be shared (CACHE_URL) for all of them to see a
new content version.
"""

import hashlib
import logging
import re
import uuid
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from records.detail import PREVIEW_PARAMETER

logger = logging.getLogger(__name__)

VERSION_KEY = "pacta:content-version"
# Records, their rows (parties, signatories, positions, participant countries…) and topics live in these apps.
PUBLIC_DATA_APPS = {"people", "agreements"}
# What the {% csrf_token %} tag writes; the token is swapped for a placeholder before the page is stored.
CSRF_INPUT = re.compile(r'(<input type="hidden" name="csrfmiddlewaretoken" value=")[^"]*(">)')
CSRF_PLACEHOLDER = "__pacta-csrf-token__"


def is_public_data(model):
    """Whether rows of `model` show on public pages."""
    from records.models import Citation, Source

    return model._meta.app_label in PUBLIC_DATA_APPS or issubclass(model, (Source, Citation))


def content_version():
    """The current content version; a new one when the cache has none (first request, eviction, restart)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        # add(): of two processes starting at once, one version wins and both use it.
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def content_changed():
    """Give the site a new content version: every page cached so far is out of date."""
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        # A cache that is down must not undo a curator's write; cached pages then age out after PAGE_CACHE_SECONDS.
        logger.exception("Could not record a change of public data in the cache")


def _public_data_written(sender, instance, **kwargs):
    if not is_public_data(type(instance)):
        return
    content_changed()
    # Again once the transaction commits: a page built meanwhile, from data before the write, is not kept.
    transaction.on_commit(content_changed)


def _relation_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        _public_data_written(sender, instance)


def connect_signals():
    """Watch every model's writes; bulk_create and QuerySet.update() send no signal: PAGE_CACHE_SECONDS bounds those."""
    post_save.connect(_public_data_written, dispatch_uid="pacta-content-saved")
    post_delete.connect(_public_data_written, dispatch_uid="pacta-content-deleted")
    m2m_changed.connect(_relation_changed, dispatch_uid="pacta-content-related")


def _may_use_cache(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method == "GET"
        and PREVIEW_PARAMETER not in request.GET
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def _page_key(request, version):
    address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"pacta:page:{version}:{get_language()}:{address}"


def _may_store(request, response):
    session = getattr(request, "session", None)
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
        # A page that read the session (a user, messages) is someone's own.
        and not (session is not None and session.accessed)
    )


def _from_cache(request, cached):
    content, status, headers = cached
    response = HttpResponse(content.replace(CSRF_PLACEHOLDER, get_token(request)), status=status)
    for name, value in headers:
        response[name] = value
    return response


def cache_public_page(view):
    """Serve `view`'s page from the cache to anonymous readers, and store it there, for PAGE_CACHE_SECONDS at most."""

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if not _may_use_cache(request):
            return view(request, *args, **kwargs)
        try:
            key = _page_key(request, content_version())
            cached = cache.get(key)
        except Exception:
            logger.exception("The page cache could not be read; the page is built afresh")
            return view(request, *args, **kwargs)
        if cached is not None:
            return _from_cache(request, cached)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if _may_store(request, response):
            content = CSRF_INPUT.sub(rf"\g<1>{CSRF_PLACEHOLDER}\g<2>", response.content.decode(response.charset))
            try:
                cache.set(key, (content, response.status_code, list(response.items())), settings.PAGE_CACHE_SECONDS)
            except Exception:
                logger.exception("The page could not be stored in the cache")
        return response

    return cached_view


class CachedPageMixin:
    """cache_public_page for a class-based view."""

    @classmethod
    def as_view(cls, **initkwargs):
        return cache_public_page(super().as_view(**initkwargs))
