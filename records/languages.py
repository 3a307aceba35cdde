"""Records' texts in each language: which fields of a model have a column per language (django-modeltranslation,
registered in each app's translation.py), and the name of a field's column in a language."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce, Lower
from django.utils import translation
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname


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


def column(name, language):
    """The field holding `name` in `language`: column("title", "es") is "title_es"."""
    return build_localized_fieldname(name, language)


def in_page_order():
    """The site's languages, the page's first: the order in which a text is looked for."""
    page_language = translation.get_language()
    return [page_language, *(code for code in languages() if code != page_language)]


def columns_in_page_order(model, name):
    """[(language, column)] holding `model`'s field `name`, the page's language first; [("", name)] for a field kept
    in one language only."""
    if name not in translated_fields(model):
        return [("", name)]
    return [(language, column(name, language)) for language in in_page_order()]


class NonEmpty(models.Func):
    """A text, or NULL where it is empty. The empty string is written in the SQL rather than passed as a parameter:
    a database matches an ORDER BY to an index's expression only when both are the same text."""

    template = "NULLIF(%(expressions)s, '')"
    output_field = models.TextField()


def sort_text(model, name, language=None):
    """What a list of `model` sorted by its text `name` orders by in `language` (the page's by default): the text in
    that language, or in the other where it is missing, in lower case. A field kept in one language only orders by
    itself."""
    if name not in translated_fields(model):
        return Lower(name)
    return translated_sort_text(name, language or translation.get_language())


def translated_sort_text(name, language):
    """sort_text() of a field kept in each language; the same expression as the index of sort_indexes()."""
    first, *others = [column(name, code) for code in [language, *(code for code in languages() if code != language)]]
    return Lower(Coalesce(NonEmpty(first), *others))


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
