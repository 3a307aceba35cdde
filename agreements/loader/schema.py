"""The dataset's schema: one description per record type, in the order they are loaded.

Each type is loaded after the types it refers to. Records are matched by natural key: slug, a source's URL, a
position's (person, organization, title, start).
"""

from django.contrib.contenttypes.models import ContentType

from agreements.loader.description import Flag, Inline, Many, Nested, RecordType, Ref, Sureness, Text, Texts
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
from people.models import Organization, Person, Position
from records.models import Alias, Citation, Source


def cited(record):
    """The link of a citation to the record it supports (a generic relation)."""
    return {"content_type": ContentType.objects.get_for_model(record), "object_id": record.pk}


CITATIONS = Inline(
    "citations", "citation", Citation, owner=cited, fields=(Ref("source", "sources"), "excerpt"), numbered="position"
)

# How sure a record or a link is, and why (records.models.Certain); left out, derived (Sureness.derive).
CERTAINTY = (Sureness(),)

ALIASES = Inline(
    "aliases",
    "alias",
    Alias,
    owner=cited,
    fields=("name", Ref("source", "sources"), *CERTAINTY),
    unique=("name",),
)

SOURCES = RecordType(
    "sources",
    "source",
    Source,
    fields=("url", "title", Texts("publisher"), "published", "language", "reliability", Texts("reliability_note")),
    key="id",
    stored_as="key",
    match="url",
)

TOPICS = RecordType("topics", "topic", Topic, fields=(Texts("name"), Ref("parent", "topics"), Texts("description")))

ORGANIZATIONS = RecordType(
    "organizations",
    "organization",
    Organization,
    fields=(
        *(
            Texts("name"),
            Text("official_language", default="en"),
            "acronym",
            "kind",
            "country",
            Ref("parent", "organizations"),
        ),
        *("website", Texts("description"), Texts("note"), *CERTAINTY),
    ),
    inlines=(CITATIONS, ALIASES),
)

POSITIONS = Nested(
    "positions",
    "position",
    Position,
    owner="person",
    fields=(
        *(Ref("organization", "organizations"), Texts("title"), "start", "end", Flag("ended", default=False)),
        *("held_as_of", Texts("note"), *CERTAINTY),
    ),
    # A post is found again by its English title.
    key=("organization", "title_en", "start"),
    inlines=(CITATIONS,),
)

PEOPLE = RecordType(
    "people",
    "person",
    Person,
    fields=("name", "country", Texts("bio"), Texts("note"), *CERTAINTY),
    inlines=(CITATIONS, ALIASES, POSITIONS),
)

PROGRAMS = RecordType(
    "programs",
    "program",
    TrainingProgram,
    fields=(
        *(Texts("title"), Texts("short_name"), "format", Ref("host", "organizations"), Texts("location")),
        *("country", Texts("audience"), "start", "end", Texts("description"), Texts("note"), *CERTAINTY),
    ),
    many=(Many("instructors", "organizations"), Many("topics", "topics")),
    inlines=(
        Inline(
            "participant_countries",
            "participant country",
            ParticipantCountry,
            owner="program",
            fields=("country",),
            unique=("country",),
            plain=True,
        ),
        CITATIONS,
        ALIASES,
    ),
)

EVENTS = RecordType(
    "events",
    "event",
    Event,
    fields=(
        *(Texts("title"), "kind", "start", "end", Ref("parent", "events"), Texts("location"), "country"),
        *(Texts("summary"), Texts("note"), *CERTAINTY),
    ),
    many=(Many("organizations", "organizations"), Many("topics", "topics")),
    inlines=(
        Inline(
            "participants",
            "participant",
            EventParticipant,
            owner="event",
            fields=(Ref("person", "people"), *CERTAINTY),
            unique=("person",),
        ),
        Inline(
            "programs",
            "program",
            EventProgram,
            owner="event",
            fields=(Ref("program", "programs"), *CERTAINTY),
            unique=("program",),
        ),
        CITATIONS,
        ALIASES,
    ),
)

AGREEMENTS = RecordType(
    "agreements",
    "agreement",
    Agreement,
    fields=(
        *(Texts("title"), Texts("short_name"), "kind", Flag("binding", default=None), "scope", "status"),
        *(Ref("status_source", "sources"), "signed_on", Texts("place_signed"), "in_force_on", "ended_on"),
        *(Texts("summary"), "text_url", Texts("note"), *CERTAINTY, Ref("signed_at", "events")),
        Sureness("signed_at_"),
    ),
    many=(Many("topics", "topics"),),
    inlines=(
        Inline(
            "parties",
            "party",
            AgreementParty,
            owner="agreement",
            fields=(Ref("organization", "organizations"), "role"),
            unique=("organization",),
        ),
        Inline(
            "signatories",
            "signatory",
            Signatory,
            owner="agreement",
            fields=(
                *(Ref("person", "people"), "name", Ref("organization", "organizations"), Texts("title")),
                *CERTAINTY,
            ),
            numbered="position",
        ),
        CITATIONS,
        ALIASES,
        Inline(
            "relations",
            "relation",
            AgreementRelation,
            owner="source",
            fields=(
                Ref("agreement", "agreements", field="target", itself="an agreement cannot be related to itself"),
                "kind",
            ),
            unique=("target", "kind"),
            later=True,
        ),
    ),
)

SCHEMA = (SOURCES, TOPICS, ORGANIZATIONS, PEOPLE, PROGRAMS, EVENTS, AGREEMENTS)
