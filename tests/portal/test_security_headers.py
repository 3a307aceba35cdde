"""The security headers on every address of the URL map (Content-Security-Policy, Permissions-Policy,
X-Content-Type-Options, Referrer-Policy, HSTS), pages that need no inline script or style to work under them, and
the admin and the API documentation rendering under that policy."""

import itertools
import re
import runpy
from html.parser import HTMLParser

import factory
import pytest
import reversion
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import resolve
from django.urls.exceptions import Resolver404
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice
from reversion.models import Version

from agreements.models import Agreement, Event, Topic, TrainingProgram
from alerts import tokens
from alerts.models import Follow
from people.models import Organization, Person
from portal.sitemaps import SITEMAPS
from records.models import ErrorReport, Source
from tests import factories
from tests.helpers import url_map

pytestmark = pytest.mark.django_db

ONE_YEAR = 365 * 24 * 60 * 60

# Inline styles of third-party templates that the policy drops, as (path, style, what that costs). No other page may
# carry one: it would lose it in every browser.
DROPPED_INLINE_STYLES = [
    ("/api/.*", "<style>", "DRF's browsable API colours code with Pygments where it is installed (tests, not servers)"),
    ("/api/.*", '<button style="float: right; margin-right: 10px">', "DRF's Filters button sits left, not right"),
]

# Addresses that a plain GET cannot open, each for a reason of its own: (qualified name, status, why).
REFUSED_TO_A_GET = [
    (r"admin:logout", 405, "Django's admin logs out on POST only"),
    (r"admin:\w+_process_import", 405, "an import's second step is a POST of its first step's form"),
    (r"admin:records_errorreport_add", 403, "reports come from readers, curators do not add them"),
    (r"admin:alerts_follow_add", 403, "follows come from readers, curators do not add them"),
    (r"admin:records_citation_add", 403, "citations are added on the page of the record that cites"),
    (r"admin:people_position_(import|export)", 403, "positions have no spreadsheet of their own"),
    (r"admin:otp_totp_totpdevice_(config|qrcode)", 403, "the admin never shows a device's secret"),
    (r"admin:axes_access\w+_add", 403, "sign-in attempts are written by django-axes, read-only in the admin"),
]
# The query string an address needs to answer at all.
QUERY = {
    "admin:autocomplete": "?app_label=people&model_name=position&field_name=person",
    "alerts:follow": "?url=/agreements/",
}
# The signed links of alert emails, by URL name (alerts.tokens).
ALERT_TOKENS = {
    "alerts:confirm": tokens.CONFIRM,
    "alerts:manage": tokens.MANAGE,
    "alerts:unsubscribe": tokens.UNSUBSCRIBE,
}


def refusal(name):
    """The status with which a GET of the address named `name` is rightly refused, or None: it must answer a page
    or a redirect."""
    for pattern, status, _why in REFUSED_TO_A_GET:
        if name and re.fullmatch(pattern, name):
            return status
    return None


# Filling the parameters with real rows

RECORDS = {
    "agreement": Agreement,
    "program": TrainingProgram,
    "event": Event,
    "person": Person,
    "organization": Organization,
    "topic": Topic,
    "source": Source,
}


def _admin_model(template):
    """The model whose admin pages `template` belongs to, or None."""
    found = re.match(r"admin/([a-z_]+)/([a-z_]+)/", template)
    if found is None:
        return None
    try:
        model = apps.get_model(*found.groups())
    except LookupError:
        return None
    return model if model in admin.site._registry else None


