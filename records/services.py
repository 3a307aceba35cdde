"""The publication workflow: moving records between draft, in review and published.

A move sets the status and who published when, saves, writes the record's history (one django-reversion
revision per record, so that restoring one never reverts another moved with it) and, for a curator, an
entry in the admin's log. The admin's bulk actions call `change_status`; a loader creating records that
are public at once calls `publish_new`.
"""

from contextlib import contextmanager

import reversion
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction

from records.models import PublicationStatus

# The statuses a record may be moved from, by the status it moves to: a published record is not sent back
# to review (it is withdrawn to draft), and a draft is not withdrawn.
MOVABLE_FROM = {
    PublicationStatus.IN_REVIEW: [PublicationStatus.DRAFT],
    PublicationStatus.PUBLISHED: [PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW],
    PublicationStatus.DRAFT: [PublicationStatus.IN_REVIEW, PublicationStatus.PUBLISHED],
}

STATUS_FIELDS = ["publication_status", "published_by", "published_at", "updated_at"]


@contextmanager
def revision(*, user, comment):
    """A django-reversion revision by `user` (None for none) saying `comment`.

    Inside a revision the caller already opened, joins it: rows the caller writes there belong to it too.
    """
    with reversion.create_revision():
        if user is not None:
            reversion.set_user(user)
        reversion.set_comment(comment)
        yield


def movable(queryset, status):
    """The records of `queryset` that may move to `status`."""
    return queryset.filter(publication_status__in=MOVABLE_FROM[status])


@transaction.atomic
def change_status(records, status, *, user, comment):
    """Move `records` to `status` on behalf of `user`; return those moved.

    Records that may not move to `status` (see MOVABLE_FROM) are left as they are. Each moved record is
    saved in a revision of its own with `user` and `comment`, and the moves are logged in the admin's log
    (one entry per record) as changes of the publication status. Runs a few queries per record.
    """
    moved = [record for record in records if record.publication_status in MOVABLE_FROM[status]]
    for record in moved:
        _save_with_status(record, status, user=user, comment=comment)
    if moved:
        field = moved[0]._meta.get_field("publication_status")
        LogEntry.objects.log_actions(
            user_id=user.pk,
            queryset=moved,
            action_flag=CHANGE,
            change_message=[{"changed": {"fields": [str(field.verbose_name)]}}],
        )
    return moved


def publish_new(instance, *, comment):
    """Save a new record as published by nobody (a loader's, not a curator's), in a revision saying `comment`.

    For a loader such as agreements/loader: call it inside the loader's own
    `reversion.create_revision()` block to put the rows written after it (citations, parties) in the same
    revision. Validate the instance first; nothing is logged in the admin's log, which needs a user.
    """
    _save_with_status(instance, PublicationStatus.PUBLISHED, user=None, comment=comment)
    return instance


def _save_with_status(record, status, *, user, comment):
    with revision(user=user, comment=comment):
        record.set_publication_status(status, user)
        record.save(update_fields=None if record._state.adding else STATUS_FIELDS)


def published_columns(when):
    """The publication columns of a record published at `when` by nobody, for rows written in bulk (no revision,
    no signal), as the demo data generator writes them; records saved one by one go through publish_new()."""
    return {"publication_status": PublicationStatus.PUBLISHED, "published_by_id": None, "published_at": when}
