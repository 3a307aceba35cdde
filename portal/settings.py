"""Pacta settings, read from environment variables (see README.md, "Configuration")."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envbool(name, default):
    """A boolean variable: 1/true/yes/on or 0/false/no/off; anything else is an error."""
    value = os.environ.get(name)
    if value is None:
        return default
    if value.strip().lower() in _TRUE:
        return True
    if value.strip().lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {value!r}.")


def envint(name, default):
    """A whole-number variable; anything else is an error."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {value!r}.") from None


def envlist(name, default):
    """A comma-separated list variable; blanks are dropped."""
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def envcache(name, default_directory):
    """CACHES["default"] from a URL variable: redis://host:6379/0 (or rediss://) for Redis, file:///path for files in
    that directory, unset for files in `default_directory`; any other scheme is an error. Either way every process on
    the machine shares the cache (Redis: every machine), so a change of public data reaches all of them at once."""
    url = os.environ.get(name, "").strip()
    scheme, _sep, rest = url.partition("://")
    if not url or scheme == "file":
        directory = Path(rest) if url else default_directory
        if not directory.is_absolute():
            raise ImproperlyConfigured(
                f"{name} must name an absolute directory, as file:///var/cache/pacta; got {url!r}."
            )
        # The files are pickles that Django loads: the directory must be the app's alone (Django creates it 0700).
        # Each store counts the files, so their number is capped well below what makes that slow.
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(directory),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    if scheme in ("redis", "rediss"):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    raise ImproperlyConfigured(f"{name} must be a redis://, rediss:// or file:/// URL; got {url!r}.")


DEBUG = envbool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off. "
            "For a local run, set DJANGO_DEBUG=1 (make run does)."
        )
    SECRET_KEY = "insecure-local-development-key"  # noqa: S105 - only ever used with DEBUG on

ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Before the admin, so that its translation fields show side by side in the records' forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_countries",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "reversion",
    "import_export",
    "django.contrib.sitemaps",
    "records",
    "people",
    "agreements",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

# SQLite in a git-ignored file by default; DATABASE_URL (postgres://…) in production.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 0),
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Public pages are cached for anonymous readers (records/cache.py) and rebuilt after any write to public data; the
# timeout bounds how stale a page can be if a write bypasses the model signals (bulk_create, QuerySet.update()).
# The cache is shared by every process (files in a git-ignored directory unless CACHE_URL says otherwise), since the
# content version that a write changes lives in it.
CACHES = {"default": envcache("CACHE_URL", BASE_DIR / "var" / "cache")}
PAGE_CACHE_SECONDS = envint("PAGE_CACHE_SECONDS", 600)
if PAGE_CACHE_SECONDS < 0:
    raise ImproperlyConfigured("PAGE_CACHE_SECONDS must be 0 (no page cache) or more.")
# How long a list's facet counts and number of matches stay cached at most (records.cache.remember), for every page
# and sort of the same filters; 0 works them out on every request. Kept under the content version like pages.
LIST_CACHE_SECONDS = envint("LIST_CACHE_SECONDS", 600)
if LIST_CACHE_SECONDS < 0:
    raise ImproperlyConfigured("LIST_CACHE_SECONDS must be 0 (no cache) or more.")
# How long a reader's browser (or a proxy) may keep a public page without asking again; it then revalidates with the
# page's ETag, cheaply. A withdrawal can stay on a reader's screen that long; 0 makes every view revalidate.
PAGE_MAX_AGE_SECONDS = envint("PAGE_MAX_AGE_SECONDS", 60)
if PAGE_MAX_AGE_SECONDS < 0:
    raise ImproperlyConfigured("PAGE_MAX_AGE_SECONDS must be 0 (always revalidate) or more.")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Records' texts in each language of LANGUAGES: a column per language (title_en, title_es), declared in each app's
# translation.py. A text missing in the page's language falls back to the other one, which pages mark as such.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en", "es")}
# "8 October 2024", not the US default "Oct. 8, 2024".
FORMAT_MODULE_PATH = ["portal.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if envbool("DJANGO_BEHIND_PROXY", False) else None
SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", 0 if DEBUG else 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = envbool("DJANGO_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# The read-only API (/api/): public, anonymous, JSON or the browsable pages. Its filter, pagination and throttle classes
# are set on its views in portal/api.py: a module that DRF's settings import must not import DRF's views.
API_ANON_REQUESTS_PER_MINUTE = envint("API_ANON_REQUESTS_PER_MINUTE", 120)
if API_ANON_REQUESTS_PER_MINUTE < 0:
    raise ImproperlyConfigured("API_ANON_REQUESTS_PER_MINUTE must be 0 (no limit) or more.")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [],
    # records.api.AnonymousThrottle; 0 turns the limit off (for a deployment that limits requests in front of the app).
    "DEFAULT_THROTTLE_RATES": {
        "anon": f"{API_ANON_REQUESTS_PER_MINUTE}/minute" if API_ANON_REQUESTS_PER_MINUTE else None,
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Pacta API",
    "DESCRIPTION": (
        "Published records of international cooperation between governments: agreements, training programs, events, "
        "people, organizations, topics and the sources they cite. Read-only; lists take the same filters as the "
        "pages of the site."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The explorer's scripts and styles are served from this site, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "GET_LIB_DOC_EXCLUDES": "records.api_languages.schema_doc_excludes",
    "ENUM_NAME_OVERRIDES": {
        "AgreementKindEnum": "agreements.models.AgreementKind",
        "EventKindEnum": "agreements.models.EventKind",
        "OrganizationKindEnum": "people.models.OrganizationKind",
        # The language of each text (title_language, summary_language…): one enum, not one per field.
        "TextLanguageEnum": "records.languages.languages",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
