"""The API's contract as its OpenAPI schema states it, beyond the records each answer holds: the errors every operation
may answer (400, 404 and 429, with their bodies and Retry-After), and the exact form of the values that the query
parameters and the addresses accept.

What the schema refuses the API refuses, and what the API refuses the schema refuses too, so that a client (or a
property-based tester, tests/portal/test_api_contract.py) can trust it both ways. The filters' values are described
by records.api.ListFilterSchema with the patterns below, the pagination's by records.api.Pagination.
"""

from django.utils.translation import gettext_lazy as _
from django_countries import countries
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from records.api_languages import TextsSchema
from records.lists.forms import MAX_VALUE_LENGTH

# A partial date as records.dates.PartialDate reads it: a year (never 0000), a year and month, or a real day (29
# February in leap years only); empty for none. Written out in full, without look-arounds, so that every regular
# expression engine a client may use reads it alike.
_YEAR = "(?:[1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])"
_MONTH = "(?:0[1-9]|1[0-2])"
_MONTH_DAY = (
    "(?:"
    + "|".join(
        [
            f"{_MONTH}-(?:0[1-9]|1[0-9]|2[0-8])",
            "(?:0[13-9]|1[0-2])-(?:29|30)",
            "(?:0[13578]|1[02])-31",
        ]
    )
    + ")"
)
_LEAP_YEAR = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
DATE_PATTERN = f"^(?:{_YEAR}(?:-{_MONTH})?|{_YEAR}-{_MONTH_DAY}|{_LEAP_YEAR}-02-29)?$"

# A record's slug (Django's SlugField); in a filter, empty for none.
SLUG_PATTERN = "^[-a-zA-Z0-9_]+$"
SLUG_VALUE_PATTERN = "^[-a-zA-Z0-9_]*$"

# Free text, such as ?q=: anything but a NUL byte (records.lists.forms.ListFilterForm).
TEXT_PATTERN = r"^[^\x00]*$"

COUNTRY_CODE = "CountryCode"


def country_code_schema(auto_schema):
    """A reference to the schema of an ISO 3166 alpha-2 country code as the country filters take it: in upper or
    lower case, or empty for none. One component, registered on first use, rather than its 500 values in every
    filter."""
    codes = [code for code, _name in countries]
    component = ResolvedComponent(
        name=COUNTRY_CODE,
        type=ResolvedComponent.SCHEMA,
        object=COUNTRY_CODE,
        schema={
            "type": "string",
            "description": "An ISO 3166 alpha-2 country code, such as SV, in upper or lower case.",
            "enum": [*codes, *(code.lower() for code in codes), ""],
        },
    )
    auto_schema.registry.register_on_missing(component)
    return component.ref


def filter_value_schema(schema):
    """`schema` of a filter's value with what every filter accepts besides: an empty value, which leaves the
    filter out (as on the HTML lists, whose forms send every field), and nothing longer than MAX_VALUE_LENGTH
    characters."""
    if schema.get("type") == "array":
        return {**schema, "items": filter_value_schema(schema["items"])}
    if "$ref" in schema:
        return schema
    if "enum" in schema:
        return {**schema, "enum": [*schema["enum"], *([""] if "" not in schema["enum"] else [])]}
    return {"pattern": TEXT_PATTERN, **schema, "maxLength": MAX_VALUE_LENGTH}


class ErrorSerializer(serializers.Serializer):
    """The body of a 404 or a 429: what went wrong, in the language of ?lang=."""

    detail = serializers.CharField()


def error_responses():
    """The answers besides 200 that every operation may give, by status code."""
    return {
        400: OpenApiResponse(
            {
                "type": "object",
                "description": "Each query parameter refused, with why.",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
                "example": {"signed_after": ["Enter a real date as YYYY-MM-DD, YYYY-MM or YYYY."]},
            },
            description=_(
                "A query parameter has a value the operation does not take: an unknown filter value or record, a "
                "badly written date, a page size out of bounds, an unknown language."
            ),
        ),
        404: OpenApiResponse(
            ErrorSerializer,
            description=_(
                "No published record has this slug (or id), the page number is not a page of the list, or the "
                "cursor was not given by the API for this list and sort."
            ),
        ),
        429: OpenApiResponse(
            ErrorSerializer,
            description=_("Too many requests from this client: wait the seconds that Retry-After gives."),
        ),
    }


class ApiSchema(TextsSchema):
    """Documents on every operation its error answers and the form of its record's slug (or id) in the address."""

    def get_response_serializers(self):
        return {200: super().get_response_serializers(), **error_responses()}

    def get_override_parameters(self):
        parameters = [
            *super().get_override_parameters(),
            OpenApiParameter(
                "Retry-After",
                OpenApiTypes.INT,
                OpenApiParameter.HEADER,
                description=_("How many seconds to wait before the next request."),
                response=[429],
            ),
        ]
        if getattr(self.view, "action", None) == "retrieve" and self.view.lookup_field == "slug":
            parameters.append(
                OpenApiParameter("slug", OpenApiTypes.STR, OpenApiParameter.PATH, required=True, pattern=SLUG_PATTERN)
            )
        return parameters
