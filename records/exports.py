"""CSV and JSON of exactly what a filtered list shows: the same FilterSet, every matching record, streamed.

A list view takes `ExportableListMixin` and names an `Export` (its columns, and the published related records they
read); `?format=csv` or `?format=json` on the list's own URL then answers with the download. Feeds and calendars
share `bad_filters_response` so that every way of taking a list away refuses bad filters alike.
"""

import csv
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _

from records.dates import PartialDate

FORMATS = ("csv", "json")
# Records fetched, with their related records, per round trip: memory grows with this, not with the list.
CHUNK_SIZE = 100
# The filter part of a download's name is cut here, so that many filters still give a usable file name.
MAX_FILENAME_FILTERS = 80


@dataclass(frozen=True)
class Column:
    """One field of an export: a CSV column and a JSON key.

    `value(record)` gives a string, a boolean, None or, for relations, a list of strings (joined with `separator`
    in CSV, a JSON list). A `link` column holds a path made absolute for the download.
    """

    name: str
    value: Callable[[Any], Any]
    separator: str = "; "
    link: bool = False


def field(name):
    return Column(name, lambda record: getattr(record, name))


def choice(name):
    """The stored value and its label in the reader's language: "cmaa", "Customs mutual assistance agreement"."""
    return [field(name), Column(f"{name}_display", lambda record: getattr(record, f"get_{name}_display")())]


def _display_date(value):
    try:
        return PartialDate(value).display() if value else ""
    except ValueError:
        return value


def partial_date(name):
    """The date as stored ("2024-10", never a day made up) and as read ("October 2024")."""
    return [field(name), Column(f"{name}_display", lambda record: _display_date(getattr(record, name)))]


def country(name="country"):
    """The ISO 3166 code and the country's name."""
    return [
        Column(name, lambda record: getattr(record, name).code or ""),
        Column(f"{name}_name", lambda record: str(getattr(record, name).name or "")),
    ]


def related(name, slug_name, records, label=str):
    """Related records, already limited to published ones by `records(record)`, by name and by slug."""
    return [
        Column(name, lambda record: [label(related) for related in records(record)]),
        Column(slug_name, lambda record: [related.slug for related in records(record)], separator=";"),
    ]


def related_one(name, slug_name, record_of, label=str):
    """One related record, or none when `record_of(record)` gives None (a draft one does), by name and by slug."""

    def value(record, read):
        related = record_of(record)
        return read(related) if related is not None else ""

    return [
        Column(name, lambda record: value(record, label)),
        Column(slug_name, lambda record: value(record, lambda related: related.slug)),
    ]


def record_columns():
    """What every export ends with: the record's public page and when it last changed."""
    return [
        Column("url", lambda record: record.get_absolute_url(), link=True),
        Column("updated_at", lambda record: record.updated_at.isoformat()),
    ]


@dataclass(frozen=True)
class Export:
    """What a list exports: `name` (of the download), `columns`, and `prepare(queryset)`, which adds the
    select_related / published prefetches the columns read."""

    name: str
    columns: list[Column]
    prepare: Callable


