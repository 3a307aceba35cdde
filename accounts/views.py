"""The pages around the admin's sign-in: the code step, setting up an authenticator, password reset with the
curation site's look, and the page of a locked-out sign-in."""

from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.forms import CodeForm
from records.clients import client_address
from records.limits import WindowLimit


class SignInView(auth_views.LoginView):
    """The admin's password step (active staff only). Whoever must give a code is not signed in yet: they go on to
    the code page, or, without an authenticator, to set one up."""

    authentication_form = AdminAuthenticationForm
    template_name = "admin/login.html"

    def form_valid(self, form):
        user = form.get_user()
        if not two_factor.asks_for_code(user):
            return super().form_valid(form)
        two_factor.start(self.request, user, self.get_success_url())
        step = "admin:two-factor" if two_factor.confirmed_device(user) else "admin:two-factor-setup"
        return HttpResponseRedirect(reverse(step))


def _admin_page(request, template, context, status=200):
    """`template` with the curation site's header and title."""
    return render(request, template, {**admin.site.each_context(request), **context}, status=status)


def enter_code(request):
    """The second step of signing in: the code from the authenticator of whoever just gave their password."""
    user = two_factor.pending_user(request)
    if user is None:
        return redirect("admin:login")
    device = two_factor.confirmed_device(user)
    if device is None:
        return redirect("admin:two-factor-setup")
    form = CodeForm(device, request.POST if request.method == "POST" else None)
    if form.is_valid():
        return HttpResponseRedirect(two_factor.finish(request, user, device))
    return _admin_page(
        request,
        "accounts/enter_code.html",
        {"title": _("Two-factor authentication"), "form": form, "username": user.get_username()},
    )


def set_up_code(request):
    """Setting up an authenticator app: for whoever gave their password and must give a code but has no app set up
    yet (the page finishes their sign-in), or for signed-in staff who choose to. Shows the secret as a QR code and as
    text, and confirms it with a code the app shows."""
    pending = two_factor.pending_user(request)
    user = pending or (request.user if request.user.is_active and request.user.is_staff else None)
    if user is None:
        return redirect("admin:login")
    if two_factor.confirmed_device(user) is not None:
        return redirect("admin:two-factor" if pending else "admin:index")
    device = two_factor.device_to_confirm(user)
    form = CodeForm(device, request.POST if request.method == "POST" else None)
    if form.is_valid():
        # An update, not save(): the form's check already stored the code's time step on the device, so that the same
        # code cannot be used twice; saving this older copy would undo that.
        TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
        if pending:
            next_url = two_factor.finish(request, user, device)
        else:
            otp_login(request, device)
            next_url = reverse("admin:index")
        messages.success(request, _("Your authenticator app is set up: from now on, signing in takes a code from it."))
        return HttpResponseRedirect(next_url)
    secret = b32encode(device.bin_key).decode()
    qr = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    return _admin_page(
        request,
        "accounts/set_up_code.html",
        {
            "title": _("Set up two-factor authentication"),
            "form": form,
            "username": user.get_username(),
            "secret": " ".join(secret[start : start + 4] for start in range(0, len(secret), 4)),
            # Markup that qrcode builds with ElementTree from the device's own otpauth:// address.
            "qr_code": mark_safe(qr.to_string(encoding="unicode")),  # noqa: S308
        },
    )


def locked_out(request, original_response=None, credentials=None):
    """What a sign-in gets once django-axes has locked its username from its address (AXES_LOCKOUT_CALLABLE): 429,
    a page that says for how long and how to get help, and Retry-After."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    response = _admin_page(
        request,
        "accounts/locked_out.html",
        {
            "title": _("Too many failed sign-ins"),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "minutes": seconds // 60,
        },
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response


class AdminLookMixin:
    """One of Django's password reset pages, with the curation site's header and title."""

    def get_context_data(self, **kwargs):
        return {**admin.site.each_context(self.request), **super().get_context_data(**kwargs)}


# settings.PASSWORD_RESETS_PER_HOUR reset emails asked for per window, from one client address and for one email
# address: nobody can flood a curator's mailbox, or the mail server, from one address or from many.
RESETS_FROM_CLIENT = WindowLimit("password-resets-from", 60 * 60)
RESETS_FOR_EMAIL = WindowLimit("password-resets-for", 60 * 60)


class PasswordResetView(AdminLookMixin, auth_views.PasswordResetView):
    """Django's page that mails a reset link, within the limits above. Every request is counted, whether or not the
    address is an account's, so that the answer still tells nothing about which addresses are."""

    def form_valid(self, form):
        asked = [
            (RESETS_FROM_CLIENT, client_address(self.request)),
            (RESETS_FOR_EMAIL, form.cleaned_data["email"].casefold()),
        ]
        if any(limit.reached(value, settings.PASSWORD_RESETS_PER_HOUR) for limit, value in asked):
            response = _admin_page(
                self.request,
                "accounts/password_reset_limited.html",
                {"title": _("Too many password reset requests")},
                status=429,
            )
            response["Retry-After"] = str(RESETS_FROM_CLIENT.window_seconds)
            return response
        for limit, value in asked:
            limit.count(value)
        return super().form_valid(form)


class PasswordResetDoneView(AdminLookMixin, auth_views.PasswordResetDoneView):
    pass


class PasswordResetConfirmView(AdminLookMixin, auth_views.PasswordResetConfirmView):
    pass


class PasswordResetCompleteView(AdminLookMixin, auth_views.PasswordResetCompleteView):
    pass
