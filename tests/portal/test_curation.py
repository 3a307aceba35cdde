"""The review workflow and the two roles, through the admin over HTTP: who may do what, and what publishing needs."""

import pytest
import reversion
from django.urls import reverse

from agreements.models import Agreement, Event
from records.models import PublicationStatus
from tests import factories
from tests.helpers import resubmit_data

pytestmark = pytest.mark.django_db


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _agreement(**values):
    """A draft agreement complete enough to publish: a party and a cited source, saved once in its history."""
    with reversion.create_revision():
        agreement = factories.AgreementFactory(**{"publication_status": PublicationStatus.DRAFT, **values})
        factories.AgreementPartyFactory(agreement=agreement)
    return agreement


def _action(client, action, *records):
    return client.post(
        _url(Agreement, "changelist"), {"action": action, "_selected_action": [record.pk for record in records]}
    )


def _add(client):
    return client.post(
        _url(Agreement, "add"),
        {
            "title_en": "Letter of intent",
            "slug": "letter-of-intent",
            "kind": "letter_of_intent",
            "scope": "bilateral",
            "binding": "unknown",
            "status": "signed",
            "signed_at_certainty": "reported",
            "publication_status": PublicationStatus.DRAFT,
            "certainty": "reported",
            **_empty_inlines(client),
        },
    )


def _empty_inlines(client):
    response = client.get(_url(Agreement, "add"))
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 1000}
    return data


def _change_form_data(client, record):
    """The change form of `record` as rendered, submitted back with no change."""
    return resubmit_data(client.get(_url(Agreement, "change", record.pk)))


# The permission matrix: (what is tried, whether an editor may, whether a publisher may).


def _try_add(client):
    response = _add(client)
    return response.status_code == 302 and Agreement.objects.filter(slug="letter-of-intent").exists()


def _try_change(client):
    agreement = _agreement()
    data = _change_form_data(client, agreement) | {"summary_en": "Changed by hand."}
    client.post(_url(Agreement, "change", agreement.pk), data)
    agreement.refresh_from_db()
    return agreement.summary == "Changed by hand."


def _try_status_action(action, start, end):
    def attempt(client):
        agreement = _agreement(publication_status=start)
        response = _action(client, action, agreement)
        agreement.refresh_from_db()
        if response.status_code == 403:
            assert agreement.publication_status == start
        return response.status_code == 302 and agreement.publication_status == end

    return attempt


def _try_delete(client):
    agreement = _agreement()
    response = client.post(_url(Agreement, "delete", agreement.pk), {"post": "yes"})
    assert response.status_code in (302, 403)
    return not Agreement.objects.filter(pk=agreement.pk).exists()


def _try_bulk_delete(client):
    agreement = _agreement()
    response = client.post(
        _url(Agreement, "changelist"), {"action": "delete_selected", "_selected_action": [agreement.pk], "post": "yes"}
    )
    assert response.status_code in (302, 403)
    return not Agreement.objects.filter(pk=agreement.pk).exists()


def _try_restore(client):
    agreement = _agreement(summary="First summary.")
    with reversion.create_revision():
        agreement.summary = "Second summary."
        agreement.save()
    first = reversion.models.Version.objects.get_for_object(agreement).order_by("pk").first()
    url = _url(Agreement, "revision", agreement.pk, first.pk)
    if client.get(url).status_code != 200:
        return False
    client.post(url, _change_form_data(client, agreement) | {"summary_en": "First summary."})
    agreement.refresh_from_db()
    return agreement.summary == "First summary."


def _try_recover(client):
    agreement = _agreement()
    pk = agreement.pk
    with reversion.create_revision():
        reversion.add_to_revision(agreement)
    agreement.delete()
    version = reversion.models.Version.objects.get_deleted(Agreement).get(object_id=str(pk))
    if client.get(_url(Agreement, "recoverlist")).status_code != 200:
        return False
    response = client.get(_url(Agreement, "recover", version.pk))
    if response.status_code != 200:
        return False
    client.post(_url(Agreement, "recover", version.pk), _recover_form_data(response))
    return Agreement.objects.filter(pk=pk).exists()


