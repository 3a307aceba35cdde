"""The agreements app's models, one module per record type; importing them all here registers them with Django and
adds this app's relations to the people pages (pages.py)."""

from agreements.models import pages  # noqa: F401  (registers the people pages' prefetches)
from agreements.models.agreements import (
    Agreement,
    AgreementKind,
    AgreementQuerySet,
    AgreementScope,
    AgreementStatus,
)
from agreements.models.events import Event, EventKind, EventQuerySet
from agreements.models.programs import (
    ParticipantCountry,
    ProgramFormat,
    TrainingProgram,
    TrainingProgramQuerySet,
)
from agreements.models.rows import (
    INVERSE_RELATION_LABELS,
    AgreementParty,
    AgreementRelation,
    EventParticipant,
    EventProgram,
    PartyRole,
    RelationKind,
    Signatory,
)
from agreements.models.topics import TaggedQuerySet, Topic, public_topics

__all__ = [
    "INVERSE_RELATION_LABELS",
    "Agreement",
    "AgreementKind",
    "AgreementParty",
    "AgreementQuerySet",
    "AgreementRelation",
    "AgreementScope",
    "AgreementStatus",
    "Event",
    "EventKind",
    "EventParticipant",
    "EventProgram",
    "EventQuerySet",
    "ParticipantCountry",
    "PartyRole",
    "ProgramFormat",
    "RelationKind",
    "Signatory",
    "TaggedQuerySet",
    "Topic",
    "TrainingProgram",
    "TrainingProgramQuerySet",
    "public_topics",
]
