"""The columns of the agreement, program and event downloads, and the published related records they read."""

from django.db.models import Prefetch

from agreements.models import Signatory, Topic
from people.models import Organization, Person
from records.exports import Column, Export, choice, country, field, partial_date, record_columns, related, related_one


def topic_columns():
    return related("topics", "topic_slugs", lambda record: record.public_topics, label=lambda topic: topic.name)


def published_topics():
    return Prefetch("topics", queryset=Topic.objects.published(), to_attr="public_topics")


def organization_name(organization):
    return organization.name


def public_signatories(agreement):
    """Signer names a reader may see: a published person's name, else the name recorded with the signature."""
    names = []
    for signatory in agreement.signatories.all():
        if signatory.person_id and signatory.person.is_published:
            names.append(signatory.person.name)
        elif signatory.name:
            names.append(signatory.name)
    return names


def signatory_people(agreement):
    return [
        signatory.person
        for signatory in agreement.signatories.all()
        if signatory.person_id and signatory.person.is_published
    ]


AGREEMENT_EXPORT = Export(
    name="agreements",
    columns=[
        field("slug"),
        field("title"),
        field("short_name"),
        *choice("kind"),
        *choice("status"),
        *choice("scope"),
        field("binding"),
        *partial_date("signed_on"),
        *partial_date("in_force_on"),
        *partial_date("ended_on"),
        field("place_signed"),
        *related("parties", "party_slugs", lambda agreement: agreement.public_parties, label=organization_name),
        Column(
            "party_countries",
            lambda agreement: sorted({party.country.code for party in agreement.public_parties if party.country}),
            separator=";",
        ),
        Column("signatories", public_signatories),
        Column("signatory_slugs", lambda agreement: [person.slug for person in signatory_people(agreement)], ";"),
        *topic_columns(),
        field("summary"),
        field("text_url"),
        *record_columns(),
    ],
    prepare=lambda queryset: queryset.prefetch_related(
        Prefetch("parties", queryset=Organization.objects.published(), to_attr="public_parties"),
        Prefetch("signatories", queryset=Signatory.objects.select_related("person")),
        published_topics(),
    ),
)


def _public_host(program):
    return program.host if program.host_id and program.host.is_published else None


PROGRAM_EXPORT = Export(
    name="programs",
    columns=[
        field("slug"),
        field("title"),
        field("short_name"),
        *choice("format"),
        *related_one("host", "host_slug", _public_host, label=organization_name),
        *related("instructors", "instructor_slugs", lambda program: program.public_instructors, organization_name),
        field("location"),
        *country(),
        Column(
            "participant_countries",
            lambda program: [row.country.code for row in program.participant_countries.all()],
            separator=";",
        ),
        field("audience"),
        *partial_date("start"),
        *partial_date("end"),
        *topic_columns(),
        field("description"),
        *record_columns(),
    ],
    prepare=lambda queryset: queryset.select_related("host").prefetch_related(
        Prefetch("instructors", queryset=Organization.objects.published(), to_attr="public_instructors"),
        "participant_countries",
        published_topics(),
    ),
)


def _public_parent(event):
    return event.parent if event.parent_id and event.parent.is_published else None


EVENT_EXPORT = Export(
    name="events",
    columns=[
        field("slug"),
        field("title"),
        *choice("kind"),
        *partial_date("start"),
        *partial_date("end"),
        *related_one("part_of", "part_of_slug", _public_parent, label=lambda parent: parent.title),
        field("location"),
        *country(),
        *related("participants", "participant_slugs", lambda event: event.public_participants, lambda p: p.name),
        *related("organizations", "organization_slugs", lambda event: event.public_organizations, organization_name),
        *topic_columns(),
        field("summary"),
        *record_columns(),
    ],
    prepare=lambda queryset: queryset.select_related("parent").prefetch_related(
        Prefetch("participants", queryset=Person.objects.published(), to_attr="public_participants"),
        Prefetch("organizations", queryset=Organization.objects.published(), to_attr="public_organizations"),
        published_topics(),
    ),
)
