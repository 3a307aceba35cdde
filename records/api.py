"""What every API endpoint shares: the language of its texts (?lang=, records/api_languages.py), pagination,
throttling, fields for partial dates and countries, references to related records that leave drafts out, citations;
and the sources endpoint.

The endpoints of each app live in its own api.py; portal/api_urls.py registers them all and portal/api.py
documents them.
"""

from django.urls import reverse
from django.urls.converters import IntConverter, SlugConverter
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_filters import ChoiceFilter
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.plumbing import build_parameter_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle
from rest_framework.utils.urls import remove_query_param, replace_query_param

from records.api_languages import ApiUrlField, TextsModelSerializer, in_requested_language, requested_language
from records.api_schema import (
    DATE_PATTERN,
    SLUG_VALUE_PATTERN,
    ApiSchema,
    country_code_schema,
    filter_value_schema,
)
from records.clients import client_address
from records.keyset import BadCursor, Keyset
from records.lists.filters import CountryFilter, FlagFilter, PartialDateFilter, RelatedFilter, SortFilter
from records.models import Alias, Citation, Source, cited_record_models, public_or_none


class Pagination(PageNumberPagination):
    """50 records a page, 1 to 200 with ?page_size= (any other value answers 400). `next` leads on by a cursor
    (?cursor=, records.keyset): the records after the page's last one, found through the sort's index, so that
    following it costs the same at any depth. ?page=N still answers, by counting records past (a page number past
    the end, or not a number, answers 404); a cursor the API did not give for this list and sort answers 404 too."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    cursor_query_param = "cursor"
    # ?page=last is no page number: the schema says a page is a number, and the API keeps to it.
    last_page_strings = ()

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.keyset = Keyset(queryset)
        queryset = self.keyset.annotate(queryset)
        cursor = request.query_params.get(self.cursor_query_param)
        self.by_cursor = cursor is not None
        if not self.by_cursor:
            self.rows = super().paginate_queryset(queryset, request, view)
            self.count, self.more = self.page.paginator.count, self.page.has_next()
            return self.rows
        try:
            after = self.keyset.read(cursor)
        except BadCursor:
            raise NotFound(
                _("This cursor was not given by the API for this list and sort: start again from its first page.")
            ) from None
        size = self.get_page_size(request)
        rows = list(self.keyset.after(queryset, after)[: size + 1])
        self.rows, self.more = rows[:size], len(rows) > size
        self.count = queryset.count()
        return self.rows

    def get_page_size(self, request):
        """The page size asked for, else the default; ValidationError (400) for anything but a whole number from 1
        to max_page_size, where DRF would silently fall back to the default or the maximum."""
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        if not (value.isascii() and value.isdigit() and 1 <= int(value) <= self.max_page_size):
            message = _("Give a whole number from 1 to %(maximum)d.") % {"maximum": self.max_page_size}
            raise ValidationError({self.page_size_query_param: [message]})
        return int(value)

    def get_page_number(self, request, paginator):
        """The page number as given (an empty one too, which is no page: 404), 1 without one."""
        return request.query_params.get(self.page_query_param, 1)

    def get_paginated_response(self, data):
        return Response(
            {"count": self.count, "next": self.get_next_link(), "previous": self.get_previous_link(), "results": data}
        )

    def get_next_link(self):
        if not (self.more and self.rows):
            return None
        url = remove_query_param(self.request.build_absolute_uri(), self.page_query_param)
        return replace_query_param(url, self.cursor_query_param, self.keyset.cursor(self.keyset.values(self.rows[-1])))

    def get_previous_link(self):
        """The page before, for a page asked by number; a cursor leads forward only."""
        return None if self.by_cursor else super().get_previous_link()

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "A page number of the list; a number past its last page answers 404.",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"How many records a page, {self.page_size} unless given.",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size, "default": self.page_size},
            },
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Where the page starts: give the cursor of a `next` link as it is.",
                "schema": {"type": "string", "minLength": 1},
            },
        ]


class AnonymousThrottle(AnonRateThrottle):
    """Anonymous clients' rate, read from the settings at each request rather than once at import (as DRF's own
    throttles do), so that a changed setting applies at once; counted in the default cache, which every process
    shares."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        """The client by the site's one rule (records.clients.client_address, TRUSTED_PROXIES). DRF's own reads the
        whole of X-Forwarded-For unless NUM_PROXIES is set, so that a client escapes the rate by writing a new
        address in each request, or uses up another's by writing theirs."""
        return client_address(request)


