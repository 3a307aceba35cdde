"""The publication workflow service: moves between draft, in review and published, with their history."""

import pytest
import reversion
from django.contrib.admin.models import CHANGE, LogEntry
from reversion.models import Version

from people.models import Organization
from records.models import PublicationStatus
from records.services import change_status, movable, publish_new
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator(django_user_model):
    return django_user_model.objects.create_user("publisher", "publisher@example.org", "a-long-test-password")


def _organizations(*statuses):
    return [factories.OrganizationFactory(publication_status=status) for status in statuses]


def test_publishing_records_who_published_them_and_when(curator):
    drafts = _organizations(PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW)

    moved = change_status(drafts, PublicationStatus.PUBLISHED, user=curator, comment="Published.")

    assert moved == drafts
    for record in drafts:
        record.refresh_from_db()
        assert record.publication_status == PublicationStatus.PUBLISHED
        assert record.published_by == curator
        assert record.published_at is not None


def test_withdrawing_clears_who_published_and_when(curator):
    [record] = _organizations(PublicationStatus.DRAFT)
    change_status([record], PublicationStatus.PUBLISHED, user=curator, comment="Published.")

    change_status([record], PublicationStatus.DRAFT, user=curator, comment="Withdrawn to draft.")

    record.refresh_from_db()
    assert record.publication_status == PublicationStatus.DRAFT
    assert (record.published_by, record.published_at) == (None, None)


def test_each_moved_record_gets_a_revision_of_its_own_with_the_user_and_comment(curator):
    records = _organizations(PublicationStatus.DRAFT, PublicationStatus.DRAFT)

    change_status(records, PublicationStatus.IN_REVIEW, user=curator, comment="Submitted for review.")

    revisions = set()
    for record in records:
        [version] = Version.objects.get_for_object(record)
        assert version.revision.user == curator
        assert version.revision.comment == "Submitted for review."
        assert version.field_dict["publication_status"] == PublicationStatus.IN_REVIEW
        revisions.add(version.revision_id)
    assert len(revisions) == len(records)


def test_each_moved_record_is_logged_in_the_admin_log_as_a_status_change(curator):
    records = _organizations(PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW)

    change_status(records, PublicationStatus.PUBLISHED, user=curator, comment="Published.")

    entries = LogEntry.objects.all()
    assert sorted(int(entry.object_id) for entry in entries) == sorted(record.pk for record in records)
    for entry in entries:
        assert (entry.user, entry.action_flag) == (curator, CHANGE)
        assert entry.get_change_message() == "Changed publication status."


def test_records_that_may_not_make_the_move_are_left_as_they_are(curator):
    published, in_review = _organizations(PublicationStatus.PUBLISHED, PublicationStatus.IN_REVIEW)

    moved = change_status([published, in_review], PublicationStatus.IN_REVIEW, user=curator, comment="Submitted.")

    assert moved == []
    published.refresh_from_db()
    assert published.publication_status == PublicationStatus.PUBLISHED
    assert not Version.objects.exists()
    assert not LogEntry.objects.exists()


@pytest.mark.parametrize(
    ("status", "sources"),
    [
        (PublicationStatus.IN_REVIEW, {PublicationStatus.DRAFT}),
        (PublicationStatus.PUBLISHED, {PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW}),
        (PublicationStatus.DRAFT, {PublicationStatus.IN_REVIEW, PublicationStatus.PUBLISHED}),
    ],
)
def test_movable_selects_the_records_that_may_move_to_a_status(status, sources):
    records = dict(zip(PublicationStatus.values, _organizations(*PublicationStatus.values), strict=True))

    selected = set(movable(Organization.objects.all(), status))

    assert selected == {records[source] for source in sources}


def test_a_new_record_published_by_a_loader_is_saved_published_by_nobody_with_its_comment():
    record = Organization(name="Dirección General de Migración y Extranjería", slug="dgme")

    publish_new(record, comment="Loaded from the dataset files (load_dataset).")

    record.refresh_from_db()
    assert record.publication_status == PublicationStatus.PUBLISHED
    assert record.published_by is None
    assert record.published_at is not None
    [version] = Version.objects.get_for_object(record)
    assert version.revision.comment == "Loaded from the dataset files (load_dataset)."
    assert version.revision.user is None
    assert not LogEntry.objects.exists()


def test_a_new_record_published_inside_a_loaders_revision_shares_it_with_rows_written_after():
    with reversion.create_revision():
        reversion.set_comment("Loaded.")
        record = publish_new(Organization(name="ILEA San Salvador", slug="ilea"), comment="Loaded.")
        position = factories.PositionFactory(organization=record)

    [version] = Version.objects.get_for_object(record)
    [position_version] = Version.objects.get_for_object(position)
    assert position_version.revision_id == version.revision_id
