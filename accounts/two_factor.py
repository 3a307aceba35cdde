"""Who must give a one-time code to use the admin, and the sign-in that waits for it.

Between the password and the code nobody is signed in: the session only remembers who gave the right password
(PENDING_KEY), for PENDING_SECONDS, and nothing but the code and set-up pages reads it. A password alone therefore
opens no admin page, no draft preview and no staff-only page.
"""

import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

# The group created by portal/migrations/0002_curation_groups.py: they publish, so their accounts matter most.
PUBLISHERS = "Publishers"
PENDING_KEY = "accounts_pending_sign_in"
PENDING_SECONDS = 300
DEVICE_NAME = "Authenticator app"


def code_required(user):
    """Whether `user` may use the admin only once a code has verified them: with REQUIRE_2FA on, superusers and
    Publishers. Runs a query for anyone else while REQUIRE_2FA is on."""
    return settings.REQUIRE_2FA and (user.is_superuser or user.groups.filter(name=PUBLISHERS).exists())


def confirmed_device(user):
    """The authenticator `user` set up, or None."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def device_to_confirm(user):
    """The authenticator `user` is setting up: the same secret on every visit of the set-up page until a code from it
    confirms it."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def asks_for_code(user):
    """Whether signing in as `user` takes a code after the password: when required, or once they set one up."""
    return code_required(user) or confirmed_device(user) is not None


def start(request, user, next_url):
    """Remember in this session that `user` gave the right password, and where they were going."""
    request.session[PENDING_KEY] = {"user": user.pk, "backend": user.backend, "next": next_url, "since": time.time()}


def pending_user(request):
    """The active user who gave the right password in this session less than PENDING_SECONDS ago and still owes a
    code, or None."""
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending["since"] > PENDING_SECONDS:
        return None
    return get_user_model()._default_manager.filter(pk=pending["user"], is_active=True).first()


def finish(request, user, device):
    """Sign `user` in, verified by `device` (a new session key, as any sign-in); where they were going."""
    pending = request.session.pop(PENDING_KEY)
    auth_login(request, user, backend=pending["backend"])
    otp_login(request, device)
    return pending["next"]
