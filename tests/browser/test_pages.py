"""Every public page type in a real browser, in English and Spanish, at 1280 and 390 pixels wide: no WCAG 2.1 A/AA
violation that axe-core finds, no sideways scroll on a phone, a list's first result on a phone's first screen, and a
full-page screenshot of each."""

import json
import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.browser import screenshots
from tests.browser.axe import axe_violations
from tests.helpers import url_map

# django_db: the tests read no rows themselves, but the test database must exist for the live server (conftest.py).
pytestmark = [pytest.mark.browser, pytest.mark.django_db]


# Each public page type: (name in the test ids, URL name or None, arguments, query string, whether it is a filtered
# list). The records are the dataset's: the El Salvador CMAA, Troy A. Miller, CBP and his October 2024 visit.
PAGES = [
    ("home", "home", {}, "", False),
    ("search", "search", {}, "?q=customs", False),
    ("about", "about", {}, "", False),
    ("api-docs", "api:docs", {}, "", False),
    ("agreements", "agreements:agreement-list", {}, "", True),
    ("agreements-filtered", "agreements:agreement-list", {}, "?topic=customs&country=SV", True),
    ("agreements-table", "agreements:agreement-list", {}, "?view=table", True),
    ("programs", "agreements:program-list", {}, "", True),
    ("events", "agreements:event-list", {}, "", True),
    ("people", "people:person-list", {}, "", True),
    ("organizations", "people:organization-list", {}, "", True),
    ("topics", "agreements:topic-list", {}, "", False),
    ("agreement", "agreements:agreement-detail", {"slug": "us-el-salvador-cmaa"}, "", False),
    ("program", "agreements:program-detail", {"slug": "cbp-training-at-ilea-san-salvador"}, "", False),
    ("event", "agreements:event-detail", {"slug": "miller-visit-el-salvador-2024"}, "", False),
    ("person", "people:person-detail", {"slug": "troy-miller"}, "", False),
    ("organization", "people:organization-detail", {"slug": "cbp"}, "", False),
    ("topic", "agreements:topic-detail", {"slug": "customs"}, "", False),
    ("countries", "country-list", {}, "", False),
    ("country", "country-detail", {"code": "SV"}, "", False),
    ("facet-all", "agreements:agreement-list", {}, "?facet=topic", False),
    ("report-error", "report-error", {"record_type": "agreement", "slug": "us-el-salvador-cmaa"}, "", False),
    ("follow", "alerts:follow", {}, "?url=/agreements/%3Ftopic%3Dcustoms%26country%3DSV", False),
    ("follow-sent", "alerts:follow-sent", {}, "", False),
    ("not-found", None, {}, "", False),
]
# Pages with one address for both languages: the API documentation is outside the language prefixes.
ONE_LANGUAGE = {"api-docs"}
# Addresses of the URL map that are not pages to audit: feeds, calendars, machine-readable files, the language
# switch (a redirect), the report's thank-you page (reached by sending the form, the same template as the form) and
# the alerts' pages reached by a signed link from an email (confirm, manage, unsubscribe), which tests/alerts opens.
NOT_PAGES = re.compile(
    r"(feed|calendar|sitemap|robots-txt|choose-language|report-thanks|alerts:(confirm|manage|unsubscribe))"
)
LANGUAGES = ["en", "es"]
WIDTHS = ["desktop", "phone"]


def address(page, language):
    """The path of the page type `page` in `language`."""
    _name, url_name, arguments, query, _is_list = page
    with translation.override(language):
        if url_name is None:
            return reverse("home") + "no-such-page/"
        return reverse(url_name, kwargs=arguments) + query


def cases():
    for page in PAGES:
        for language in LANGUAGES:
            if language != "en" and page[0] in ONE_LANGUAGE:
                continue
            for width in WIDTHS:
                yield pytest.param(page, language, width, id=f"{page[0]}-{language}-{width}")


def open_page(pages, page, language, width):
    """The browser page at `page` in `language` and `width`, loaded; it answered 404 if it is the missing page,
    else 200."""
    browser_page = pages(width, language)
    response = browser_page.goto(address(page, language))
    assert response.status == (404 if page[1] is None else 200), address(page, language)
    return browser_page


def test_every_public_page_type_is_audited():
    """A page type added to the site is added here too: every page of the URL map is in PAGES or named as no page."""
    audited = {url_name for _name, url_name, *_rest in PAGES}
    public = {
        name
        for template, _parameters, name, _pattern, _language in url_map()
        if name and not template.startswith(("admin/", "api/")) and not NOT_PAGES.search(name)
    }
    assert public - audited == set()


@pytest.mark.parametrize(("page", "language", "width"), list(cases()))
def test_page_has_no_accessibility_violation_or_sideways_scroll(pages, page, language, width):
    browser_page = open_page(pages, page, language, width)
    screenshots.take(browser_page, f"{page[0]}-{language}-{width}")

    violations = axe_violations(browser_page)
    widths = browser_page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")

    assert violations == [], json.dumps(violations, indent=2, ensure_ascii=False)
    if width == "phone":
        scroll_width, screen_width = widths
        assert scroll_width <= screen_width, f"{scroll_width} px wide on a {screen_width} px screen"


def phone_list_cases():
    for page in PAGES:
        if page[4]:
            for language in LANGUAGES:
                yield pytest.param(page, language, id=f"{page[0]}-{language}")


@pytest.mark.parametrize(("page", "language"), list(phone_list_cases()))
def test_first_result_is_on_a_phones_first_screen(pages, page, language):
    browser_page = open_page(pages, page, language, "phone")

    top, screen_height = browser_page.evaluate(
        """() => {
            const first = document.querySelector(
                "#results > .card-list > li, #results .record-table tbody tr, #results > .empty");
            return [first.getBoundingClientRect().top + window.scrollY, window.innerHeight];
        }"""
    )

    print(f"{address(page, language)}: first result at y={top:.0f} px on a {screen_height} px screen")
    assert top < screen_height
