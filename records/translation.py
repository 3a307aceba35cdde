"""The texts of sources kept in each language (django-modeltranslation): only the editors' note; a source's title
stays in the language it was published in."""

from modeltranslation.translator import TranslationOptions, register

from records.models import Source


@register(Source)
class SourceTranslation(TranslationOptions):
    fields = ("reliability_note",)