def candidate_values(template, name, parameter, rows):
    """The values to try for `parameter` of the address `template` (named `name`); empty for one the walk does not
    know how to fill, which fails the walk so that a new address is never skipped."""
    short_name = (name or "").rpartition(":")[2]
    model = _admin_model(template)
    if model is not None:
        instance = rows["admin"][model]
        values = {
            "object_id": [instance.pk],
            "id": [instance.pk],
            "pk": [instance.pk],
            "_0": [rows["deleted_versions"][model].pk if short_name.endswith("_recover") else instance.pk],
            "_1": [rows["versions"][model].pk if short_name.endswith("_revision") else None],
        }
        return [value for value in values.get(parameter, ()) if value is not None]
    record_model = RECORDS.get(short_name.partition("-")[0])
    if short_name.startswith("report-"):
        record_model = Agreement
    values = {
        "format": ["json", ".json"],
        "section": list(SITEMAPS),
        "code": [rows["country"]],
        "record_type": ["agreement"],
        "rest": ["source/"],
        "app_label": ["agreements"],
        "url": ["agreements"],
        "content_type_id": [ContentType.objects.get_for_model(Agreement).pk],
        "object_id": [rows["published"][Agreement].pk],
        "uidb64": [urlsafe_base64_encode(force_bytes(rows["staff"].pk))],
        "token": [default_token_generator.make_token(rows["staff"])],
    }
    if name in ALERT_TOKENS:
        values["token"] = [tokens.make(ALERT_TOKENS[name], "an-address-key")]
    if record_model is not None:
        record = rows["published"][record_model]
        values["slug"] = [getattr(record, "slug", None)]
        values["pk"] = [record.pk]
    return [value for value in values.get(parameter, ()) if value is not None]


def fill(address, rows):
    """The path of `address` with its parameters filled so that it leads back to its own pattern; None if the walk
    does not know how."""
    template, parameters, name, pattern, language = address
    choices = [candidate_values(template, name, parameter, rows) for parameter in parameters]
    with translation.override(language):
        for values in itertools.product(*choices):
            path = "/" + template % dict(zip(parameters, values, strict=True))
            try:
                if resolve(path).func == pattern.callback:
                    return path
            except Resolver404:
                continue
    return None


@pytest.fixture
def walk_rows(dataset, django_user_model):
    """Rows to fill every address with: a published record of each kind, a row of each model in the admin (and its
    history: a version of it, and a deleted row's version to recover), and a country with records."""
    staff = django_user_model.objects.create_superuser("curator", "curator@example.org", "a-long-test-password")
    ErrorReport.objects.create(
        content_type=ContentType.objects.get_for_model(Agreement),
        object_id=Agreement.objects.published().first().pk,
        message="The date is wrong.",
    )
    admin_rows, versions, deleted = {}, {}, {}
    model_factories = {
        candidate._meta.model: candidate
        for candidate in vars(factories).values()
        if isinstance(candidate, factory.base.FactoryMetaClass) and not candidate._meta.abstract
    }
    attempt = {"username": "someone", "ip_address": "203.0.113.9", "user_agent": "walk", "path_info": "/admin/login/"}
    given = {
        django_user_model: staff,
        Group: Group.objects.order_by("pk").first(),
        AccessAttempt: AccessAttempt.objects.create(**attempt, get_data="", post_data="", failures_since_start=1),
        AccessLog: AccessLog.objects.create(**attempt),
        AccessFailureLog: AccessFailureLog.objects.create(**attempt),
        TOTPDevice: TOTPDevice.objects.create(user=staff, name="phone"),
        Follow: Follow.objects.create(
            email="reader@example.org", language="en", target="topic", subject="customs", requested_at=timezone.now()
        ),
    }
    for model in admin.site._registry:
        admin_rows[model] = given.get(model) or model._default_manager.order_by("pk").first()
        if reversion.is_registered(model):
            with reversion.create_revision():
                admin_rows[model].save()
            versions[model] = Version.objects.get_for_object(admin_rows[model]).first()
            with reversion.create_revision():
                gone = model_factories[model]()
            gone.delete()
            deleted[model] = Version.objects.get_deleted(model).first()
    return {
        "staff": staff,
        "admin": admin_rows,
        "versions": versions,
        "deleted_versions": deleted,
        "published": {model: model.objects.published().order_by("pk").first() for model in RECORDS.values()},
        "country": "SV",
    }


# Reading the headers and the pages


def policy(response):
    """{directive: [sources]} of the response's Content-Security-Policy."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def sources_of(directives, name):
    """The sources the browser applies for `name`: its own, or default-src's where it has none."""
    return directives.get(name, directives.get("default-src", []))


