from django import forms
from django.utils.translation import gettext_lazy as _
from django_otp import verify_token


class CodeForm(forms.Form):
    """A six-digit code from the authenticator app, checked against `device` (django-otp throttles wrong codes:
    after each one the device refuses any code for twice as long as after the previous one)."""

    code = forms.CharField(
        label=_("Code"),
        max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def __init__(self, device, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        allowed, _details = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(_("Too many wrong codes: wait a minute, then try the current code."))
        if verify_token(self.device.user, self.device.persistent_id, code) is None:
            raise forms.ValidationError(
                _("This code is not right. Enter the code your app shows now (check that the phone's clock is right).")
            )
        return code