def _recover_form_data(response):
    return resubmit_data(response)


def _try_import(client):
    return client.get(_url(Agreement, "import")).status_code == 200


MATRIX = [
    ("add", _try_add, True, True),
    ("change", _try_change, True, True),
    (
        "submit",
        _try_status_action("submit_for_review", PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW),
        True,
        True,
    ),
    ("publish", _try_status_action("publish", PublicationStatus.IN_REVIEW, PublicationStatus.PUBLISHED), False, True),
    ("withdraw", _try_status_action("withdraw", PublicationStatus.PUBLISHED, PublicationStatus.DRAFT), False, True),
    ("delete", _try_delete, False, True),
    ("bulk delete", _try_bulk_delete, False, True),
    ("restore", _try_restore, True, True),
    ("recover deleted", _try_recover, False, True),
    ("import", _try_import, True, True),
]


@pytest.mark.parametrize(("what", "attempt", "editor_may", "publisher_may"), MATRIX, ids=[row[0] for row in MATRIX])
def test_editor_is_refused_what_only_publishers_may_do(editor_client, what, attempt, editor_may, publisher_may):
    assert attempt(editor_client) is editor_may


@pytest.mark.parametrize(("what", "attempt", "editor_may", "publisher_may"), MATRIX, ids=[row[0] for row in MATRIX])
def test_publisher_may_do_everything_editors_do_and_publish_withdraw_delete(
    publisher_client, what, attempt, editor_may, publisher_may
):
    assert attempt(publisher_client) is publisher_may


def test_editor_does_not_see_the_actions_and_buttons_of_publishers(editor_client):
    agreement = _agreement()
    response = editor_client.get(_url(Agreement, "changelist"))
    actions = [name for name, _label in response.context["action_form"].fields["action"].choices if name]
    assert actions == ["submit_for_review", "add_topic", "remove_topic", "export_admin_action"]
    assert _url(Agreement, "recoverlist") not in response.content.decode()
    change = editor_client.get(_url(Agreement, "change", agreement.pk))
    assert [value for value, _label in change.context["adminform"].form.fields["publication_status"].choices] == [
        "draft",
        "review",
    ]
    assert not change.context["has_delete_permission"]


def test_forged_publish_action_from_an_editor_is_refused_with_403_and_changes_nothing(editor_client):
    agreement = _agreement(publication_status=PublicationStatus.IN_REVIEW)
    response = _action(editor_client, "publish", agreement)
    assert response.status_code == 403
    agreement.refresh_from_db()
    assert agreement.publication_status == PublicationStatus.IN_REVIEW
    assert agreement.published_by is None


def test_editor_cannot_publish_by_posting_the_status_field(editor_client):
    agreement = _agreement()
    data = _change_form_data(editor_client, agreement) | {"publication_status": PublicationStatus.PUBLISHED}
    response = editor_client.post(_url(Agreement, "change", agreement.pk), data)
    assert response.status_code == 200
    assert "publication_status" in response.context["adminform"].form.errors
    agreement.refresh_from_db()
    assert agreement.publication_status == PublicationStatus.DRAFT


def test_editor_sees_a_published_status_read_only_and_cannot_withdraw_through_the_form(editor_client):
    agreement = _agreement(publication_status=PublicationStatus.PUBLISHED)
    data = _change_form_data(editor_client, agreement) | {
        "publication_status": PublicationStatus.DRAFT,
        "summary_en": "x",
    }
    response = editor_client.post(_url(Agreement, "change", agreement.pk), data)
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert (agreement.summary, agreement.publication_status) == ("x", PublicationStatus.PUBLISHED)


