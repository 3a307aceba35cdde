"""Spreadsheet import and export of topics, agreements, programs and events.

Relations are written by slug: topics "border-security, customs"; parties "cbp:party, ilea:executing_agency";
signatories "troy-miller:cbp:Acting Commissioner:Comisionado interino; director-dgme:dgme" (person, organization
signed for, title at signing in English and in Spanish; entries separated by semicolons); participant countries
"SV, GT"; sources by URL.
"""

from django.utils.translation import gettext as _
from django_countries import countries
from import_export import fields

from agreements.models import (
    Agreement,
    AgreementParty,
    Event,
    ParticipantCountry,
    PartyRole,
    Signatory,
    Topic,
    TrainingProgram,
)
from people.models import Organization, Person
from records.languages import column, languages
from records.resources import (
    CurationResource,
    PartialDateWidget,
    RowsField,
    SlugsWidget,
    SlugWidget,
    SourcesField,
    in_each_language,
    publication_status_column,
)


def _slugs(model, wanted):
    """The records of `model` with the `wanted` slugs, by slug; an unknown slug is an error naming it."""
    found = {obj.slug: obj for obj in model.objects.filter(slug__in=set(wanted))}
    unknown = sorted(set(wanted) - set(found))
    if unknown:
        raise ValueError(
            _("No %(model)s with slug %(slugs)s.")
            % {"model": model._meta.verbose_name, "slugs": ", ".join(f"“{slug}”" for slug in unknown)}
        )
    return found


class PartiesField(RowsField):
    """Parties as "organization-slug:role", comma-separated; the role defaults to party."""

    def parse(self, value):
        entries = []
        for entry in filter(None, (part.strip() for part in value.split(","))):
            slug, _sep, role = (part.strip() for part in entry.partition(":"))
            role = role or PartyRole.PARTY
            if role not in PartyRole.values:
                raise ValueError(
                    _("“%(role)s” is not a party role; use one of %(roles)s.")
                    % {"role": role, "roles": ", ".join(PartyRole.values)}
                )
            entries.append((slug, role))
        _slugs(Organization, [slug for slug, _role in entries])
        return sorted(entries)

    def read(self, instance):
        return sorted(instance.party_rows.values_list("organization__slug", "role"))

    def write(self, instance, items):
        organizations = _slugs(Organization, [slug for slug, _role in items])
        instance.party_rows.all().delete()
        AgreementParty.objects.bulk_create(
            AgreementParty(agreement=instance, organization=organizations[slug], role=role) for slug, role in items
        )

    def render(self, items):
        return ", ".join(f"{slug}:{role}" for slug, role in items)


class SignatoriesField(RowsField):
    """Signatories as "person-slug:organization-slug:title:título", separated by semicolons: the title held at the
    signing in English, then in Spanish; all but the person may be left out ("troy-miller:cbp")."""

    def parse(self, value):
        size = 2 + len(languages())
        entries = []
        for entry in filter(None, (part.strip() for part in value.split(";"))):
            parts = [part.strip() for part in entry.split(":", size - 1)]
            entries.append(tuple(parts + [""] * (size - len(parts))))
        _slugs(Person, [person for person, *_rest in entries])
        _slugs(Organization, [organization for _person, organization, *_titles in entries if organization])
        return entries

    def read(self, instance):
        return [
            (
                row.person.slug,
                row.organization.slug if row.organization_id else "",
                *(getattr(row, column("title", code)) or "" for code in languages()),
            )
            for row in instance.signatories.select_related("person", "organization")
            if row.person_id
        ]

    def write(self, instance, items):
        people = _slugs(Person, [person for person, *_rest in items])
        organizations = _slugs(
            Organization, [organization for _person, organization, *_titles in items if organization]
        )
        # Signers known only by name have no slug to write them with; they are kept as they are.
        instance.signatories.filter(person__isnull=False).delete()
        Signatory.objects.bulk_create(
            Signatory(
                agreement=instance,
                person=people[person],
                organization=organizations.get(organization),
                position=position,
                **{column("title", code): title for code, title in zip(languages(), titles, strict=True)},
            )
            for position, (person, organization, *titles) in enumerate(items)
        )

    def render(self, items):
        return "; ".join(":".join(item).rstrip(":") for item in items)


