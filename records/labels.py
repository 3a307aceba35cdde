"""Country names, choice labels and record links, which a list page shows hundreds of times, each worked out once.

django_countries translates a name through its fallback catalogue at every lookup; get_FOO_display() builds a dict of
the field's choices, translating every label, at every call; reverse() matches the URL patterns at every call. What
they give depends only on the code and the active language (links: on the URLconf, the script prefix and the
language, whose pages have paths of their own), so each is worked out once per process and kept. Nothing here holds
data from the database: a renamed record shows at once.
"""

import functools
import re

from django.conf import settings
from django.urls import converters, get_script_prefix, get_urlconf
from django.utils import translation
from django_countries import countries

# What the <slug:…> converter accepts; reverse() with anything else is left to Django, which refuses it.
SLUG = re.compile(converters.SlugConverter.regex)
PLACEHOLDER = "slug-placeholder"


@functools.cache
def _country_names(language):
    with translation.override(language):
        return {code: countries.name(code) for code in countries.countries}


def country_name(country):
    """The country's name (from a Country or a code) in the active language; "" for none or an unknown code."""
    code = getattr(country, "code", country)
    if not code:
        return ""
    name = _country_names(translation.get_language()).get(code)
    return countries.name(code) if name is None else name


@functools.cache
def _choice_labels(model, field_name, language):
    with translation.override(language):
        return {value: str(label) for value, label in model._meta.get_field(field_name).flatchoices}


def choice_label(record, field_name):
    """What record.get_<field_name>_display() gives: the label of the field's value in the active language."""
    value = getattr(record, field_name)
    return _choice_labels(type(record), field_name, translation.get_language()).get(value, value)


@functools.cache
def _url_around_slug(model, urlconf, script_prefix, language):
    """(before, after) the slug in the model's get_absolute_url(); None when the URL is not built from the slug."""
    before, found, after = model(slug=PLACEHOLDER).get_absolute_url().partition(PLACEHOLDER)
    return (before, after) if found else None


def record_url(record):
    """record.get_absolute_url() for a record whose page is addressed by its slug, without a reverse() per record."""
    parts = _url_around_slug(
        type(record), get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), translation.get_language()
    )
    if parts is None or not SLUG.fullmatch(record.slug or ""):
        return record.get_absolute_url()
    return parts[0] + record.slug + parts[1]
