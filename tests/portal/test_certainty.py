"""How sure each claim is, as readers see it: badges on record pages, the list filter and its counts, the About page,
and the research's unverified claims in the loaded dataset."""

import csv
import io
import re

import pytest
from django.urls import reverse

from agreements.models import Agreement, Event, EventParticipant, EventProgram
from people.models import Person
from records.models import Certainty, PublicationStatus
from tests import factories
from tests.helpers import admin_listed

pytestmark = pytest.mark.django_db


def badges(html):
    """The certainty levels of the badges on a page, in order."""
    return re.findall(r'class="certainty certainty--(\w+)"', html)


def badge_with(html, text):
    """The badge whose explanation holds `text`, as HTML."""
    found = [badge for badge in re.findall(r'<a class="certainty .*?</a>', html, re.S) if text in badge]
    assert len(found) == 1, found
    return found[0]


# The research's unverified claims, in the loaded dataset


def test_millers_ilea_visit_is_unverified_and_its_page_says_why(client, dataset):
    event = Event.objects.get(slug="miller-ilea-san-salvador-visit-2024")
    assert event.certainty == Certainty.UNVERIFIED
    html = client.get(event.get_absolute_url()).content.decode()
    record_badge = re.search(r'<p class="record-certainty">(.*?)</p>', html, re.S).group(1)
    assert "certainty--unverified" in record_badge
    assert 'seed article (<a href="#source-S3" class="source-ref">S3</a>)' in record_badge


def test_the_ilea_visits_link_to_the_border_interdiction_course_is_unverified(client, dataset):
    row = EventProgram.objects.get(
        event__slug="miller-ilea-san-salvador-visit-2024",
        program__slug="international-border-interdiction-training-course",
    )
    assert row.certainty == Certainty.UNVERIFIED
    html = client.get(row.event.get_absolute_url()).content.decode()
    assert "certainty--unverified" in badge_with(html, "names this course")


def test_millers_meeting_with_cbp_personnel_is_unverified(dataset):
    assert Event.objects.get(slug="miller-meeting-cbp-personnel-el-salvador-2024").certainty == Certainty.UNVERIFIED


def test_the_visit_summary_says_the_ilea_visit_rests_on_the_seed_article_alone(client, dataset):
    event = Event.objects.get(slug="miller-visit-el-salvador-2024")
    assert "according to the seed article alone (S3), he also visited ILEA San Salvador" in event.summary_en
    assert "solo según el artículo de partida (S3), Miller también visitó ILEA San Salvador" in event.summary_es


def test_a_participant_of_an_unverified_event_is_as_unverified_as_the_event(dataset):
    row = EventParticipant.objects.get(event__slug="miller-ilea-san-salvador-visit-2024", person__slug="troy-miller")
    assert row.certainty == Certainty.UNVERIFIED
    assert "seed article (S3)" in row.certainty_note_en


def test_a_record_citing_a_primary_source_is_confirmed_and_one_citing_only_secondary_ones_is_reported(dataset):
    # CBP's release on the customs agreement (S2) is primary; the NACLA report on the first classes (S45) and the AFP
    # report (S48) are not.
    assert Agreement.objects.get(slug="us-el-salvador-cmaa").certainty == Certainty.CONFIRMED
    assert Event.objects.get(slug="ilea-san-salvador-classes-begin-2005").certainty == Certainty.REPORTED


def test_the_dgme_memorandum_is_reported_although_it_cites_cbps_release_for_the_date(dataset):
    agreement = Agreement.objects.get(slug="cbp-dgme-passenger-information-mou")
    assert agreement.certainty == Certainty.REPORTED
    assert "(S5)" in agreement.certainty_note_en


def test_the_dataset_holds_every_level_of_certainty(dataset):
    levels = set(Event.objects.values_list("certainty", flat=True)) | set(
        Agreement.objects.values_list("certainty", flat=True)
    )
    assert levels == set(Certainty.values)


# Badges on record pages


def test_every_record_page_shows_the_records_certainty_near_its_title(client, dataset):
    for record in [
        Agreement.objects.get(slug="us-el-salvador-cmaa"),
        Event.objects.get(slug="miller-visit-el-salvador-2024"),
        Person.objects.get(slug="troy-miller"),
        Person.objects.get(slug="troy-miller").positions.first().organization,
        EventProgram.objects.filter(event__slug="miller-visit-el-salvador-2024").first().program,
    ]:
        html = client.get(record.get_absolute_url()).content.decode()
        header = re.search(r'<header class="page-header">(.*?)</header>', html, re.S).group(1)
        assert f"certainty--{record.certainty}" in header, record


