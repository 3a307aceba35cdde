"""Pacta settings, read from environment variables (see README.md, "Configuration")."""

import os
from datetime import timedelta
from email.utils import getaddresses
from pathlib import Path

import dj_database_url
import dj_email_url
from csp.constants import NONE, SELF
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


def envint(name, default, minimum=None, at_minimum=""):
    """A whole-number variable, `minimum` or more when given (`at_minimum` says what the minimum means, as
    " (no limit)"); anything else is an error."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        number = default
    else:
        try:
            number = int(value)
        except ValueError:
            raise ImproperlyConfigured(f"{name} must be a whole number; got {value!r}.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be {minimum}{at_minimum} or more.")
    return number


def envlist(name, default):
    """A comma-separated list variable; blanks are dropped."""
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def envemail(name, debug):
    """The EMAIL_* settings from a URL variable, read by dj-email-url: submission://user:password@host (SMTP with
    STARTTLS on 587), smtp://host:25, console:// (messages printed to stdout), ...; `?_default_from_email=` sets the
    sender. Unset: the console when debugging, else SMTP on localhost:25. Any other scheme is an error."""
    url = os.environ.get(name, "").strip() or ("console://" if debug else "smtp://localhost:25")
    if url.partition("://")[0] not in dj_email_url.SCHEMES:
        raise ImproperlyConfigured(
            f"{name} must start with one of {', '.join(s + '://' for s in dj_email_url.SCHEMES)}; got {url!r}."
        )
    return {key: value for key, value in dj_email_url.parse(url).items() if value is not None}


def envaddresses(name):
    """A list of email addresses, "Name <address>, …" or bare addresses, as (name, address) pairs; an entry that is
    not an address is an error."""
    value = os.environ.get(name, "")
    if not value.strip():
        return []
    pairs = getaddresses([value])
    if any("@" not in address for _name, address in pairs):
        raise ImproperlyConfigured(f"{name} must be email addresses separated by commas, as Name <a@example.org>.")
    return pairs


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


def envsiteurl(name, debug, hosts):
    """The site's own address (scheme and host, no trailing slash) for links in emails sent without a request (alert
    digests from a command). Unset: http://127.0.0.1:8000 with debug (make run), else https:// and the first allowed
    host. Anything but an http(s) URL is an error."""
    url = os.environ.get(name, "").strip().rstrip("/")
    if not url:
        return "http://127.0.0.1:8000" if debug or not hosts else f"https://{hosts[0]}"
    if not url.startswith(("https://", "http://")):
        raise ImproperlyConfigured(
            f"{name} must be an http:// or https:// URL, as https://pacta.example.org; got {url!r}."
        )
    return url


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
    # django.contrib.admin, with the site that asks staff for a second factor (accounts.sites.PactaAdminSite).
    "accounts.apps.PactaAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "django_countries",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "reversion",
    "import_export",
    "django.contrib.sitemaps",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "accounts",
    "records",
    "people",
    "agreements",
    "portal",
    "alerts",
]

MIDDLEWARE = [
    # First, so that each request's log line has the status the client gets and the time the whole stack took.
    "portal.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so that static files get the headers too (an SVG opened on its own is a document).
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether a one-time code verified this session (accounts.two_factor).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a sign-in refused for too many failures into its lockout page.
    "axes.middleware.AxesMiddleware",
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
        # A connection kept open between requests is tested before its first use in each request and replaced if
        # the database went away meanwhile (a restart, a fail-over), so that the first request after it succeeds.
        conn_health_checks=True,
    )
}
# While the database cannot be reached or written, requests answer 503 with this Retry-After (portal/database.py).
DATABASE_RETRY_AFTER_SECONDS = envint("DATABASE_RETRY_AFTER_SECONDS", 30, minimum=1)

# Where `manage.py backup` and `restore` find pg_dump and pg_restore on PostgreSQL (portal/backup/); unset: the PATH.
POSTGRES_BIN_DIR = os.environ.get("POSTGRES_BIN_DIR", "")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Public pages are cached for anonymous readers (records/cache.py) and rebuilt after any write to public data; the
# timeout bounds how stale a page can be if a write bypasses the model signals (bulk_create, QuerySet.update()).
# The cache is shared by every process (files in a git-ignored directory unless CACHE_URL says otherwise), since the
# content version that a write changes lives in it.
CACHES = {"default": envcache("CACHE_URL", BASE_DIR / "var" / "cache")}
PAGE_CACHE_SECONDS = envint("PAGE_CACHE_SECONDS", 600, minimum=0, at_minimum=" (no page cache)")
# How long a list's facet counts and number of matches stay cached at most (records.cache.remember), for every page
# and sort of the same filters; 0 works them out on every request. Kept under the content version like pages.
LIST_CACHE_SECONDS = envint("LIST_CACHE_SECONDS", 600, minimum=0, at_minimum=" (no cache)")
# How long a reader's browser (or a proxy) may keep a public page without asking again; it then revalidates with the
# page's ETag, cheaply. A withdrawal can stay on a reader's screen that long; 0 makes every view revalidate.
PAGE_MAX_AGE_SECONDS = envint("PAGE_MAX_AGE_SECONDS", 60, minimum=0, at_minimum=" (always revalidate)")

# Signing in (accounts/, README "Accounts"). django-axes counts failed sign-ins per username and client address and,
# at the fifth, refuses that pair for LOGIN_COOLOFF_MINUTES after the last attempt; its backend comes first so that it
# sees every attempt. A one-time code (django-otp, TOTP) is asked of superusers and Publishers when REQUIRE_2FA is on.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
# How many proxies in front of the site append the client's address to X-Forwarded-For; 0 reads REMOTE_ADDR only.
TRUSTED_PROXIES = envint("DJANGO_TRUSTED_PROXIES", 0, minimum=0, at_minimum=" (no proxy)")
# Readers' "Report an error" form (portal.views.report_error): reports saved per client address an hour, counted in
# the shared cache; and how long the form must have been open before it is sent (spam bots send at once).
REPORTS_PER_HOUR = envint("REPORTS_PER_HOUR", 5, minimum=1)
REPORT_FORM_MIN_SECONDS = envint("REPORT_FORM_MIN_SECONDS", 3, minimum=0, at_minimum=" (no wait)")
# Password reset emails asked for an hour, per client address and per email address (accounts.views).
PASSWORD_RESETS_PER_HOUR = envint("PASSWORD_RESETS_PER_HOUR", 5, minimum=1)
# Readers' "Follow by email" form (alerts.views.follow): requests accepted per client address an hour, counted in the
# shared cache. Whatever this says, one address gets at most one confirmation email an hour.
FOLLOW_REQUESTS_PER_HOUR = envint("FOLLOW_REQUESTS_PER_HOUR", 10, minimum=1)
LOGIN_COOLOFF_MINUTES = envint("LOGIN_COOLOFF_MINUTES", 30, minimum=1)
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "records.clients.client_address"
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
REQUIRE_2FA = envbool("DJANGO_REQUIRE_2FA", not DEBUG)
OTP_TOTP_ISSUER = "Pacta"
# Superusers see who has an authenticator in the admin, never its secret.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Password reset by email (accounts/urls.py) and any other mail the site sends.
_email = envemail("EMAIL_URL", DEBUG)
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
EMAIL_TIMEOUT = _email.get("EMAIL_TIMEOUT", 30)
EMAIL_FILE_PATH = _email.get("EMAIL_FILE_PATH", "")
DEFAULT_FROM_EMAIL = _email.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = _email.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# What the links in alert emails start with (alerts.emails).
SITE_URL = envsiteurl("SITE_URL", DEBUG, ALLOWED_HOSTS)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
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
# One year, as browsers' preload lists ask, unless debug is on: a local run over HTTPS must not pin the browser to it.
SECURE_HSTS_SECONDS = envint(
    "DJANGO_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 60 * 60, minimum=0, at_minimum=" (no HSTS)"
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = envbool("DJANGO_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): scripts, styles, images, fonts and requests from this site only. No inline
# script or style anywhere, so neither 'unsafe-inline' nor nonces: scripts are files in static/, and a public page is
# cached as the same bytes for every reader (records/cache.py), where a per-request nonce could not be. Django's admin
# and the API pages load theirs as files too; the API explorer adds data: images for its icons (portal/api_urls.py).
# The one inline style left, on DRF's browsable API, is dropped by browsers: its Filters button sits left, not right.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Permissions-Policy (django-permissions-policy): the browser features a page could ask for, none of which the site
# uses, refused to it and to anything it might embed. Writing to the clipboard (the citations' "Copy" buttons) stays
# allowed to the site itself.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "browsing-topics": [],
    "camera": [],
    "clipboard-read": [],
    "clipboard-write": ["self"],
    "display-capture": [],
    "encrypted-media": [],
    "fullscreen": [],
    "geolocation": [],
    "gyroscope": [],
    "hid": [],
    "idle-detection": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "screen-wake-lock": [],
    "serial": [],
    "usb": [],
    "xr-spatial-tracking": [],
}

# Spreadsheet imports in the admin (records/admin/formats.py). The number of rows bounds how long an import takes,
# which must finish inside gunicorn's 30 s timeout twice, once for the preview and once for the import: an agreement
# row with topics, parties, signatories and sources costs about 0.13 s of CPU each time (history, search index and
# checks included), so 100 rows take about 13 s. An XLSX file is a zip archive, refused when its parts would unpack
# to more than the MB given, before anything is unpacked (this site's export of 2,000 agreements unpacks to 3 MB).
IMPORT_MAX_ROWS = envint("DJANGO_IMPORT_MAX_ROWS", 100, minimum=1)
IMPORT_MAX_UNCOMPRESSED_MB = envint("DJANGO_IMPORT_MAX_UNCOMPRESSED_MB", 20, minimum=1)

# The read-only API (/api/): public, anonymous, JSON or the browsable pages. Its filter, pagination and throttle classes
# are set on its views in portal/api.py: a module that DRF's settings import must not import DRF's views.
API_ANON_REQUESTS_PER_MINUTE = envint("API_ANON_REQUESTS_PER_MINUTE", 120, minimum=0, at_minimum=" (no limit)")
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
    # AnonymousThrottle asks records.clients.client_address; any other throttle reads X-Forwarded-For the same way
    # (DRF's default, None, would take the whole header, which the client writes).
    "NUM_PROXIES": TRUSTED_PROXIES,
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
        # How sure a claim is (certainty, signed_at_certainty…): one enum for every field that says it.
        "CertaintyEnum": "records.models.Certainty",
        # The language of each text (title_language, summary_language…): one enum, not one per field.
        "TextLanguageEnum": "records.languages.languages",
    },
}

# Logs go to the console for the process manager to collect (gunicorn.conf.py): one JSON line per request on stdout
# (portal/request_log.py), everything else on stderr as text, errors with their traceback; errors are also mailed
# to ADMINS when DEBUG is off (Django's AdminEmailHandler, which sends nothing while ADMINS is empty).
ADMINS = envaddresses("DJANGO_ADMINS")
# The sender of those mails.
SERVER_EMAIL = os.environ.get("DJANGO_SERVER_EMAIL", "root@localhost")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "formatters": {
        "request": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": ["levelname"],
            "rename_fields": {"levelname": "level"},
            "timestamp": "time",
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "requests": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "request"},
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "text"},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "loggers": {
        "pacta.requests": {"handlers": ["requests"], "level": "INFO", "propagate": False},
        # Django's own handlers (console with DEBUG, mail_admins) give way to the root's, so that an error is
        # printed and mailed once.
        "django": {"handlers": [], "propagate": True},
    },
    "root": {"handlers": ["console", "mail_admins"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
