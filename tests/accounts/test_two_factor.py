"""Two-factor authentication (django-otp, TOTP): with REQUIRE_2FA on, superusers and Publishers use the admin only
after a code from an authenticator app, which they set up themselves after their password."""

import re
from base64 import b32decode

import pytest
from django.core.management import call_command
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.helpers import sign_in


@pytest.fixture
def required(settings):
    settings.REQUIRE_2FA = True


def code(device):
    """The code `device`'s authenticator app shows now."""
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


def wrong_code(device):
    """A code `device`'s app does not show now."""
    return "000000" if code(device) != "000000" else "111111"


def authenticator(user):
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def test_publisher_password_alone_opens_no_admin_page_when_required(client, publisher, required):
    response = sign_in(client, "publisher")

    assert response.status_code == 302
    assert response["Location"] == "/admin/two-factor/setup/"
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    assert client.get("/admin/agreements/agreement/")["Location"].startswith("/admin/login/")


def test_publisher_sets_up_an_authenticator_after_the_password_and_is_signed_in(client, publisher, required):
    sign_in(client, "publisher")
    page = client.get("/admin/two-factor/setup/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "<svg" in text
    secret = re.search(r"<code>([A-Z2-7 ]+)</code>", text).group(1).replace(" ", "")
    device = TOTPDevice.objects.get(user=publisher, confirmed=False)
    assert b32decode(secret) == device.bin_key

    wrong = client.post("/admin/two-factor/setup/", {"code": wrong_code(device)})
    assert "This code is not right" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302
    device.refresh_from_db()
    device.throttle_reset()  # django-otp makes the next code wait a second after a wrong one
    confirmed = client.post("/admin/two-factor/setup/", {"code": code(device)})

    assert confirmed["Location"] == "/admin/"
    assert TOTPDevice.objects.get(user=publisher).confirmed
    assert client.get("/admin/").status_code == 200


def test_publisher_with_an_authenticator_gives_its_code_after_the_password(client, publisher, required):
    device = authenticator(publisher)

    assert sign_in(client, "publisher")["Location"] == "/admin/two-factor/"
    wrong = client.post("/admin/two-factor/", {"code": wrong_code(device)})
    assert wrong.status_code == 200
    assert "This code is not right" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302

    device.refresh_from_db()
    device.throttle_reset()  # django-otp makes the next code wait a second after a wrong one
    assert client.post("/admin/two-factor/", {"code": code(device)})["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_wrong_codes_make_the_next_code_wait(client, publisher, required, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    device = authenticator(publisher)
    sign_in(client, "publisher")
    client.post("/admin/two-factor/", {"code": wrong_code(device)})

    refused = client.post("/admin/two-factor/", {"code": code(device)})

    assert "Too many wrong codes" in refused.content.decode()
    assert client.get("/admin/").status_code == 302


def test_superuser_must_give_a_code_when_required(client, curator, required):
    authenticator(curator)

    assert sign_in(client, "curator")["Location"] == "/admin/two-factor/"
    assert client.get("/admin/").status_code == 302


def test_editor_signs_in_with_the_password_alone(client, editor, required):
    assert sign_in(client, "editor")["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_publisher_signs_in_with_the_password_alone_when_not_required(client, publisher):
    assert sign_in(client, "publisher")["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_an_authenticator_set_up_by_choice_is_asked_for_even_when_not_required(client, editor):
    authenticator(editor)

    assert sign_in(client, "editor")["Location"] == "/admin/two-factor/"


def test_session_without_a_code_loses_the_admin_once_required(client, publisher, settings):
    client.force_login(publisher)
    assert client.get("/admin/").status_code == 200

    settings.REQUIRE_2FA = True

    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_code_pages_need_the_password_first(client, publisher, required):
    authenticator(publisher)

    assert client.get("/admin/two-factor/")["Location"] == "/admin/login/"
    assert client.get("/admin/two-factor/setup/")["Location"] == "/admin/login/"


def test_reset_command_removes_an_authenticator_so_that_a_new_one_is_set_up(client, publisher, required):
    authenticator(publisher)

    call_command("reset_two_factor", "publisher", verbosity=0)

    assert not TOTPDevice.objects.filter(user=publisher).exists()
    assert sign_in(client, "publisher")["Location"] == "/admin/two-factor/setup/"
