"""The columns of the people and organization downloads, and the published related records they read."""

from django.db.models import Prefetch

from people.models import Position
from records.exports import Column, Export, choice, country, field, record_columns, related_one
from records.models import PublicationStatus


def _current_posts(person):
    return person.current_posts


def _public_parent(organization):
    return organization.parent if organization.parent_id and organization.parent.is_published else None


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
    prepare=lambda queryset: queryset.prefetch_related(
        Prefetch(
            "positions",
            queryset=Position.objects.published()
            .current()
            .filter(organization__publication_status=PublicationStatus.PUBLISHED)
            .select_related("organization"),
            to_attr="current_posts",
        )
    ),
)


ORGANIZATION_EXPORT = Export(
    name="organizations",
    columns=[
        field("slug"),
        field("name"),
        field("acronym"),
        *choice("kind"),
        *country(),
        *related_one("part_of", "part_of_slug", _public_parent, label=lambda parent: parent.name),
        field("website"),
        field("description"),
        *record_columns(),
    ],
    prepare=lambda queryset: queryset.select_related("parent"),
)
