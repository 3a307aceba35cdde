"""Spanish pages say nothing in English: every interface string of the catalogue is shown translated, and what is
in another language (names, cited excerpts, texts not yet translated) sits in an element saying so with `lang`."""

import re
from html.parser import HTMLParser

import polib
import pytest
from django.conf import settings

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
    "/es/acuerdos/facetas/organization/",
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
    "/es/api/",
    "/es/reportar/agreement/us-el-salvador-cmaa/",
    "/es/no-existe/",
]
# Text that is not interface prose: code and its samples, and what the browser does not show.
NOT_PROSE = {"script", "style", "code", "pre", "template"}
# Attributes whose text a reader hears or sees.
READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{[^}]*\}\}|\{\w*\}|<[^>]+>|\n")


def english_strings():
    """The English side of every catalogue entry whose Spanish differs, cut at its placeholders and markup: the
    pieces of at least two words, or one word of five letters or more, that a Spanish page must not show."""
    catalogue = polib.pofile(str(settings.BASE_DIR / "locale" / "es" / "LC_MESSAGES" / "django.po"))
    pieces = set()
    for entry in catalogue.translated_entries():
        for msgid, msgstr in [(entry.msgid, entry.msgstr or entry.msgstr_plural.get(0)), (entry.msgid_plural, "")]:
            if not msgid or msgid == msgstr:
                continue
            for piece in PLACEHOLDER.split(msgid):
                piece = piece.strip(" .,:;·()[]…—–-\"'")
                words = piece.split()
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


@pytest.mark.parametrize("address", PAGES)
def test_a_spanish_page_shows_none_of_the_interfaces_english(client, dataset, english, address):
    response = client.get(address)
    html = response.content.decode()
    text = VisibleText.of(html, "es")

    shown = sorted(piece for piece in english if re.search(rf"(?<!\w){re.escape(piece)}(?!\w)", text))

    assert response.status_code in (200, 404)
    assert '<html lang="es">' in html
    assert shown == []
