import re

from django import template
from django.urls import reverse
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from records import labels, languages
from records import models as records

register = template.Library()


@register.filter
def partial_date(value):
    """A PartialDate at its precision ("8 October 2024", "October 2024", "2024"); "" when unknown."""
    return labels.shown_date(value)


@register.simple_tag
def date_range(start, end, open_label=""):
    """ "8–9 October 2024"-style ranges at each end's precision; `open_label` ("present") for an open end."""
    return labels.date_range_label(start, end, open_label)


# A source's reference as editorial notes cite it (S3), and the markup between which it may stand.
SOURCE_KEY = re.compile(r"\bS\d+\b")
MARKUP = re.compile(r"(<[^>]*>)")


def source_order(key):
    """Sources in the order of their keys' numbers (S1, S2, S10), keys that are no S-number after, by key."""
    match = re.fullmatch(r"S(\d+)", key)
    return (0, int(match.group(1)), "") if match else (1, 0, key)


@register.filter
def by_source_key(citations):
    """`{% for citation in citations|by_source_key %}`: citations in their sources' order (source_order), those of
    one source together, in their own order."""
    return sorted(citations, key=lambda citation: source_order(citation.source.key))


@register.filter(needs_autoescape=True)
def source_links(value, citations, autoescape=True):
    """`{{ note|source_links:record.citations.all }}`: the text with each S-number of a source in `citations` (the
    page's source list) linked to its entry there (`#source-S3`); any other S-number stays plain text. The text is
    escaped unless already safe; only its text, never its markup, is looked at."""
    keys = {citation.source.key for citation in citations}
    text = conditional_escape(value) if autoescape else str(value)

    def link(match):
        key = match.group(0)
        return f'<a href="#source-{key}" class="source-ref">{key}</a>' if key in keys else key

    parts = MARKUP.split(str(text))
    # Safe: the text was escaped (or came safe) and each link is built from a key of the form S<digits>.
    linked = "".join(part if MARKUP.fullmatch(part) else SOURCE_KEY.sub(link, part) for part in parts)
    return mark_safe(linked)  # noqa: S308


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
