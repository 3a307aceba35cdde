"""Plain helpers that more than one test module uses: signing in, reading pages and lists, citing, checking bad
filters and what a page shows, walking the URL map. Fixtures live in tests/conftest.py."""

import time

from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.urls import URLResolver, get_resolver
from django.utils import translation
from django.utils.regex_helper import normalize

from records.forms import SHOWN_AT
from records.models import Citation
from tests import factories

# The password of the staff accounts tests sign in with.
STAFF_PASSWORD = "a-long-test-password"  # noqa: S105 - a test account's


def sign_in(client, username, password=STAFF_PASSWORD, **request_options):
    """The answer to the admin's sign-in form posted with `username` and `password` (throttled by django-axes)."""
    return client.post(
        "/admin/login/", {"username": username, "password": password, "next": "/admin/"}, **request_options
    )


def report_data(message, seconds_open=60, **fields):
    """The POST data of a reader's "Report an error" form saying `message`, sent `seconds_open` seconds after the
    form was shown: its stamp signed as the form signs it, that long ago."""
    stamp = SHOWN_AT.sign(str(int(time.time()) - seconds_open))
    return {"message": message, "email": "", "reference": "", "shown_at": stamp, **fields}


def analyze():
    """Refresh the database's statistics after rows written in bulk. PostgreSQL plans a test's freshly filled tables
    as if empty (autovacuum cannot see rows not yet committed) and may pick a nested loop over thousands of rows."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def page_text(client, url):
    """The HTML of the page at `url`, which must answer 200."""
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def page(client, record):
    """The HTML of the record's public page, which must answer 200."""
    return page_text(client, record.get_absolute_url())


def listed(client, url):
    """The slugs the page lists, in order; the page must answer 200."""
    response = client.get(url)
    assert response.status_code == 200, response.content.decode()[:2000]
    return [record.slug for record in response.context["object_list"]]


def admin_listed(client, url):
    """The records an admin change list at `url` shows, as a set; the page must answer 200."""
    response = client.get(url)
    assert response.status_code == 200, url
    return set(response.context["cl"].queryset)


def facet(response, name):
    """{value: count} shown beside the choices of one filter."""
    control = next(control for control in response.context["filter_controls"] if control["field"].name == name)
    return {option.value: option.count for option in control["options"]}


def invalid_filter(client, url, field):
    """The answer to a list `url` with a bad value for `field`: a 400 that explains the error beside the field."""
    response = client.get(url)
    assert response.status_code == 400
    assert field in response.context["filter"].form.errors
    assert f'id="id_{field}_error"' in response.content.decode()
    return response


def invalid_filter_in_plain_text(client, url):
    """The answer to a download or feed `url` with a bad filter: a 400 that says in plain words what is not valid."""
    response = client.get(url)
    assert response.status_code == 400
    assert "not valid" in response.content.decode()
    return response


def cite(record, excerpt, source=None):
    """A citation of `record` quoting `excerpt`, after the source its factory gave it."""
    return Citation.objects.create(
        source=source or factories.SourceFactory(),
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        excerpt=excerpt,
        position=5,
    )


def assert_links_to(html, *records):
    """Each record is linked from the page: a query budget is not met by leaving related rows out."""
    for record in records:
        assert f'href="{record.get_absolute_url()}"' in html, f"no link to {record.get_absolute_url()}"


def assert_sources_shown(html, record):
    """Each source the record cites is linked from its page."""
    for citation in record.citations.select_related("source"):
        assert f'href="{citation.source.url}"' in html, f"no link to the source {citation.source.url}"


def _form_values(form):
    """What a browser would send back for `form` as rendered, unchanged."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        key = form.add_prefix(name)
        if isinstance(field, forms.NullBooleanField):
            data[key] = {True: "true", False: "false"}.get(value, "unknown")
        elif isinstance(field, forms.BooleanField):
            if value:
                data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [str(item) for item in value]
        elif value is not None:
            data[key] = str(value)
    return data


def resubmit_data(response):
    """The change form in `response` with its inlines, submitted as rendered (no extra rows)."""
    data = _form_values(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data |= _form_values(formset.management_form)
        data[f"{formset.prefix}-TOTAL_FORMS"] = formset.initial_form_count()
        for form in formset.initial_forms:
            data |= _form_values(form)
    return data


def _patterns(resolver, prefix="", namespace=""):
    """(regular expression of the whole path, qualified name, pattern) for each pattern under `resolver`."""
    for pattern in resolver.url_patterns:
        regex = prefix + pattern.pattern.regex.pattern.removeprefix("^")
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _patterns(pattern, regex, inner)
        else:
            yield regex, f"{namespace}{pattern.name}" if pattern.name else None, pattern


def url_map():
    """Every address of the URL map as (path template with %(name)s parameters, parameter names, qualified name,
    pattern, language), in every language of the site: the Spanish pages have paths of their own under /es/."""
    addresses = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for regex, name, pattern in _patterns(get_resolver()):
                for template, parameters in normalize(regex):
                    addresses.setdefault(template, (template, parameters, name, pattern, language))
    return list(addresses.values())
