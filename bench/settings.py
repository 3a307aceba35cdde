"""Benchmark settings: the production configuration (DEBUG off, cached templates) on a throwaway SQLite file."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("DJANGO_DEBUG", "0")

from portal.settings import *  # noqa: E402,F403

ROOT_URLCONF = "bench.urls"
# The test client (bench/pages.py) and gunicorn on the loopback (bench/size.py).
ALLOWED_HOSTS = ["testserver", "127.0.0.1"]
# The test client speaks plain HTTP; a redirect to HTTPS would time the redirect instead of the page.
SECURE_SSL_REDIRECT = False
# No collectstatic before a benchmark: static URLs are built without the manifest, as in development.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
