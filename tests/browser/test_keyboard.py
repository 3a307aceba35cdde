"""The site with a keyboard alone, in a real browser: every focused element of the header and of a list page shows a
focus indicator and text that can be read (the check axe-core does not make), and a reader's path from the home page
to Troy A. Miller's visit to El Salvador is walked with Tab and Enter only."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

# How many Tab presses a walk may take before it is taken for lost: /agreements/ has about 250 tab stops.
MOST_PRESSES = 400

# What the focused element shows, read from its computed style: the colours that can make its focus indicator (the
# outline, the box-shadow rings, its own background), its text colour, the colour behind the element (the first
# ancestor's background that is not transparent) and behind its text (its own background, else that).
FOCUSED = """() => {
    const element = document.activeElement;
    if (!element || element === document.body) return null;
    window.focusSeen = window.focusSeen || new WeakSet();
    const seen = window.focusSeen.has(element);
    window.focusSeen.add(element);
    const opaque = (colour) => { const parts = colour.match(/[\\d.]+/g); return parts.length < 4 || +parts[3] > 0; };
    const behind = (start) => {
        for (let node = start; node; node = node.parentElement) {
            const colour = getComputedStyle(node).backgroundColor;
            if (opaque(colour)) return colour;
        }
        return "rgb(255, 255, 255)";
    };
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0 ? [style.outlineColor] : [];
    const shadows = style.boxShadow === "none" ? [] : style.boxShadow.match(/rgba?\\([^)]*\\)/g) || [];
    const own = opaque(style.backgroundColor) ? [style.backgroundColor] : [];
    const label = (element.innerText || element.value || element.getAttribute("aria-label") || "").trim();
    return {
        seen,
        element: `${element.tagName.toLowerCase()} "${label.replace(/\\s+/g, " ").slice(0, 50)}"`,
        indicator: [...outline, ...shadows, ...own],
        text: style.color,
        around: behind(element.parentElement),
        under_text: behind(element),
    };
}"""


def rgb(colour):
    """(red, green, blue) of a computed CSS colour, "rgb(r, g, b)" or "rgba(r, g, b, a)"."""
    return tuple(float(part) for part in re.findall(r"[\d.]+", colour)[:3])


def luminance(colour):
    """The relative luminance of an sRGB colour (WCAG 2.1)."""
    channels = [value / 255 for value in rgb(colour)]
    red, green, blue = (value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4 for value in channels)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first, second):
    """The contrast ratio of two colours (WCAG 2.1), from 1 to 21."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def focus_walk(page):
    """What each element shows when Tab focuses it, from the top of the page until focus comes round again."""
    shown = []
    for _ in range(MOST_PRESSES):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None or focused["seen"]:
            return shown
        shown.append(focused)
    raise AssertionError(f"focus did not come round again in {MOST_PRESSES} presses of Tab")


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_every_focused_element_of_the_header_and_a_list_can_be_seen_and_read(pages, width):
    page = pages(width, "en")
    page.goto("/agreements/")

    shown = focus_walk(page)

    indicator = [
        (max(contrast(colour, focused["around"]) for colour in focused["indicator"]) if focused["indicator"] else 1.0)
        for focused in shown
    ]
    text = [contrast(focused["text"], focused["under_text"]) for focused in shown]
    print(
        f"/agreements/ at {width} width: {len(shown)} elements focused; lowest contrast of a focus indicator "
        f"{min(indicator):.2f}:1, of focused text {min(text):.2f}:1"
    )
    assert len(shown) > 100
    faint = [
        f"{focused['element']}: indicator {ratio:.2f}:1, text {text_ratio:.2f}:1 ({focused})"
        for focused, ratio, text_ratio in zip(shown, indicator, text, strict=True)
        if ratio < 3 or text_ratio < 4.5
    ]
    assert faint == [], "\n".join(faint)


def tab_to(page, name):
    """Press Tab until the focused element is the link whose accessible name is `name` (a text, or a pattern it
    matches); fails after MOST_PRESSES."""
    links = page.get_by_role("link", name=name, exact=True)
    for _ in range(MOST_PRESSES):
        page.keyboard.press("Tab")
        if links.evaluate_all("(found) => found.includes(document.activeElement)"):
            return
    raise AssertionError(f"no link named {name!r} on {page.url} after {MOST_PRESSES} presses of Tab")


def follow(page, name, heading):
    """Tab to the link named `name`, follow it with Enter, and check the page it opens is headed `heading`."""
    tab_to(page, name)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == heading, page.url


def test_a_reader_goes_from_the_home_page_to_troy_millers_visit_with_the_keyboard_alone(pages):
    page = pages("desktop", "en")
    page.goto("/")
    assert page.locator("h1").count() == 1

    follow(page, "Customs", "Customs")
    # A topic page links no country of its own: the reader goes through the Salvadoran customs directorate, a party
    # to the topic's agreements, whose page names its country.
    follow(
        page, "DGA", "Dirección General de Aduanas de El Salvador — Directorate General of Customs of El Salvador (DGA)"
    )
    follow(page, "El Salvador", "El Salvador")
    # The bar of 2024 in the country's chart of agreements per year: its agreements signed that year.
    follow(page, re.compile(r"^2024: \d+ agreements?$"), "Agreements")
    assert "country=SV" in page.url and "signed_after=2024" in page.url, page.url
    follow(
        page,
        "Customs Mutual Assistance Agreement between the United States and El Salvador",
        "Customs Mutual Assistance Agreement between the United States and El Salvador (US–El Salvador CMAA)",
    )
    follow(page, "Troy A. Miller", "Troy A. Miller")
    follow(
        page,
        "CBP Acting Commissioner Troy Miller's official visit to El Salvador",
        "CBP Acting Commissioner Troy Miller's official visit to El Salvador",
    )
