"""CSV and JSON of exactly what a filtered list shows: the same FilterSet, every matching record, streamed.

A list view takes `ExportableListMixin` and names an `Export` (its columns, and the published related records they
read); `?format=csv` or `?format=json` on the list's own URL then answers with the download. Feeds and calendars
share `bad_filters_response` so that every way of taking a list away refuses bad filters alike.
"""

import csv
import json
from collections import defaultdict, namedtuple
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from itertools import chain, islice
from operator import itemgetter
from typing import Any

from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _

from records import languages
from records.dates import PartialDate
from records.formulae import escape
from records.labels import choice_labels, country_names, slug_urls
from records.lists.tables import VIEW_PARAM
from records.models import published_via

FORMATS = ("csv", "json")
# Records read per round trip (one query for their rows, one per relation): memory grows with this, not with the
# list. Each relation's query names the chunk's ids, so this stays under SQLite's limit of 32,766 parameters.
CHUNK_SIZE = 2000
# The filter part of a download's name is cut here, so that many filters still give a usable file name.
MAX_FILENAME_FILTERS = 80


@dataclass(frozen=True)
class Column:
    """One field of an export: a CSV column and a JSON key.

    `value(row)` reads a row, a dict of the record's `fields` by name and of its relations' items by relation name,
    and gives a string, a boolean, None or, for relations, a list of strings (joined with `separator` in CSV, a
    JSON list). A `link` column holds a path made absolute for the download. A value that depends on the reader's
    language or the site's address has `bind()` instead, which gives `value` for one download, at its start: the
    language and URLconf are then looked up once, not per row.
    """

    name: str
    value: Callable[[dict], Any] | None = None
    separator: str = "; "
    link: bool = False
    fields: tuple[str, ...] = ()
    bind: Callable[[], Callable[[dict], Any]] | None = None

    def reader(self):
        return self.bind() if self.bind else self.value


@dataclass(frozen=True)
class Relation:
    """Related records of a chunk of exported records, read in one query.

    `rows()` gives the rows to read (link rows, or the records themselves), public ones only, in the order the
    export lists them; `record` is the path from such a row to the exported record's id; `fields` the paths read,
    each item giving them by the last part of their path (`organization__name` as `item.name`). A path to a text
    kept in each language is read in every language and given in the download's, by records.languages' rule.
    """

    name: str
    rows: Callable
    record: str
    fields: tuple[str, ...]
    item: type = dataclass_field(init=False, repr=False, compare=False)

    def __post_init__(self):
        names = [path.rpartition("__")[2] for path in self.fields]
        object.__setattr__(self, "item", namedtuple(self.name.title().replace("_", ""), names))

    def items_of(self, ids):
        """{record id: [item, …]} for the records with these ids that have any."""
        rows = self.rows()
        columns, readers = [], []
        for path in self.fields:
            if languages.is_translated(rows.model, path):
                columns.extend(languages.column(path, code) for code in languages.languages())
                readers.append(_text_value(languages.text_reader(path)))
            else:
                columns.append(path)
                readers.append(itemgetter(path))
        grouped = defaultdict(list)
        for row in rows.filter(**{f"{self.record}__in": ids}).values(self.record, *columns):
            grouped[row[self.record]].append(self.item._make([read(row) for read in readers]))
        return grouped


def _text_value(read):
    return lambda row: read(row).value


def published_through(model, field_name, through, order_by="name"):
    """The records of a many-to-many field that are published, in their own order, read from the link table."""
    return Relation(
        field_name,
        lambda: (
            getattr(model, field_name).through.objects.filter(published_via(through)).order_by(f"{through}__{order_by}")
        ),
        record=model._meta.model_name,
        fields=(f"{through}__{order_by}", f"{through}__slug"),
    )


def published_target(model, field_name, label="name"):
    """The record a foreign key points to (an event's parent, a program's host), when it is published."""
    return Relation(
        field_name,
        lambda: model.objects.filter(published_via(field_name)),
        record="pk",
        fields=(f"{field_name}__{label}", f"{field_name}__slug"),
    )


