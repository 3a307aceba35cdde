"""The curation admin as a whole: every registered model answers, the bulk publication actions, autocomplete."""

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.models import Agreement, Event, Topic, TrainingProgram
from people.models import Organization, Person, Position
from records.models import PublicationStatus, Publishable, Source
from tests import factories

pytestmark = pytest.mark.django_db


def _agreement():
    """An agreement with every inline filled, including a relation pointing at it."""
    agreement = factories.AgreementFactory(title="Customs Mutual Assistance Agreement", short_name="CMAA")
    factories.AgreementPartyFactory(agreement=agreement)
    factories.SignatoryFactory(agreement=agreement)
    later = factories.AgreementFactory(title="Amending protocol")
    later.relations_from.create(target=agreement, kind="amends")
    agreement.topics.add(factories.TopicFactory())
    return agreement


def _event():
    """A visit holding a meeting, with an agreement signed there."""
    visit = factories.EventFactory(title="Official visit to El Salvador", kind="visit")
    factories.EventFactory(parent=visit)
    factories.AgreementFactory(signed_at=visit)
    visit.participants.add(factories.PersonFactory())
    return visit


def _person():
    person = factories.PersonFactory(name="Troy Miller")
    factories.PositionFactory(person=person, title="Acting Commissioner")
    return person


def _topic():
    topic = factories.TopicFactory(name="Border security", parent=factories.TopicFactory(name="Security"))
    factories.AgreementFactory().topics.add(topic)
    return topic


# (model, a function creating one record with its relations, a search term that finds it)
REGISTERED = [
    (Source, lambda: factories.SourceFactory(title="CBP Acting Commissioner visits El Salvador"), "Salvador"),
    (Organization, lambda: factories.OrganizationFactory(name="U.S. Customs and Border Protection"), "Customs"),
    (Person, _person, "Miller"),
    (Position, lambda: factories.PositionFactory(title="Acting Commissioner"), "Acting"),
    (Topic, _topic, "Border"),
    (Agreement, _agreement, "CMAA"),
    (TrainingProgram, lambda: factories.TrainingProgramFactory(title="Border interdiction course"), "interdiction"),
    (Event, _event, "visit"),
]
# A record of each model that the search terms above must not find.
DECOYS = {
    Source: factories.SourceFactory,
    Organization: factories.OrganizationFactory,
    Person: factories.PersonFactory,
    Position: factories.PositionFactory,
    Topic: factories.TopicFactory,
    Agreement: factories.AgreementFactory,
    TrainingProgram: factories.TrainingProgramFactory,
    Event: factories.EventFactory,
}
PUBLISHABLE = [entry for entry in REGISTERED if entry[0] is not Source]


def _ids(value):
    return getattr(value, "__name__", "")


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_curated_model_is_registered():
    registered = {model for model, *_ in REGISTERED}
    assert registered <= set(admin.site._registry)


@pytest.mark.parametrize(("model", "make", "term"), REGISTERED, ids=_ids)
def test_changelist_lists_the_record(staff_client, model, make, term):
    record = make()
    response = staff_client.get(_url(model, "changelist"))
    assert response.status_code == 200
    assert record in response.context["cl"].result_list


@pytest.mark.parametrize(("model", "make", "term"), REGISTERED, ids=_ids)
def test_changelist_search_finds_the_record_and_leaves_others_out(staff_client, model, make, term):
    record = make()
    decoy = DECOYS[model]()
    response = staff_client.get(_url(model, "changelist"), {"q": term})
    assert response.status_code == 200
    results = list(response.context["cl"].result_list)
    assert record in results
    assert decoy not in results


@pytest.mark.parametrize(("model", "make", "term"), REGISTERED, ids=_ids)
def test_add_form_answers(staff_client, model, make, term):
    response = staff_client.get(_url(model, "add"))
    assert response.status_code == 200
    assert response.context["adminform"].form.instance.pk is None


@pytest.mark.parametrize(("model", "make", "term"), REGISTERED, ids=_ids)
def test_change_form_answers_with_its_inlines(staff_client, model, make, term):
    record = make()
    response = staff_client.get(_url(model, "change", record.pk))
    assert response.status_code == 200
    assert response.context["original"] == record


