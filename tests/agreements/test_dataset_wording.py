"""The loaded dataset as readers see it: statuses that say what is known and name their source, every post's dates,
note and sources shown, a title beside every participant who holds a post, sources in order, S-numbers linked."""

import html as html_module
import re

import pytest

from agreements.models import Agreement, AgreementStatus, Event
from people.models import Person, Position, post_held_on
from records.templatetags.pacta import source_order
from tests.helpers import page

pytestmark = pytest.mark.django_db

STATUS_UNKNOWN = {"brent-brown", "brenda-smith", "naomi-fellows"}


def test_only_a_source_makes_an_agreement_not_yet_in_force(dataset):
    for agreement in Agreement.objects.filter(status=AgreementStatus.NOT_IN_FORCE):
        assert agreement.status_source is not None, agreement.slug
    philippines = Agreement.objects.get(slug="us-philippines-cmaa")
    assert (philippines.status, philippines.status_source) == (AgreementStatus.SIGNED, None)
    assert "S20" in philippines.note_en and "unit" in philippines.note_en
    assert "S20" in philippines.note_es and "unidad" in philippines.note_es


def test_every_sourced_status_is_shown_with_its_source_linked(client, dataset):
    agreements = Agreement.objects.published().exclude(status_source=None).select_related("status_source")
    assert agreements.count() >= 8
    for agreement in agreements:
        key = agreement.status_source.key
        assert f'(per <a href="#source-{key}" class="source-ref">{key}</a>)' in page(client, agreement), agreement.slug


def test_every_post_not_known_to_have_ended_is_held_as_of_a_source_but_the_three_of_unknown_status(dataset):
    open_posts = Position.objects.filter(end="", ended=False).select_related("person")
    assert {post.person.slug for post in open_posts if not post.held_as_of} == STATUS_UNKNOWN
    assert set(Position.objects.unknown().values_list("person__slug", flat=True)) == STATUS_UNKNOWN
    assert not Position.objects.current().filter(person__slug__in=STATUS_UNKNOWN).exists()


def test_every_participant_with_a_post_shows_a_title_on_the_event_pages(client, dataset):
    shown = 0
    for event in Event.objects.published().prefetch_related("participants__positions"):
        participants = [person for person in event.participants.all() if person.is_published]
        with_posts = [person for person in participants if person.positions.filter(publication_status="published")]
        if not with_posts:
            continue
        html = page(client, event)
        for person in with_posts:
            match = re.search(rf"{re.escape(html_module.escape(person.name))}</a>(,?)", html)
            assert match and match.group(1) == ",", f"{person.slug} has no title on {event.slug}"
            shown += 1
    assert shown > 20


@pytest.mark.parametrize(
    ("event", "person", "title"),
    [
        ("miller-economic-cabinet-meeting-2024", "maria-luisa-hayem", "Minister of Economy"),
        ("miller-economic-cabinet-meeting-2024", "miguel-kattan", "Secretary of Commerce and Investments"),
        ("miller-visit-el-salvador-2024", "jose-benjamin-mayorga", "Director General of Customs"),
        ("us-el-salvador-cmaa-signing-2024", "jose-benjamin-mayorga", "Director General of Customs"),
        ("cbp-dgme-mou-signing-2024", "ricardo-cucalon", "Director General of Migration and Foreign Nationals"),
    ],
)
def test_the_seed_officials_with_undated_starts_show_their_titles(client, dataset, event, person, title):
    found = Event.objects.get(slug=event)
    positions = Person.objects.get(slug=person).positions.all()
    assert post_held_on(positions, found.start).title_en.startswith(title)
    html = page(client, found)
    assert re.search(rf"{re.escape(title)}.*?\(as of ", html, re.S)


def test_person_pages_show_every_posts_dates_note_and_sources(client, dataset):
    for person in Person.objects.published().prefetch_related("positions__citations__source"):
        html = page(client, person)
        for post in person.positions.published():
            assert html_module.escape(post.dates_label) in html, (person.slug, post.title)
            if post.note_en:
                assert html_module.escape(post.note_en.split(" (S")[0][:40]) in html, (person.slug, post.title)
            for citation in post.citations.all():
                assert f'href="{html_module.escape(citation.source.url)}"' in html, (person.slug, citation.source.key)


def test_source_lists_run_in_the_order_of_their_numbers_and_notes_link_the_keys_they_list(client, dataset):
    agreement = Agreement.objects.get(slug="us-el-salvador-cmaa")
    html = page(client, agreement)

    keys = re.findall(r'<li id="source-([^"]+)">', html)
    assert keys == sorted(keys, key=source_order)
    assert keys[:4] == ["S1", "S2", "S3", "S4"]
    note = html[html.index('id="editorial-note"') :]
    note = note[: note.index("</aside>")]
    assert '<a href="#source-S2" class="source-ref">S2</a>' in note
    for key in re.findall(r'href="#source-([^"]+)"', note):
        assert key in keys
