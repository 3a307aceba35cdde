"""Downloads, the API, feeds and calendars in the reader's language: texts in the language of the page (or of ?lang=
for the API), a text missing in it given in the other language and said to be so, never silently."""

import codecs
import csv
import io
import json
from unittest import mock

import feedparser
import pytest
from django.core.signals import request_finished
from django.urls import reverse
from icalendar import Calendar

from tests.factories import AgreementFactory, AgreementPartyFactory, EventFactory, OrganizationFactory, TopicFactory
from tests.shared import shared_records

pytestmark = pytest.mark.django_db


@shared_records
def records():
    """An agreement and an event written in both languages, and one of each written in English only."""
    customs = TopicFactory(slug="customs", name="Customs", name_es="Aduanas")
    cbp = OrganizationFactory(slug="cbp", name="Customs and Border Protection", name_es="Oficina de Aduanas")
    both = AgreementFactory(
        slug="both",
        title="Customs mutual assistance",
        title_es="Asistencia mutua aduanera",
        summary="Exchange of customs data.",
        summary_es="Intercambio de datos aduaneros.",
        signed_on="2024-10-08",
    )
    both.topics.set([customs])
    AgreementPartyFactory(agreement=both, organization=cbp)
    AgreementFactory(
        slug="english-only", title="Border security", title_es="", summary="Joint patrols.", signed_on="2023"
    )
    EventFactory(
        slug="visit",
        title="Commissioner's visit",
        title_es="Visita del comisionado",
        summary="Talks on customs.",
        summary_es="Conversaciones sobre aduanas.",
        location="San Salvador",
        start="2024-10-08",
    )
    EventFactory(slug="meeting", title="Working meeting", title_es="", summary="Follow-up.", start="2024-11")


def body(response):
    assert response.status_code == 200, response.content.decode()[:2000]
    return b"".join(response.streaming_content)


def csv_by_slug(response):
    content = body(response)
    assert content.startswith(codecs.BOM_UTF8)
    return {row["slug"]: row for row in csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline=""))}


def json_download(response):
    return json.loads(body(response))


# CSV and JSON downloads: the page's language.


def test_csv_download_gives_the_pages_language_and_the_language_of_each_text(client, records):
    english = csv_by_slug(client.get("/agreements/?format=csv"))
    spanish = csv_by_slug(client.get("/es/acuerdos/?format=csv"))

    assert (english["both"]["title"], english["both"]["title_language"]) == ("Customs mutual assistance", "en")
    assert (spanish["both"]["title"], spanish["both"]["title_language"]) == ("Asistencia mutua aduanera", "es")
    assert (spanish["both"]["summary"], spanish["both"]["summary_language"]) == (
        "Intercambio de datos aduaneros.",
        "es",
    )
    # Related records' names, and labels, in the page's language too.
    assert (english["both"]["topics"], spanish["both"]["topics"]) == ("Customs", "Aduanas")
    assert (english["both"]["parties"], spanish["both"]["parties"]) == (
        "Customs and Border Protection",
        "Oficina de Aduanas",
    )
    assert spanish["both"]["signed_on_display"] == "8 de octubre de 2024"
    assert spanish["both"]["url"] == "http://testserver/es/acuerdos/both/"
    # The headers name the columns for programs, not readers: the same in both languages.
    assert list(english["both"]) == list(spanish["both"])


def test_csv_download_gives_a_text_missing_in_the_pages_language_in_the_other_and_says_so(client, records):
    spanish = csv_by_slug(client.get("/es/acuerdos/?format=csv"))

    assert (spanish["english-only"]["title"], spanish["english-only"]["title_language"]) == ("Border security", "en")
    assert (spanish["english-only"]["short_name"], spanish["english-only"]["short_name_language"]) == ("", "")


