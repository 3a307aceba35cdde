"""The dataset's schema: one description per record type, in the order they are loaded.

Each type is loaded after the types it refers to. Records are matched by natural key: slug, a source's URL, a
position's (person, organization, title, start).
"""

from django.contrib.contenttypes.models import ContentType

from agreements.loader.description import Flag, Inline, Many, Nested, RecordType, Ref
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
from people.models import Organization, Person, Position
from records.models import Citation, Source


def cited(record):
    """The link of a citation to the record it supports (a generic relation)."""
    return {"content_type": ContentType.objects.get_for_model(record), "object_id": record.pk}


CITATIONS = Inline(
    "citations", "citation", Citation, owner=cited, fields=(Ref("source", "sources"), "excerpt"), numbered="position"
)

SOURCES = RecordType(
    "sources",
    "source",
    Source,
    fields=("url", "title", "publisher", "published", "language", "reliability", "reliability_note"),
    key="id",
    stored_as="key",
    match="url",
)

TOPICS = RecordType("topics", "topic", Topic, fields=("name", Ref("parent", "topics"), "description"))

ORGANIZATIONS = RecordType(
    "organizations",
    "organization",
    Organization,
    fields=(
        *("name", "acronym", "kind", "country", Ref("parent", "organizations")),
        *("website", "description", "note"),
    ),
    inlines=(CITATIONS,),
)

POSITIONS = Nested(
    "positions",
    "position",
    Position,
    owner="person",
    fields=(Ref("organization", "organizations"), "title", "start", "end", Flag("ended", default=False), "note"),
    key=("organization", "title", "start"),
    inlines=(CITATIONS,),
)

PEOPLE = RecordType(
    "people", "person", Person, fields=("name", "country", "bio", "note"), inlines=(CITATIONS, POSITIONS)
)

PROGRAMS = RecordType(
    "programs",
    "program",
    TrainingProgram,
    fields=(
        *("title", "short_name", "format", Ref("host", "organizations"), "location", "country", "audience"),
        *("start", "end", "description", "note"),
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
    ),
)

EVENTS = RecordType(
    "events",
    "event",
    Event,
    fields=(
        *("title", "kind", "start", "end", Ref("parent", "events"), "location", "country"),
        *("summary", "note"),
    ),
    many=(
        *(Many("participants", "people"), Many("organizations", "organizations")),
        *(Many("programs", "programs"), Many("topics", "topics")),
    ),
    inlines=(CITATIONS,),
)

AGREEMENTS = RecordType(
    "agreements",
    "agreement",
    Agreement,
    fields=(
        *("title", "short_name", "kind", Flag("binding", default=None), "scope", "status", "signed_on"),
        *("place_signed", "in_force_on", "ended_on", "summary", "text_url", "note", Ref("signed_at", "events")),
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
            fields=(Ref("person", "people"), "name", Ref("organization", "organizations"), "title"),
            numbered="position",
        ),
        CITATIONS,
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
