"""Login throttling (django-axes): a username is locked from one client address after 5 failures, for the cool-off,
unless an administrator unlocks it; the client address is REMOTE_ADDR unless proxies are trusted."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tests.helpers import STAFF_PASSWORD, sign_in

ATTACKER = "203.0.113.66"
VICTIM = "198.51.100.7"


def fail(client, times, username="curator", **request_options):
    """Sign in `times` times with a wrong password; the last answer."""
    for _ in range(times):
        response = sign_in(client, username, "not-the-password", **request_options)
    return response


def test_four_failures_still_let_the_right_password_in(client, curator):
    assert fail(client, 4).status_code == 200

    assert sign_in(client, "curator").status_code == 302
    assert client.get("/admin/").status_code == 200


def test_fifth_failure_locks_the_username_with_a_page_that_says_for_how_long(client, curator):
    locked = fail(client, 5)

    assert locked.status_code == 429
    assert locked["Retry-After"] == str(30 * 60)
    text = locked.content.decode()
    assert "Too many failed sign-ins" in text
    assert "Try again in 30 minutes" in text
    assert 'href="/admin/password-reset/"' in text


def test_locked_username_is_refused_even_with_the_right_password(client, curator):
    fail(client, 5)

    assert sign_in(client, "curator").status_code == 429
    assert client.get("/admin/").status_code == 302


def test_lock_holds_only_that_username_from_that_address(client, curator, django_user_model):
    django_user_model.objects.create_superuser("other", "other@example.org", STAFF_PASSWORD)
    fail(client, 5)

    assert sign_in(client, "curator", REMOTE_ADDR=VICTIM).status_code == 302
    client.logout()
    assert sign_in(client, "other").status_code == 302


def test_lock_ends_after_the_cool_off(client, curator):
    fail(client, 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))

    assert sign_in(client, "curator").status_code == 302


def test_unlock_command_lifts_the_lock(client, curator):
    fail(client, 5)

    call_command("axes_reset_username", "curator", verbosity=0)

    assert sign_in(client, "curator").status_code == 302


def test_admin_lists_lockouts_for_superusers(staff_client):
    fail(Client(), 5, username="curator", REMOTE_ADDR=ATTACKER)

    response = staff_client.get("/admin/axes/accessattempt/")

    assert response.status_code == 200
    attempts = response.context["cl"].queryset
    assert [(attempt.username, attempt.ip_address, attempt.failures_since_start) for attempt in attempts] == [
        ("curator", ATTACKER, 5)
    ]


@pytest.mark.parametrize("spoofed", ["10.1.2.{n}", "10.1.2.{n}, 10.4.5.{n}"])
def test_spoofed_forwarded_for_does_not_escape_the_lock_when_no_proxy_is_trusted(client, curator, spoofed):
    for n in range(5):
        response = sign_in(client, "curator", "wrong", REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=spoofed.format(n=n))

    assert response.status_code == 429
    assert sign_in(client, "curator", REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429


def test_spoofed_forwarded_for_does_not_lock_out_the_address_it_names_when_no_proxy_is_trusted(client, curator):
    assert fail(client, 5, REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=VICTIM).status_code == 429

    assert sign_in(client, "curator", REMOTE_ADDR=VICTIM).status_code == 302


def test_behind_a_trusted_proxy_the_address_it_saw_is_counted(client, curator, settings):
    settings.TRUSTED_PROXIES = 1
    proxy = "10.0.0.1"
    # The client may write anything left of the address the proxy appends: it neither escapes nor redirects the lock.
    for written in ["192.0.2.1", VICTIM, "192.0.2.3", "not an address", "192.0.2.5"]:
        response = sign_in(client, "curator", "wrong", REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=f"{written}, {ATTACKER}")
    assert response.status_code == 429
    assert sign_in(client, "curator", REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=ATTACKER).status_code == 429

    # Another reader behind the same proxy is another address.
    assert sign_in(client, "curator", REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=VICTIM).status_code == 302
    assert AccessAttempt.objects.get().ip_address == ATTACKER
