from django import forms
from django.utils.translation import gettext_lazy as _

from records.models import ErrorReport


class ErrorReportForm(forms.ModelForm):
    """What a reader says is wrong with a record, with a honeypot field that people leave empty and bots fill in."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        help_text=_("It is here to catch automated spam; people do not need it."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = ErrorReport
        fields = ["message", "email"]
        labels = {"message": _("What is wrong?"), "email": _("Your email address (optional)")}
        help_texts = {
            "message": _("Say what is wrong or missing and, if you can, where the correct information is published."),
            "email": _("Only if you would like a curator to write back; it is never published."),
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 6})}

    def is_spam(self):
        """Whether the honeypot was filled in; call after is_valid()."""
        return bool(self.cleaned_data.get("website"))
