"""The columns of the people and organization downloads, and the published related records they read."""

from people.models import Organization, Person, Position
from records.exports import (
    Column,
    Export,
    Relation,
    certainty,
    choice,
    country,
    field,
    published_target,
    record_columns,
    related_one,
    text,
)
from records.models import published_via


def post_label(post):
    """What str(Position) gives: "Acting Commissioner, Customs and Border Protection (CBP)"."""
    organization = f"{post.name} ({post.acronym})" if post.acronym else post.name
    return f"{post.title}, {organization}"


PERSON_EXPORT = Export(
    name="people",
    columns=[
        field("slug"),
        field("name"),
        *country(),
        Column("current_posts", lambda row: [post_label(post) for post in row["current_posts"]]),
        Column("current_organizations", lambda row: [post.name for post in row["current_posts"]]),
        Column(
            "current_organization_slugs",
            lambda row: [post.slug for post in row["current_posts"]],
            separator=";",
        ),
        *text("bio"),
        *certainty(Person),
        *record_columns(Person),
    ],
    relations=[
        # As Person.objects.for_card() reads them: posts held now, published, in a published organization.
        Relation(
            "current_posts",
            lambda: Position.objects.published().current().filter(published_via("organization")),
            record="person",
            fields=("title", "organization__name", "organization__acronym", "organization__slug"),
        ),
    ],
)


ORGANIZATION_EXPORT = Export(
    name="organizations",
    columns=[
        field("slug"),
        *text("name"),
        field("acronym"),
        *choice(Organization, "kind"),
        *country(),
        *related_one("part_of", "part_of_slug", "parent"),
        field("website"),
        *text("description"),
        *certainty(Organization),
        *record_columns(Organization),
    ],
    relations=[
        published_target(Organization, "parent"),
    ],
)