class ListFilterBackend(DjangoFilterBackend):
    """Filters a list with the FilterSet of the matching HTML list; invalid input answers 400 with the message of
    each filter concerned, as {"filter name": ["message"]}."""


class ListFilterSchema(DjangoFilterExtension):
    """Describes the filters of records/lists/filters.py in the schema as exactly what they accept, with their labels
    (records.api_schema.filter_value_schema says what every filter accepts besides)."""

    target_class = ListFilterBackend
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        schema = self.custom_schema(auto_schema, filter_field)
        if schema is None:
            parameters = super().resolve_filter_field(auto_schema, model, filterset_class, field_name, filter_field)
            for parameter in parameters:
                if isinstance(filter_field, SortFilter):
                    # One value, not the comma-separated list drf-spectacular expects of an OrderingFilter.
                    parameter["schema"] = parameter["schema"]["items"]
                    del parameter["explode"], parameter["style"]
                parameter["schema"] = filter_value_schema(parameter["schema"])
            return parameters
        repeatable = schema["type"] == "array"
        return [
            build_parameter_type(
                name=field_name,
                required=False,
                location=OpenApiParameter.QUERY,
                description=str(filter_field.label),
                schema=filter_value_schema(schema),
                explode=True if repeatable else None,
                style="form" if repeatable else None,
            )
        ]

    def custom_schema(self, auto_schema, filter_field):
        if isinstance(filter_field, CountryFilter):
            return {"type": "array", "items": country_code_schema(auto_schema)}
        if isinstance(filter_field, RelatedFilter):
            # Only a published record's slug: which ones, the lists and details tell.
            return {"type": "array", "items": {"type": "string", "pattern": SLUG_VALUE_PATTERN, "description": "slug"}}
        if isinstance(filter_field, PartialDateFilter):
            return {"type": "string", "pattern": DATE_PATTERN, "example": "2024-10"}
        if isinstance(filter_field, FlagFilter):
            return {"type": "string", "enum": ["1", "on", "true"]}
        if isinstance(filter_field, ChoiceFilter) and filter_field.method:
            return {"type": "string", "enum": [value for value, _label in filter_field.extra["choices"]]}
        return None


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """A list and a detail endpoint by slug; `list_queryset()` / `detail_queryset()` start from published rows.
    Texts, labels and messages are in the language ?lang= names (requested_language).

    The detail address takes a slug as the pages' <slug:> addresses do (SlugField slugs are ASCII): anything else is
    a 404 by routing and never reaches the database, which may refuse it (PostgreSQL refuses a NUL byte in text).
    """

    lookup_field = "slug"
    lookup_value_regex = SlugConverter.regex
    list_serializer_class = None
    filter_backends = [ListFilterBackend]
    pagination_class = Pagination
    throttle_classes = [AnonymousThrottle]
    schema = ApiSchema()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # Activated for the rest of the request, as LocaleMiddleware does for a page's address: the answer is
        # rendered, and its Content-Language set, after the view returns.
        translation.activate(requested_language(request))
        request.LANGUAGE_CODE = translation.get_language()

    def get_queryset(self):
        return self.detail_queryset() if self.action == "retrieve" else self.list_queryset()

    def list_queryset(self):
        """The public rows with what a list item shows, as the HTML list's cards show it."""
        return self.serializer_class.Meta.model.objects.published().for_card()

    def detail_queryset(self):
        """The public rows with what a detail shows, as the record's page shows it."""
        return self.serializer_class.Meta.model.objects.published().for_detail()

    def get_serializer_class(self):
        if self.action == "list" and self.list_serializer_class is not None:
            return self.list_serializer_class
        return self.serializer_class