def test_publishing_without_a_source_fails_and_says_what_is_missing(publisher_client):
    agreement = _agreement(title="Customs agreement")
    agreement.citations.all().delete()
    agreement.party_rows.all().delete()

    response = _action(publisher_client, "publish", agreement)

    messages = [str(m) for m in publisher_client.get(_url(Agreement, "changelist")).context["messages"]]
    assert response.status_code == 302
    assert "“Customs agreement” was not published: it needs a party, a cited source." in messages
    agreement.refresh_from_db()
    assert agreement.publication_status == PublicationStatus.DRAFT


def test_publishing_with_a_source_succeeds_and_records_who_and_when(publisher_client):
    agreement = _agreement()
    _action(publisher_client, "publish", agreement)
    agreement.refresh_from_db()
    assert agreement.publication_status == PublicationStatus.PUBLISHED
    assert agreement.published_by == publisher_client.user
    assert agreement.published_at is not None


def test_withdrawing_clears_who_published_it(publisher_client):
    agreement = _agreement()
    _action(publisher_client, "publish", agreement)
    _action(publisher_client, "withdraw", agreement)
    agreement.refresh_from_db()
    assert (agreement.publication_status, agreement.published_by, agreement.published_at) == ("draft", None, None)


def test_publishing_in_the_form_without_a_source_is_refused_with_the_reason(publisher_client):
    agreement = _agreement()
    data = _change_form_data(publisher_client, agreement) | {"publication_status": PublicationStatus.PUBLISHED}
    prefix = "records-citation-content_type-object_id"
    data[f"{prefix}-0-DELETE"] = "on"

    response = publisher_client.post(_url(Agreement, "change", agreement.pk), data)

    assert response.status_code == 200
    assert "Publishing needs a cited source" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.publication_status == PublicationStatus.DRAFT
    assert agreement.citations.exists()


def test_publishing_in_the_form_records_who_and_when(publisher_client):
    agreement = _agreement()
    data = _change_form_data(publisher_client, agreement) | {"publication_status": PublicationStatus.PUBLISHED}
    response = publisher_client.post(_url(Agreement, "change", agreement.pk), data)
    assert response.status_code == 302, response.context["errors"]
    agreement.refresh_from_db()
    assert (agreement.publication_status, agreement.published_by) == ("published", publisher_client.user)


def test_an_event_needs_a_start_date_to_be_published(publisher_client):
    event = factories.EventFactory(title="Meeting", start="", publication_status=PublicationStatus.DRAFT)
    _action_on = publisher_client.post(
        _url(Event, "changelist"), {"action": "publish", "_selected_action": [event.pk]}, follow=True
    )
    assert "“Meeting” was not published: it needs a start date." in [str(m) for m in _action_on.context["messages"]]


def test_a_topic_is_published_without_a_source(publisher_client):
    topic = factories.TopicFactory(publication_status=PublicationStatus.DRAFT)
    url = reverse("admin:agreements_topic_changelist")
    publisher_client.post(url, {"action": "publish", "_selected_action": [topic.pk]})
    topic.refresh_from_db()
    assert topic.publication_status == PublicationStatus.PUBLISHED


@pytest.mark.parametrize("action", ["add_topic", "remove_topic"])
def test_topic_actions_ask_for_the_topic_first_then_apply_it_to_each_record(editor_client, action):
    border = factories.TopicFactory(name="Border security")
    first, second = _agreement(), _agreement()
    if action == "remove_topic":
        first.topics.add(border)
        second.topics.add(border)
    selected = {"action": action, "_selected_action": [first.pk, second.pk]}

    confirmation = editor_client.post(_url(Agreement, "changelist"), selected)

    assert confirmation.status_code == 200
    assert "Border security" in confirmation.content.decode()
    assert first.topics.count() == (1 if action == "remove_topic" else 0)

    response = editor_client.post(_url(Agreement, "changelist"), selected | {"topic": border.pk, "apply": "1"})

    assert response.status_code == 302
    expected = [] if action == "remove_topic" else [border]
    assert list(first.topics.all()) == list(second.topics.all()) == expected
    assert reversion.models.Version.objects.get_for_object(first).first().revision.user == editor_client.user
