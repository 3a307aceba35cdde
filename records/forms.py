"""The reader's "Report an error" form, with its defences against spam bots."""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from records.models import ErrorReport

# Signs the moment the form was shown (seconds since the epoch), so that the time it took to send it can be trusted.
SHOWN_AT = signing.Signer(salt="records.forms.ErrorReportForm.shown_at")
# A form open longer than this (or a stamp that is missing or altered) is shown again with a fresh stamp.
SHOWN_AT_MAX_AGE_SECONDS = 24 * 60 * 60


def shown_at_stamp():
    """The signed moment of now, for a form being shown."""
    return SHOWN_AT.sign(str(int(time.time())))


class ErrorReportForm(forms.ModelForm):
    """What a reader says is wrong with a record. Two traps for spam bots: a honeypot field that people never see and
    bots fill in (is_spam), and the signed moment the form was shown, which must be at least REPORT_FORM_MIN_SECONDS
    and at most a day before it is sent."""

    # Named as no browser's autofill knows (not "website", "url", "name" or "email"), so that it never fills it in for
    # a reader; the template hides its wrapper from sight and from screen readers, and it is out of the tab order.
    reference = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        help_text=_("It is here to catch automated spam; people do not need it."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    shown_at = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = ErrorReport
        fields = ["message", "email"]
        labels = {"message": _("What is wrong?"), "email": _("Your email address (optional)")}
        help_texts = {
            "message": _("Say what is wrong or missing and, if you can, where the correct information is published."),
            "email": _("Only if you would like a curator to write back; it is never published."),
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shown_at"].initial = shown_at_stamp()

    def clean(self):
        """A report sent too soon after the form was shown is refused with a message, keeping its stamp, so that the
        reader sends it again a moment later; one whose stamp is missing, altered or older than a day is refused and
        shown again with a fresh stamp. Neither is ever dropped silently: a person may have written it."""
        cleaned_data = super().clean()
        try:
            shown_at = int(SHOWN_AT.unsign(cleaned_data.get("shown_at", "")))
        except (signing.BadSignature, ValueError):
            shown_at = None
        open_seconds = None if shown_at is None else time.time() - shown_at
        if open_seconds is None or open_seconds > SHOWN_AT_MAX_AGE_SECONDS:
            self.data = self.data.copy()
            self.data[self.add_prefix("shown_at")] = self.fields["shown_at"].initial
            self.add_error(None, _("The report was not sent: the form had expired. Please check it and send it again."))
        elif open_seconds < settings.REPORT_FORM_MIN_SECONDS:
            self.add_error(
                None,
                _(
                    "The report was not sent: it came a moment too soon after the form opened, as automated spam "
                    "does. Please check it and send it again."
                ),
            )
        return cleaned_data

    def is_spam(self):
        """Whether the honeypot was filled in; call after is_valid(), whatever it answered."""
        return bool(self.cleaned_data.get("reference"))
