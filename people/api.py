"""The read-only API of people and organizations: the lists' filters, and details with their published relations.

Agreements, programs and events that point at a person or an organization are reached through the relations the
agreements app adds to these models (people never imports agreements); they are shown in short, by slug and name.
"""

from rest_framework import serializers
from rest_framework.reverse import reverse

from people.filters import OrganizationFilter, PersonFilter
from people.models import Organization, Person, Position
from records.api import (
    AliasSerializer,
    CitationSerializer,
    CountryField,
    HtmlUrlField,
    PartialDateField,
    ReadOnlyViewSet,
    RefSerializer,
    api_url_field,
)
from records.api_languages import TextField, TextsModelSerializer, TextsSerializer, in_requested_language


class OrganizationRefSerializer(RefSerializer):
    url = api_url_field("organization")
    country = CountryField()

    class Meta(RefSerializer.Meta):
        model = Organization
        fields = ["slug", "name", "acronym", "country", "url", "html_url"]


class PersonRefSerializer(RefSerializer):
    url = api_url_field("person")

    class Meta(RefSerializer.Meta):
        model = Person
        fields = ["slug", "name", "url", "html_url"]


class ForeignRecordRefSerializer(TextsSerializer):
    """An agreement, program or event in short; its API address comes from `basename`."""

    slug = serializers.CharField()
    title = TextField()
    url = serializers.SerializerMethodField()
    html_url = HtmlUrlField()

    def __init__(self, *args, basename, **kwargs):
        self.basename = basename
        super().__init__(*args, **kwargs)

    def get_url(self, record) -> str:
        request = self.context["request"]
        url = reverse(f"api:{self.basename}-detail", kwargs={"slug": record.slug}, request=request)
        return in_requested_language(request, url)


class PositionSerializer(TextsModelSerializer):
    """A post: its title and dates, whether it is still held as far as the sources show (`current`, as of
    `held_as_of`), and whether that is unknown (no dated source shows it held, nor that it ended)."""

    start = PartialDateField()
    end = PartialDateField()
    held_as_of = PartialDateField()
    current = serializers.BooleanField(source="is_current")
    status_unknown = serializers.BooleanField(source="is_unknown")

    class Meta:
        model = Position
        fields = ["title", "start", "end", "held_as_of", "current", "status_unknown", "certainty", "certainty_note"]


class PostSerializer(PositionSerializer):
    """A post a person held: in which organization."""

    organization = OrganizationRefSerializer()

    class Meta(PositionSerializer.Meta):
        fields = [
            "title",
            "organization",
            "start",
            "end",
            "held_as_of",
            "current",
            "status_unknown",
            "certainty",
            "certainty_note",
        ]


class PersonSerializer(TextsModelSerializer):
    url = api_url_field("person")
    html_url = HtmlUrlField()
    country = CountryField()
    current_posts = PostSerializer(many=True, read_only=True)

    class Meta:
        model = Person
        fields = ["slug", "name", "country", "current_posts", "certainty", "certainty_note", "url", "html_url"]


class SignatureSerializer(TextsSerializer):
    agreement = ForeignRecordRefSerializer(basename="agreement")
    title_at_signing = TextField(name="title")
    on_behalf_of = OrganizationRefSerializer(source="organization", allow_null=True)


class PersonDetailSerializer(PersonSerializer):
    positions = PostSerializer(many=True, read_only=True)
    signatures = SignatureSerializer(many=True, read_only=True)
    events = ForeignRecordRefSerializer(many=True, read_only=True, basename="event")
    citations = CitationSerializer(many=True, read_only=True)
    aliases = AliasSerializer(many=True, read_only=True)

    class Meta(PersonSerializer.Meta):
        fields = [
            *PersonSerializer.Meta.fields,
            "bio",
            "note",
            "positions",
            "signatures",
            "events",
            "citations",
            "aliases",
            "updated_at",
        ]


class PersonViewSet(ReadOnlyViewSet):
    """Officials, with the same filters and sorts as the people list (/people/)."""

    filterset_class = PersonFilter
    serializer_class = PersonDetailSerializer
    list_serializer_class = PersonSerializer

    def detail_queryset(self):
        return super().detail_queryset().for_card()


class OrganizationSerializer(TextsModelSerializer):
    url = api_url_field("organization")
    html_url = HtmlUrlField()
    country = CountryField()
    parent = OrganizationRefSerializer(allow_null=True)

    class Meta:
        model = Organization
        fields = [
            "slug",
            "name",
            "acronym",
            "kind",
            "country",
            "parent",
            "certainty",
            "certainty_note",
            "url",
            "html_url",
        ]


class MemberSerializer(PositionSerializer):
    """Someone who held a post in the organization."""

    person = PersonRefSerializer()

    class Meta(PositionSerializer.Meta):
        fields = ["person", "title", "start", "end", "current", "certainty", "certainty_note"]


class PartyToSerializer(serializers.Serializer):
    agreement = ForeignRecordRefSerializer(basename="agreement")
    role = serializers.CharField()


class OrganizationDetailSerializer(OrganizationSerializer):
    units = OrganizationRefSerializer(source="children", many=True, read_only=True)
    people = MemberSerializer(source="positions", many=True, read_only=True)
    agreements = PartyToSerializer(source="party_rows", many=True, read_only=True)
    hosted_programs = ForeignRecordRefSerializer(many=True, read_only=True, basename="program")
    instructed_programs = ForeignRecordRefSerializer(many=True, read_only=True, basename="program")
    events = ForeignRecordRefSerializer(many=True, read_only=True, basename="event")
    citations = CitationSerializer(many=True, read_only=True)
    aliases = AliasSerializer(many=True, read_only=True)

    class Meta(OrganizationSerializer.Meta):
        fields = [
            *OrganizationSerializer.Meta.fields,
            "website",
            "description",
            "note",
            "units",
            "people",
            "agreements",
            "hosted_programs",
            "instructed_programs",
            "events",
            "citations",
            "aliases",
            "updated_at",
        ]


class OrganizationViewSet(ReadOnlyViewSet):
    """Organizations, with the same filters and sorts as the organization list (/organizations/)."""

    filterset_class = OrganizationFilter
    serializer_class = OrganizationDetailSerializer
    list_serializer_class = OrganizationSerializer