class ParticipantCountriesField(RowsField):
    """Participant countries as ISO codes, comma-separated: "SV, GT"."""

    def parse(self, value):
        codes = sorted({code.strip().upper() for code in value.split(",") if code.strip()})
        unknown = [code for code in codes if code not in countries]
        if unknown:
            raise ValueError(_("Not a country code: %(codes)s.") % {"codes": ", ".join(unknown)})
        return codes

    def read(self, instance):
        return sorted(str(row.country.code) for row in instance.participant_countries.all())

    def write(self, instance, items):
        instance.participant_countries.exclude(country__in=items).delete()
        kept = {str(row.country.code) for row in instance.participant_countries.all()}
        ParticipantCountry.objects.bulk_create(
            ParticipantCountry(program=instance, country=code) for code in items if code not in kept
        )

    def render(self, items):
        return ", ".join(items)


class TopicResource(CurationResource):
    parent = fields.Field(attribute="parent", column_name="parent", widget=SlugWidget(Topic))
    publication_status = publication_status_column()

    class Meta(CurationResource.Meta):
        model = Topic
        import_id_fields = ["slug"]
        fields = in_each_language(model, ["slug", "name", "parent", "description", "publication_status"])
        export_order = fields


class AgreementResource(CurationResource):
    signed_on = fields.Field(attribute="signed_on", column_name="signed_on", widget=PartialDateWidget())
    in_force_on = fields.Field(attribute="in_force_on", column_name="in_force_on", widget=PartialDateWidget())
    ended_on = fields.Field(attribute="ended_on", column_name="ended_on", widget=PartialDateWidget())
    signed_at = fields.Field(attribute="signed_at", column_name="signed_at", widget=SlugWidget(Event))
    topics = fields.Field(attribute="topics", column_name="topics", widget=SlugsWidget(Topic))
    parties = PartiesField("parties")
    signatories = SignatoriesField("signatories")
    sources = SourcesField("sources")
    publication_status = publication_status_column()

    class Meta(CurationResource.Meta):
        model = Agreement
        import_id_fields = ["slug"]
        fields = in_each_language(
            model,
            [
                "slug",
                "title",
                "short_name",
                "kind",
                "scope",
                "binding",
                "status",
                "signed_on",
                "place_signed",
                "signed_at",
                "signed_at_certainty",
                "signed_at_certainty_note",
                "in_force_on",
                "ended_on",
                "summary",
                "text_url",
                "topics",
                "parties",
                "signatories",
                "sources",
                "note",
                "certainty",
                "certainty_note",
                "publication_status",
            ],
        )
        export_order = fields


class TrainingProgramResource(CurationResource):
    host = fields.Field(attribute="host", column_name="host", widget=SlugWidget(Organization))
    instructors = fields.Field(attribute="instructors", column_name="instructors", widget=SlugsWidget(Organization))
    start = fields.Field(attribute="start", column_name="start", widget=PartialDateWidget())
    end = fields.Field(attribute="end", column_name="end", widget=PartialDateWidget())
    topics = fields.Field(attribute="topics", column_name="topics", widget=SlugsWidget(Topic))
    participant_countries = ParticipantCountriesField("participant_countries")
    sources = SourcesField("sources")
    publication_status = publication_status_column()

    class Meta(CurationResource.Meta):
        model = TrainingProgram
        import_id_fields = ["slug"]
        fields = in_each_language(
            model,
            [
                "slug",
                "title",
                "short_name",
                "format",
                "host",
                "instructors",
                "location",
                "country",
                "audience",
                "participant_countries",
                "start",
                "end",
                "description",
                "topics",
                "sources",
                "note",
                "certainty",
                "certainty_note",
                "publication_status",
            ],
        )
        export_order = fields


class EventResource(CurationResource):
    start = fields.Field(attribute="start", column_name="start", widget=PartialDateWidget())
    end = fields.Field(attribute="end", column_name="end", widget=PartialDateWidget())
    parent = fields.Field(attribute="parent", column_name="parent", widget=SlugWidget(Event))
    participants = fields.Field(attribute="participants", column_name="participants", widget=SlugsWidget(Person))
    organizations = fields.Field(
        attribute="organizations", column_name="organizations", widget=SlugsWidget(Organization)
    )
    programs = fields.Field(attribute="programs", column_name="programs", widget=SlugsWidget(TrainingProgram))
    topics = fields.Field(attribute="topics", column_name="topics", widget=SlugsWidget(Topic))
    sources = SourcesField("sources")
    publication_status = publication_status_column()

    class Meta(CurationResource.Meta):
        model = Event
        import_id_fields = ["slug"]
        fields = in_each_language(
            model,
            [
                "slug",
                "title",
                "kind",
                "start",
                "end",
                "parent",
                "location",
                "country",
                "participants",
                "organizations",
                "programs",
                "topics",
                "summary",
                "sources",
                "note",
                "certainty",
                "certainty_note",
                "publication_status",
            ],
        )
        export_order = fields
