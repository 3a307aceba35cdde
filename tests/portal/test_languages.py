"""Pages per language: English where they always were, Spanish under /es/ with Spanish paths, the address naming
the language, links between the two, hreflang alternates and a sitemap that lists both."""

import re
import xml.etree.ElementTree as ET

import polib
import pytest
from django.conf import settings

from tests import factories

pytestmark = pytest.mark.django_db

# (English address, Spanish address) of every public page type, on the dataset.
PAGES = [
    ("/", "/es/"),
    ("/agreements/", "/es/acuerdos/"),
    ("/agreements/?topic=customs&country=SV", "/es/acuerdos/?topic=customs&country=SV"),
    ("/agreements/us-el-salvador-cmaa/", "/es/acuerdos/us-el-salvador-cmaa/"),
    ("/programs/", "/es/programas/"),
    ("/programs/cbp-training-at-ilea-san-salvador/", "/es/programas/cbp-training-at-ilea-san-salvador/"),
    ("/events/", "/es/eventos/"),
    ("/events/miller-visit-el-salvador-2024/", "/es/eventos/miller-visit-el-salvador-2024/"),
    ("/people/", "/es/personas/"),
    ("/people/troy-miller/", "/es/personas/troy-miller/"),
    ("/organizations/", "/es/organizaciones/"),
    ("/organizations/cbp/", "/es/organizaciones/cbp/"),
    ("/topics/", "/es/temas/"),
    ("/topics/border-security/", "/es/temas/border-security/"),
    ("/countries/SV/", "/es/paises/SV/"),
    ("/search/?q=customs", "/es/buscar/?q=customs"),
    ("/about/", "/es/acerca-de/"),
    ("/report/agreement/us-el-salvador-cmaa/", "/es/reportar/agreement/us-el-salvador-cmaa/"),
]
FEEDS = [
    ("/agreements/feed/", "/es/acuerdos/feed/"),
    ("/events/calendar.ics", "/es/eventos/calendario.ics"),
    ("/topics/border-security/feed/", "/es/temas/border-security/feed/"),
    ("/countries/SV/feed/", "/es/paises/SV/feed/"),
]


def html_lang(response):
    return re.search(r'<html lang="([^"]+)">', response.content.decode()).group(1)


def language_links(response):
    """{language: href} of the header's links to the page in each language."""
    nav = re.search(r'<nav class="language-switch".*?</nav>', response.content.decode(), re.S).group(0)
    return {code: href.replace("&amp;", "&") for href, code in re.findall(r'<a href="([^"]*)" lang="(\w+)"', nav)}


def alternates(response):
    """{hreflang: href} of the page's <link rel="alternate" hreflang> tags."""
    found = re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]*)">', response.content.decode())
    return {code: href.replace("&amp;", "&") for code, href in found}


@pytest.mark.parametrize(("english", "spanish"), PAGES)
def test_every_page_answers_in_english_where_it_was_and_in_spanish_under_es(client, dataset, english, spanish):
    english_page, spanish_page = client.get(english), client.get(spanish)

    assert english_page.status_code == 200
    assert spanish_page.status_code == 200
    assert html_lang(english_page) == "en"
    assert html_lang(spanish_page) == "es"


@pytest.mark.parametrize(("english", "spanish"), PAGES)
def test_the_header_links_to_the_same_page_and_query_in_the_other_language(client, dataset, english, spanish):
    assert language_links(client.get(english)) == {"en": english, "es": spanish}
    assert language_links(client.get(spanish)) == {"en": english, "es": spanish}


@pytest.mark.parametrize(("english", "spanish"), FEEDS)
def test_feeds_and_calendars_have_an_address_in_each_language(client, dataset, english, spanish):
    assert client.get(english).status_code == 200
    assert client.get(spanish).status_code == 200


def test_the_address_names_the_language_whatever_the_browser_asks_for(client, dataset):
    client.cookies["django_language"] = "es"

    english = client.get("/agreements/", headers={"accept-language": "es-SV,es;q=0.9"})
    spanish = client.get("/es/acuerdos/", headers={"accept-language": "en-US,en;q=0.9"})

    assert html_lang(english) == "en"
    assert html_lang(spanish) == "es"


