from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from alerts import targets
from alerts.models import Frequency


class FollowForm(forms.Form):
    """What a reader gives to follow a page: the page's address (hidden, from the link that led here), an email
    address, a language and a frequency."""

    # Not required: alerts.targets says what is wrong with an empty address as with any other.
    url = forms.CharField(widget=forms.HiddenInput, required=False, strip=False)
    email = forms.EmailField(label=_("Your email address"), max_length=254)
    language = forms.ChoiceField(label=_("Language of the emails"), choices=settings.LANGUAGES)
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Frequency.choices,
        initial=Frequency.DAILY,
        widget=forms.RadioSelect,
        help_text=_("Immediately: within minutes of each publication. Daily or weekly: one email gathering them."),
    )

    def clean_url(self):
        """The page to follow, read as alerts.targets reads it; kept in `followed`."""
        self.followed = targets.from_url(self.cleaned_data["url"])
        return self.cleaned_data["url"]


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(label=_("How often"), choices=Frequency.choices)
