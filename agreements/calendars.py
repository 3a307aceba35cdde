"""iCalendar files of any filtered event list and of programs with dates, at the list's own query string.

Every entry is all-day and exactly as precise as its record: a day-precise date covers that day, a month- or
year-precise one the whole month or year, never a day made up. Records with no start date are left out.
"""

import datetime

from django.http import HttpResponse
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEntry

from agreements.feeds import entry_facts, place, short_text
from agreements.filters import EventFilter, ProgramFilter
from agreements.models import Event, TrainingProgram, public_topics
from records import languages
from records.dates import PartialDate
from records.exports import bad_filters_response, download_filename
from records.history import last_changed


def all_day_span(start, end):
    """(first day, the day after the last) of a record's dates, DTEND being exclusive; None without a start.

    An unknown end means the record is known only by its start: the entry covers the start's day, month or year.
    """
    try:
        first = PartialDate(start)
    except ValueError:
        return None
    try:
        last = PartialDate(end) if end else first
    except ValueError:
        last = first
    return first.lower, max(last.upper, first.upper) + datetime.timedelta(days=1)


def calendar_entry(record, uid_prefix, absolute_url):
    """One all-day VEVENT, or None for a record without a usable start date."""
    span = all_day_span(record.start, record.end)
    if span is None:
        return None
    url = absolute_url(record.get_absolute_url())
    facts, found = entry_facts(record)
    description = "\n\n".join(
        part
        for part in (" · ".join(str(fact) for fact in facts if fact), languages.marked(short_text(found)), url)
        if part
    )
    # The language of each text: the calendar's, but the title's own when it is written only in another.
    language = translation.get_language()
    title = languages.text(record, "title")
    entry = CalendarEntry()
    entry.add("uid", f"{uid_prefix}-{record.pk}@pacta")
    entry.add("dtstamp", record.updated_at)
    entry.add("last-modified", last_changed(record))
    entry.add("dtstart", span[0])
    entry.add("dtend", span[1])
    entry.add("summary", languages.marked(title), parameters={"LANGUAGE": title.language or language})
    entry.add("url", url)
    entry.add("description", description, parameters={"LANGUAGE": language})
    if record.public_topics:
        entry.add("categories", [topic.name for topic in record.public_topics])
    where = place(record)
    if where:
        entry.add("location", where, parameters={"LANGUAGE": language})
    return entry


def calendar_response(request, filterset_class, model, uid_prefix, name, title):
    """The .ics of every dated record the list's filters leave; 400 with the reasons when a filter is bad.
    Runs two queries."""
    queryset = model.objects.published().exclude(start="")
    filterset = filterset_class(data=request.GET, queryset=queryset, request=request)
    if not filterset.is_valid():
        return bad_filters_response(filterset.form)
    records = filterset.qs.prefetch_related(public_topics())
    calendar = Calendar()
    calendar.add("prodid", "-//Pacta//International cooperation records//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{title} · Pacta")
    for record in records:
        entry = calendar_entry(record, uid_prefix, request.build_absolute_uri)
        if entry is not None:
            calendar.add_component(entry)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    filename = download_filename(name, request.GET, "ics")
    response.headers["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def event_calendar(request):
    return calendar_response(request, EventFilter, Event, "event", "events", _("Events"))


def program_calendar(request):
    return calendar_response(request, ProgramFilter, TrainingProgram, "program", "programs", _("Training programs"))
