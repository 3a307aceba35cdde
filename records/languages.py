"""Records' texts in each language: which fields of a model have a column per language (django-modeltranslation,
registered in each app's translation.py), the name of a field's column in a language, the order in which a page
looks for a text (its own language first) and sorts by one, and which records lack a translation.

A record misses a language when one of its texts is written in another language and empty in that one: a summary in
English with no Spanish summary misses Spanish; a field empty in every language (no summary at all) misses nothing.
Rows edited on the record's page whose texts are read on its public page (`translated_rows` on the model, such as an
agreement's signatories and their titles) count as the record's own texts. The data-quality dashboard counts with
this rule and the admin's translation filter lists with it, so a count and its list always agree.
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Coalesce, Lower
from django.utils import translation
from django.utils.translation import get_language_info
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname


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
    first, *others = [column(name, code) for code in [language, *(code for code in languages() if code != language)]]
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