@extend_schema_field(
    {"type": "string", "nullable": True, "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$", "example": "2024-10"}
)
class PartialDateField(serializers.Field):
    """A date at its own precision: "2024-10-08", "2024-10" or "2024"; null when not known."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return str(value) or None

    def get_attribute(self, instance):
        return super().get_attribute(instance) or ""


@extend_schema_field(
    {
        "type": "object",
        "nullable": True,
        "properties": {"code": {"type": "string", "example": "SV"}, "name": {"type": "string"}},
        "required": ["code", "name"],
    }
)
class CountryField(serializers.Field):
    """An ISO 3166 country as {"code": "SV", "name": "El Salvador"}; null when none is recorded."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return {"code": value.code, "name": str(value.name)} if value else None

    def get_attribute(self, instance):
        return super().get_attribute(instance) or ""


@extend_schema_field(OpenApiTypes.URI)
class HtmlUrlField(serializers.Field):
    """The absolute address of the record's public page."""

    def __init__(self, **kwargs):
        kwargs.update(read_only=True, source="*")
        super().__init__(**kwargs)

    def to_representation(self, value):
        return self.context["request"].build_absolute_uri(value.get_absolute_url())


def api_url_field(basename, lookup_field="slug"):
    """The absolute address of the record's API detail endpoint."""
    return ApiUrlField(view_name=f"api:{basename}-detail", lookup_field=lookup_field)


class PublishedListSerializer(serializers.ListSerializer):
    """Leaves out related records that are not published, whatever the queryset they came from."""

    def to_representation(self, data):
        items = data.all() if hasattr(data, "all") else data
        return [self.child.to_representation(item) for item in items if public_or_none(item) is not None]


class RefSerializer(TextsModelSerializer):
    """A related record in short: its slug, name and addresses; null when the record is not published.

    Subclasses set Meta.model and Meta.fields and declare `url` with api_url_field().
    """

    html_url = HtmlUrlField()

    class Meta:
        list_serializer_class = PublishedListSerializer

    def to_representation(self, instance):
        return super().to_representation(instance) if public_or_none(instance) is not None else None


class SourceRefSerializer(TextsModelSerializer):
    url = api_url_field("source", lookup_field="pk")
    document_url = serializers.URLField(source="url", read_only=True)
    published = PartialDateField()

    class Meta:
        model = Source
        fields = ["id", "title", "publisher", "document_url", "published", "language", "reliability", "url"]


class CitationSerializer(serializers.ModelSerializer):
    source = SourceRefSerializer(read_only=True)

    class Meta:
        model = Citation
        fields = ["source", "excerpt"]


class AliasSerializer(TextsModelSerializer):
    source = SourceRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Alias
        fields = ["name", "source", "certainty", "certainty_note"]


class SourceSerializer(SourceRefSerializer):
    class Meta(SourceRefSerializer.Meta):
        fields = [*SourceRefSerializer.Meta.fields, "reliability_note"]


class CitingRecordSerializer(serializers.Serializer):
    type = serializers.CharField(source="_meta.model_name")
    slug = serializers.CharField()
    name = serializers.CharField(source="__str__")
    html_url = HtmlUrlField()


class SourceDetailSerializer(SourceSerializer):
    cited_by = serializers.SerializerMethodField()

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "cited_by"]

    @extend_schema_field(CitingRecordSerializer(many=True))
    def get_cited_by(self, source):
        """The published records with a public page that cite the source. Runs one query per kind of record."""
        records = []
        for model in cited_record_models():
            if hasattr(model, "get_absolute_url"):
                records.extend(model.objects.published().filter(citations__source=source).distinct())
        return CitingRecordSerializer(records, many=True, context=self.context).data


class SourceViewSet(ReadOnlyViewSet):
    """Sources cited by at least one published record."""

    lookup_field = "pk"
    lookup_value_regex = IntConverter.regex
    serializer_class = SourceDetailSerializer
    list_serializer_class = SourceSerializer
    filter_backends = []

    def list_queryset(self):
        return Source.objects.published()

    def detail_queryset(self):
        return self.list_queryset()


def filtered_list_url(request, list_basename, **params):
    """The absolute address of an API list filtered by `params`, keeping the request's ?lang=."""
    url = request.build_absolute_uri(f"{reverse(f'api:{list_basename}-list')}?{urlencode(params)}")
    return in_requested_language(request, url)
