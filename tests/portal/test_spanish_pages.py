"""Spanish pages say nothing in English: every interface string of the catalogue is shown translated, and what is
in another language (names, cited excerpts, texts not yet translated) sits in an element saying so with `lang`."""

import re
from html.parser import HTMLParser

import polib
import pytest
from django.conf import settings

from portal import views
from tests import factories
from tests.helpers import report_data

pytestmark = pytest.mark.django_db

# Every public page type in Spanish, on the dataset: the reader path first.
PAGES = [
    "/es/",
    "/es/temas/",
    "/es/temas/border-security/",
    "/es/paises/SV/",
    "/es/acuerdos/",
    "/es/acuerdos/?topic=border-security&country=SV&signed_after=2024&signed_before=2024",
    "/es/acuerdos/?q=nada-que-encontrar",
    "/es/acuerdos/us-el-salvador-cmaa/",
    "/es/acuerdos/?facet=party",
    "/es/personas/",
    "/es/personas/troy-miller/",
    "/es/eventos/",
    "/es/eventos/miller-visit-el-salvador-2024/",
    "/es/programas/",
    "/es/programas/cbp-training-at-ilea-san-salvador/",
    "/es/organizaciones/",
    "/es/organizaciones/cbp/",
    "/es/buscar/?q=aduana",
    "/es/buscar/?q=zzzz",
    "/es/acerca-de/",
    "/es/reportar/agreement/us-el-salvador-cmaa/",
    "/es/no-existe/",
]
NOT_FOUND = "/es/no-existe/"
# Text that is not interface prose: code and its samples, what the browser does not show, and references to copy
# (a reference quotes a title as it is, in whichever language it exists).
NOT_PROSE = {"script", "style", "code", "pre", "template", "textarea"}
# Attributes whose text a reader hears or sees.
READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{[^}]*\}\}|\{\w*\}|<[^>]+>|\n")


def english_strings():
    """The English side of every catalogue entry whose Spanish differs, cut at its placeholders and markup: the
    pieces of at least two words, or one word of five letters or more, that a Spanish page must not show (a name the
    Spanish keeps as it is, such as "Paraguay", is not English)."""
    catalogue = polib.pofile(str(settings.BASE_DIR / "locale" / "es" / "LC_MESSAGES" / "django.po"))
    pieces = set()
    for entry in catalogue.translated_entries():
        for msgid, msgstr in [(entry.msgid, entry.msgstr or entry.msgstr_plural.get(0)), (entry.msgid_plural, "")]:
            if not msgid or msgid == msgstr:
                continue
            for piece in PLACEHOLDER.split(msgid):
                piece = piece.strip(" .,:;·()[]…—–-\"'")
                words = piece.split()
                if piece in (msgstr or "") or piece in entry.msgstr_plural.get(1, ""):
                    continue
                if len(words) >= 2 or (len(words) == 1 and len(piece) >= 5 and piece.isalpha()):
                    pieces.add(piece)
    return pieces


class VisibleText(HTMLParser):
    """The text a reader of the page's language sees or hears, without what is marked as in another language."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, language):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.open = []  # (tag, whether it is left out)
        self.parts = []

    def skipping(self):
        return any(skipped for _tag, skipped in self.open)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        skipped = tag in NOT_PROSE or attributes.get("lang", self.language) != self.language
        if not skipped and not self.skipping():
            self.parts.extend(attributes[name] for name in READ_ATTRIBUTES if attributes.get(name))
            if tag == "meta" and attributes.get("name") == "description":
                self.parts.append(attributes.get("content", ""))
        if tag not in self.VOID:
            self.open.append((tag, skipped))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.open.pop()

    def handle_endtag(self, tag):
        while self.open:
            if self.open.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not self.skipping():
            self.parts.append(data)

    @classmethod
    def of(cls, html, language):
        parser = cls(language)
        parser.feed(html)
        return " ".join(" ".join(parser.parts).split())


@pytest.fixture(scope="module")
def english():
    return english_strings()


def shown_english(html, english):
    """The catalogue's English that a Spanish page shows."""
    text = VisibleText.of(html, "es")
    return sorted(piece for piece in english if re.search(rf"(?<!\w){re.escape(piece)}(?!\w)", text))


@pytest.mark.parametrize("address", PAGES)
def test_a_spanish_page_shows_none_of_the_interfaces_english(client, dataset, english, address):
    response = client.get(address)
    html = response.content.decode()

    shown = shown_english(html, english)

    assert response.status_code == (404 if address == NOT_FOUND else 200)
    assert '<html lang="es">' in html
    assert shown == []


def links(html):
    """{visible text of a link: its address} of a page's links."""
    return {
        VisibleText.of(text, "es"): href.replace("&amp;", "&")
        for href, text in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', html, re.S)
    }


