import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from agreements.models import Agreement, Event, Signatory, Topic, TrainingProgram
from people.models import Organization, Person, Position
from records.dates import on_or_after, on_or_before
from records.models import PublicationStatus
from tests import factories

pytestmark = pytest.mark.django_db

PUBLISHABLE = [
    (Organization, factories.OrganizationFactory),
    (Person, factories.PersonFactory),
    (Position, factories.PositionFactory),
    (Topic, factories.TopicFactory),
    (Agreement, factories.AgreementFactory),
    (TrainingProgram, factories.TrainingProgramFactory),
    (Event, factories.EventFactory),
]


@pytest.mark.parametrize(("model", "factory"), PUBLISHABLE, ids=lambda v: getattr(v, "__name__", ""))
def test_published_returns_published_records_only(model, factory):
    records = {status: factory(publication_status=status) for status in PublicationStatus.values}
    published = model.objects.filter(pk__in=[r.pk for r in records.values()]).published()
    assert list(published) == [records[PublicationStatus.PUBLISHED]]


def test_published_chains_with_other_filters():
    factories.AgreementFactory(title="Kept", publication_status=PublicationStatus.PUBLISHED)
    factories.AgreementFactory(title="Other", publication_status=PublicationStatus.PUBLISHED)
    factories.AgreementFactory(title="Kept", publication_status=PublicationStatus.DRAFT)
    assert Agreement.objects.filter(title="Kept").published().count() == 1
    assert Agreement.objects.published().filter(title="Kept").count() == 1


@pytest.mark.parametrize(
    ("factory", "values", "constraint"),
    [
        (factories.AgreementFactory, {"kind": "pact"}, "agreements_agreement_kind_valid"),
        (factories.AgreementFactory, {"status": "alive"}, "agreements_agreement_status_valid"),
        (factories.AgreementFactory, {"scope": "trilateral"}, "agreements_agreement_scope_valid"),
        (factories.AgreementFactory, {"publication_status": "live"}, "agreements_agreement_publication_status_valid"),
        (factories.OrganizationFactory, {"kind": "club"}, "people_organization_kind_valid"),
        (factories.EventFactory, {"kind": "party"}, "agreements_event_kind_valid"),
        (factories.TrainingProgramFactory, {"format": "podcast"}, "agreements_trainingprogram_format_valid"),
    ],
)
def test_the_database_refuses_unknown_choices(factory, values, constraint):
    record = factory()
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        type(record).objects.filter(pk=record.pk).update(**values)


@pytest.mark.parametrize(
    ("factory", "values"),
    [
        (factories.AgreementFactory, {"signed_on": "2024-10-08", "in_force_on": "2024-09"}),
        (factories.AgreementFactory, {"signed_on": "2024-10-08", "ended_on": "2023"}),
        (factories.AgreementFactory, {"in_force_on": "2019-06-01", "ended_on": "2019-05-31"}),
        (factories.PositionFactory, {"start": "2022-11-12", "end": "2021-12-13", "ended": True}),
        (factories.TrainingProgramFactory, {"start": "2010", "end": "2009-12"}),
        (factories.EventFactory, {"start": "2020-02-06", "end": "2020-02-05"}),
    ],
)
def test_the_database_refuses_reversed_date_ranges(factory, values):
    record = factory()
    with pytest.raises(IntegrityError, match="after"), transaction.atomic():
        type(record).objects.filter(pk=record.pk).update(**values)


@pytest.mark.parametrize(("start", "end"), [("2024-10-08", "2024-10"), ("2024", "2024-03-01"), ("2024-10", "2024-10")])
def test_an_end_at_a_coarser_precision_that_covers_the_start_is_accepted(start, end):
    event = factories.EventFactory(start=start, end=end)
    event.full_clean()


def test_model_validation_refuses_an_impossible_date():
    event = factories.EventFactory.build(start="2024-13")
    with pytest.raises(ValidationError) as error:
        event.full_clean(exclude=["parent"])
    assert "start" in error.value.message_dict


def test_a_signatory_needs_a_person_or_a_name():
    agreement = factories.AgreementFactory()
    with pytest.raises(IntegrityError, match="agreements_signatory_person_or_name"), transaction.atomic():
        Signatory.objects.create(agreement=agreement, title="Director General")
    Signatory.objects.create(agreement=agreement, name="José Benjamín Mayorga", title="Director General of Customs")


def test_an_end_date_marks_the_post_as_ended_and_current_finds_open_posts():
    held = factories.PositionFactory(end="")
    over = factories.PositionFactory.build(
        person=factories.PersonFactory(), organization=factories.OrganizationFactory(), end="2024-12"
    )
    over.full_clean()
    over.save()
    undated = factories.PositionFactory(end="", ended=True)
    assert over.ended is True
    assert list(Position.objects.current()) == [held]
    assert undated.is_current is False


@pytest.mark.parametrize(
    ("after", "before", "expected"),
    [
        (datetime.date(2024, 10, 1), datetime.date(2024, 10, 31), {"day", "month", "year"}),
        (datetime.date(2024, 10, 9), datetime.date(2024, 12, 31), {"month", "year"}),
        (datetime.date(2024, 11, 1), datetime.date(2024, 12, 31), {"year"}),
        (datetime.date(2023, 1, 1), datetime.date(2023, 12, 31), set()),
    ],
)
def test_date_filters_match_month_and_year_precise_dates_in_ranges_that_cover_them(after, before, expected):
    factories.EventFactory(title="day", start="2024-10-08")
    factories.EventFactory(title="month", start="2024-10")
    factories.EventFactory(title="year", start="2024")
    factories.EventFactory(title="unknown", start="")
    matched = Event.objects.filter(on_or_after("start", after), on_or_before("start", before))
    assert set(matched.values_list("title", flat=True)) == expected
