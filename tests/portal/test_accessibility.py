"""What a keyboard, a screen reader or a phone needs of every page: a way past the header and a list's filters,
focus colours that can be read, hidden things that stay hidden, date boxes that do not look filled in, and an API
documentation that shows its texts as text."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests import factories

pytestmark = pytest.mark.django_db

LIST_PAGES = [
    "agreements:agreement-list",
    "agreements:program-list",
    "agreements:event-list",
    "people:person-list",
    "people:organization-list",
]
LANGUAGES = ["en", "es"]

# The colours a focused element shows, as the stylesheet's custom properties, and the contrast each pair needs
# (WCAG 2.2: 4.5:1 for text, 3:1 for a focus indicator against what is around it). Focused links are dark text on
# yellow; the indicator is the yellow where the background is dark, the dark bar or ring beside it where it is light.
FOCUS_PAIRS = [
    ("--focus-ink", "--focus", 4.5, "the text of a focused link, on its yellow"),
    ("--focus", "--brand", 3, "the yellow of a focused header link or control, on the header"),
    ("--focus", "--nav-bg", 3, "the yellow of a focused menu link, on the menu bar"),
    ("--focus-ink", "--bg", 3, "the dark bar or ring of a focused element, on the page"),
    ("--focus-ink", "--bg-soft", 3, "the dark bar of a focused footer link, on the footer"),
    ("--focus-ink", "--brand-soft", 3, "the dark bar of a focused link in a highlighted box (home, notices)"),
]
# Where each background of FOCUS_PAIRS is painted: (selector, property, custom property it must use).
BACKGROUNDS = [
    ("body", "background", "--bg"),
    (".site-header", "background", "--brand"),
    (".site-nav", "background", "--nav-bg"),
    (".site-footer", "background", "--bg-soft"),
    (".hero", "background", "--brand-soft"),
]


@pytest.fixture
def css(client, settings):
    """The stylesheet as the site serves it (WhiteNoise, told to look where `collectstatic` would)."""
    settings.WHITENOISE_USE_FINDERS = True
    response = client.get("/static/css/pacta.css")
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


def declarations(css, selector):
    """The declarations (property → value) of the rules whose selector list holds `selector`, a later rule's
    overriding an earlier one's (media queries are not told apart: pass the part of `css` inside one)."""
    found = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)):
        if selector in (part.strip() for part in selectors.split(",")):
            found.update(
                (name.strip(), value.strip())
                for name, value in (line.split(":", 1) for line in body.split(";") if ":" in line)
            )
    assert found, f"no rule for {selector}"
    return found


def contrast(first, second):
    """The WCAG 2 contrast ratio of two #rrggbb colours."""

    def luminance(colour):
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        red, green, blue = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_is_computed_as_wcag_does():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#ffffff", "#ffdd00") == pytest.approx(1.35, abs=0.01)


# Getting past blocks


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", LIST_PAGES)
def test_a_list_page_has_a_skip_link_past_its_filters_to_its_results(client, name, language):
    with translation.override(language):
        url = reverse(name)

    html = client.get(url).content.decode()

    link = re.search(r'<a class="skip-link skip-link--inline" href="#([\w-]+)">\w[^<]+</a>', html)
    assert link, url
    assert html.index(link.group(0)) < html.index('class="filter-form"') < html.index(f'id="{link.group(1)}"')
    assert html.index(f'id="{link.group(1)}"') < html.index('class="card-list"') if "card-list" in html else True
    assert '<a class="skip-link" href="#main">' in html and 'id="main"' in html


def test_the_skip_links_are_shown_when_focused(css):

    assert declarations(css, ".skip-link:focus")["top"] == "0.5rem"
    assert declarations(css, ".skip-link--inline:focus")["position"] == "static"


# A phone's list page: results first, filters one tap away


def filters_toggle(html):
    """The <details> the filters fold into, up to its summary's end: (opening tag, summary text)."""
    found = re.search(
        r'(<details class="fold" id="filters"[^>]*>)\s*<summary class="fold__toggle">(.*?)</summary>', html, re.S
    )
    assert found, "no <details> around the filters"
    return found.group(1), re.sub(r"<[^>]+>", "", found.group(2))


@pytest.mark.parametrize("name", LIST_PAGES)
def test_a_list_folds_its_filters_into_a_details_before_the_results(client, name):
    html = client.get(reverse(name)).content.decode()

    tag, summary = filters_toggle(html)
    assert summary == "Filters and sort"
    assert " open" not in tag
    assert html.index(tag) < html.index('class="filter-form"') < html.index("</details>") < html.index('id="results"')


