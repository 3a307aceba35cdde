"""Curating in every language: each text's columns side by side in the change form, and the list filter finding
records whose texts miss a language (the rule is records.languages.untranslated)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from records.languages import column, language_name, languages, translated, translated_fields, untranslated


class TranslationFilter(admin.SimpleListFilter):
    """Records missing a text in a language, or complete in every one."""

    title = _("translation")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        missing = [
            (f"missing-{code}", _("missing %(language)s") % {"language": language_name(code)}) for code in languages()
        ]
        return [*missing, ("complete", _("complete in every language"))]

    def queryset(self, request, queryset):
        return self.matching(queryset, self.value()) if self.value() else queryset

    @staticmethod
    def matching(queryset, value):
        """The records of `queryset` the choice `value` lists; all of them for a value that is no choice."""
        if value == "complete":
            return queryset.filter(translated(queryset.model))
        code = value.removeprefix("missing-")
        if value.startswith("missing-") and code in languages():
            return queryset.filter(untranslated(queryset.model, code))
        return queryset


def side_by_side(model, fields):
    """`fields` (a fieldset's, each text's columns one after the other) with each text's columns on one line."""
    text_of = {column(name, code): name for name in translated_fields(model) for code in languages()}
    lines = []
    for field in fields:
        text = text_of.get(field) if isinstance(field, str) else None
        if text and lines and isinstance(lines[-1], tuple) and text_of.get(lines[-1][0]) == text:
            lines[-1] = (*lines[-1], field)
        else:
            lines.append((field,) if text else field)
    return lines


class BilingualAdmin(TranslationAdmin):
    """The admin of a record with texts in each language (after the site's own admin classes in the bases, so that
    their read-only and publishing rules apply): a text's languages side by side on one line ("Title [en]" beside
    "Title [es]"), and the translation filter on the list."""

    def get_fieldsets(self, request, obj=None):
        return [
            (name, {**options, "fields": side_by_side(self.model, options["fields"])})
            for name, options in super().get_fieldsets(request, obj)
        ]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), TranslationFilter]
