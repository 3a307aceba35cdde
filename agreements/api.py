"""The read-only API of topics, agreements, programs and events.

Lists take the HTML lists' FilterSets and the models' card querysets, so that /api/agreements/?topic=… gives the
records /agreements/?topic=… shows; details take the models' for_detail() querysets, as the detail pages do, so that
they show the same public relations.
"""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agreements.filters import AgreementFilter, EventFilter, ProgramFilter
from agreements.models import Agreement, Event, Topic, TrainingProgram, public_topics
from people.api import OrganizationRefSerializer, PersonRefSerializer
from people.models import post_held_on
from records.api import (
    AliasSerializer,
    CitationSerializer,
    CountryField,
    HtmlUrlField,
    PartialDateField,
    ReadOnlyViewSet,
    RefSerializer,
    api_url_field,
    filtered_list_url,
)
from records.api_languages import TextField, TextsModelSerializer, TextsSerializer
from records.models import Certainty


class TopicRefSerializer(RefSerializer):
    url = api_url_field("topic")

    class Meta(RefSerializer.Meta):
        model = Topic
        fields = ["slug", "name", "url", "html_url"]


class AgreementRefSerializer(RefSerializer):
    url = api_url_field("agreement")

    class Meta(RefSerializer.Meta):
        model = Agreement
        fields = ["slug", "title", "short_name", "url", "html_url"]


class ProgramRefSerializer(RefSerializer):
    url = api_url_field("program")

    class Meta(RefSerializer.Meta):
        model = TrainingProgram
        fields = ["slug", "title", "url", "html_url"]


class EventRefSerializer(RefSerializer):
    url = api_url_field("event")
    start = PartialDateField()

    class Meta(RefSerializer.Meta):
        model = Event
        fields = ["slug", "title", "start", "url", "html_url"]


class TopicSerializer(TextsModelSerializer):
    url = api_url_field("topic")
    html_url = HtmlUrlField()
    parent = TopicRefSerializer(allow_null=True)

    class Meta:
        model = Topic
        fields = ["slug", "name", "parent", "url", "html_url"]


class TopicDetailSerializer(TopicSerializer):
    subtopics = TopicRefSerializer(source="children", many=True, read_only=True)
    records = serializers.SerializerMethodField()

    class Meta(TopicSerializer.Meta):
        fields = [*TopicSerializer.Meta.fields, "description", "subtopics", "records"]

    @extend_schema_field(
        {
            "type": "object",
            "description": "API lists of the topic's records, its subtopics' included.",
            "properties": {name: {"type": "string", "format": "uri"} for name in ("agreements", "programs", "events")},
        }
    )
    def get_records(self, topic):
        request = self.context["request"]
        return {
            f"{basename}s": filtered_list_url(request, basename, topic=topic.slug)
            for basename in ("agreement", "program", "event")
        }


class TopicViewSet(ReadOnlyViewSet):
    """The published topics; a topic's records are its agreements, programs and events lists filtered by it."""

    serializer_class = TopicDetailSerializer
    list_serializer_class = TopicSerializer
    filter_backends = []

    def list_queryset(self):
        return Topic.objects.published().select_related("parent")

    def detail_queryset(self):
        return self.list_queryset().prefetch_related(Prefetch("children", queryset=Topic.objects.published()))


class AgreementSerializer(TextsModelSerializer):
    url = api_url_field("agreement")
    html_url = HtmlUrlField()
    signed_on = PartialDateField()
    in_force_on = PartialDateField()
    ended_on = PartialDateField()
    topics = TopicRefSerializer(source="public_topics", many=True, read_only=True)
    parties = OrganizationRefSerializer(source="public_parties", many=True, read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "slug",
            "title",
            "short_name",
            "kind",
            "status",
            "binding",
            "signed_on",
            "in_force_on",
            "ended_on",
            "topics",
            "parties",
            "certainty",
            "certainty_note",
            "url",
            "html_url",
        ]


class PartySerializer(serializers.Serializer):
    organization = OrganizationRefSerializer()
    role = serializers.CharField()


