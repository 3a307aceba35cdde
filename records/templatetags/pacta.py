from django import template
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from records import labels, languages
from records import models as records

register = template.Library()


@register.filter
def partial_date(value):
    """A PartialDate at its precision ("8 October 2024", "October 2024", "2024"); "" when unknown."""
    try:
        return labels.date_label(value)
    except ValueError:
        return value


@register.simple_tag
def date_range(start, end, open_label=""):
    """ "8–9 October 2024"-style ranges at each end's precision; `open_label` ("present") for an open end."""
    start_text, end_text = partial_date(start), partial_date(end)
    if start_text and end_text and start_text != end_text:
        return _("%(start)s – %(end)s") % {"start": start_text, "end": end_text}
    if start_text and not end_text and open_label:
        return _("%(start)s – %(end)s") % {"start": start_text, "end": open_label}
    if not start_text and end_text:
        return _("until %(end)s") % {"end": end_text}
    return start_text


@register.filter
def record_url(record):
    """The record's page, as get_absolute_url gives it, without a reverse() per record (see records.labels)."""
    return labels.record_url(record)


@register.filter
def choice_label(record, field_name):
    """`{{ agreement|choice_label:"kind" }}`: what get_kind_display gives, without building the choices each time."""
    return labels.choice_label(record, field_name)


@register.filter
def country_name(country):
    """A Country's (or a code's) name in the active language, looked up once per language."""
    return labels.country_name(country)


@register.filter
def country_of(record):
    """`{{ party|country_of }}`: the name of the record's country, "" for none; cheaper than
    `{{ party.country|country_name }}`, which builds a Country object first."""
    return labels.record_country_name(record)


@register.filter
def relation_total(rows):
    """`{{ rows|relation_total }}`: how many related rows there are in all, of which `rows` (fetched with
    records.models.first_of()) are the first."""
    return records.relation_total(rows)


@register.simple_tag
def filtered_list(name, **params):
    """`{% filtered_list "agreements:agreement-list" party=organization.slug %}`: the list's address, in the page's
    language, filtered on those values."""
    return f"{reverse(name)}?{urlencode(params)}"


@register.simple_tag
def text(record, name, words=None, plain=False):
    """The record's text `name` in the page's language. A text written only in another language is shown in an
    element that says which (`lang`), followed by a visible "(in English)" / "(en inglés)": never silently
    (records.languages holds the rule). With `words`, cut to that many words. With `plain`, text without markup for
    a <title>, a meta description or an attribute, the mark after it."""
    found = languages.text(record, name)
    if words:
        found = found._replace(value=Truncator(found.value).words(words))
    return languages.marked(found) if plain else languages.marked_html(found)


@register.simple_tag
def organization_link(organization):
    """A link to an organization as cards and tables name it briefly: its acronym, with its name in the page's
    language in an <abbr>, or its name where it has no acronym."""
    if organization.acronym:
        return format_html(
            '<a href="{}"><abbr title="{}">{}</abbr></a>',
            labels.record_url(organization),
            text(organization, "name", plain=True),
            organization.acronym,
        )
    return format_html('<a href="{}">{}</a>', labels.record_url(organization), text(organization, "name"))


@register.simple_tag
def in_language(value, language):
    """`value`, written in `language`: as it is in a page of that language (or when the language is not known),
    else in an element with its `lang` followed by a visible "(in English)" / "(en inglés)"."""
    return languages.marked_html(languages.Text(value, language or None))


@register.simple_tag
def official_name(organization):
    """An organization's name in the language it is official in, with its translation in the page's language beside
    it when the page is in another: "<span lang="es">Ministerio de Hacienda</span> — Ministry of Finance". An official
    name is shown as it is, never marked as a missing translation; without one, the name falls back as any text."""
    official_language = organization.official_language
    official = getattr(organization, languages.column("name", official_language), "")
    if not official:
        return text(organization, "name")
    page_language = translation.get_language()
    if official_language == page_language:
        return official
    translated = getattr(organization, languages.column("name", page_language), "")
    if not translated or translated == official:
        return format_html('<span lang="{}">{}</span>', official_language, official)
    return format_html('<span lang="{}">{}</span> — {}', official_language, official, translated)


@register.simple_tag(takes_context=True)
def table_cell(context, column, record):
    """`{% table_cell column object %}`: a table column's cell (records.lists.tables.Column) for one record."""
    with context.push(object=record):
        return column.template.render(context)


@register.simple_tag
def cited_keys(record):
    """`{% cited_keys object as cited %}`: the keys of the sources the record's page lists (its prefetched
    citations), so that a reference to one of them can link to its entry."""
    return {citation.source.key for citation in record.citations.all()}


@register.inclusion_tag("includes/certainty.html")
def certainty(level, note=""):
    """A claim's certainty as a badge beside it (`level`, a records.models.Certainty value), with what the level
    means and the claim's own `note`; every page shows claims this one way."""
    level = records.Certainty(level)
    return {"level": level, "explanation": records.CERTAINTY_EXPLANATIONS[level], "note": note}
