"""Leaving: the unsubscribe link and RFC 8058's one-click POST, and the page that lists an address's follows."""

from types import SimpleNamespace

import pytest
from django.core import signing
from django.core.management import call_command
from django.test import Client

from alerts import tokens
from alerts.models import Follow
from tests.alerts.conftest import agreement, follow, link


@pytest.fixture
def digest(client, outbox, clock, followed, customs, salvador):
    """The first digest ana@example.org got."""
    agreement("Customs cooperation with El Salvador", customs, salvador)
    clock.advance(minutes=1)
    call_command("send_alerts", verbosity=0)
    (message,) = outbox
    return message


def test_the_unsubscribe_link_shows_what_it_stops_and_its_button_stops_it(client, digest):
    path = link(digest, "unsubscribe")

    page = client.get(path)
    assert page.status_code == 200
    assert "Agreements (Topic: Customs; Country of a party: El Salvador)" in page.content.decode()
    assert Follow.objects.exists(), "opening the link (as a mail scanner does) stops nothing"

    done = client.post(path)
    assert done.status_code == 200
    assert "no more emails about this" in done.content.decode()
    assert not Follow.objects.exists()


def test_a_one_click_post_unsubscribes_without_a_csrf_token(digest):
    header = digest.extra_headers["List-Unsubscribe"].strip("<>")
    mail_client = Client(enforce_csrf_checks=True)

    response = mail_client.post(
        header.removeprefix("http://127.0.0.1:8000"),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert not Follow.objects.exists()


def test_other_forms_still_need_their_csrf_token(followed):
    manage = f"/follow/manage/{tokens.make(tokens.MANAGE, Follow.objects.get().key)}/"

    response = Client(enforce_csrf_checks=True).post(manage, {"follow": Follow.objects.get().pk, "remove": "1"})

    assert response.status_code == 403
    assert Follow.objects.exists()


def test_unsubscribing_stops_that_follow_only(client, outbox, clock, followed, customs, salvador, digest):
    follow(client, url="/topics/customs/")
    Follow.objects.update(confirmed_at=clock.now, last_sent_until=clock.now)

    client.post(link(digest, "unsubscribe"))

    assert Follow.objects.get().target == "topic"


def test_the_confirmation_email_unsubscribe_link_removes_the_address(client, outbox, customs, salvador):
    follow(client)
    follow(client, url="/topics/customs/")
    (confirmation,) = outbox
    assert confirmation.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    client.post(link(confirmation, "unsubscribe"))

    assert not Follow.objects.exists()


def test_the_manage_page_lists_the_follows_and_removes_one(client, digest):
    path = link(digest, "manage")

    page = client.get(path)
    assert "Agreements (Topic: Customs; Country of a party: El Salvador)" in page.content.decode()

    client.post(path, {"follow": Follow.objects.get().pk, "frequency": "weekly"})
    assert Follow.objects.get().frequency == "weekly"
    done = client.post(path, {"follow": Follow.objects.get().pk, "remove": "1"})
    assert "Stopped" in done.content.decode()
    assert not Follow.objects.exists()


def test_the_manage_page_of_one_address_cannot_touch_another_s_follows(client, outbox, followed):
    follow(client, email="eve@example.org", url="/topics/customs/")
    other = f"/follow/manage/{tokens.make(tokens.MANAGE, Follow.objects.get(email='eve@example.org').key)}/"

    response = client.post(other, {"follow": Follow.objects.get(email="ana@example.org").pk, "remove": "1"})

    assert "already been removed" in response.content.decode()
    assert Follow.objects.count() == 2


def forged(token):
    """The token with one character of its signature changed."""
    return token[:-1] + ("A" if token[-1] != "A" else "B")


def expired(kind, key, monkeypatch):
    """A token of `kind` made a year ago."""
    with monkeypatch.context() as patched:
        patched.setattr(signing, "time", SimpleNamespace(time=lambda: 1_700_000_000))
        return tokens.make(kind, key)


@pytest.mark.parametrize("page", ["manage", "confirm"])
def test_a_forged_or_expired_link_is_refused_with_a_clear_page(client, followed, monkeypatch, page):
    kind = {"manage": tokens.MANAGE, "confirm": tokens.CONFIRM}[page]
    key = Follow.objects.get().key
    bad = [
        forged(tokens.make(kind, key)),
        expired(kind, key, monkeypatch),
        tokens.make(tokens.UNSUBSCRIBE, key),  # another kind of link
        "not-a-token",
    ]

    for token in bad:
        response = client.get(f"/follow/{page}/{token}/")
        assert response.status_code == 400
        assert "The link is incomplete, was altered or has expired." in response.content.decode()
        assert (
            client.post(f"/follow/{page}/{token}/", {"follow": Follow.objects.get().pk, "remove": "1"}).status_code
            == 400
        )
    assert Follow.objects.exists()


def test_a_forged_unsubscribe_link_stops_nothing(client, followed):
    followed = Follow.objects.get()
    token = forged(tokens.make(tokens.UNSUBSCRIBE, followed.key, followed.pk))

    assert client.post(f"/follow/unsubscribe/{token}/").status_code == 400
    assert Follow.objects.exists()


def test_an_old_unsubscribe_link_still_works(client, followed, monkeypatch):
    followed = Follow.objects.get()
    with monkeypatch.context() as patched:
        patched.setattr(signing, "time", SimpleNamespace(time=lambda: 1_700_000_000))
        token = tokens.make(tokens.UNSUBSCRIBE, followed.key, followed.pk)

    assert client.post(f"/follow/unsubscribe/{token}/").status_code == 200
    assert not Follow.objects.exists()