def test_event_page_shows_a_badge_for_each_participant_program_and_agreement_signed(client, dataset):
    event = Event.objects.get(slug="us-el-salvador-cmaa-signing-2024")
    html = client.get(event.get_absolute_url()).content.decode()
    participants = re.search(r'id="participants".*?</section>', html, re.S).group(0)
    assert len(badges(participants)) == event.participants.count()
    signed = re.search(r'id="agreements-signed".*?</section>', html, re.S).group(0)
    assert badges(signed) == [Agreement.objects.get(slug="us-el-salvador-cmaa").signed_at_certainty]
    visit = Event.objects.get(slug="miller-visit-el-salvador-2024")
    html = client.get(visit.get_absolute_url()).content.decode()
    programs = re.search(r'id="programs".*?</section>', html, re.S).group(0)
    assert badges(programs) == ["unverified"]


def test_agreement_page_shows_badges_for_the_signing_event_and_each_signatory(client, dataset):
    agreement = Agreement.objects.exclude(signatories=None).exclude(signed_at=None).first()
    html = client.get(agreement.get_absolute_url()).content.decode()
    signed_during = re.search(r"Signed during</dt><dd>(.*?)</dd>", html, re.S).group(1)
    assert badges(signed_during) == [agreement.signed_at_certainty]
    signatories = re.search(r'id="signatories".*?</section>', html, re.S).group(0)
    assert badges(signatories) == [row.certainty for row in agreement.signatories.all()]


def test_person_and_organization_pages_show_a_badge_for_each_post(client, dataset):
    person = Person.objects.get(slug="milena-mayorga")
    html = client.get(person.get_absolute_url()).content.decode()
    posts = re.search(r'id="posts".*?</section>', html, re.S).group(0)
    assert "certainty--disputed" in badge_with(posts, "(S69")
    organization = person.positions.get().organization
    html = client.get(organization.get_absolute_url()).content.decode()
    assert "certainty--disputed" in badge_with(html, "(S69")


def test_a_badge_names_its_level_and_explains_it_to_screen_readers_and_on_focus(client, dataset):
    html = client.get(Event.objects.get(slug="miller-meeting-cbp-personnel-el-salvador-2024").get_absolute_url())
    badge = re.search(r'<p class="record-certainty">(.*?)</p>', html.content.decode(), re.S).group(1)
    assert 'href="/about/#certainty"' in badge
    assert '<span class="visually-hidden">Certainty: </span>Unverified' in badge
    assert '<span class="certainty__tip"> Unverified: a single weak source' in badge


def test_the_about_page_explains_the_four_levels(client, db):
    html = client.get("/about/").content.decode()
    section = re.search(r'<section aria-labelledby="certainty">.*?</section>', html, re.S).group(0)
    assert 'id="certainty"' in section
    assert badges(section) == Certainty.values


# The certainty filter and its facet on the five lists

LISTS = [
    ("/agreements/", factories.AgreementFactory),
    ("/programs/", factories.TrainingProgramFactory),
    ("/events/", factories.EventFactory),
    ("/organizations/", factories.OrganizationFactory),
    ("/people/", factories.PersonFactory),
]


def certainty_options(response):
    """{level: count} of the certainty facet of a list page."""
    (control,) = [control for control in response.context["filter_controls"] if control["field"].name == "certainty"]
    return {option.value: option.count for option in control["options"]}


@pytest.mark.parametrize(("url", "factory"), LISTS)
def test_each_list_filters_by_certainty_and_its_facet_counts_agree(client, url, factory):
    unverified = factory(certainty=Certainty.UNVERIFIED)
    disputed = factory(certainty=Certainty.DISPUTED)
    confirmed = factory.create_batch(2, certainty=Certainty.CONFIRMED)
    factory(certainty=Certainty.UNVERIFIED, publication_status=PublicationStatus.DRAFT)
    response = client.get(url, {"certainty": "unverified"})
    assert list(response.context["object_list"]) == [unverified]
    # The facet counts each level for the other filters: a reader sees how many of each there are.
    assert certainty_options(response) == {"unverified": 1, "disputed": 1, "confirmed": 2}
    response = client.get(url, {"certainty": ["unverified", "disputed"]})
    assert set(response.context["object_list"]) == {unverified, disputed}
    assert not set(confirmed) & set(response.context["object_list"])