def field(name):
    return Column(name, itemgetter(name), fields=(name,))


def text(name):
    """A text kept in each language (records.languages), as the page the download was asked from shows it: in its
    language, else in the other one that has it; and `<name>_language`, the language the text is in ("en", "es";
    none without a text), so that a Spanish text and an English one standing in for it are told apart."""
    fields = tuple(languages.column(name, code) for code in languages.languages())

    def value():
        return _text_value(languages.text_reader(name))

    def language():
        read = languages.text_reader(name)
        return lambda row: read(row).language

    return [Column(name, bind=value, fields=fields), Column(f"{name}_language", bind=language, fields=fields)]


def choice(model, name):
    """The stored value and its label in the reader's language: "cmaa", "Customs mutual assistance agreement"."""

    def bind():
        labels = choice_labels(model, name)
        return lambda row: labels.get(row[name], row[name])

    return [field(name), Column(f"{name}_display", bind=bind, fields=(name,))]


def _display_date(value):
    try:
        return PartialDate(value).display() if value else ""
    except ValueError:
        return value


def partial_date(name):
    """The date as stored ("2024-10", never a day made up) and as read ("October 2024")."""

    def bind():
        # Dates repeat in a long list, and each display formats and translates: each is worked out once a download.
        displays = {}

        def display(row):
            value = row[name]
            if value not in displays:
                displays[value] = _display_date(value)
            return displays[value]

        return display

    return [field(name), Column(f"{name}_display", bind=bind, fields=(name,))]


def country(name="country"):
    """The ISO 3166 code and the country's name."""

    def bind():
        names = country_names()
        return lambda row: names.get(row[name], "") if row[name] else ""

    return [
        Column(name, lambda row: row[name] or "", fields=(name,)),
        Column(f"{name}_name", bind=bind, fields=(name,)),
    ]


def related(name, slug_name, relation, label="name"):
    """The related records `relation` reads (published ones only), by `label` and by slug."""
    return [
        Column(name, lambda row: [getattr(item, label) for item in row[relation]]),
        Column(slug_name, lambda row: [item.slug for item in row[relation]], separator=";"),
    ]


def related_one(name, slug_name, relation, label="name"):
    """The one related record `relation` reads, or none when it reads none (a draft one), by `label` and by slug."""
    return [
        Column(name, lambda row: getattr(row[relation][0], label) if row[relation] else ""),
        Column(slug_name, lambda row: row[relation][0].slug if row[relation] else ""),
    ]


def certainty(model):
    """How sure the record is (records.models.Certainty), as stored and as read, and the note saying why."""
    return [*choice(model, "certainty"), *text("certainty_note")]


def record_columns(model):
    """What every export ends with: the record's public page and when it last changed."""

    def bind():
        url = slug_urls(model)
        return lambda row: url(row["slug"])

    return [
        Column("url", bind=bind, link=True, fields=("slug",)),
        Column("updated_at", lambda row: row["updated_at"].isoformat(), fields=("updated_at",)),
    ]


@dataclass(frozen=True)
class Export:
    """What a list exports: `name` (of the download), `columns`, and the `relations` they read."""

    name: str
    columns: list[Column]
    relations: list[Relation] = dataclass_field(default_factory=list)

    def fields(self):
        return sorted({"pk", *(name for column in self.columns for name in column.fields)})


def _chunks(export, queryset):
    """Lists of rows, CHUNK_SIZE at a time in the queryset's order, each row with its relations' items."""
    rows = queryset.values(*export.fields()).iterator(chunk_size=CHUNK_SIZE)
    while chunk := list(islice(rows, CHUNK_SIZE)):
        ids = [row["pk"] for row in chunk]
        for relation in export.relations:
            items = relation.items_of(ids)
            for row in chunk:
                row[relation.name] = items.get(row["pk"], ())
        yield chunk


