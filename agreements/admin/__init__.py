"""The curators' screens for topics, agreements, programs and events, one module per kind; their history follows
the rows edited on each record's page."""

import reversion

from agreements.models import (
    Agreement,
    AgreementParty,
    AgreementRelation,
    Event,
    ParticipantCountry,
    Signatory,
    Topic,
    TrainingProgram,
)

# History: each record is restored with the rows edited on its page, relations from both sides included.
reversion.register(Topic)
reversion.register(Agreement, follow=["party_rows", "signatories", "relations_from", "relations_to", "citations"])
reversion.register(AgreementParty)
reversion.register(Signatory)
reversion.register(AgreementRelation)
reversion.register(TrainingProgram, follow=["participant_countries", "citations"])
reversion.register(ParticipantCountry)
reversion.register(Event, follow=["citations"])

# After the registrations above: the admins would otherwise register their models with reversion themselves, without
# the rows to follow.
from agreements.admin import activities, agreements, topics  # noqa: E402, F401  (each registers its admins)
