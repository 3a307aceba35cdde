"""Records' texts in each language: which fields of a model have a column per language (django-modeltranslation,
registered in each app's translation.py), and the name of a field's column in a language."""

from django.conf import settings
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
