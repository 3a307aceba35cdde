"""The demo data generator (portal/demo_data/): proportions, valid and public records, seeds, and never mixing."""

import statistics
from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from agreements.models import Agreement, AgreementParty, Event, Signatory, Topic, TrainingProgram
from people.models import Organization, Person, Position
from portal import demo_data
from records import cache
from records.models import Citation, PublicationStatus, Source
from tests import factories
from tests.shared import shared_records

pytestmark = pytest.mark.django_db

AGREEMENTS = 1000
RECORD_MODELS = [Organization, Person, Position, TrainingProgram, Event, Agreement]
SLUGGED = [Organization, Person, Topic, TrainingProgram, Event, Agreement]


@shared_records
def generated():
    """A thousand agreements' worth of demo records, built once for the tests that only read them."""
    return demo_data.generate(AGREEMENTS, seed=3)


def snapshot():
    """What a run wrote, without the times of writing: each record's fields and its parties and topics."""
    fields = ["slug", "title", "kind", "status", "signed_on", "in_force_on", "ended_on", "summary"]
    agreements = list(Agreement.objects.order_by("slug").values_list(*fields))
    parties = list(
        AgreementParty.objects.order_by("agreement__slug", "organization__slug").values_list(
            "agreement__slug", "organization__slug", "role"
        )
    )
    people = list(Person.objects.order_by("slug").values_list("slug", "country"))
    return agreements, parties, people


def test_a_small_run_makes_every_type_in_the_proportions_of_a_large_portal(generated):
    assert Agreement.objects.count() == AGREEMENTS
    assert Organization.objects.count() == 20
    assert Person.objects.count() == 50
    assert TrainingProgram.objects.count() == 100
    assert Event.objects.count() == 200
    assert Topic.objects.count() == 60
    assert Position.objects.count() >= Person.objects.count()
    assert Topic.objects.filter(parent__isnull=False).count() == 48


def test_every_agreement_has_two_or_three_parties_and_one_to_three_topics(generated):
    counted = Agreement.objects.annotate(
        parties_count=Count("party_rows", distinct=True), topics_count=Count("topics", distinct=True)
    )
    assert set(counted.values_list("parties_count", flat=True)) <= {2, 3}
    assert set(counted.values_list("topics_count", flat=True)) <= {1, 2, 3}
    assert Signatory.objects.exists()


def test_the_returned_counts_are_the_rows_written(generated):
    assert generated[Agreement] == AGREEMENTS
    assert generated[AgreementParty] == AgreementParty.objects.count()
    assert generated[Citation] == Citation.objects.count()


def test_every_generated_record_is_published_and_cites_a_source(generated):
    for model in RECORD_MODELS:
        assert model.objects.published().count() == model.objects.count(), model
        assert not model.objects.filter(citations__isnull=True).exists(), model
    assert Topic.objects.published().count() == 60


def test_generated_records_are_found_by_search(client, generated):
    agreement = Agreement.objects.order_by("pk").first()
    person = Person.objects.order_by("pk").first()

    html = client.get("/search/", {"q": f"{agreement.title}"}).content.decode()

    assert agreement.get_absolute_url() in html
    assert person in Person.objects.published().matching(person.name)


def test_every_generated_record_is_marked_as_demo(generated):
    for model in SLUGGED:
        assert not model.objects.exclude(slug__startswith="demo-").exists(), model
    assert not Source.objects.exclude(key__startswith="demo-").exists()


@pytest.mark.parametrize("model", [*SLUGGED, Source, AgreementParty, Signatory])
def test_a_sample_of_generated_records_passes_the_models_validation(generated, model):
    for record in model._default_manager.order_by("?")[:25]:
        record.full_clean()


def test_dates_span_decades_at_every_precision(generated):
    signed = [day for day in Agreement.objects.values_list("signed_on", flat=True) if day]
    assert {len(day) for day in signed} == {4, 7, 10}
    years = [int(day[:4]) for day in signed]
    assert max(years) - min(years) >= 30


def test_a_few_topics_and_countries_carry_most_records(generated):
    per_topic = Counter(Agreement.topics.through.objects.values_list("topic", flat=True))
    assert per_topic.most_common(1)[0][1] >= 4 * statistics.median(per_topic.values())
    per_country = Counter(AgreementParty.objects.values_list("organization__country", flat=True))
    assert per_country.most_common(1)[0][1] >= 4 * statistics.median(per_country.values())


@pytest.mark.parametrize("model", SLUGGED)
def test_generated_records_are_reachable_at_their_urls(client, generated, model):
    record = model.objects.order_by("pk").first()
    response = client.get(record.get_absolute_url())
    assert response.status_code == 200
    assert str(record) in response.content.decode()


def test_the_agreement_list_shows_generated_agreements(client, generated):
    response = client.get("/agreements/?topic=demo-border-security")
    assert response.status_code == 200
    assert "demo-" in response.content.decode()


def test_the_same_seed_gives_the_same_records():
    demo_data.generate(100, seed=7)
    first = snapshot()
    demo_data.generate(100, seed=7)
    assert snapshot() == first
    demo_data.generate(100, seed=8)
    assert snapshot() != first


def test_a_second_run_replaces_the_demo_records():
    demo_data.generate(100, seed=1)
    demo_data.generate(50, seed=1)
    assert Agreement.objects.count() == 50


def test_it_refuses_to_write_into_a_database_with_real_records():
    factories.AgreementFactory()
    with pytest.raises(demo_data.DemoDataError, match="not demo records"):
        demo_data.generate(50)
    assert not Agreement.objects.filter(slug__startswith="demo-").exists()


def test_delete_removes_the_demo_records_and_keeps_the_real_ones():
    real = factories.AgreementFactory()
    demo_data.generate(100, force=True)
    deleted = demo_data.delete()
    assert deleted[Agreement] == 100
    for model in SLUGGED:
        assert list(model.objects.filter(slug__startswith="demo-")) == [], model
    assert not Source.objects.filter(key__startswith="demo-").exists()
    assert not Position.objects.filter(person__slug__startswith="demo-").exists()
    assert list(Agreement.objects.all()) == [real]
    assert list(Citation.objects.values_list("object_id", flat=True)) == [real.pk]


def test_ids_after_a_forced_run_follow_the_real_records():
    real = factories.OrganizationFactory()
    demo_data.generate(20, force=True)
    assert Organization.objects.filter(slug__startswith="demo-").order_by("pk").first().pk > real.pk
    assert factories.OrganizationFactory().publication_status == PublicationStatus.PUBLISHED


def test_a_run_gives_the_site_a_new_content_version():
    before = cache.content_version()
    demo_data.generate(20)
    assert cache.content_version() != before


def test_the_command_reports_the_rows_written_and_deleted():
    out = StringIO()
    call_command("generate_demo_data", agreements=30, seed=2, stdout=out)
    assert "agreements_agreement" in out.getvalue()
    assert Agreement.objects.count() == 30
    call_command("generate_demo_data", delete=True, stdout=out)
    assert "Deleted" in out.getvalue()
    assert not Agreement.objects.exists()


def test_the_command_refuses_real_records_unless_forced():
    factories.TopicFactory()
    with pytest.raises(CommandError, match="--force"):
        call_command("generate_demo_data", agreements=10, stdout=StringIO())
    call_command("generate_demo_data", agreements=10, force=True, stdout=StringIO())
    assert Agreement.objects.count() == 10