def test_the_reader_path_can_be_walked_in_spanish_without_english(client, dataset, english):
    """/es/ → Seguridad fronteriza → El Salvador → 2024 → the CMAA → Troy Miller → his visit, every step in Spanish."""
    visited = []

    def visit(address):
        response = client.get(address)
        assert response.status_code == 200, address
        html = response.content.decode()
        visited.append((address, shown_english(html, english)))
        return html

    home = visit("/es/")
    topic = visit(links(home)["Seguridad fronteriza"])
    agreements = visit(links(topic)["Filtrar más esta lista de acuerdos"])
    # The filter form: El Salvador ticked, signed in 2024 (a GET form, as a browser without JavaScript sends it).
    assert 'name="country" value="SV"' in agreements and 'name="signed_after"' in agreements
    narrowed = visit(
        f"{agreements_path(agreements)}?topic=border-security&country=SV&signed_after=2024&signed_before=2024"
    )
    cmaa = visit(links(narrowed)["Acuerdo de Asistencia Mutua Aduanera entre los Estados Unidos y El Salvador"])
    miller = visit(links(cmaa)["Troy A. Miller"])
    visit(links(miller)["Visita oficial del comisionado interino de CBP Troy Miller a El Salvador"])

    assert [address for address, _shown in visited][-3:] == [
        "/es/acuerdos/us-el-salvador-cmaa/",
        "/es/personas/troy-miller/",
        "/es/eventos/miller-visit-el-salvador-2024/",
    ]
    assert [shown for _address, shown in visited] == [[]] * len(visited)


def agreements_path(html):
    """The address of the list the filter form sends to."""
    return re.search(r'<form method="get" action="([^"]+)" class="filter-form"', html).group(1)


def test_a_text_not_yet_in_spanish_is_marked_wherever_a_spanish_page_shows_it(client):
    office = factories.OrganizationFactory(slug="zenith", name="Zenith Office", name_es="", official_language="en")
    accord = factories.AgreementFactory(
        slug="zebra",
        title="Zebra border accord",
        title_es="",
        summary="Zebra summary.",
        summary_es="",
        note="Zebra note.",
    )
    factories.AgreementPartyFactory(agreement=accord, organization=office)
    addresses = [
        "/es/",
        "/es/acuerdos/",
        "/es/acuerdos/?party=zenith",
        "/es/acuerdos/zebra/",
        "/es/organizaciones/zenith/",
        "/es/buscar/?q=zebra",
    ]

    for address in addresses:
        html = client.get(address).content.decode()
        text = VisibleText.of(html, "es")
        assert "Zebra border accord" in html, address
        # Outside an element marked as English, only as plain text followed by its mark (<title>, meta description).
        for english_text in ("Zebra border accord", "Zebra summary."):
            unmarked = [text[found.start() : found.end() + 20] for found in re.finditer(re.escape(english_text), text)]
            assert [shown for shown in unmarked if not shown.endswith(" (en inglés)", 0, len(english_text) + 12)] == []
        assert "(en inglés)" in text, address
        for fallback in re.findall(
            r'<span lang="(\w+)">[^<]*</span> <span class="in-other-language">([^<]*)</span>', html
        ):
            assert fallback == ("en", "(en inglés)"), address


def test_a_list_sorted_by_title_follows_the_pages_language(client):
    factories.AgreementFactory(title="Zulu", title_es="Alfa")
    factories.AgreementFactory(title="Alpha", title_es="Zeta")
    factories.AgreementFactory(title="Mike", title_es="")

    def titles(address):
        return re.findall(
            r'<h3 class="card__title"><a [^>]*>(?:<span lang="en">)?(\w+)', client.get(address).content.decode()
        )

    assert titles("/agreements/?sort=title") == ["Alpha", "Mike", "Zulu"]
    assert titles("/es/acuerdos/?sort=title") == ["Alfa", "Mike", "Zeta"]


def test_an_official_name_keeps_its_language_with_the_translation_beside_it(client):
    factories.OrganizationFactory(
        slug="hacienda", name="Ministry of Finance", name_es="Ministerio de Hacienda", official_language="es"
    )
    factories.OrganizationFactory(
        slug="cbp", name="U.S. Customs and Border Protection", name_es="Oficina de Aduanas", official_language="en"
    )

    assert '<h1><span lang="es">Ministerio de Hacienda</span> — Ministry of Finance' in page(
        client, "/organizations/hacienda/"
    )
    assert "<h1>Ministerio de Hacienda" in page(client, "/es/organizaciones/hacienda/")
    assert '<h1><span lang="en">U.S. Customs and Border Protection</span> — Oficina de Aduanas' in page(
        client, "/es/organizaciones/cbp/"
    )
    assert "<h1>U.S. Customs and Border Protection" in page(client, "/organizations/cbp/")
    assert '<span lang="es">Ministerio de Hacienda</span> — Ministry of Finance' in page(client, "/organizations/")


def page(client, address):
    return client.get(address).content.decode()


def test_the_error_pages_are_in_spanish_too(client, dataset, english, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    report = report_data("La fecha de firma es otra.")
    for _ in range(5):
        client.post("/es/reportar/agreement/us-el-salvador-cmaa/", report)
    limited = client.post("/es/reportar/agreement/us-el-salvador-cmaa/", report)
    monkeypatch.setattr(views, "render", broken)
    client.raise_request_exception = False
    failed = client.get("/es/acerca-de/")

    assert (limited.status_code, failed.status_code) == (429, 500)
    assert shown_english(limited.content.decode(), english) == []
    assert shown_english(failed.content.decode(), english) == []
    assert '<html lang="es">' in failed.content.decode()
