"""The texts of topics, agreements, programs and events, and the notes on how sure their links are, kept in each
language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from agreements.models import Agreement, Event, EventParticipant, EventProgram, Signatory, Topic, TrainingProgram


@register(Topic)
class TopicTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Agreement)
class AgreementTranslation(TranslationOptions):
    fields = ("title", "short_name", "place_signed", "summary", "note", "certainty_note", "signed_at_certainty_note")


@register(Signatory)
class SignatoryTranslation(TranslationOptions):
    fields = ("title", "certainty_note")


@register(TrainingProgram)
class ProgramTranslation(TranslationOptions):
    fields = ("title", "short_name", "location", "audience", "description", "note", "certainty_note")


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "location", "summary", "note", "certainty_note")


@register(EventParticipant)
class EventParticipantTranslation(TranslationOptions):
    fields = ("certainty_note",)


@register(EventProgram)
class EventProgramTranslation(TranslationOptions):
    fields = ("certainty_note",)
