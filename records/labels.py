"""Country names, choice labels, dates and record links, which a list page shows hundreds of times, each worked out
once.

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
from django.utils.translation import gettext as _
from django_countries import countries

from records.dates import PartialDate

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


def record_country_name(record):
    """The name of `record`'s country (its `country` field) in the active language; "" for none. Reads the stored
    code: django_countries builds a Country object at every read of the field, which a card does for each party."""
    code = record.__dict__.get("country")
    return country_name(record.country if code is None else code)


@functools.lru_cache(maxsize=4096)
def _date_label(value, language):
    with translation.override(language):
        return PartialDate(value).display()


def date_label(value):
    """A partial date ("2024-10-08", "2024-10", "2024") as shown in the active language; "" when unknown. Raises
    ValueError for a value that is no date. A few thousand (date, language) pairs are kept: pages repeat dates."""
    if not value:
        return ""
    return _date_label(str(value), translation.get_language())


def shown_date(value):
    """date_label(value), or the value as it is when it is no date: a malformed value must not break a page."""
    try:
        return date_label(value)
    except ValueError:
        return value


def date_range_label(start, end, open_label=""):
    """ "8–9 October 2024"-style ranges at each end's precision; `open_label` ("present") for an open end."""
    start_text, end_text = shown_date(start), shown_date(end)
    if start_text and end_text and start_text != end_text:
        return _("%(start)s – %(end)s") % {"start": start_text, "end": end_text}
    if start_text and not end_text and open_label:
        return _("%(start)s – %(end)s") % {"start": start_text, "end": open_label}
    if not start_text and end_text:
        return _("until %(end)s") % {"end": end_text}
    return start_text


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
def _url_around_slug(model, urlconf, script_prefix, language):
    """(before, after) the slug in the model's get_absolute_url(); None when the URL is not built from the slug."""
    before, found, after = model(slug=PLACEHOLDER).get_absolute_url().partition(PLACEHOLDER)
    return (before, after) if found else None


def _around_slug(model):
    return _url_around_slug(
        model, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), translation.get_language()
    )


def record_url(record):
    """record.get_absolute_url() for a record whose page is addressed by its slug, without a reverse() per record."""
    parts = _around_slug(type(record))
    if parts is None or not SLUG.fullmatch(record.slug or ""):
        return record.get_absolute_url()
    return parts[0] + record.slug + parts[1]


def slug_urls(model):
    """A function from a slug to what get_absolute_url() gives for the model's record with that slug, for many
    records: the URLconf, script prefix and language are read once, here."""
    parts = _around_slug(model)

    def url(slug):
        if parts is None or not SLUG.fullmatch(slug or ""):
            return model(slug=slug).get_absolute_url()
        return parts[0] + slug + parts[1]

    return url