def _values(export, rows, absolute):
    """Per record, each column's value: a string, a list of strings, a boolean or None; links made absolute."""
    readers = [(column.reader(), column.link) for column in export.columns]
    for chunk in _chunks(export, rows):
        values = []
        for row in chunk:
            line = []
            for read, link in readers:
                value = read(row)
                if link:
                    value = absolute(value)
                elif isinstance(value, list | tuple):
                    value = [item if type(item) is str else str(item) for item in value]
                elif not (type(value) is str or value is None or isinstance(value, bool)):
                    value = str(value)
                line.append(value)
            values.append(line)
        yield values


def _cell(value, separator):
    """A value as a CSV field; a text that would start a formula is escaped (records.formulae)."""
    if type(value) is str:
        return escape(value)
    if isinstance(value, list):
        return escape(separator.join(value))
    if value is None:
        return ""
    return "true" if value else "false"


class _Echo:
    """A file that hands back what is written, so that csv.writer gives each line as a string."""

    def write(self, value):
        return value


def csv_chunks(export, queryset, absolute):
    """The CSV: a byte-order mark (so that spreadsheet applications read UTF-8 and keep accents), a header row,
    then the lines of each chunk of records at once, no cell starting a formula."""
    writer = csv.writer(_Echo())
    separators = [column.separator for column in export.columns]
    yield "\ufeff" + writer.writerow([column.name for column in export.columns])
    for values in _values(export, queryset, absolute):
        yield "".join(
            writer.writerow([_cell(value, separator) for value, separator in zip(line, separators, strict=True)])
            for line in values
        )


def json_chunks(export, queryset, absolute, count, language):
    """{"count": …, "language": …, "results": [...]}, a chunk of records at a time; `language` is the one the
    texts were asked in."""
    names = [column.name for column in export.columns]
    yield f'{{"count": {count}, "language": {json.dumps(language)}, "results": ['
    separator = ""
    for values in _values(export, queryset, absolute):
        yield separator + ",".join(
            json.dumps(dict(zip(names, line, strict=True)), ensure_ascii=False) for line in values
        )
        separator = ","
    yield "]}"


def _in_language(language, chunks):
    """The chunks rendered in `language`: a streamed body is produced after the view has returned. The language is
    active only while a chunk is made, so that the thread's own is left alone between chunks and when the download
    is abandoned (a generator closed part way, even by the garbage collector during another download, would
    otherwise restore a language in the middle of it)."""
    chunks = iter(chunks)
    while True:
        with translation.override(language):
            chunk = next(chunks, None)
        if chunk is None:
            return
        yield chunk


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
    """The streamed download of every record `filterset` leaves, in its order. Runs one query for the records,
    read CHUNK_SIZE at a time, plus one per relation per chunk (and a count for JSON)."""
    if not filterset.is_valid():
        return bad_filters_response(filterset.form, as_json=export_format == "json")
    queryset = filterset.qs
    # Links are paths from the site's root: made absolute by the address the request came to, worked out once.
    site = request.build_absolute_uri("/").removesuffix("/")

    def absolute(path):
        return site + path

    if export_format == "csv":
        chunks = csv_chunks(export, queryset, absolute)
        content_type = "text/csv; charset=utf-8"
    else:
        chunks = json_chunks(export, queryset, absolute, queryset.count(), translation.get_language())
        content_type = "application/json"
    body = _in_language(translation.get_language(), chunks)
    # The opening and the first chunk of records are made before the response leaves the view: a database that
    # cannot be read then answers 503 (portal/database.py) instead of a download that stops after its header.
    started = list(islice(body, 2))
    response = StreamingHttpResponse(chain(started, body), content_type=content_type)
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
        # Cards or table, a page exports the same records in the same order.
        params.pop(VIEW_PARAM, None)
        # The page's own base queryset, without what its cards fetch: the export reads its own relations.
        queryset = self.get_queryset().select_related(None).prefetch_related(None)
        filterset = self.get_filterset_class()(data=params, queryset=queryset, request=request)
        return export_response(request, self.export, filterset, requested[0], params)