class SignatorySerializer(TextsSerializer):
    """A signer: the published person, else only the name recorded."""

    person = PersonRefSerializer(source="public_person", allow_null=True)
    name = serializers.CharField(source="public_name")
    on_behalf_of = OrganizationRefSerializer(source="public_organization", allow_null=True)
    title_at_signing = TextField(name="title")
    certainty = serializers.ChoiceField(choices=Certainty.choices, help_text="How sure it is that this person signed.")
    certainty_note = TextField()


class RelatedAgreementSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="succeeds, amends or implements")
    direction = serializers.ChoiceField(
        choices=["outgoing", "incoming"],
        help_text="outgoing: this agreement succeeds, amends or implements the other; incoming: the other one does.",
    )
    label = serializers.CharField(help_text="How the relation reads from this agreement: “amended by”.")
    agreement = AgreementRefSerializer()


class AgreementDetailSerializer(AgreementSerializer):
    parties = serializers.SerializerMethodField()
    countries = serializers.SerializerMethodField()
    signatories = SignatorySerializer(source="public_signatories", many=True, read_only=True)
    related_agreements = serializers.SerializerMethodField()
    signed_at = EventRefSerializer(allow_null=True)
    citations = CitationSerializer(many=True, read_only=True)
    aliases = AliasSerializer(many=True, read_only=True)

    class Meta(AgreementSerializer.Meta):
        fields = [
            *AgreementSerializer.Meta.fields,
            "scope",
            "place_signed",
            "summary",
            "text_url",
            "note",
            "countries",
            "signatories",
            "related_agreements",
            "signed_at",
            "signed_at_certainty",
            "signed_at_certainty_note",
            "citations",
            "aliases",
            "updated_at",
        ]

    @extend_schema_field(PartySerializer(many=True))
    def get_parties(self, agreement):
        return PartySerializer(agreement.party_rows.all(), many=True, context=self.context).data

    @extend_schema_field(serializers.ListField(child=CountryField()))
    def get_countries(self, agreement):
        """The countries of the published parties, each once."""
        countries = {row.organization.country.code: row.organization.country for row in agreement.party_rows.all()}
        field = CountryField()
        return [field.to_representation(country) for code, country in sorted(countries.items()) if code]

    @extend_schema_field(RelatedAgreementSerializer(many=True))
    def get_related_agreements(self, agreement):
        related = [
            {"kind": row.kind, "direction": "outgoing", "label": row.get_kind_display(), "agreement": row.target}
            for row in agreement.relations_from.all()
        ] + [
            {"kind": row.kind, "direction": "incoming", "label": row.inverse_label, "agreement": row.source}
            for row in agreement.relations_to.all()
        ]
        return RelatedAgreementSerializer(related, many=True, context=self.context).data


class AgreementViewSet(ReadOnlyViewSet):
    """Agreements, with the same filters and sorts as the agreement list (/agreements/)."""

    filterset_class = AgreementFilter
    serializer_class = AgreementDetailSerializer
    list_serializer_class = AgreementSerializer

    def list_queryset(self):
        # A card names the first few parties; the API lists them all.
        return Agreement.objects.published().prefetch_related(public_topics()).with_public_parties()


class ProgramSerializer(TextsModelSerializer):
    url = api_url_field("program")
    html_url = HtmlUrlField()
    start = PartialDateField()
    end = PartialDateField()
    country = CountryField()
    host = OrganizationRefSerializer(allow_null=True)
    instructors = OrganizationRefSerializer(source="public_instructors", many=True, read_only=True)
    topics = TopicRefSerializer(source="public_topics", many=True, read_only=True)

    class Meta:
        model = TrainingProgram
        fields = [
            "slug",
            "title",
            "short_name",
            "format",
            "start",
            "end",
            "country",
            "host",
            "instructors",
            "topics",
            "certainty",
            "certainty_note",
            "url",
            "html_url",
        ]


