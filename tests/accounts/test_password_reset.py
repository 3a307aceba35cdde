"""Password reset by email (Django's views, the admin's look) and the password rules."""

import re

import pytest
from django.core import mail
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
