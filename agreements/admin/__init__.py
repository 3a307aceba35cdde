"""The curators' screens for topics, agreements, programs and events, one module per kind; their history follows
the rows edited on each record's page."""

import reversion

from agreements.models import (
    Agreement,
    AgreementParty,
    AgreementRelation,
    Event,
    EventParticipant,
    EventProgram,
    ParticipantCountry,
    Signatory,
    Topic,
    TrainingProgram,
)

# History: each record is restored with the rows edited on its page, relations from both sides included.
reversion.register(Topic)
reversion.register(
    Agreement, follow=["party_rows", "signatories", "relations_from", "relations_to", "citations", "aliases"]
)
reversion.register(AgreementParty)
reversion.register(Signatory)
reversion.register(AgreementRelation)
reversion.register(TrainingProgram, follow=["participant_countries", "citations", "aliases"])
reversion.register(ParticipantCountry)
reversion.register(Event, follow=["participant_rows", "program_rows", "citations", "aliases"])
reversion.register(EventParticipant)
reversion.register(EventProgram)

# After the registrations above: the admins would otherwise register their models with reversion themselves, without
# the rows to follow.
from agreements.admin import activities, agreements, topics  # noqa: E402, F401  (each registers its admins)
