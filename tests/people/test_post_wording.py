"""What a post says of its dates: held "as of" the latest source that shows it, "status unknown" where no dated
source does, ended as the sources say; and everywhere that lists current posts keeps to the same rule."""

import csv
import io

import pytest

from tests import factories
from tests.helpers import listed, page, page_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("dates", "wording"),
    [
        # Not ended, seen held by a dated source: current as of that source, at its precision.
        ({"start": "2022-11-12", "held_as_of": "2024-10-15"}, "12 November 2022 – current as of 15 October 2024"),
        ({"start": "2019", "held_as_of": "2025-02"}, "2019 – current as of February 2025"),
        ({"start": "", "held_as_of": "2025"}, "Current as of 2025"),
        # Not ended, and no dated source shows it held: status unknown.
        ({"start": "2019-06", "held_as_of": ""}, "June 2019 – status unknown"),
        ({"start": "", "held_as_of": ""}, "Status unknown"),
        # Ended, as before.
        ({"start": "2021-12", "end": "2022-11", "ended": True}, "December 2021 – November 2022"),
        ({"start": "", "end": "2022-11", "ended": True}, "until November 2022"),
        ({"start": "1993", "ended": True}, "1993 – end date not known"),
        ({"start": "", "ended": True}, "Dates not known"),
    ],
)
def test_a_post_says_what_is_known_of_its_dates_on_the_person_and_organization_pages(client, dates, wording):
    post = factories.PositionFactory(title="Director General", **dates)

    assert wording in page(client, post.person)
    assert wording in page(client, post.organization)


def test_a_post_is_never_simply_present(client):
    post = factories.PositionFactory(start="2022-11-12", held_as_of="2024-10-15")

    assert "present" not in page(client, post.person)


@pytest.fixture
def three_posts():
    """At one organization: a post held as of a source, one of unknown status, one that ended."""
    agency = factories.OrganizationFactory(slug="agency", name="Customs Agency")
    held = factories.PositionFactory(
        person=factories.PersonFactory(slug="held", name="Held Official"), organization=agency, title="Head"
    )
    unknown = factories.PositionFactory(
        person=factories.PersonFactory(slug="unknown", name="Unknown Official"),
        organization=agency,
        title="Liaison",
        start="",
        held_as_of="",
    )
    ended = factories.PositionFactory(
        person=factories.PersonFactory(slug="ended", name="Former Official"),
        organization=agency,
        title="Deputy",
        end="2023",
        ended=True,
    )
    return agency, held, unknown, ended


def test_the_organization_page_gives_posts_of_unknown_status_their_own_place(client, three_posts):
    agency = three_posts[0]
    html = page(client, agency)

    current = html[html.index("Current posts") : html.index("Past posts")]
    past = html[html.index("Past posts") : html.index("Posts of unknown status")]
    unknown = html[html.index("Posts of unknown status") :]
    unknown = unknown[: unknown.index("</section>")]
    assert "Held Official" in current and "Unknown Official" not in current
    assert "Former Official" in past and "Unknown Official" not in past
    assert "Unknown Official" in unknown and "Status unknown" in unknown


def test_only_posts_seen_held_count_as_current_in_lists_cards_exports_and_the_api(client, three_posts):
    assert set(listed(client, "/people/?current=1")) == {"held"}
    assert set(listed(client, "/people/?organization=agency&current=1")) == {"held"}
    assert set(listed(client, "/people/")) == {"held", "unknown", "ended"}

    cards = page_text(client, "/people/")
    held_card = cards[cards.index("Held Official") : cards.index("Held Official") + 400]
    unknown_card = cards[cards.index("Unknown Official") : cards.index("Unknown Official") + 400]
    assert "Head" in held_card and "Liaison" not in unknown_card

    export = b"".join(client.get("/people/?format=csv").streaming_content).decode("utf-8-sig")
    rows = {row["slug"]: row for row in csv.DictReader(io.StringIO(export))}
    assert rows["held"]["current_posts"] == "Head, Customs Agency"
    assert rows["unknown"]["current_posts"] == ""

    body = client.get("/api/people/unknown/").json()
    assert [(post["current"], post["status_unknown"], post["held_as_of"]) for post in body["positions"]] == [
        (False, True, None)
    ]
    body = client.get("/api/people/held/").json()
    assert [(post["current"], post["status_unknown"], post["held_as_of"]) for post in body["positions"]] == [
        (True, False, "2024-10-15")
    ]