def test_json_download_gives_the_pages_language_and_falls_back_marked(client, records):
    english = json_download(client.get("/events/?format=json"))
    spanish = json_download(client.get("/es/eventos/?format=json"))
    english_items = {item["slug"]: item for item in english["results"]}
    spanish_items = {item["slug"]: item for item in spanish["results"]}

    assert (english["language"], spanish["language"]) == ("en", "es")
    assert (english_items["visit"]["title"], english_items["visit"]["title_language"]) == ("Commissioner's visit", "en")
    assert (spanish_items["visit"]["title"], spanish_items["visit"]["title_language"]) == (
        "Visita del comisionado",
        "es",
    )
    assert (spanish_items["meeting"]["title"], spanish_items["meeting"]["title_language"]) == ("Working meeting", "en")
    assert (spanish_items["meeting"]["location"], spanish_items["meeting"]["location_language"]) == ("", None)


def abandon(response):
    """Close a download part way, as a server does when its reader goes away; without the end-of-request signal,
    whose receivers would close the test's database connection inside its transaction."""
    with mock.patch.object(request_finished, "send"):
        response.close()


def test_an_abandoned_download_leaves_the_language_of_another_alone(client, records):
    english = client.get("/agreements/?format=csv")
    next(iter(english.streaming_content))
    spanish = client.get("/es/acuerdos/?format=csv")
    spanish_chunks = iter(spanish.streaming_content)
    header = next(spanish_chunks)

    abandon(english)
    rows = header + b"".join(spanish_chunks)

    assert "Asistencia mutua aduanera" in rows.decode("utf-8-sig")


# The API: ?lang=, English by default.


def api(client, url, status=200):
    response = client.get(url, HTTP_ACCEPT="application/json")
    assert response.status_code == status, response.content.decode()[:2000]
    return response.json()


def test_api_list_gives_texts_in_the_language_lang_asks_for(client, records):
    english = {item["slug"]: item for item in api(client, "/api/agreements/")["results"]}
    spanish = {item["slug"]: item for item in api(client, "/api/agreements/?lang=es")["results"]}

    assert (english["both"]["title"], english["both"]["title_language"]) == ("Customs mutual assistance", "en")
    assert (spanish["both"]["title"], spanish["both"]["title_language"]) == ("Asistencia mutua aduanera", "es")
    assert (spanish["english-only"]["title"], spanish["english-only"]["title_language"]) == ("Border security", "en")
    assert spanish["both"]["topics"][0]["name"] == "Aduanas"
    assert spanish["both"]["html_url"] == "http://testserver/es/acuerdos/both/"


def test_api_detail_gives_texts_in_the_language_lang_asks_for_and_falls_back_marked(client, records):
    spanish = api(client, "/api/events/visit/?lang=es")
    fallback = api(client, "/api/events/meeting/?lang=es")
    english = api(client, "/api/events/visit/")

    assert (spanish["summary"], spanish["summary_language"]) == ("Conversaciones sobre aduanas.", "es")
    assert (english["summary"], english["summary_language"]) == ("Talks on customs.", "en")
    assert (fallback["title"], fallback["title_language"]) == ("Working meeting", "en")
    assert (fallback["summary"], fallback["summary_language"]) == ("Follow-up.", "en")
    assert (fallback["location"], fallback["location_language"]) == ("", None)


def test_api_reads_the_language_from_the_address_not_from_the_browser(client, records):
    response = client.get("/api/events/visit/", HTTP_ACCEPT="application/json", HTTP_ACCEPT_LANGUAGE="es")
    spanish = client.get("/api/events/visit/?lang=es", HTTP_ACCEPT="application/json")

    assert response.json()["title"] == "Commissioner's visit"
    assert response["Content-Language"] == "en"
    assert spanish["Content-Language"] == "es"


@pytest.mark.parametrize("lang", ["fr", "ES", "spanish"])
def test_api_answers_an_unknown_language_with_400_and_the_choices(client, records, lang):
    body = api(client, f"/api/agreements/?lang={lang}", status=400)

    assert body == {"lang": [f"Unknown language “{lang}”: choose one of en, es."]}


def test_api_links_keep_the_language_asked_for(client, records):
    page = api(client, "/api/agreements/?lang=es&page_size=1")
    following = api(client, page["next"])
    detail = api(client, page["results"][0]["url"])
    topic = api(client, "/api/topics/customs/?lang=es")

    assert "lang=es" in page["next"]
    assert following["results"][0]["html_url"].startswith("http://testserver/es/")
    assert detail["title"] == "Asistencia mutua aduanera"
    assert topic["records"]["agreements"].endswith("?lang=es&topic=customs")
    assert api(client, "/api/agreements/both/")["url"] == "http://testserver/api/agreements/both/"
    assert api(client, "/api/agreements/both/?lang=")["title"] == "Customs mutual assistance"


