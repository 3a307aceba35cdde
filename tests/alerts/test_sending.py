"""send_alerts: each frequency's digests cover exactly what was published since the previous one, once, even when a
run dies halfway; stale requests are purged."""

from datetime import timedelta

import pytest
from django.core.management import call_command

from alerts import sending
from alerts.models import CONFIRM_DAYS, Follow
from tests.alerts.conftest import agreement, confirm, follow


def run(outbox):
    """Run the sender; the titles listed by each digest it sent."""
    outbox.clear()
    call_command("send_alerts", verbosity=0)
    return [[line for line in message.body.splitlines() if line.startswith("Record ")] for message in outbox]


@pytest.mark.parametrize(
    ("frequency", "interval", "expected"),
    [
        ("immediately", timedelta(minutes=5), [[["Record A"]], [["Record B"]], [["Record C"]], [], []]),
        ("daily", timedelta(days=1), [[], [["Record A", "Record B"]], [], [["Record C"]], []]),
        ("weekly", timedelta(days=7), [[], [["Record A", "Record B"]], [], [["Record C"]], []]),
    ],
)
def test_each_digest_covers_exactly_what_was_published_since_the_previous_one(
    client, outbox, clock, customs, salvador, frequency, interval, expected
):
    follow(client, frequency=frequency)
    confirm(client, outbox[0])
    confirmed = clock.now
    sent = []

    def at(offset, action):
        clock.now = confirmed + offset
        return action()

    at(timedelta(minutes=1), lambda: agreement("Record A", customs, salvador))
    sent.append(at(timedelta(minutes=2), lambda: run(outbox)))
    at(interval - timedelta(minutes=1), lambda: agreement("Record B", customs, salvador))
    sent.append(at(interval + timedelta(minutes=1), lambda: run(outbox)))
    at(interval + timedelta(minutes=2), lambda: agreement("Record C", customs, salvador))
    sent.append(at(interval + timedelta(minutes=3), lambda: run(outbox)))
    sent.append(at(2 * interval + timedelta(minutes=2), lambda: run(outbox)))
    sent.append(at(3 * interval + timedelta(minutes=3), lambda: run(outbox)))

    assert sent == expected


def test_a_record_withdrawn_before_the_digest_is_not_in_it(client, outbox, clock, followed, customs, salvador):
    record = agreement("Record A", customs, salvador)
    record.set_publication_status("draft", None)
    record.save()
    clock.advance(minutes=1)

    assert run(outbox) == []


def test_a_digest_that_could_not_be_sent_is_sent_by_a_later_run_once(
    client, outbox, clock, followed, customs, salvador, monkeypatch, caplog
):
    agreement("Record A", customs, salvador)
    clock.advance(minutes=1)
    with monkeypatch.context() as patched:
        patched.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", _refuse)
        assert run(outbox) == []
    assert "was not sent; the next run tries again" in caplog.text
    clock.advance(minutes=1)
    agreement("Record B", customs, salvador)
    clock.advance(minutes=1)

    assert run(outbox) == [], "the window is still claimed by the failed run"
    clock.advance(minutes=15)
    assert run(outbox) == [["Record A"]], "the claimed window, with its own end, is sent again"
    assert run(outbox) == [["Record B"]], "what followed it comes next, at once for an immediate follow"
    assert run(outbox) == []


def test_a_run_that_dies_after_claiming_leaves_the_window_to_a_later_run(
    client, outbox, clock, followed, customs, salvador
):
    agreement("Record A", customs, salvador)
    clock.advance(minutes=1)
    assert sending.claim(Follow.objects.get().pk, clock.now) is not None  # and the run dies here

    clock.advance(minutes=1)
    assert run(outbox) == []
    clock.advance(minutes=15)
    assert run(outbox) == [["Record A"]]
    assert run(outbox) == []


def test_two_runs_at_once_never_claim_the_same_window(followed, clock):
    pk = Follow.objects.get().pk

    first = sending.claim(pk, clock.now)
    second = sending.claim(pk, clock.now)

    assert first is not None
    assert second is None


def test_the_sender_logs_what_it_sent(client, outbox, clock, followed, customs, salvador, caplog):
    agreement("Record A", customs, salvador)
    clock.advance(minutes=1)

    with caplog.at_level("INFO", logger="alerts.sending"):
        call_command("send_alerts", verbosity=0)

    assert f"Sent the immediately digest of follow {Follow.objects.get().pk}" in caplog.text
    assert "1 new, published from 2026-03-02T09:00:00+00:00 to 2026-03-02T09:02:00+00:00" in caplog.text
    assert "ana@example.org" not in caplog.text


def test_the_sender_sends_in_batches_of_one_connection(client, outbox, clock, customs, salvador, monkeypatch):
    monkeypatch.setattr(sending, "BATCH_SIZE", 2)
    for number in range(5):
        follow(client, email=f"reader{number}@example.org")
    for message in list(outbox):
        confirm(client, message)
    clock.advance(minutes=1)
    agreement("Record A", customs, salvador)
    clock.advance(minutes=1)

    assert run(outbox) == [["Record A"]] * 5


def test_stale_requests_are_purged_and_confirmed_follows_kept(client, outbox, clock, followed):
    follow(client, email="late@example.org")
    clock.advance(days=CONFIRM_DAYS, minutes=1)

    call_command("purge_unconfirmed", verbosity=0)

    assert list(Follow.objects.values_list("email", flat=True)) == ["ana@example.org"]


def test_the_sender_purges_stale_requests_too(client, outbox, clock, customs, salvador):
    follow(client, email="late@example.org")
    clock.advance(days=CONFIRM_DAYS, minutes=1)

    run(outbox)

    assert not Follow.objects.exists()


def _refuse(*args, **kwargs):
    raise ConnectionRefusedError
