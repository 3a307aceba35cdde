"""Spreadsheet import and export of organizations and people; relations by slug, sources by URL."""

from import_export import fields

from people.models import Organization, Person
from records.resources import (
    CurationResource,
    SlugWidget,
    SourcesField,
    in_each_language,
    publication_status_column,
)


class OrganizationResource(CurationResource):
    parent = fields.Field(attribute="parent", column_name="parent", widget=SlugWidget(Organization))
    sources = SourcesField("sources")
    publication_status = publication_status_column()

    class Meta(CurationResource.Meta):
        model = Organization
        import_id_fields = ["slug"]
        fields = in_each_language(
            model,
            [
                "slug",
                "name",
                "official_language",
                "acronym",
                "kind",
                "country",
                "parent",
                "website",
                "description",
                "note",
                "certainty",
                "certainty_note",
                "sources",
                "publication_status",
            ],
        )
        export_order = fields


class PersonResource(CurationResource):
    sources = SourcesField("sources")
    publication_status = publication_status_column()

    class Meta(CurationResource.Meta):
        model = Person
        import_id_fields = ["slug"]
        fields = in_each_language(
            model,
            ["slug", "name", "country", "bio", "note", "certainty", "certainty_note", "sources", "publication_status"],
        )
        export_order = fields
