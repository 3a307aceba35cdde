"""iCalendar files of the filtered event and program lists: all-day entries exactly as precise as the records."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from agreements.models import EventKind, ProgramFormat
from records.models import PublicationStatus
from tests.factories import EventFactory, OrganizationFactory, TopicFactory, TrainingProgramFactory
from tests.helpers import invalid_filter_in_plain_text

HIDDEN_STATUSES = [PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW]


def entries(response):
    """{uid: VEVENT} of a calendar, which must parse."""
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["version"]) == "2.0"
    return {str(entry["uid"]): entry for entry in calendar.walk("VEVENT")}


def span(entry):
    return entry.decoded("dtstart"), entry.decoded("dtend")


@pytest.mark.parametrize(
    ("start", "end", "first", "after_last"),
    [
        ("2024-10-08", "", datetime.date(2024, 10, 8), datetime.date(2024, 10, 9)),
        ("2024-10-07", "2024-10-09", datetime.date(2024, 10, 7), datetime.date(2024, 10, 10)),
        ("2024-10", "", datetime.date(2024, 10, 1), datetime.date(2024, 11, 1)),
        ("2024-02", "", datetime.date(2024, 2, 1), datetime.date(2024, 3, 1)),
        ("2024-12", "", datetime.date(2024, 12, 1), datetime.date(2025, 1, 1)),
        ("2024-10", "2024-12", datetime.date(2024, 10, 1), datetime.date(2025, 1, 1)),
        ("2024-10-28", "2024-11", datetime.date(2024, 10, 28), datetime.date(2024, 12, 1)),
        ("2024", "", datetime.date(2024, 1, 1), datetime.date(2025, 1, 1)),
    ],
)
def test_event_is_an_all_day_entry_spanning_exactly_what_its_dates_say(client, db, start, end, first, after_last):
    event = EventFactory(start=start, end=end)

    entry = entries(client.get("/events/calendar.ics"))[f"event-{event.pk}@pacta"]

    assert span(entry) == (first, after_last)
    # All-day: dates, not date-times, so that no hour or day is made up.
    assert entry["dtstart"].params["VALUE"] == "DATE"
    assert not isinstance(entry.decoded("dtstart"), datetime.datetime)


def test_entry_carries_title_link_description_topics_and_place(client, db):
    event = EventFactory(
        title="Visita del Comisionado", slug="visita", kind=EventKind.VISIT, location="San Salvador", country="SV"
    )
    event.topics.set([TopicFactory(name="Border security"), TopicFactory(name="Migración")])

    entry = entries(client.get("/events/calendar.ics"))[f"event-{event.pk}@pacta"]

    assert str(entry["summary"]) == "Visita del Comisionado"
    assert str(entry["url"]) == "http://testserver/events/visita/"
    assert str(entry["location"]) == "San Salvador, El Salvador"
    assert sorted(str(category) for category in entry.categories) == ["Border security", "Migración"]
    description = str(entry["description"])
    assert description.startswith("Event · Official visit · October 2024")
    assert "http://testserver/events/visita/" in description
    assert entry.decoded("dtstamp") == event.updated_at.replace(microsecond=0)


def test_uids_are_stable_from_one_download_to_the_next(client, db):
    EventFactory.create_batch(3)

    assert entries(client.get("/events/calendar.ics")).keys() == entries(client.get("/events/calendar.ics")).keys()


def test_undated_records_are_left_out(client, db):
    dated = EventFactory(start="2024")
    EventFactory(start="")
    TrainingProgramFactory(start="")

    assert list(entries(client.get("/events/calendar.ics"))) == [f"event-{dated.pk}@pacta"]
    assert entries(client.get("/programs/calendar.ics")) == {}


def test_events_calendar_applies_the_lists_filters(client, db):
    salvador = EventFactory(country="SV", kind=EventKind.VISIT)
    EventFactory(country="GT", kind=EventKind.VISIT)
    EventFactory(country="SV", kind=EventKind.MEETING)

    uids = entries(client.get("/events/calendar.ics?country=SV&kind=visit"))

    assert list(uids) == [f"event-{salvador.pk}@pacta"]


def test_events_calendar_holds_the_dated_records_of_the_html_list(client, db):
    EventFactory.create_batch(3, country="SV")
    EventFactory(country="SV", start="")
    EventFactory(country="GT")

    listed = client.get("/events/?country=SV").context["page_obj"].object_list
    uids = entries(client.get("/events/calendar.ics?country=SV"))

    assert sorted(uids) == sorted(f"event-{event.pk}@pacta" for event in listed if event.start)


def test_programs_calendar_spans_the_program_and_applies_the_lists_filters(client, db):
    course = TrainingProgramFactory(start="2024-03", end="2024-05", format=ProgramFormat.COURSE)
    ongoing = TrainingProgramFactory(start="2023", format=ProgramFormat.COURSE, host=OrganizationFactory(country="SV"))
    TrainingProgramFactory(start="2024-03", format=ProgramFormat.WORKSHOP)

    calendar = entries(client.get("/programs/calendar.ics?kind=course"))

    assert set(calendar) == {f"program-{course.pk}@pacta", f"program-{ongoing.pk}@pacta"}
    assert span(calendar[f"program-{course.pk}@pacta"]) == (datetime.date(2024, 3, 1), datetime.date(2024, 6, 1))
    # An open end is not a made-up end: the entry covers what is known, the year it began.
    assert span(calendar[f"program-{ongoing.pk}@pacta"]) == (datetime.date(2023, 1, 1), datetime.date(2024, 1, 1))


@pytest.mark.parametrize("status", HIDDEN_STATUSES)
@pytest.mark.parametrize(
    ("factory", "url", "prefix"),
    [(EventFactory, "/events/calendar.ics", "event"), (TrainingProgramFactory, "/programs/calendar.ics", "program")],
)
def test_unpublished_record_is_absent_from_the_calendar(client, db, factory, url, prefix, status):
    published = factory(start="2024-10")
    factory(start="2024-10", publication_status=status)

    assert list(entries(client.get(url))) == [f"{prefix}-{published.pk}@pacta"]


@pytest.mark.parametrize("status", HIDDEN_STATUSES)
def test_unpublished_topic_is_not_a_category_of_a_published_entry(client, db, status):
    event = EventFactory()
    event.topics.set([TopicFactory(name="Public topic"), TopicFactory(name="Hidden topic", publication_status=status)])

    (entry,) = entries(client.get("/events/calendar.ics")).values()

    assert [str(category) for category in entry.categories] == ["Public topic"]


@pytest.mark.parametrize(
    "url",
    [
        "/events/calendar.ics?country=ZZ",
        "/events/calendar.ics?after=next-week",
        "/events/calendar.ics?topic=no-such-topic",
        "/programs/calendar.ics?kind=ics",
        "/programs/calendar.ics?when=someday",
    ],
)
def test_invalid_filter_on_a_calendar_answers_400_with_a_clear_message(client, db, url):
    invalid_filter_in_plain_text(client, url)


def test_event_and_program_lists_link_to_their_calendar_with_their_filters(client, db):
    events = client.get("/events/", {"country": "SV", "page": 1}).content.decode()
    programs = client.get("/programs/", {"kind": "course"}).content.decode()

    assert 'href="/events/calendar.ics?country=SV" type="text/calendar">Add to calendar (iCal)</a>' in events
    assert 'href="/programs/calendar.ics?kind=course" type="text/calendar">Add to calendar (iCal)</a>' in programs


def test_calendar_download_is_named_after_what_it_holds(client, db):
    response = client.get("/events/calendar.ics?country=SV")

    assert response["Content-Disposition"].startswith('attachment; filename="pacta-events_country-sv_')


def test_calendar_queries_do_not_grow_with_the_number_of_entries(client, db):
    def add_event():
        EventFactory().topics.set([TopicFactory()])

    def queries_for_calendar():
        with CaptureQueriesContext(connection) as queries:
            entries(client.get("/events/calendar.ics"))
        return len(queries)

    add_event()
    few = queries_for_calendar()
    for _ in range(10):
        add_event()

    assert queries_for_calendar() == few
