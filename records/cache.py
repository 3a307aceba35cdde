"""Public pages served from the cache to anonymous readers, kept fresh by a site-wide content version.

Every write to public data (a record, one of its rows, a citation, a source, a topic) gives the site a new content
version; a cached page is stored under the version it was built from, so the next request after a curator's edit
builds the page afresh. The version lives in the default cache, which all app processes share (a file cache on one
machine, Redis across several: portal/settings.py), so an edit or a withdrawal reaches every process at once.

A cached page is the same bytes for every reader: public pages carry no CSRF token (the forms that post have pages of
their own). Its key is the canonical address: the page's own query parameters, in a fixed order, and nothing else,
so that `?utm_source=…` neither floods the cache nor bypasses it; the view builds the page from that query too.

Anonymous readers get `Cache-Control: public` for PAGE_MAX_AGE_SECONDS and an ETag (a hash of the page), and a 304
from the cache when their copy is current. No Last-Modified: to the second, a page rebuilt after an edit in the same
second would look unmodified to a reader who only sends If-Modified-Since.

Staff, anyone with a session or pending messages, and anything but a plain GET or HEAD are never served from the
cache nor stored in it; their pages are marked private. So are previews: only staff, with a session, see them.
"""

import hashlib
import logging
import uuid
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, QueryDict
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.http import urlencode
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

VERSION_KEY = "pacta:content-version"
# Records, their rows (parties, signatories, positions, participant countries…) and topics live in these apps.
PUBLIC_DATA_APPS = {"people", "agreements"}


def is_public_data(model):
    """Whether rows of `model` show on public pages."""
    from records.models import Alias, Citation, Source

    return model._meta.app_label in PUBLIC_DATA_APPS or issubclass(model, (Source, Citation, Alias))


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


def remember(kind, keys, compute):
    """{name: value} for each name of `keys` (name → what its value is worked out from): from the cache where a
    value of this content version is there, else `compute(name)`, then kept for LIST_CACHE_SECONDS.

    For what pages derive from public data at a cost (a list's facet counts, how many records it holds): the content
    version is part of the key, so any write makes every such value stale at once, as it does cached pages. One
    cache read for all the names, one write for those computed. A cache that fails is logged and bypassed.
    """
    if settings.LIST_CACHE_SECONDS <= 0:
        return {name: compute(name) for name in keys}
    try:
        version = content_version()
        cache_keys = {
            name: f"pacta:{kind}:{version}:{hashlib.sha256(repr(parts).encode()).hexdigest()}"
            for name, parts in keys.items()
        }
        found = cache.get_many(cache_keys.values())
    except Exception:
        logger.exception("The cache could not be read; %s are worked out afresh", kind)
        return {name: compute(name) for name in keys}
    values, missing = {}, {}
    for name, key in cache_keys.items():
        if key in found:
            values[name] = found[key]
        else:
            values[name] = missing[key] = compute(name)
    if missing:
        try:
            cache.set_many(missing, settings.LIST_CACHE_SECONDS)
        except Exception:
            logger.exception("The %s could not be stored in the cache", kind)
    return values


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


def _is_anonymous_read(request):
    """A plain GET (or HEAD) by a reader without a session (so neither staff nor a preview) or pending messages."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def canonical_query(query, parameters):
    """`query` (a QueryDict) encoded with only the `parameters` a page reads, in their order (a list's filters in the
    order of its form, then the page number), each one's values sorted."""
    position = {name: index for index, name in enumerate(parameters)}
    pairs = [(name, value) for name, values in query.lists() if name in position for value in values]
    return urlencode(sorted(pairs, key=lambda pair: (position[pair[0]], pair[1])))


def _read_canonical_query(request, parameters):
    """Make the view read the canonical query, so that the page it builds is the one stored under its key."""
    query = canonical_query(request.GET, parameters)
    if query != request.META.get("QUERY_STRING", ""):
        request.GET = QueryDict(query)
        request.META["QUERY_STRING"] = query


def _page_key(request, version):
    query = request.META.get("QUERY_STRING", "")
    return f"pacta:page:{version}:{get_language()}:{request.scheme}://{request.get_host()}{request.path}?{query}"


def _is_public_page(request, response):
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


def _mark_public(response):
    """The headers of a page any reader may keep: how long, and its ETag (a hash of the body)."""
    max_age = settings.PAGE_MAX_AGE_SECONDS
    if max_age:
        patch_cache_control(response, public=True, max_age=max_age)
    else:
        patch_cache_control(response, public=True, no_cache=True)
    # A reader with a session (staff) gets pages of their own, never a shared copy of this one.
    patch_vary_headers(response, ["Cookie"])
    set_response_etag(response)


def _conditional(request, response):
    """304 Not Modified instead of `response` when the reader's copy (If-None-Match) is current."""
    return get_conditional_response(request, etag=response.get("ETag"), response=response)


def _from_cache(cached):
    content, status, headers = cached
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response


def cache_public_page(view=None, *, parameters=()):
    """Serve `view`'s page from the cache to anonymous readers, and store it there, for PAGE_CACHE_SECONDS at most.

    `parameters` are the query parameters the page reads; any other is dropped before the view sees it. Use it bare
    (`@cache_public_page`) for a page that reads none, or as `@cache_public_page(parameters=["q"])`.
    """
    if view is None:
        return lambda view: cache_public_page(view, parameters=parameters)
    parameters = tuple(parameters)

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if not _is_anonymous_read(request):
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True)
            return response
        _read_canonical_query(request, parameters)
        key = None
        if settings.PAGE_CACHE_SECONDS > 0:
            try:
                key = _page_key(request, content_version())
                cached = cache.get(key)
            except Exception:
                logger.exception("The page cache could not be read; the page is built afresh")
                cached = None
            if cached is not None:
                return _conditional(request, _from_cache(cached))
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if not _is_public_page(request, response):
            return response
        _mark_public(response)
        if key is not None:
            try:
                cache.set(
                    key, (response.content, response.status_code, list(response.items())), settings.PAGE_CACHE_SECONDS
                )
            except Exception:
                logger.exception("The page could not be stored in the cache")
        return _conditional(request, response)

    return cached_view


class CachedPageMixin:
    """cache_public_page for a class-based view; the page reads the query parameters that its `page_parameters()`
    gives (list pages: their filters, `page`, `format`), none by default."""

    @classmethod
    def as_view(cls, **initkwargs):
        parameters = cls.page_parameters() if hasattr(cls, "page_parameters") else ()
        return cache_public_page(super().as_view(**initkwargs), parameters=parameters)
