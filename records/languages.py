"""Records' texts in each language: which fields of a model have a column per language (django-modeltranslation,
registered in each app's translation.py), the name of a field's column in a language, and the one rule every page,
download, API answer, feed and calendar follows to choose a text: the reader's language, else the first other
language that has it, never silently (`Text.language` says which one it is in)."""

from typing import NamedTuple

from django.conf import settings
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

# What follows a text shown in another language than the reader's, in the reader's language.
IN_LANGUAGE = {"en": gettext_lazy("(in English)"), "es": gettext_lazy("(in Spanish)")}


def languages():
    """The codes of the site's languages, the default one first."""
    return [code for code, _name in settings.LANGUAGES]


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