def test_a_person_page_shows_each_posts_note_and_its_citations_with_their_passages(client):
    person = factories.PersonFactory(sources=[factories.SourceFactory(key="S3")])
    cited = factories.SourceFactory(key="S16", title="CBP release on Cabo Verde")
    post = factories.PositionFactory(
        person=person, title="Senior Official", note="Styled SOPDOC by CBP (S16); see S3.", sources=[cited]
    )
    citation = post.citations.get()
    citation.excerpt = "Senior Official Performing the Duties of the Commissioner"
    citation.save()

    html = page(client, person)

    assert "Styled SOPDOC by CBP (S16); see" in html
    assert "CBP release on Cabo Verde" in html
    assert f'href="{cited.url}"' in html
    assert "<p>Senior Official Performing the Duties of the Commissioner</p>" in html
    # S3 is in the page's source list and links to its entry; S16, cited by the post only, stays plain text.
    assert '<a href="#source-S3" class="source-ref">S3</a>' in html
    assert 'href="#source-S16"' not in html


@pytest.mark.parametrize(
    ("post", "shown"),
    [
        # Start known: fits once begun.
        ({"start": "2023-07-17", "held_as_of": "2024-10-15"}, True),
        ({"start": "2024-11", "held_as_of": "2025"}, False),
        # Start unknown: fits when a source shows it held on or after the day, and it had not ended before.
        ({"start": "", "held_as_of": "2024-10-15"}, True),
        ({"start": "", "held_as_of": "2024"}, True),
        ({"start": "", "held_as_of": "2024-09"}, False),
        ({"start": "", "held_as_of": ""}, False),
        ({"start": "", "end": "2024-12", "ended": True}, True),
        ({"start": "", "end": "2024-06", "ended": True}, False),
        ({"start": "2019", "end": "2024-06", "ended": True}, False),
    ],
)
def test_an_event_shows_a_participants_title_when_a_post_may_have_been_held_that_day(client, post, shown):
    person = factories.PersonFactory(name="Jerson Posada")
    factories.PositionFactory(person=person, title="Minister of Finance", **post)
    event = factories.EventFactory(start="2024-10-15")
    event.participants.add(person)

    html = page(client, event)

    assert ("Jerson Posada</a>, Minister of Finance" in html) is shown


def test_a_participants_post_with_an_unknown_start_says_as_of_when(client):
    person = factories.PersonFactory(name="María Luisa Hayem")
    factories.PositionFactory(person=person, title="Minister of Economy", start="", held_as_of="2025")
    factories.PositionFactory(person=person, title="Earlier post", start="2010", end="2015", ended=True)
    event = factories.EventFactory(start="2024-10-15")
    event.participants.add(person)

    html = page(client, event)

    assert "Minister of Economy" in html and "(as of 2025)" in html
    assert "Earlier post" not in html
    assert client.get(f"/api/events/{event.slug}/").json()["participants"][0]["post_then"]["title"] == (
        "Minister of Economy"
    )


def test_a_known_start_wins_over_an_unknown_one_when_both_fit(client):
    person = factories.PersonFactory(name="Official")
    factories.PositionFactory(person=person, title="Undated post", start="", held_as_of="2025")
    factories.PositionFactory(person=person, title="Dated post", start="2023", held_as_of="2025")
    event = factories.EventFactory(start="2024-10-15")
    event.participants.add(person)

    html = page(client, event)

    assert "Dated post" in html and "Undated post" not in html
