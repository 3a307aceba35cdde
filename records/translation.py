"""The texts of sources kept in each language (django-modeltranslation): the publisher as readers are told it
("reprint of a CBP release", "mirror of a CBP page") and the editors' note; a source's title stays in the language
it was published in."""

from modeltranslation.translator import TranslationOptions, register

from records.models import Alias, Source


@register(Source)
class SourceTranslation(TranslationOptions):
    fields = ("publisher", "reliability_note")


@register(Alias)
class AliasTranslation(TranslationOptions):
    fields = ("certainty_note",)
