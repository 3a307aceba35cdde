"""Factories for every model; records are published unless a test says otherwise."""

import factory
from django.contrib.contenttypes.models import ContentType

from agreements import models as agreements
from people import models as people
from records.models import Citation, PublicationStatus, Source


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    key = factory.Sequence(lambda n: f"T{n}")
    title = factory.Sequence(lambda n: f"Press release {n}")
    publisher = "U.S. Customs and Border Protection"
    url = factory.Sequence(lambda n: f"https://www.cbp.gov/newsroom/release-{n}")
    published = "2024-10-15"


class RecordFactory(factory.django.DjangoModelFactory):
    """A published record citing one source."""

    publication_status = PublicationStatus.PUBLISHED

    @factory.post_generation
    def sources(self, create, extracted, **kwargs):
        if not create:
            return
        for position, source in enumerate(extracted if extracted is not None else [SourceFactory()]):
            Citation.objects.create(
                source=source,
                content_type=ContentType.objects.get_for_model(self),
                object_id=self.pk,
                position=position,
            )

    class Meta:
        abstract = True
        skip_postgeneration_save = True


class OrganizationFactory(RecordFactory):
    class Meta:
        model = people.Organization

    name = factory.Sequence(lambda n: f"Agency {n}")
    slug = factory.Sequence(lambda n: f"agency-{n}")
    kind = people.OrganizationKind.AGENCY
    country = "US"


class CitationFactory(factory.django.DjangoModelFactory):
    """A citation, with its passage, of a new organization."""

    class Meta:
        model = Citation
        exclude = ["record"]

    record = factory.SubFactory(OrganizationFactory)
    source = factory.SubFactory(SourceFactory)
    content_type = factory.LazyAttribute(lambda citation: ContentType.objects.get_for_model(citation.record))
    object_id = factory.LazyAttribute(lambda citation: citation.record.pk)
    excerpt = "signed a customs mutual assistance agreement"


class PersonFactory(RecordFactory):
    class Meta:
        model = people.Person

    name = factory.Sequence(lambda n: f"Official {n}")
    slug = factory.Sequence(lambda n: f"official-{n}")
    country = "US"


class PositionFactory(RecordFactory):
    class Meta:
        model = people.Position

    person = factory.SubFactory(PersonFactory)
    organization = factory.SubFactory(OrganizationFactory)
    title = "Commissioner"
    start = "2022-11-12"
    end = ""
    ended = False
    # A post not known to have ended is shown held as of its latest source; tests of unknown status pass "".
    held_as_of = factory.LazyAttribute(lambda post: "" if post.ended or post.end else "2024-10-15")


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = agreements.Topic

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")
    publication_status = PublicationStatus.PUBLISHED


class AgreementFactory(RecordFactory):
    class Meta:
        model = agreements.Agreement

    title = factory.Sequence(lambda n: f"Agreement {n}")
    slug = factory.Sequence(lambda n: f"agreement-{n}")
    kind = agreements.AgreementKind.CMAA
    status = agreements.AgreementStatus.SIGNED
    signed_on = "2024-10-08"


class AgreementPartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = agreements.AgreementParty

    agreement = factory.SubFactory(AgreementFactory)
    organization = factory.SubFactory(OrganizationFactory)


class SignatoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = agreements.Signatory

    agreement = factory.SubFactory(AgreementFactory)
    person = factory.SubFactory(PersonFactory)
    organization = factory.SubFactory(OrganizationFactory)
    title = "Acting Commissioner"


class TrainingProgramFactory(RecordFactory):
    class Meta:
        model = agreements.TrainingProgram

    title = factory.Sequence(lambda n: f"Training course {n}")
    slug = factory.Sequence(lambda n: f"training-course-{n}")
    host = factory.SubFactory(OrganizationFactory, kind=people.OrganizationKind.ACADEMY, country="SV")
    country = "SV"


class EventFactory(RecordFactory):
    class Meta:
        model = agreements.Event

    title = factory.Sequence(lambda n: f"Meeting {n}")
    slug = factory.Sequence(lambda n: f"meeting-{n}")
    kind = agreements.EventKind.MEETING
    start = "2024-10"
    country = "SV"
