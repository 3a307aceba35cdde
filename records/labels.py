"""Country names, choice labels and record links, which a list page shows hundreds of times, each worked out once.

django_countries translates a name through its fallback catalogue at every lookup; get_FOO_display() builds a dict of
the field's choices, translating every label, at every call; reverse() matches the URL patterns at every call. What
they give depends only on the code and the active language (links: on the URLconf and the script prefix), so each is
worked out once per process and kept. Nothing here holds data from the database: a renamed record shows at once.
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
    return choice_labels(type(record), field_name).get(value, value)


def choice_labels(model, field_name):
    """{value: label} of the model's field with choices, in the active language."""
    return _choice_labels(model, field_name, translation.get_language())


def country_names():
    """{code: name} of every country, in the active language."""
    return _country_names(translation.get_language())


@functools.cache
def _url_around_slug(model, urlconf, script_prefix):
    """(before, after) the slug in the model's get_absolute_url(); None when the URL is not built from the slug."""
    before, found, after = model(slug=PLACEHOLDER).get_absolute_url().partition(PLACEHOLDER)
    return (before, after) if found else None


def record_url(record):
    """record.get_absolute_url() for a record whose page is addressed by its slug, without a reverse() per record."""
    parts = _url_around_slug(type(record), get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    if parts is None or not SLUG.fullmatch(record.slug or ""):
        return record.get_absolute_url()
    return parts[0] + record.slug + parts[1]


def slug_urls(model):
    """A function from a slug to what get_absolute_url() gives for the model's record with that slug, for many
    records: the URLconf and script prefix are read once, here."""
    parts = _url_around_slug(model, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())

    def url(slug):
        if parts is None or not SLUG.fullmatch(slug or ""):
            return model(slug=slug).get_absolute_url()
        return parts[0] + slug + parts[1]

    return url
