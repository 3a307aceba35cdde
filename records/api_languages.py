"""The API in the reader's language: ?lang= chooses it (English by default), each text kept in each language comes in
it by records.languages' rule with `<field>_language` beside it, and the API's own links keep ?lang=."""

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import get_lib_doc_excludes
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.utils.urls import replace_query_param

from records import languages

LANGUAGE_PARAMETER = "lang"


def requested_language(request):
    """The language `?lang=` asks for, English without it (or empty); ValidationError (400) for one the site has
    not.

    The address names the language, as it does for pages: Accept-Language is not read, so that a shared link or a
    cached answer gives everyone the same texts."""
    language = request.query_params.get(LANGUAGE_PARAMETER) or settings.LANGUAGE_CODE
    if language not in languages.languages():
        message = _("Unknown language “%(language)s”: choose one of %(languages)s.") % {
            "language": language[:10],
            "languages": ", ".join(languages.languages()),
        }
        raise ValidationError({LANGUAGE_PARAMETER: [message]})
    return language


def in_requested_language(request, url):
    """An API address that keeps the request's ?lang=, so that following it gives texts in the same language."""
    language = request.query_params.get(LANGUAGE_PARAMETER) if request is not None else None
    return replace_query_param(url, LANGUAGE_PARAMETER, language) if language else url


class TextsSchema(AutoSchema):
    """Documents `lang` on every operation of a record endpoint: each gives texts kept in each language."""

    def get_override_parameters(self):
        return [
            *super().get_override_parameters(),
            OpenApiParameter(
                LANGUAGE_PARAMETER,
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                # Empty counts as not given, as it does for the filters.
                enum=[*languages.languages(), ""],
                default=settings.LANGUAGE_CODE,
                description=gettext_lazy(
                    "The language of the texts (titles, names, summaries…) and of the labels: en (the default) or "
                    "es. A text not written in that language is given in the other one, and the field "
                    "<name>_language beside it says which. The links in the answer keep it."
                ),
            ),
        ]


@extend_schema_field(OpenApiTypes.STR)
class TextField(serializers.Field):
    """A text kept in each language (records.languages), in the request's language, else in the other one that
    has it; "" when it has none. `name` is the model's field when it differs from the serializer's; `of`, the
    attribute holding the object it is read from when it is not the instance itself (a link row set on it)."""

    def __init__(self, name=None, of=None, **kwargs):
        self.text_name = name
        self.of = of
        kwargs.update(read_only=True, source="*")
        super().__init__(**kwargs)

    def text(self, instance):
        return languages.text(getattr(instance, self.of) if self.of else instance, self.text_name or self.field_name)

    def to_representation(self, instance):
        return self.text(instance).value


@extend_schema_field({"type": "string", "nullable": True, "enum": [*languages.languages(), None]})
class TextLanguageField(serializers.Field):
    """The language the text of a TextField beside it is in; null when there is no text."""

    def __init__(self, text_field, **kwargs):
        self.text_field = text_field
        kwargs.update(read_only=True, source="*")
        super().__init__(**kwargs)

    def to_representation(self, instance):
        return self.text_field.text(instance).language


class TextsMixin:
    """Gives each TextField `<name>_language` right after it, so that a text in the other language than the one
    asked for is never taken for a translation."""

    def get_fields(self):
        fields = {}
        for name, field in super().get_fields().items():
            fields[name] = field
            if isinstance(field, TextField):
                fields[f"{name}_language"] = TextLanguageField(field)
        return fields


class TextsSerializer(TextsMixin, serializers.Serializer):
    """A serializer whose TextFields come with their language."""


class TextsModelSerializer(TextsMixin, serializers.ModelSerializer):
    """A ModelSerializer whose fields kept in each language are TextFields, each with its language."""

    def build_field(self, field_name, info, model_class, nested_depth):
        field_class, kwargs = super().build_field(field_name, info, model_class, nested_depth)
        if field_name in languages.translated_fields(model_class):
            # The model field's label and help text describe it in the schema.
            return TextField, {key: kwargs[key] for key in ("label", "help_text") if key in kwargs}
        return field_class, kwargs


def schema_doc_excludes():
    """Classes whose docstrings the schema never takes for a record's description: DRF's (drf-spectacular's
    default) and the text serializers above, which describe code, not data."""
    return [*get_lib_doc_excludes(), TextsMixin, TextsSerializer, TextsModelSerializer]


class ApiUrlField(serializers.HyperlinkedIdentityField):
    """The absolute address of a record's API detail endpoint, keeping the request's ?lang=."""

    def get_url(self, obj, view_name, request, format):
        return in_requested_language(request, super().get_url(obj, view_name, request, format))