def test_the_filters_summary_counts_the_active_filters(client):
    agreement = factories.AgreementFactory(title="Customs deal")
    agreement.topics.add(factories.TopicFactory(slug="customs"), factories.TopicFactory(slug="energy"))

    one = client.get("/agreements/?topic=customs").content.decode()
    two = client.get("/agreements/?topic=customs&topic=energy&kind=treaty").content.decode()

    assert filters_toggle(one)[1] == "Filters and sort (1 active)"
    assert filters_toggle(two)[1] == "Filters and sort (3 active)"
    with translation.override("es"):
        spanish = client.get(reverse("agreements:agreement-list") + "?topic=customs").content.decode()
    assert filters_toggle(spanish)[1] == "Filtros y orden (1 activo)"


def test_the_filters_are_open_when_one_needs_correcting(client):
    response = client.get("/agreements/?signed_after=not-a-date")

    assert response.status_code == 400
    tag, _summary = filters_toggle(response.content.decode())
    assert " open" in tag


def test_on_a_wide_screen_the_filters_are_shown_and_their_summary_hidden(css, client):
    wide = css[css.index("@media (min-width: 52.0625rem)") :]

    assert declarations(wide, ".fold__toggle")["display"] == "none"
    assert declarations(wide, ".fold::details-content")["content-visibility"] == "visible"
    script = client.get("/agreements/").content.decode()
    assert '<script src="/static/js/fold.js" defer></script>' in script


def test_facets_show_their_options_in_full_and_indent_the_topic_tree(css):
    facet_list = declarations(css, ".facet ul")

    assert "max-height" not in facet_list and "overflow-y" not in facet_list
    assert declarations(css, ".facet .facet__option--depth-1")["padding-left"] == "1.25rem"


# Focus


def test_focus_colours_are_readable_on_every_background_they_appear_on(css):
    colours = {name: value.lower() for name, value in declarations(css, ":root").items() if name.startswith("--")}

    for selector, prop, colour in BACKGROUNDS:
        assert declarations(css, selector)[prop] == f"var({colour})", selector
    for foreground, background, needed, what in FOCUS_PAIRS:
        ratio = contrast(colours[foreground], colours[background])
        assert ratio >= needed, f"{what}: {ratio:.2f}:1"


def test_a_focused_link_takes_the_focus_colours_whatever_colour_its_component_gives_it(css):

    focus_rule = css.rindex("a:focus-visible,\na:visited:focus-visible {")

    for selector in ("a:focus-visible", "a:visited:focus-visible"):
        rule = declarations(css, selector)
        assert (rule["color"], rule["background"]) == ("var(--focus-ink)", "var(--focus)")
        # What inside a link has a colour of its own (the header's pale tagline) takes the focused link's.
        assert declarations(css, selector + " *")["color"] == "inherit"
    # The header's links are white: the focus rule, as specific as theirs, comes after them.
    for white in (".site-name:visited", ".language-switch a:visited", ".site-nav a:visited"):
        assert declarations(css, white)["color"] == "#fff"
        assert css.rindex(white + " {") < focus_rule


# Hidden things


def test_the_hidden_attribute_wins_over_any_display_rule(css):
    assert declarations(css, "[hidden]")["display"] == "none !important"


def test_copy_buttons_are_hidden_until_the_script_shows_them(client):
    agreement = factories.AgreementFactory()

    html = client.get(agreement.get_absolute_url()).content.decode()

    buttons = re.findall(r"<button [^>]*data-copy=[^>]*>", html)
    assert len(buttons) == 2
    assert all(" hidden" in button for button in buttons)


# Dates


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", ["agreements:agreement-list", "agreements:event-list"])
def test_date_boxes_have_no_placeholder_that_looks_like_a_date(client, name, language):
    with translation.override(language):
        url = reverse(name)

    html = client.get(url).content.decode()

    placeholders = re.findall(r'placeholder="([^"]*)"', html)
    assert not [text for text in placeholders if re.search(r"\d{4}", text)]
    # The format is told by the help text the box is described by.
    date_box = re.search(r'<input type="text" name="(\w+)"[^>]*inputmode="numeric"[^>]*>', html)
    assert date_box, url
    assert f'aria-describedby="id_{date_box.group(1)}_helptext"' in date_box.group(0)
    assert f'id="id_{date_box.group(1)}_helptext"' in html


# The API documentation


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_api_documentation_renders_its_markdown(client, language):
    with translation.override(language):
        url = reverse("api:docs")

    html = client.get(url).content.decode()

    meanings = re.findall(r'<td data-label="[^"]+">(.*?)</td>\s*</tr>', html, re.DOTALL)
    assert meanings
    assert "`" not in html
    assert any("<li><code>" in meaning for meaning in meanings)
    # Text that looks like HTML is shown as written, not taken as markup.
    assert "&lt;name&gt;_language" in html
    assert 'class="api-parameters"' in html


def test_the_api_parameter_tables_stack_on_a_phone(css):

    phone = css[css.index("@media (max-width: 40rem) {\n  .api-parameters thead") :]
    assert declarations(phone, ".api-parameters tr")["border-bottom"]
    assert declarations(phone, ".api-parameters td")["display"] == "block"
    assert declarations(phone, ".api-parameters td::before")["content"] == 'attr(data-label) ": "'
