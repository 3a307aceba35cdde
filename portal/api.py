"""The API's documentation page, read from the OpenAPI schema of every endpoint that portal/api_urls.py registers."""

import functools

from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from drf_spectacular.generators import SchemaGenerator
from markdown_it import MarkdownIt
from rest_framework.settings import api_settings

from records.api import Pagination

# The Markdown the schema's texts are written in (drf-spectacular lists a choice field's values as "* `value` -
# label"): paragraphs, lists, code, emphasis and links. Raw HTML is not among it, so "<name>" is shown as written.
MARKDOWN = MarkdownIt("zero").enable(["list", "backticks", "emphasis", "link", "escape", "entity", "newline"])


def render_markdown(text):
    """The schema's Markdown `text` as HTML, safe to put in a page: markdown-it escapes whatever is not Markdown and
    refuses links to javascript: and other unsafe schemes."""
    return mark_safe(MARKDOWN.render(str(text)))  # noqa: S308 - markdown-it escapes the text, with HTML off


def describe_parameter(parameter):
    """A query parameter of the schema as the documentation page lists it."""
    schema = parameter.get("schema", {})
    repeatable = schema.get("type") == "array"
    item = schema.get("items", {}) if repeatable else schema
    return {
        "name": parameter["name"],
        "location": parameter["in"],
        "required": parameter.get("required", False),
        "type": item.get("type", "string"),
        "repeatable": repeatable,
        # An empty value, which every parameter but the pagination's takes as not given, is no choice to list.
        "choices": [choice for choice in item.get("enum", ()) if choice != ""],
        "description": render_markdown(parameter.get("description", "")),
    }


@functools.cache
def documented_endpoints(language):
    """Every GET endpoint of the schema with its parameters, in `language`. The schema is the same for the life of
    the process, and generating it takes a good part of a second: it is generated once per language."""
    with translation.override(language):
        schema = SchemaGenerator().get_schema(request=None, public=True)
        return [
            {
                "path": path,
                "summary": render_markdown(operation.get("description", "")),
                "parameters": [describe_parameter(parameter) for parameter in operation.get("parameters", ())],
            }
            for path, operations in schema["paths"].items()
            for method, operation in operations.items()
            if method == "get"
        ]


def api_docs(request):
    """The API's documentation: every endpoint and its parameters, read from the OpenAPI schema, on a page that
    needs no script."""
    return render(
        request,
        "portal/api_docs.html",
        {
            "endpoints": documented_endpoints(translation.get_language()),
            "api_root": request.build_absolute_uri(reverse("api:api-root")),
            "page_size": Pagination.page_size,
            "max_page_size": Pagination.max_page_size,
            "anon_rate": api_settings.DEFAULT_THROTTLE_RATES.get("anon"),
        },
    )
