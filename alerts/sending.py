"""The sender: each due follow's digest of what was published since its last one (`manage.py send_alerts`).

Each follow's next digest covers a window of publication times: from the end of its last one (`last_sent_until`)
to the start of this run, so that a record published while the run goes on falls into the next window rather than
between two. A run claims a follow's window before sending it and records the window as sent after, each in a
transaction of its own:

- claiming sets `sending_until` (the window's end) and `claimed_at`, on a row that no other run holds (PostgreSQL:
  SELECT … FOR UPDATE SKIP LOCKED; elsewhere, an update that succeeds only if the row is as it was read), so two runs
  at once never send the same digest;
- a run that dies between the two leaves the claim behind; once CLAIM_LEASE has passed, the next run sends that
  same window again (the claim keeps its end).

Delivery is therefore at least once: no window is ever skipped, and a digest goes out twice only if the run dies
after the mail server accepted it and before the following write, a few milliseconds. An empty window is recorded as
sent without an email.
"""

import logging
from dataclasses import dataclass

from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone

from alerts import emails
from alerts.models import Follow
from alerts.targets import Followed

logger = logging.getLogger(__name__)

# Records a digest lists at most; it then links to the page for the rest.
DIGEST_SIZE = 50
# Follows handled per mail server connection.
BATCH_SIZE = 100


@dataclass
class Report:
    purged: int = 0
    sent: int = 0
    empty: int = 0
    failed: int = 0


def purge_unconfirmed(now=None):
    """Delete the requests nobody confirmed in time; how many there were."""
    deleted, _by_model = Follow.objects.stale(now or timezone.now()).delete()
    return deleted


def send_due():
    """Send every digest due now, batch by batch; a Report of what was done. Purges stale requests first."""
    started = timezone.now()
    report = Report(purged=purge_unconfirmed(started))
    due = list(Follow.objects.due(started).order_by("pk").values_list("pk", flat=True))
    for first in range(0, len(due), BATCH_SIZE):
        with get_connection() as connection:
            for pk in due[first : first + BATCH_SIZE]:
                follow = claim(pk, started)
                if follow is not None:
                    _send(follow, connection, report)
    return report


def claim(pk, started):
    """The follow `pk` with its window claimed by this run (`sending_until` set), or None when it is no longer due or
    another run holds it."""
    with transaction.atomic():
        follow = Follow.objects.select_for_update(skip_locked=True).due(started).filter(pk=pk).first()
        if follow is None:
            return None
        window_end = follow.sending_until or started
        claimed_at = timezone.now()
        won = Follow.objects.filter(pk=pk, claimed_at=follow.claimed_at, last_sent_until=follow.last_sent_until).update(
            sending_until=window_end, claimed_at=claimed_at
        )
    if not won:
        return None
    follow.sending_until, follow.claimed_at = window_end, claimed_at
    return follow


def _send(follow, connection, report):
    """Send the claimed window's digest (if anything was published in it), then record the window as sent. A failure
    is logged and leaves the claim, so that a later run sends the window again."""
    start, end = follow.last_sent_until, follow.sending_until
    try:
        records = Followed.of(follow).published_between(start, end, DIGEST_SIZE)
        if records:
            message = emails.digest(follow, records[:DIGEST_SIZE], more=len(records) > DIGEST_SIZE)
            connection.send_messages([message])
    except Exception:
        logger.exception(
            "The digest of follow %s (%s to %s) was not sent; the next run tries again.", follow.pk, start, end
        )
        report.failed += 1
        return
    Follow.objects.filter(pk=follow.pk, claimed_at=follow.claimed_at).update(
        last_sent_until=end, sending_until=None, claimed_at=None
    )
    if records:
        logger.info(
            "Sent the %s digest of follow %s (%s): %d new, published from %s to %s.",
            follow.frequency,
            follow.pk,
            follow,
            min(len(records), DIGEST_SIZE),
            start.isoformat(),
            end.isoformat(),
        )
        report.sent += 1
    else:
        report.empty += 1
