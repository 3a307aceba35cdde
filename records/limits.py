"""Limits kept per client over a fixed window (reader reports saved, password-reset emails asked for), counted in
the default cache, which every process shares (settings.CACHES: files on this machine or Redis), so that all
workers count together. A client is records.clients.client_address: what it writes in X-Forwarded-For counts only
behind a trusted proxy."""

from django.core.cache import cache


class WindowLimit:
    """At most a number of counted actions per key in a window that the first one opens, `window_seconds` long.

    Checking and counting are separate, so that a view counts only what it really did (a report the database refused
    does not use up a reader's window)."""

    def __init__(self, name, window_seconds):
        self.name = name
        self.window_seconds = window_seconds

    def key(self, value):
        return f"limit:{self.name}:{value}"

    def reached(self, value, limit):
        """Whether `value` (a client's address, an email address) has had `limit` actions counted in its window."""
        return cache.get(self.key(value), 0) >= limit

    def count(self, value):
        """Count one more action of `value` in its window, opening one if none is open."""
        key = self.key(value)
        if cache.add(key, 1, timeout=self.window_seconds):
            return
        try:
            cache.incr(key)
        except ValueError:
            # The window ended between add() and incr(): this action opens a new one.
            cache.set(key, 1, timeout=self.window_seconds)