def test_an_unknown_certainty_is_a_form_error_not_a_crash(client, db):
    response = client.get("/events/", {"certainty": "rumoured"})
    assert response.status_code == 400
    (control,) = [control for control in response.context["filter_controls"] if control["field"].name == "certainty"]
    assert control["field"].errors


# The data-quality dashboard


def test_the_dashboard_counts_records_and_links_by_certainty_each_linking_to_exactly_those(staff_client):
    unverified_event = factories.EventFactory(certainty=Certainty.UNVERIFIED)
    factories.EventFactory(certainty=Certainty.UNVERIFIED, publication_status=PublicationStatus.DRAFT)
    disputed_post = factories.PositionFactory(certainty=Certainty.DISPUTED)
    visit = factories.EventFactory()
    visit.participants.add(factories.PersonFactory(), through_defaults={"certainty": Certainty.UNVERIFIED})
    visit.participants.add(factories.PersonFactory(), through_defaults={"certainty": Certainty.UNVERIFIED})
    signed = factories.AgreementFactory(signed_at=visit, signed_at_certainty=Certainty.DISPUTED)
    factories.AgreementFactory(signed_at=None, signed_at_certainty=Certainty.DISPUTED)
    response = staff_client.get(reverse("admin:index"))
    dashboard = {
        (str(title), str(line["label"])): (line["count"], line["url"])
        for title, lines in response.context["sections"]
        for line in lines
    }
    expected = {
        ("Published, certainty “Unverified”", "events"): {unverified_event},
        ("Published, certainty “Disputed”", "positions"): {disputed_post},
        ("Published, certainty “Unverified”", "events, by a participant"): {visit},
        ("Published, certainty “Disputed”", "agreements, by the event signed at"): {signed},
    }
    for key, records in expected.items():
        count, url = dashboard[key]
        assert count == len(records), key
        assert admin_listed(staff_client, url) == records, key
    assert dashboard[("Published, certainty “Disputed”", "events")][0] == 0


# The API and the downloads


def test_the_api_lists_and_details_carry_certainty_and_its_note(client, dataset):
    events = client.get("/api/events/", {"certainty": "unverified", "page_size": 100}).json()["results"]
    by_slug = {event["slug"]: event for event in events}
    assert set(by_slug) == set(Event.objects.published().filter(certainty="unverified").values_list("slug", flat=True))
    assert "seed article (S3)" in by_slug["miller-ilea-san-salvador-visit-2024"]["certainty_note"]
    detail = client.get("/api/events/miller-ilea-san-salvador-visit-2024/").json()
    assert detail["certainty"] == "unverified"
    programs = {program["slug"]: program for program in detail["programs"]}
    course = programs["international-border-interdiction-training-course"]
    assert course["certainty"] == "unverified"
    assert "names this course" in course["certainty_note"]
    (miller,) = detail["participants"]
    assert miller["certainty"] == "unverified"
    spanish = client.get("/api/events/miller-ilea-san-salvador-visit-2024/", {"lang": "es"}).json()
    assert spanish["certainty_note"].startswith("Solo según el artículo de partida (S3)")
    assert spanish["certainty_note_language"] == "es"


def test_the_api_gives_the_certainty_of_signatories_the_signing_event_and_posts(client, dataset):
    agreement = client.get("/api/agreements/ilea-san-salvador-establishment-agreement/").json()
    assert agreement["certainty"] == "disputed"
    assert agreement["signed_at_certainty"] == "disputed"
    assert "S47)" in agreement["signed_at_certainty_note"]
    cmaa = client.get("/api/agreements/us-el-salvador-cmaa/").json()
    assert {signatory["certainty"] for signatory in cmaa["signatories"]} == {"confirmed"}
    person = client.get("/api/people/milena-mayorga/").json()
    assert [post["certainty"] for post in person["positions"]] == ["disputed"]


@pytest.mark.parametrize("url", ["/agreements/", "/programs/", "/events/", "/organizations/", "/people/"])
def test_each_csv_download_carries_certainty_and_its_note(client, dataset, url):
    response = client.get(url, {"format": "csv", "certainty": ["unverified", "disputed"]})
    reader = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    assert {"certainty", "certainty_display", "certainty_note", "certainty_note_language"} <= set(reader.fieldnames)
    rows = list(reader)
    # The dataset marks events, programs and agreements (and a post), not people or organizations.
    assert bool(rows) == (url in ("/agreements/", "/programs/", "/events/"))
    assert all(row["certainty"] in ("unverified", "disputed") and row["certainty_note"] for row in rows)
