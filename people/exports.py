"""The columns of the people and organization downloads, and the published related records they read."""

from records.exports import Column, Export, choice, country, field, record_columns, related_one


def _current_posts(person):
    return person.current_posts


PERSON_EXPORT = Export(
    name="people",
    columns=[
        field("slug"),
        field("name"),
        *country(),
        Column("current_posts", lambda person: [str(post) for post in _current_posts(person)]),
        Column("current_organizations", lambda person: [post.organization.name for post in _current_posts(person)]),
        Column(
            "current_organization_slugs",
            lambda person: [post.organization.slug for post in _current_posts(person)],
            separator=";",
        ),
        field("bio"),
        *record_columns(),
    ],
    prepare=lambda queryset: queryset.for_card(),
)


ORGANIZATION_EXPORT = Export(
    name="organizations",
    columns=[
        field("slug"),
        field("name"),
        field("acronym"),
        *choice("kind"),
        *country(),
        *related_one(
            "part_of", "part_of_slug", lambda organization: organization.public_parent, lambda parent: parent.name
        ),
        field("website"),
        field("description"),
        *record_columns(),
    ],
    prepare=lambda queryset: queryset.for_card(),
)