@pytest.mark.parametrize(("model", "make", "term"), REGISTERED, ids=_ids)
def test_changelist_query_count_does_not_grow_with_the_rows(staff_client, model, make, term):
    make()
    url = _url(model, "changelist")
    staff_client.get(url)
    with CaptureQueriesContext(connection) as few:
        staff_client.get(url)
    for _ in range(4):
        make()
    with CaptureQueriesContext(connection) as many:
        staff_client.get(url)
    assert len(many) == len(few)


@pytest.mark.parametrize(("model", "make", "term"), REGISTERED, ids=_ids)
def test_anonymous_visitor_is_sent_to_the_login_page(client, model, make, term):
    url = _url(model, "changelist")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={url}"


def test_admin_pages_are_titled_pacta_curation(staff_client):
    content = staff_client.get(reverse("admin:index")).content.decode()
    assert "<title>Records | Pacta curation</title>" in content
    assert '<a href="/admin/">Pacta curation</a>' in content


@pytest.mark.parametrize(
    ("action", "status", "sources", "message"),
    [
        ("publish", PublicationStatus.PUBLISHED, [PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW], "published"),
        ("submit_for_review", PublicationStatus.IN_REVIEW, [PublicationStatus.DRAFT], "submitted for review"),
        (
            "withdraw",
            PublicationStatus.DRAFT,
            [PublicationStatus.IN_REVIEW, PublicationStatus.PUBLISHED],
            "withdrawn to draft",
        ),
    ],
)
@pytest.mark.parametrize(("model", "make", "term"), PUBLISHABLE, ids=_ids)
def test_bulk_action_moves_the_rows_it_may_and_counts_only_those(
    staff_client, model, make, term, action, status, sources, message
):
    changing = [make() for _ in sources]
    for record, source in zip(changing, sources, strict=True):
        model.objects.filter(pk=record.pk).update(publication_status=source)
    # Selected, but already there, or in a status this action does not move from (a published record is not
    # sent back to review; a draft is not withdrawn).
    staying = {}
    for other in PublicationStatus.values:
        if other not in sources:
            record = make()
            model.objects.filter(pk=record.pk).update(publication_status=other)
            staying[record] = other
    untouched = make()
    model.objects.filter(pk=untouched.pk).update(publication_status=sources[0])

    response = staff_client.post(
        _url(model, "changelist"),
        {"action": action, "_selected_action": [record.pk for record in [*changing, *staying]]},
        follow=True,
    )

    assert response.status_code == 200
    for record in changing:
        record.refresh_from_db()
        assert record.publication_status == status
    for record, other in staying.items():
        record.refresh_from_db()
        assert record.publication_status == other
    untouched.refresh_from_db()
    assert untouched.publication_status == sources[0]
    plural = model._meta.verbose_name_plural if len(changing) > 1 else model._meta.verbose_name
    assert [str(m) for m in response.context["messages"]] == [f"{len(changing)} {plural} {message}."]
    logged = LogEntry.objects.filter(content_type__model=model._meta.model_name)
    assert sorted(int(entry.object_id) for entry in logged) == sorted(record.pk for record in changing)