def test_schema_documents_lang_with_its_choices_on_every_record_operation(client):
    document = json.loads(client.get(reverse("api:schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json").content)

    for path, operations in document["paths"].items():
        parameters = {parameter["name"]: parameter for parameter in operations["get"].get("parameters", ())}
        # Empty counts as not given (English), as the API answers ?lang= (see the test above).
        assert sorted(parameters["lang"]["schema"]["enum"]) == ["", "en", "es"], path
        assert parameters["lang"]["schema"]["default"] == "en", path
    agreement = document["components"]["schemas"]["AgreementDetail"]["properties"]
    assert agreement["title"]["type"] == "string"
    assert agreement["title_language"]["oneOf"][0] == {"$ref": "#/components/schemas/TextLanguageEnum"}
    assert document["components"]["schemas"]["TextLanguageEnum"]["enum"] == ["en", "es"]


def test_api_documentation_page_lists_lang_and_its_choices(client):
    page = client.get(reverse("api:docs")).content.decode()

    assert "<code>lang</code>" in page
    assert "<code>es</code>" in page


# Atom feeds and iCalendar files: the page's language, and a text in the other one marked as pages mark it.


def test_atom_feed_under_es_is_in_spanish_with_fallbacks_marked(client, records):
    english = feedparser.parse(client.get("/agreements/feed/").content)
    spanish = feedparser.parse(client.get("/es/acuerdos/feed/").content)
    english_entries = {entry.link.rsplit("/", 2)[-2]: entry for entry in english.entries}
    spanish_entries = {entry.link.rsplit("/", 2)[-2]: entry for entry in spanish.entries}

    assert (english.feed.language, spanish.feed.language) == ("en", "es")
    assert spanish.feed.title == "Acuerdos · Pacta"
    assert english_entries["both"].title == "Customs mutual assistance"
    assert spanish_entries["both"].title == "Asistencia mutua aduanera"
    assert "Intercambio de datos aduaneros." in spanish_entries["both"].summary
    assert spanish_entries["both"].tags[0].term == "Aduanas"
    assert spanish_entries["english-only"].title == "Border security (en inglés)"
    assert (
        '<span lang="en">Joint patrols.</span> <span class="in-other-language">(en inglés)</span>'
        in spanish_entries["english-only"].summary
    )
    assert "in-other-language" not in "".join(entry.summary for entry in english.entries)


def test_topic_feed_under_es_is_named_in_spanish(client, records):
    feed = feedparser.parse(client.get("/es/temas/customs/feed/").content)

    assert feed.feed.title == "Aduanas · Pacta"
    assert feed.feed.language == "es"


def test_calendar_under_es_is_in_spanish_with_fallbacks_marked(client, records):
    def entries(url):
        response = client.get(url)
        assert response.status_code == 200
        calendar = Calendar.from_ical(response.content)
        return calendar, {str(entry["url"]).rsplit("/", 2)[-2]: entry for entry in calendar.walk("VEVENT")}

    english_calendar, english = entries("/events/calendar.ics")
    spanish_calendar, spanish = entries("/es/eventos/calendario.ics")

    assert str(english_calendar["x-wr-calname"]) == "Events · Pacta"
    assert str(spanish_calendar["x-wr-calname"]) == "Eventos · Pacta"
    assert str(english["visit"]["summary"]) == "Commissioner's visit"
    assert str(spanish["visit"]["summary"]) == "Visita del comisionado"
    assert spanish["visit"]["summary"].params["LANGUAGE"] == "es"
    assert spanish["visit"]["description"].params["LANGUAGE"] == "es"
    assert "Conversaciones sobre aduanas." in str(spanish["visit"]["description"])
    assert str(spanish["meeting"]["summary"]) == "Working meeting (en inglés)"
    assert spanish["meeting"]["summary"].params["LANGUAGE"] == "en"
    assert "Follow-up. (en inglés)" in str(spanish["meeting"]["description"])
    assert english["meeting"]["summary"].params["LANGUAGE"] == "en"
