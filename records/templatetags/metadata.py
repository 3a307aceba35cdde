"""`{% load metadata %}`: canonical addresses, citations and JSON-LD for the page's <head> and detail pages."""

import html

from django import template
from django.conf import settings
from django.http import QueryDict
from django.urls import translate_url
from django.utils import translation
from django.utils.safestring import mark_safe

from records import history, metadata
from records.lists.filters import SortFilter

register = template.Library()


class CaptureNode(template.Node):
    # Blocks inside are found and overridden as anywhere else: Django looks for them in `nodelist`.
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        # What the nodes rendered is escaped already; escaping it again would show "&amp;amp;".
        context[self.name] = mark_safe(self.nodelist.render(context).strip())  # noqa: S308
        return ""


@register.tag
def capture(parser, token):
    """`{% capture as name %}…{% endcapture %}` renders its content once into `name`, to be shown several times.

    base.html captures the title and description blocks so that OpenGraph repeats what <title> and the
    description say, without each page saying it twice.
    """
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Use {% capture as name %}…{% endcapture %}.")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.simple_tag(takes_context=True)
def canonical_url(context, path=None, **values):
    """The page's one address for search engines, absolute.

    A detail page's is its record's permanent address. A list's is its path with the filters it understands, in
    the form's order, then the parameters given as `values` (the search's cleaned `q`), without empty values, the
    default sort, page 1 or anything else (tracking tags, a download's format): every way of asking for the same
    records comes down to one address, and each further page keeps its own, as search engines advise for
    paginated lists. A filter the page refused is left out. `path` stands for the request's when the page knows a
    better spelling of its own address (/countries/SV/ for /countries/sv/).
    """
    request = context.get("request")
    if request is None:
        return ""
    record = context.get("object")
    if record is not None and hasattr(record, "get_absolute_url"):
        return metadata.permalink(record, request)
    filterset = context.get("filter")
    names = list(filterset.form.fields) if filterset is not None else []
    if filterset is not None and not filterset.is_valid():
        # A refused value is no address of its own: the page it gives is the list without it.
        names = [name for name in names if name not in filterset.form.errors]
    params = QueryDict(mutable=True)
    for name in names:
        given = [value for value in filterset.form.data.getlist(name) if value.strip()]
        if name == "sort":
            given = [value for value in given if value != SortFilter.DEFAULT]
        if given:
            params.setlist(name, given)
    for name, value in values.items():
        if value:
            params[name] = value
    page_obj = context.get("page_obj")
    if page_obj is not None and page_obj.number > 1:
        params["page"] = str(page_obj.number)
    query = params.urlencode()
    path = path or request.path
    return request.build_absolute_uri(f"{path}?{query}" if query else path)


# A query string longer than this is no real link: the other language's link drops it rather than echo it.
MAX_QUERY_LINK = 1000


@register.simple_tag(takes_context=True)
def language_versions(context, canonical=""):
    """The page in each language: [{code, name, url, canonical, current, default}], `url` the same path and query
    in that language (the header's links), `canonical` the page's canonical address in it (hreflang alternates),
    from the page's own as base.html captured it (HTML-escaped).

    Every language's pages have addresses of their own (/agreements/, /es/acuerdos/), so a link is a plain GET that
    every reader, cache and search engine sees the same.
    """
    request = context.get("request")
    if request is None:
        return []
    here = request.get_full_path()
    if len(here) > MAX_QUERY_LINK:
        here = request.path
    current = translation.get_language()
    versions = []
    for code, _name in settings.LANGUAGES:
        versions.append(
            {
                "code": code,
                "name": translation.get_language_info(code)["name_local"],
                "url": translate_url(here, code),
                "canonical": translate_url(html.unescape(canonical), code) if canonical else "",
                "current": code == current,
                # The language of addresses without a prefix, for readers whose language has none of its own.
                "default": code == settings.LANGUAGE_CODE,
            }
        )
    return versions


@register.filter
def last_changed(record):
    """When the record's content last changed in Pacta (records/history.py)."""
    return history.last_changed(record)


@register.simple_tag(takes_context=True)
def permalink(context, record):
    return metadata.permalink(record, context["request"])


@register.simple_tag(takes_context=True)
def plain_citation(context, record):
    return metadata.plain_citation(record, context["request"])


@register.simple_tag(takes_context=True)
def bibtex_citation(context, record):
    return metadata.bibtex_citation(record, context["request"])


@register.simple_tag(takes_context=True)
def json_ld(context, record):
    """The record's schema.org description as a <script type="application/ld+json"> element."""
    return metadata.json_script(metadata.json_ld(record, context["request"]))