def _cell(column, value):
    if isinstance(value, list | tuple):
        return column.separator.join(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _rows(export, records, absolute):
    """{column name: value} per record, links made absolute."""
    for record in records:
        row = {}
        for column in export.columns:
            value = column.value(record)
            if column.link:
                value = absolute(value)
            elif isinstance(value, list | tuple):
                value = [str(item) for item in value]
            elif value is not None and not isinstance(value, bool):
                value = str(value)
            row[column.name] = value
        # A prefetched reverse relation points back at its record (a signatory at its agreement, a post at its
        # holder): each chunk is then a reference cycle, freed only at the garbage collector's rare full pass, and
        # memory would grow with the export. The row is written; the record can go now.
        vars(record).clear()
        yield row


class _Echo:
    """A file that hands back what is written, so that csv.writer produces one line at a time."""

    def write(self, value):
        return value


def csv_chunks(export, records, absolute):
    """The CSV: a byte-order mark (so that spreadsheet applications read UTF-8 and keep accents), a header row,
    one line per record."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([column.name for column in export.columns])
    for row in _rows(export, records, absolute):
        yield writer.writerow([_cell(column, row[column.name]) for column in export.columns])


def json_chunks(export, records, absolute, count):
    """{"count": …, "results": [...]}, one record at a time."""
    yield f'{{"count": {count}, "results": ['
    for index, row in enumerate(_rows(export, records, absolute)):
        yield ("," if index else "") + json.dumps(row, ensure_ascii=False)
    yield "]}"


def _in_language(language, chunks):
    """The chunks rendered in `language`: a streamed body is produced after the view has returned."""
    with translation.override(language):
        yield from chunks


def download_filename(name, params, extension):
    """A name saying what was exported and when: pacta-agreements_topic-border-security_country-sv_2024-10-08.csv."""
    filters = "_".join(slugify(f"{key}-{value}") for key, values in params.lists() if key != "page" for value in values)
    parts = ["pacta-" + name, filters[:MAX_FILENAME_FILTERS].strip("-_"), timezone.localdate().isoformat()]
    return "_".join(part for part in parts if part) + "." + extension


def bad_filters_response(form, as_json=False):
    """400: the filters that could not be applied and why, so that nothing is silently left unfiltered."""
    errors = {name: [str(message) for message in messages] for name, messages in form.errors.items()}
    heading = _("These filters are not valid, so nothing was returned. Correct or remove them and try again.")
    if as_json:
        return JsonResponse({"detail": heading, "errors": errors}, status=400)
    lines = [heading, ""]
    for name, messages in errors.items():
        label = form.fields[name].label if name in form.fields else name
        lines.extend(f"- {label} ({name}): {message}" for message in messages)
    return HttpResponse("\n".join(lines) + "\n", status=400, content_type="text/plain; charset=utf-8")


def export_response(request, export, filterset, export_format, params):
    """The streamed download of every record `filterset` leaves, in its order. Runs one query per chunk of
    records plus one per prefetched relation per chunk (and a count for JSON)."""
    if not filterset.is_valid():
        return bad_filters_response(filterset.form, as_json=export_format == "json")
    queryset = export.prepare(filterset.qs)
    records = queryset.iterator(chunk_size=CHUNK_SIZE)
    absolute = request.build_absolute_uri
    if export_format == "csv":
        chunks = csv_chunks(export, records, absolute)
        content_type = "text/csv; charset=utf-8"
    else:
        chunks = json_chunks(export, records, absolute, queryset.count())
        content_type = "application/json"
    response = StreamingHttpResponse(
        _in_language(translation.get_language(), chunks),
        content_type=content_type,
    )
    filename = download_filename(export.name, params, export_format)
    response.headers["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


class ExportableListMixin:
    """Answers the list URL with `?format=csv` or `?format=json` by the download of every record the page's
    filters and sort leave, whatever the page number. Goes before FilteredListMixin."""

    export: Export

    @classmethod
    def page_parameters(cls):
        return [*super().page_parameters(), "format"]

    def get(self, request, *args, **kwargs):
        requested = sorted({value for value in request.GET.getlist("format") if value})
        if not requested:
            return super().get(request, *args, **kwargs)
        unknown = [value for value in requested if value not in FORMATS]
        if unknown:
            message = _("Unknown format “%(format)s”: choose csv or json.") % {"format": unknown[0][:20]}
            return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
        if len(requested) > 1:
            message = _("Ask for one format at a time: csv or json.")
            return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
        params = request.GET.copy()
        params.pop("format")
        # The page's own base queryset, without the prefetches its cards need: the export prefetches its own.
        queryset = self.get_queryset().prefetch_related(None)
        filterset = self.get_filterset_class()(data=params, queryset=queryset, request=request)
        return export_response(request, self.export, filterset, requested[0], params)
