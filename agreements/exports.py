"""The columns of the agreement, program and event downloads; the related records they read come from each model's
for_export() queryset, which keeps only public ones."""

from records.exports import Column, Export, choice, country, field, partial_date, record_columns, related, related_one


def topic_columns():
    return related("topics", "topic_slugs", lambda record: record.public_topics, label=lambda topic: topic.name)


def organization_name(organization):
    return organization.name


def signatory_names(agreement):
    return [signatory.public_name for signatory in agreement.public_signatories]


def signatory_people(agreement):
    return [signatory.public_person for signatory in agreement.public_signatories if signatory.public_person]


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
        Column("signatories", signatory_names),
        Column("signatory_slugs", lambda agreement: [person.slug for person in signatory_people(agreement)], ";"),
        *topic_columns(),
        field("summary"),
        field("text_url"),
        *record_columns(),
    ],
    prepare=lambda queryset: queryset.for_export(),
)


PROGRAM_EXPORT = Export(
    name="programs",
    columns=[
        field("slug"),
        field("title"),
        field("short_name"),
        *choice("format"),
        *related_one("host", "host_slug", lambda program: program.public_host, label=organization_name),
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
    prepare=lambda queryset: queryset.for_export(),
)


EVENT_EXPORT = Export(
    name="events",
    columns=[
        field("slug"),
        field("title"),
        *choice("kind"),
        *partial_date("start"),
        *partial_date("end"),
        *related_one("part_of", "part_of_slug", lambda event: event.public_parent, label=lambda parent: parent.title),
        field("location"),
        *country(),
        *related("participants", "participant_slugs", lambda event: event.public_participants, lambda p: p.name),
        *related("organizations", "organization_slugs", lambda event: event.public_organizations, organization_name),
        *topic_columns(),
        field("summary"),
        *record_columns(),
    ],
    prepare=lambda queryset: queryset.for_export(),
)
