"""The columns of the agreement, program and event downloads, and the relations they read: published related records
only, each relation read in one query per chunk of records."""

from agreements.models import Agreement, AgreementParty, Event, ParticipantCountry, Signatory, TrainingProgram
from records.exports import (
    Column,
    Export,
    Relation,
    certainty,
    choice,
    country,
    field,
    partial_date,
    published_target,
    published_through,
    record_columns,
    related,
    related_one,
    text,
)
from records.models import published_via


def topic_columns():
    return related("topics", "topic_slugs", "topics")


AGREEMENT_EXPORT = Export(
    name="agreements",
    columns=[
        field("slug"),
        *text("title"),
        *text("short_name"),
        *choice(Agreement, "kind"),
        *choice(Agreement, "status"),
        *choice(Agreement, "scope"),
        field("binding"),
        *partial_date("signed_on"),
        *partial_date("in_force_on"),
        *partial_date("ended_on"),
        *text("place_signed"),
        *related("parties", "party_slugs", "parties"),
        Column(
            "party_countries",
            lambda row: sorted({party.country for party in row["parties"] if party.country}),
            separator=";",
        ),
        Column("signatories", lambda row: [signatory.public_signer_name for signatory in row["signatories"]]),
        Column(
            "signatory_slugs",
            lambda row: [sign.public_signer_slug for sign in row["signatories"] if sign.public_signer_slug],
            separator=";",
        ),
        *topic_columns(),
        *text("summary"),
        field("text_url"),
        *certainty(Agreement),
        *record_columns(Agreement),
    ],
    relations=[
        Relation(
            "parties",
            lambda: AgreementParty.objects.filter(published_via("organization")).order_by("organization__name"),
            record="agreement",
            fields=("organization__name", "organization__slug", "organization__country"),
        ),
        Relation(
            "signatories",
            lambda: Signatory.objects.named_publicly().with_public_signer(),
            record="agreement",
            fields=("public_signer_name", "public_signer_slug"),
        ),
        published_through(Agreement, "topics", "topic"),
    ],
)


PROGRAM_EXPORT = Export(
    name="programs",
    columns=[
        field("slug"),
        *text("title"),
        *text("short_name"),
        *choice(TrainingProgram, "format"),
        *related_one("host", "host_slug", "host"),
        *related("instructors", "instructor_slugs", "instructors"),
        *text("location"),
        *country(),
        Column(
            "participant_countries",
            lambda row: [participant.country for participant in row["participant_countries"]],
            separator=";",
        ),
        *text("audience"),
        *partial_date("start"),
        *partial_date("end"),
        *topic_columns(),
        *text("description"),
        *certainty(TrainingProgram),
        *record_columns(TrainingProgram),
    ],
    relations=[
        published_target(TrainingProgram, "host"),
        published_through(TrainingProgram, "instructors", "organization"),
        # Every participant country of the program: a country is no record, and the program is published.
        Relation("participant_countries", ParticipantCountry.objects.all, record="program", fields=("country",)),
        published_through(TrainingProgram, "topics", "topic"),
    ],
)


EVENT_EXPORT = Export(
    name="events",
    columns=[
        field("slug"),
        *text("title"),
        *choice(Event, "kind"),
        *partial_date("start"),
        *partial_date("end"),
        *related_one("part_of", "part_of_slug", "parent", label="title"),
        *text("location"),
        *country(),
        *related("participants", "participant_slugs", "participants"),
        *related("organizations", "organization_slugs", "organizations"),
        *topic_columns(),
        *text("summary"),
        *certainty(Event),
        *record_columns(Event),
    ],
    relations=[
        published_target(Event, "parent", label="title"),
        published_through(Event, "participants", "person"),
        published_through(Event, "organizations", "organization"),
        published_through(Event, "topics", "topic"),
    ],
)