class ProgramDetailSerializer(ProgramSerializer):
    participant_countries = serializers.SerializerMethodField()
    events = EventRefSerializer(many=True, read_only=True)
    citations = CitationSerializer(many=True, read_only=True)
    aliases = AliasSerializer(many=True, read_only=True)

    class Meta(ProgramSerializer.Meta):
        fields = [
            *ProgramSerializer.Meta.fields,
            "location",
            "audience",
            "description",
            "note",
            "participant_countries",
            "events",
            "citations",
            "aliases",
            "updated_at",
        ]

    @extend_schema_field(serializers.ListField(child=CountryField()))
    def get_participant_countries(self, program):
        field = CountryField()
        return [field.to_representation(row.country) for row in program.participant_countries.all()]


class ProgramViewSet(ReadOnlyViewSet):
    """Training programs, with the same filters and sorts as the program list (/programs/)."""

    filterset_class = ProgramFilter
    serializer_class = ProgramDetailSerializer
    list_serializer_class = ProgramSerializer


class EventSerializer(TextsModelSerializer):
    url = api_url_field("event")
    html_url = HtmlUrlField()
    start = PartialDateField()
    end = PartialDateField()
    country = CountryField()
    parent = EventRefSerializer(allow_null=True)
    topics = TopicRefSerializer(source="public_topics", many=True, read_only=True)

    class Meta:
        model = Event
        fields = [
            *("slug", "title", "kind", "start", "end", "location", "country", "parent", "topics"),
            *("certainty", "certainty_note", "url", "html_url"),
        ]


class PostThenSerializer(TextsSerializer):
    title = TextField()
    organization = OrganizationRefSerializer()


class ParticipantSerializer(PersonRefSerializer):
    """A participant with the post held at the time of the event, when the records tell, and how sure it is that
    they took part (Event.linked_participants)."""

    post_then = serializers.SerializerMethodField()
    certainty = serializers.ChoiceField(
        source="link.certainty", choices=Certainty.choices, help_text="How sure it is that the person took part."
    )
    certainty_note = TextField(of="link")

    class Meta(PersonRefSerializer.Meta):
        fields = [*PersonRefSerializer.Meta.fields, "post_then", "certainty", "certainty_note"]

    @extend_schema_field(PostThenSerializer(allow_null=True))
    def get_post_then(self, person):
        post = post_held_on(person.positions.all(), self.context["event"].start, self.context["event_sources"])
        return PostThenSerializer(post, context=self.context).data if post else None


class EventProgramSerializer(ProgramRefSerializer):
    """A program involved in an event, with how sure that is (Event.linked_programs)."""

    certainty = serializers.ChoiceField(
        source="link.certainty", choices=Certainty.choices, help_text="How sure it is that the program was involved."
    )
    certainty_note = TextField(of="link")

    class Meta(ProgramRefSerializer.Meta):
        fields = [*ProgramRefSerializer.Meta.fields, "certainty", "certainty_note"]


class EventDetailSerializer(EventSerializer):
    sub_events = EventRefSerializer(source="children", many=True, read_only=True)
    participants = serializers.SerializerMethodField()
    organizations = OrganizationRefSerializer(many=True, read_only=True)
    agreements_signed = AgreementRefSerializer(many=True, read_only=True)
    programs = EventProgramSerializer(source="linked_programs", many=True, read_only=True)
    citations = CitationSerializer(many=True, read_only=True)
    aliases = AliasSerializer(many=True, read_only=True)

    class Meta(EventSerializer.Meta):
        fields = [
            *EventSerializer.Meta.fields,
            "summary",
            "note",
            "sub_events",
            "participants",
            "organizations",
            "agreements_signed",
            "programs",
            "citations",
            "aliases",
            "updated_at",
        ]

    @extend_schema_field(ParticipantSerializer(many=True))
    def get_participants(self, event):
        sources = {citation.source_id for citation in event.citations.all()}
        context = {**self.context, "event": event, "event_sources": sources}
        return ParticipantSerializer(event.linked_participants(), many=True, context=context).data


class EventViewSet(ReadOnlyViewSet):
    """Events (official visits, meetings, signings…), with the same filters and sorts as the event list (/events/)."""

    filterset_class = EventFilter
    serializer_class = EventDetailSerializer
    list_serializer_class = EventSerializer
