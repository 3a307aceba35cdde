"""The texts of topics, agreements, programs and events kept in each language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from agreements.models import Agreement, Event, Signatory, Topic, TrainingProgram


@register(Topic)
class TopicTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Agreement)
class AgreementTranslation(TranslationOptions):
    fields = ("title", "short_name", "place_signed", "summary", "note")


@register(Signatory)
class SignatoryTranslation(TranslationOptions):
    fields = ("title",)


@register(TrainingProgram)
class ProgramTranslation(TranslationOptions):
    fields = ("title", "short_name", "location", "audience", "description", "note")


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "location", "summary", "note")
