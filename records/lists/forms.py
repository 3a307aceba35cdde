"""The form every list's FilterSet binds, and the form fields and widgets of its own filters."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from records.dates import PartialDate

# Longer than any slug, country code, date or sensible search; a 10 kB value is refused before it reaches a field.
MAX_VALUE_LENGTH = 200


class ListFilterForm(forms.Form):
    """Refuses, field by field, input no filter accepts: a repeated single value, a NUL byte, an over-long value.

    The offending value is dropped before the field sees it (so it never reaches the database) and the problem is
    reported beside the field.
    """

    def __init__(self, data=None, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        self.input_problems = {}
        if data is not None:
            data = data.copy()
            for name, field in self.base_fields.items():
                values = data.getlist(name)
                multiple = getattr(field.widget, "allow_multiple_selected", False)
                if multiple and name in data:
                    # "?topic=" chooses no topic, as an empty text field filters nothing.
                    values = [value for value in values if value.strip()]
                    data.setlist(name, values)
                if len(values) > 1 and not multiple:
                    problem = _("Give this filter one value, not several.")
                elif any("\x00" in value for value in values):
                    problem = _("This value contains a character that is not allowed.")
                elif any(len(value) > MAX_VALUE_LENGTH for value in values):
                    problem = _("This value is too long.")
                else:
                    continue
                self.input_problems[name] = problem
                del data[name]
        super().__init__(data, *args, **kwargs)

    def full_clean(self):
        super().full_clean()
        for name, problem in self.input_problems.items():
            self.add_error(name, problem)


class PartialDateFormField(forms.CharField):
    """A date typed as 2024-10-08, 2024-10 or 2024.

    The format is told by the help text above the box (which the box is described by), not by a placeholder: a
    sample date in an empty box reads as a value already given.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", _("YYYY-MM-DD, YYYY-MM or YYYY"))
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return PartialDate(value)
        except ValueError:
            raise forms.ValidationError(
                _("Enter a real date as YYYY-MM-DD, YYYY-MM or YYYY, for example 2024-10-08, 2024-10 or 2024."),
                code="invalid",
            ) from None


class CountryCodesField(forms.MultipleChoiceField):
    """ISO 3166 alpha-2 codes, in any case."""

    default_error_messages = {
        "invalid_choice": _("“%(value)s” is not a country code; use two letters such as SV or US."),
    }

    def to_python(self, value):
        return [code.strip().upper() for code in super().to_python(value)]

    def valid_value(self, value):
        return value in countries


class FlagInput(forms.CheckboxInput):
    """A checkbox that hands its raw value to the field, so that a value other than "1" can be reported."""

    def format_value(self, value):
        return "1"

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class FlagField(forms.Field):
    widget = FlagInput
    default_error_messages = {"invalid": _("Tick the box, or leave it empty.")}

    def __init__(self, *args, **kwargs):
        kwargs["widget"] = FlagInput(check_test=lambda value: value in ("1", "on", "true", True))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in (None, "", False):
            return False
        if value in ("1", "on", "true", True):
            return True
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
