"""Password reset by email (Django's views, the admin's look) and the password rules."""

import re

import pytest
from django.core import mail
from django.core.cache.backends.filebased import FileBasedCache
from django.core.exceptions import ImproperlyConfigured

from portal.settings import envemail
from tests.helpers import sign_in

NEW_PASSWORD = "correct-horse-battery-staple"  # noqa: S105 - a test account's


def ask_for_reset(client, email):
    return client.post("/admin/password-reset/", {"email": email})


def reset_link(message):
    return re.search(r"https?://testserver(/admin/password-reset/\S+/)", message.body).group(1)


def test_sign_in_page_links_to_password_reset(client):
    assert 'href="/admin/password-reset/"' in client.get("/admin/login/").content.decode()


def test_reset_email_is_sent_with_a_link_that_sets_a_new_password(client, editor):
    asked = ask_for_reset(client, "editor@example.org")

    assert asked["Location"] == "/admin/password-reset/sent/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["editor@example.org"]
    form = client.get(reset_link(mail.outbox[0]), follow=True)
    assert form.status_code == 200
    assert "Pacta curation" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done["Location"] == "/admin/password-reset/done/"
    assert sign_in(client, "editor", NEW_PASSWORD)["Location"] == "/admin/"


def test_unknown_address_gets_the_same_answer_and_no_email(client, editor):
    assert ask_for_reset(client, "nobody@example.org")["Location"] == "/admin/password-reset/sent/"
    assert mail.outbox == []


def test_weak_new_password_is_refused(client, editor):
    ask_for_reset(client, "editor@example.org")
    form = client.get(reset_link(mail.outbox[0]), follow=True)

    for weak in ["short-pw1", "password1234", "12345678901234"]:
        response = client.post(form.redirect_chain[-1][0], {"new_password1": weak, "new_password2": weak})
        assert response.status_code == 200
        assert response.context["form"].errors["new_password2"], weak

    assert sign_in(client, "editor", "short-pw1").status_code == 200


# How many reset emails may be asked for (PASSWORD_RESETS_PER_HOUR, 5 by default).


def test_the_sixth_request_from_one_address_within_the_hour_sends_nothing_and_answers_429(client, editor):
    for n in range(5):
        assert ask_for_reset(client, f"someone{n}@example.org").status_code == 302

    refused = ask_for_reset(client, "editor@example.org")

    assert refused.status_code == 429
    assert refused["Retry-After"] == "3600"
    assert "No email was sent" in refused.content.decode()
    assert mail.outbox == []
    # Another client may still ask.
    assert (
        client.post("/admin/password-reset/", {"email": "editor@example.org"}, REMOTE_ADDR="192.0.2.9").status_code
        == 302
    )
    assert len(mail.outbox) == 1


def test_one_email_address_gets_at_most_the_limit_whatever_address_asks(client, editor, settings):
    settings.PASSWORD_RESETS_PER_HOUR = 2
    statuses = [
        client.post("/admin/password-reset/", {"email": email}, REMOTE_ADDR=f"192.0.2.{n}").status_code
        for n, email in enumerate(["editor@example.org", "EDITOR@example.org", "editor@example.org"])
    ]

    assert statuses == [302, 302, 429]
    assert len(mail.outbox) == 2


def test_a_spoofed_forwarded_for_neither_escapes_the_reset_limit_nor_uses_up_the_address_it_names(client, editor):
    statuses = [
        client.post(
            "/admin/password-reset/", {"email": f"someone{n}@example.org"}, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"
        ).status_code
        for n in range(6)
    ]

    assert statuses == [302] * 5 + [429]
    assert (
        client.post("/admin/password-reset/", {"email": "editor@example.org"}, REMOTE_ADDR="198.51.100.1").status_code
        == 302
    )


def test_the_reset_limit_is_counted_in_the_shared_cache(client, editor, shared_cache):
    for n in range(5):
        ask_for_reset(client, f"someone{n}@example.org")
    assert ask_for_reset(client, "editor@example.org").status_code == 429

    # Another process's view of the same cache directory: emptying it there lifts the limit here.
    FileBasedCache(str(shared_cache), {}).clear()

    assert ask_for_reset(client, "editor@example.org").status_code == 302


# Where the mail goes: EMAIL_URL (portal/settings.py, envemail).


def test_email_goes_to_the_console_when_debugging_and_to_local_smtp_otherwise(monkeypatch):
    monkeypatch.delenv("EMAIL_URL", raising=False)

    assert envemail("EMAIL_URL", debug=True)["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    production = envemail("EMAIL_URL", debug=False)
    assert production["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (production["EMAIL_HOST"], production["EMAIL_PORT"]) == ("localhost", 25)


def test_email_url_names_server_account_and_sender(monkeypatch):
    monkeypatch.setenv(
        "EMAIL_URL", "submission://pacta:s%40cret@smtp.example.org?_default_from_email=pacta@example.org"
    )

    email = envemail("EMAIL_URL", debug=False)

    assert email["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (email["EMAIL_HOST"], email["EMAIL_PORT"], email["EMAIL_USE_TLS"]) == ("smtp.example.org", 587, True)
    assert (email["EMAIL_HOST_USER"], email["EMAIL_HOST_PASSWORD"]) == ("pacta", "s@cret")
    assert email["DEFAULT_FROM_EMAIL"] == "pacta@example.org"


def test_email_url_with_an_unknown_scheme_is_refused(monkeypatch):
    monkeypatch.setenv("EMAIL_URL", "mailgun://key@example.org")

    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL must start with one of"):
        envemail("EMAIL_URL", debug=False)