def test_each_language_has_its_canonical_address_and_hreflang_alternates(client, dataset):
    english = client.get("/agreements/?country=SV&topic=customs&utm_source=x")
    spanish = client.get("/es/acuerdos/?country=SV&topic=customs")

    expected = {
        "en": "http://testserver/agreements/?topic=customs&country=SV",
        "es": "http://testserver/es/acuerdos/?topic=customs&country=SV",
        "x-default": "http://testserver/agreements/?topic=customs&country=SV",
    }
    assert alternates(english) == alternates(spanish) == expected
    assert '<link rel="canonical" href="http://testserver/es/acuerdos/?topic=customs&amp;country=SV">' in (
        spanish.content.decode()
    )


def test_a_record_page_has_its_permanent_address_in_each_language(client, dataset):
    response = client.get("/es/personas/troy-miller/")

    assert alternates(response) == {
        "en": "http://testserver/people/troy-miller/",
        "es": "http://testserver/es/personas/troy-miller/",
        "x-default": "http://testserver/people/troy-miller/",
    }


def test_a_spanish_address_that_does_not_exist_is_a_404(client, dataset):
    assert client.get("/es/agreements/").status_code == 404
    assert client.get("/es/acuerdos/no-such-agreement/").status_code == 404
    assert client.get("/acuerdos/").status_code == 404


def test_the_sitemap_lists_every_page_in_both_languages_with_alternates(client, dataset):
    tree = ET.fromstring(client.get("/sitemap-agreements.xml").content)  # noqa: S314 - the site's own sitemap
    ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
    entries = {
        url.find("sm:loc", ns).text: {link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", ns)}
        for url in tree.findall("sm:url", ns)
    }

    english = "http://testserver/agreements/us-el-salvador-cmaa/"
    spanish = "http://testserver/es/acuerdos/us-el-salvador-cmaa/"
    assert entries[english] == entries[spanish] == {"en": english, "es": spanish, "x-default": english}


def test_the_spanish_catalogue_is_complete_and_its_compiled_copy_matches_it():
    catalogue = settings.BASE_DIR / "locale" / "es" / "LC_MESSAGES"
    po = polib.pofile(str(catalogue / "django.po"))
    mo = polib.mofile(str(catalogue / "django.mo"))

    def messages(entries):
        return {(entry.msgctxt, entry.msgid): entry.msgstr or dict(entry.msgstr_plural) for entry in entries}

    assert [entry.msgid for entry in po.untranslated_entries()] == []
    assert [entry.msgid for entry in po.fuzzy_entries()] == []
    # `make messages` compiles the .mo from the .po; a .po edited without it leaves Spanish pages behind.
    assert messages(mo) == messages(po.translated_entries())


def test_a_text_missing_in_the_pages_language_shows_the_other_one_marked_never_silently(client):
    factories.AgreementFactory(
        slug="only-english", title="Customs cooperation", title_es="", summary="Exchange of customs data."
    )
    factories.AgreementFactory(slug="both", title="Border security", title_es="Seguridad fronteriza")

    spanish_list = client.get("/es/acuerdos/").content.decode()
    spanish_page = client.get("/es/acuerdos/only-english/").content.decode()
    english_page = client.get("/agreements/only-english/").content.decode()

    assert '<span lang="en">Customs cooperation</span> <span class="in-other-language">(en inglés)</span>' in (
        spanish_page
    )
    assert '<span lang="en">Exchange of customs data.</span>' in spanish_page
    assert '<span lang="en">Customs cooperation</span>' in spanish_list
    assert ">Seguridad fronteriza</a>" in spanish_list
    assert "in-other-language" not in english_page


def test_the_home_page_holds_a_link_to_itself_in_the_other_language_for_browsers_that_prefer_it(client, dataset):
    english_page = client.get("/", HTTP_ACCEPT_LANGUAGE="es")
    english, spanish = english_page.content.decode(), client.get("/es/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    # Hidden until static/js/language.js finds the browser prefers that language; the address never changes.
    assert (
        '<p class="notice" data-language-suggestion="es" lang="es" hidden><a href="/es/" hreflang="es">'
        "Leer Pacta en español</a></p>"
    ) in english
    assert (
        '<p class="notice" data-language-suggestion="en" lang="en" hidden><a href="/" hreflang="en">'
        "Read Pacta in English</a></p>"
    ) in spanish
    assert html_lang(english_page) == "en"
    assert "js/language.js" in english
