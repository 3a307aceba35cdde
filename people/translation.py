"""The texts of organizations, people and posts kept in each language (django-modeltranslation).

An organization's name is official in one language (`official_language`); the other column holds its translation.
People's names are not translated.
"""

from modeltranslation.translator import TranslationOptions, register

from people.models import Organization, Person, Position


@register(Organization)
class OrganizationTranslation(TranslationOptions):
    fields = ("name", "description", "note", "certainty_note")


@register(Person)
class PersonTranslation(TranslationOptions):
    fields = ("bio", "note", "certainty_note")


@register(Position)
class PositionTranslation(TranslationOptions):
    fields = ("title", "note", "certainty_note")