class InlineCode(HTMLParser):
    """What in a page the policy would block: inline scripts, event-handler attributes, javascript: links, <style>
    elements and style="" attributes."""

    JAVASCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}

    def __init__(self, html):
        super().__init__()
        self.scripts, self.styles = [], []
        self._inline_script = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and "src" not in attributes:
            self._inline_script = (attributes.get("type") or "").lower() in self.JAVASCRIPT_TYPES
        if tag == "style":
            self.styles.append("<style>")
        for name, value in attrs:
            if name.startswith("on"):
                self.scripts.append(f"<{tag} {name}>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.scripts.append(f"<{tag} {name}=javascript:>")
            if name == "style":
                self.styles.append(f'<{tag} style="{value}">')

    def handle_data(self, data):
        if self._inline_script and data.strip():
            self.scripts.append(f"<script>{data.strip()[:60]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._inline_script = False


def header_problems(response):
    """What is wrong with the security headers of `response`, which answered a request over HTTPS."""
    problems = []
    if "Content-Security-Policy" not in response:
        return ["no Content-Security-Policy"]
    directives = policy(response)
    for name in ("script-src", "style-src"):
        sources = sources_of(directives, name)
        if not sources or any(source != "'self'" and not source.startswith("'nonce-") for source in sources):
            problems.append(f"{name} allows more than this site: {sources}")
    if directives.get("object-src") != ["'none'"]:
        problems.append(f"object-src is {directives.get('object-src')}")
    if directives.get("frame-ancestors") != ["'none'"]:
        problems.append(f"frame-ancestors is {directives.get('frame-ancestors')}")
    if "geolocation=()" not in response.get("Permissions-Policy", ""):
        problems.append(f"Permissions-Policy is {response.get('Permissions-Policy')!r}")
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff")
    if response.get("Referrer-Policy") != "same-origin":
        problems.append(f"Referrer-Policy is {response.get('Referrer-Policy')!r}")
    if response.get("Strict-Transport-Security") != f"max-age={settings.SECURE_HSTS_SECONDS}":
        problems.append(f"Strict-Transport-Security is {response.get('Strict-Transport-Security')!r}")
    return problems


def page_problems(path, response):
    """What in the HTML of `response` would not work under the policy."""
    if not response.get("Content-Type", "").startswith("text/html"):
        return []
    code = InlineCode(response.content.decode())
    problems = [f"inline script {script}" for script in code.scripts]
    for style in code.styles:
        if not any(re.fullmatch(where, path) and style == dropped for where, dropped, _cost in DROPPED_INLINE_STYLES):
            problems.append(f"inline style {style}")
    return problems


# The walk


def test_the_walk_knows_every_address_of_the_url_map():
    templates = {template for template, *_ in url_map()}
    assert "" in templates and "es/" in templates, "both languages' home pages"
    assert "es/acuerdos/%(slug)s/" in templates
    assert "countries/" in templates, "the country index"
    assert "admin/agreements/agreement/%(object_id)s/change/" in templates
    assert "api/agreements/%(slug)s/" in templates
    assert len(templates) > 150


def section(template):
    """The part of the site an address belongs to, so that the walk runs as a few tests side by side."""
    first, _, rest = template.partition("/")
    if first == "admin" and re.match(r"[a-z]+/[a-z]+/", rest):
        return f"admin/{rest.partition('/')[0]}"
    return first if first in ("admin", "api", "es") else "en"


@pytest.mark.parametrize("part", sorted({section(address[0]) for address in url_map()}))
def test_every_address_of_the_url_map_answers_with_the_security_headers(part, walk_rows, client):
    staff = Client()
    staff.force_login(walk_rows["staff"])
    problems, walked = [], 0
    for address in url_map():
        template, parameters, name, _pattern, _language = address
        if section(template) != part:
            continue
        path = fill(address, walk_rows)
        if path is None:
            problems.append(f"{template}: the walk cannot fill {parameters}; teach candidate_values() this address")
            continue
        # As a browser asks: the API answers its browsable HTML pages.
        reader = staff if path.startswith("/admin/") else client
        response = reader.get(path + QUERY.get(name, ""), secure=True, HTTP_ACCEPT="text/html,*/*;q=0.8")
        walked += 1
        refused = refusal(name)
        if response.status_code != refused and (refused or response.status_code >= 400):
            problems.append(f"{path}: answered {response.status_code}")
        problems += [f"{path}: {problem}" for problem in header_problems(response) + page_problems(path, response)]
    assert not problems, "\n".join(problems)
    assert walked


def test_an_unknown_address_answers_with_the_security_headers_too(client):
    response = client.get("/no-such-page/", secure=True)
    assert response.status_code == 404
    assert header_problems(response) == [] and page_problems("/no-such-page/", response) == []


def test_the_walk_fills_an_address_with_a_real_row_and_fails_one_it_cannot_fill(walk_rows):
    address = next(address for address in url_map() if address[0] == "es/acuerdos/%(slug)s/")
    assert fill(address, walk_rows) == f"/es/acuerdos/{walk_rows['published'][Agreement].slug}/"
    unknown = ("es/acuerdos/%(unknown)s/", ["unknown"], *address[2:])
    assert fill(unknown, walk_rows) is None


def test_the_inline_code_check_finds_what_the_policy_blocks():
    code = InlineCode(
        '<script>alert(1)</script><script type="application/json">{}</script><script src="/a.js"></script>'
        '<a href="javascript:go()" onclick="go()" style="color: red">x</a><style>p {}</style>'
    )
    assert code.scripts == ["<script>alert(1)", "<a href=javascript:>", "<a onclick>"]
    assert code.styles == ['<a style="color: red">', "<style>"]


# The admin and the API documentation under the policy


def assets(html):
    """The addresses of the scripts and stylesheets a page loads."""
    return re.findall(r'<script[^>]* src="([^"]+)"', html) + re.findall(
        r'<link[^>]* rel="stylesheet"[^>]* href="([^"]+)"', html
    )


def assert_served_by_this_site(client, urls):
    """Each of `urls` is a file of this site's static files, or an address of the site that answers."""
    assert urls
    for url in urls:
        assert url.startswith("/") and not url.startswith("//"), url
        if url.startswith(settings.STATIC_URL):
            assert finders.find(url.removeprefix(settings.STATIC_URL).split("?")[0]), url
        else:
            assert client.get(url).status_code == 200, url


def test_the_admin_change_form_renders_under_the_policy_with_files_only(staff_client):
    agreement = factories.AgreementFactory()
    response = staff_client.get(f"/admin/agreements/agreement/{agreement.pk}/change/", secure=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert header_problems(response) == [] and page_problems(response.wsgi_request.path, response) == []
    assert "admin/js/change_form.js" in html
    assert_served_by_this_site(staff_client, assets(html))


def test_the_api_docs_render_under_the_policy(client):
    response = client.get("/api/docs/", secure=True)
    assert response.status_code == 200
    assert header_problems(response) == [] and page_problems("/api/docs/", response) == []


def test_the_api_explorer_runs_its_script_from_a_file_and_may_show_its_data_images(client):
    response = client.get("/api/docs/explorer/", secure=True)
    assert response.status_code == 200
    assert header_problems(response) == [] and page_problems("/api/docs/explorer/", response) == []
    assert policy(response)["img-src"] == ["'self'", "data:"]
    html = response.content.decode()
    assert "/api/docs/explorer/?script=" in html
    assert_served_by_this_site(client, assets(html))
    script = client.get("/api/docs/explorer/?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle(" in script.content and b'"/api/schema/"' in script.content


def test_only_the_api_explorer_may_show_data_images(client):
    assert policy(client.get("/"))["img-src"] == ["'self'"]


# HSTS


def production_settings(monkeypatch, **variables):
    """The settings module as a server without DJANGO_DEBUG would read it, with `variables` set."""
    for name in ("DJANGO_DEBUG", "DJANGO_HSTS_SECONDS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DJANGO_SECRET_KEY", "a-production-like-secret-key-for-this-test-only-0123456789")
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(settings.BASE_DIR / "portal" / "settings.py"))


def test_hsts_lasts_a_year_by_default_with_debug_off(monkeypatch):
    assert production_settings(monkeypatch)["SECURE_HSTS_SECONDS"] == ONE_YEAR


def test_hsts_duration_is_configurable(monkeypatch):
    assert production_settings(monkeypatch, DJANGO_HSTS_SECONDS="600")["SECURE_HSTS_SECONDS"] == 600


def test_hsts_is_off_by_default_with_debug_on(monkeypatch):
    assert production_settings(monkeypatch, DJANGO_DEBUG="1")["SECURE_HSTS_SECONDS"] == 0