def test_bulk_action_on_rows_already_in_that_status_changes_nothing(staff_client):
    agreement = factories.AgreementFactory()
    response = staff_client.post(
        _url(Agreement, "changelist"), {"action": "publish", "_selected_action": [agreement.pk]}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == ["0 agreements published."]
    assert not LogEntry.objects.exists()


def test_source_form_rejects_a_month_that_does_not_exist_and_saves_nothing(staff_client):
    response = staff_client.post(
        _url(Source, "add"),
        {
            "title": "A release",
            "url": "https://www.cbp.gov/newsroom/a-release",
            "published": "2024-13",
            "language": "en",
            "reliability": "primary",
        },
    )
    assert response.status_code == 200
    assert "Enter a date as YYYY-MM-DD, YYYY-MM or YYYY" in str(response.context["adminform"].form.errors["published"])
    assert not Source.objects.exists()


def test_partial_dates_show_at_their_precision_in_list_columns(staff_client):
    factories.EventFactory(start="2024-10")
    factories.EventFactory(start="2024-10-08")
    content = staff_client.get(_url(Event, "changelist")).content.decode()
    assert "October 2024" in content
    assert "8 October 2024" in content
    assert "1 October 2024" not in content


def test_topic_list_shows_the_tree_and_how_many_records_use_each_topic(staff_client):
    security = factories.TopicFactory(name="Security")
    border = factories.TopicFactory(name="Border security", parent=security)
    for agreement in factories.AgreementFactory.create_batch(2):
        agreement.topics.add(border)
    factories.EventFactory().topics.add(border)

    response = staff_client.get(_url(Topic, "changelist"), {"parent__id__exact": security.pk})

    [row] = response.context["cl"].result_list
    assert row == border
    assert (row.parent, row.agreement_count, row.program_count, row.event_count) == (security, 2, 0, 1)


def test_person_list_shows_current_posts_only(staff_client):
    person = factories.PersonFactory()
    factories.PositionFactory(person=person, title="Acting Commissioner")
    factories.PositionFactory(person=person, title="Deputy Commissioner", start="2021", end="2022", ended=True)
    content = staff_client.get(_url(Person, "changelist")).content.decode()
    assert "Acting Commissioner" in content
    assert "Deputy Commissioner" not in content


# (model holding the relation, its field, the factory of the related record, the attribute searched)
AUTOCOMPLETED = [
    ("records", "citation", "source", factories.SourceFactory, "title"),
    ("people", "organization", "parent", factories.OrganizationFactory, "name"),
    ("people", "position", "person", factories.PersonFactory, "name"),
    ("people", "position", "organization", factories.OrganizationFactory, "name"),
    ("agreements", "topic", "parent", factories.TopicFactory, "name"),
    ("agreements", "agreement", "topics", factories.TopicFactory, "name"),
    ("agreements", "agreement", "signed_at", factories.EventFactory, "title"),
    ("agreements", "agreementparty", "organization", factories.OrganizationFactory, "name"),
    ("agreements", "signatory", "person", factories.PersonFactory, "name"),
    ("agreements", "signatory", "organization", factories.OrganizationFactory, "name"),
    ("agreements", "agreementrelation", "target", factories.AgreementFactory, "title"),
    ("agreements", "trainingprogram", "host", factories.OrganizationFactory, "name"),
    ("agreements", "trainingprogram", "instructors", factories.OrganizationFactory, "name"),
    ("agreements", "event", "parent", factories.EventFactory, "title"),
    ("agreements", "event", "participants", factories.PersonFactory, "name"),
    ("agreements", "event", "organizations", factories.OrganizationFactory, "name"),
    ("agreements", "event", "programs", factories.TrainingProgramFactory, "title"),
    ("agreements", "event", "topics", factories.TopicFactory, "name"),
]


@pytest.mark.parametrize(
    ("app_label", "model_name", "field_name", "factory", "attribute"),
    AUTOCOMPLETED,
    ids=[f"{model}.{field}" for _, model, field, *_ in AUTOCOMPLETED],
)
def test_autocomplete_offers_matching_records_drafts_included(
    staff_client, app_label, model_name, field_name, factory, attribute
):
    values = {attribute: "Zacatecoluca liaison"}
    if issubclass(factory._meta.model, Publishable):
        values["publication_status"] = PublicationStatus.DRAFT
    wanted = factory(**values)
    factory(**{attribute: "Something else"})

    response = staff_client.get(
        reverse("admin:autocomplete"),
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": "zacatecoluca"},
    )

    assert response.status_code == 200
    assert response.json()["results"] == [{"id": str(wanted.pk), "text": str(wanted)}]


def test_autocomplete_is_refused_to_anonymous_visitors(client):
    factories.PersonFactory(name="Troy Miller")
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "agreements", "model_name": "signatory", "field_name": "person", "term": "Troy"},
    )
    assert response.status_code == 302
