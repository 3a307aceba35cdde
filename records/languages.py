"""Records' texts in each language: which fields of a model have a column per language (django-modeltranslation,
registered in each app's translation.py), the name of a field's column in a language, the one rule every page,
download, API answer, feed and calendar follows to choose a text: the reader's language, else the first other
language that has it, never silently (`Text.language` says which one it is in), how a list sorts by a text in the
reader's language, and which records lack a translation.

A record misses a language when one of its texts is written in another language and empty in that one: a summary in
English with no Spanish summary misses Spanish; a field empty in every language (no summary at all) misses nothing.
Rows edited on the record's page whose texts are read on its public page (`translated_rows` on the model, such as an
agreement's signatories and their titles) count as the record's own texts. The data-quality dashboard counts with
this rule and the admin's translation filter lists with it, so a count and its list always agree.
"""

from typing import NamedTuple

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Coalesce, Lower
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import get_language_info, gettext_lazy
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

# What follows a text shown in another language than the reader's, in the reader's language.
IN_LANGUAGE = {"en": gettext_lazy("(in English)"), "es": gettext_lazy("(in Spanish)")}


def languages():
    """The codes of the site's languages, the default one first."""
    return [code for code, _name in settings.LANGUAGES]


def language_name(code):
    """The language's name in the active language: "Spanish" in English, "español" in Spanish."""
    return get_language_info(code)["name_translated"]


def translated_fields(model):
    """The names of `model`'s fields kept in each language, in their declared order; () for a model with none."""
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return ()
    return tuple(options.fields)


def is_translated(model, path):
    """Whether the field at `path` from `model` ("organization__name") is kept in each language."""
    *relations, name = path.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    return name in translated_fields(model)


def column(name, language):
    """The field holding `name` in `language`: column("title", "es") is "title_es"; paths work alike
    ("topic__name_es")."""
    return build_localized_fieldname(name, language)


class NonEmpty(models.Func):
    """A text, or NULL where it is empty. The empty string is written in the SQL rather than passed as a parameter:
    a database matches an ORDER BY to an index's expression only when both are the same text."""

    template = "NULLIF(%(expressions)s, '')"
    output_field = models.CharField()


def sort_text(model, name, language=None):
    """What a list of `model` sorted by its text `name` orders by in `language` (the page's by default): the text in
    that language, or in the other where it is missing, in lower case. A field kept in one language only orders by
    itself."""
    if name not in translated_fields(model):
        return Lower(name)
    return translated_sort_text(name, language or translation.get_language())


def translated_sort_text(name, language):
    """sort_text() of a field kept in each language; the same expression as the index of sort_indexes()."""
    first, *others = [column(name, code) for code in preference(language)]
    return Lower(Coalesce(NonEmpty(first), *others, output_field=models.CharField()))


def sort_indexes(name, prefix):
    """The indexes that let a list sorted by its text `name` (kept in each language) read its order in any language:
    one per language, over the published records, on translated_sort_text()."""
    return [
        models.Index(
            models.F("publication_status"),
            translated_sort_text(name, language),
            models.F("id"),
            name=f"{prefix}_{language}",
        )
        for language in languages()
    ]


def _written(name, language):
    # A text column is empty when NULL (never written; modeltranslation's columns are nullable) or "".
    return Q(**{f"{column(name, language)}__gt": ""})


def untranslated(model, language):
    """The condition (a Q) on `model`'s rows that they miss `language`: a text written in another language is empty
    in this one, in the record's own fields or in those of its `translated_rows`."""
    condition = Q()
    for name in translated_fields(model):
        for other in languages():
            if other != language:
                condition |= _written(name, other) & ~_written(name, language)
    for relation in getattr(model, "translated_rows", ()):
        rows = model._meta.get_field(relation)
        related = rows.related_model._base_manager.filter(**{rows.field.name: OuterRef("pk")})
        condition |= Exists(related.filter(untranslated(rows.related_model, language)))
    return condition


def translated(model):
    """The condition (a Q) on `model`'s rows that they miss no language."""
    missing = Q()
    for language in languages():
        missing |= untranslated(model, language)
    return ~missing


def untranslated_counts(queryset):
    """{language: how many of `queryset`'s records miss it}, in one query."""
    model = queryset.model
    counts = {language: Count("pk", filter=untranslated(model, language)) for language in languages()}
    return queryset.order_by().aggregate(**counts)


def preference(language=None):
    """The languages a text is looked for in, in order: `language` (the active one when not given), then the
    site's others in their order."""
    language = language or translation.get_language()
    return [language, *(code for code in languages() if code != language)]


class Text(NamedTuple):
    """A record's text and the language it is in; ("", None) when it has none in any language, and the language is
    None too for a field kept in one language only."""

    value: str
    language: str | None


NO_TEXT = Text("", None)


def text_reader(name, language=None):
    """`read(row)`: the Text of `name` in a row that maps column names to values (what values() gives), by the
    rule: in `language` (the active one), else in the first other language that has it. The order is worked out
    once, for reading many rows."""
    columns = [(code, column(name, code)) for code in preference(language)]

    def read(row):
        for code, key in columns:
            value = row[key]
            if value:
                return Text(value, code)
        return NO_TEXT

    return read


class _Columns:
    """A record read as a row of columns by name, for text_reader."""

    def __init__(self, record):
        self.record = record

    def __getitem__(self, key):
        return getattr(self.record, key, None)


def text(record, name, language=None):
    """The record's text `name` by the rule (see text_reader); a field kept in one language only as it is."""
    if name not in translated_fields(type(record)):
        return Text(getattr(record, name) or "", None)
    return text_reader(name, language)(_Columns(record))


def is_other_language(found, language=None):
    """Whether the Text is in another language than `language` (the active one): it is then shown marked."""
    return found.language is not None and found.language != (language or translation.get_language())


def marked(found, language=None):
    """The Text as plain text for a reader of `language` (the active one): followed by "(in English)" when it is in
    another language."""
    if is_other_language(found, language):
        return f"{found.value} {IN_LANGUAGE[found.language]}"
    return found.value


def marked_html(found, language=None):
    """The Text as HTML for a reader of `language` (the active one): in another language, inside an element that
    says which (`lang`), followed by a visible "(in English)"."""
    if is_other_language(found, language):
        return format_html(
            '<span lang="{}">{}</span> <span class="in-other-language">{}</span>',
            found.language,
            found.value,
            IN_LANGUAGE[found.language],
        )
    return found.value
