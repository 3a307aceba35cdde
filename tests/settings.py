"""Test settings: the real settings plus test-only speed-ups."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production-0123456789abcdef")

from portal.settings import *  # noqa: E402,F403

DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# A memory cache per test process (each xdist worker its own); tests that need a cache shared between processes
# set one up themselves (tests/portal/test_cache.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECURE_SSL_REDIRECT = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# No API rate limit unless a test sets one: the suite makes many requests a minute from one address.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": None}}  # noqa: F405
# No second factor unless a test asks for one (tests/accounts/): most tests sign curators in with force_login.
REQUIRE_2FA = False
# No collectstatic before tests: let WhiteNoise look for files per request instead of warning at start-up.
WHITENOISE_AUTOREFRESH = True
