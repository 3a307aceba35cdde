"""The visibility rule over every public surface, in one place: a draft record and a draft related record on a
published one never show, wherever a reader, a crawler, a feed reader or an API client looks.

SURFACES lists every public way out of the database; a new page, feed or download joins the matrix by adding a line.
"""

import pytest
from django.urls import reverse

from agreements.models import ParticipantCountry
from records.models import PublicationStatus
from tests import factories

# What no surface may show: the draft records' names, whichever status short of published they have.
DRAFT_NAMES = {
    "agreement": "Withheld Draft Accord",
    "party": "Undisclosed Draft Ministry",
    "signer": "Unannounced Draft Signer",
    "topic": "Embargoed Draft Topic",
    "event": "Unconfirmed Draft Visit",
    "participant": "Unconfirmed Draft Guest",
    "program": "Unapproved Draft Course",
    "instructor": "Unapproved Draft Instructor",
    "person": "Unvetted Draft Official",
    "organization": "Unvetted Draft Office",
    "parent": "Unvetted Draft Parent Office",
}


@pytest.fixture(params=[PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW])
def records(request, db):
    """Published records in El Salvador on one topic, each with a draft related record; beside them, a draft of
    every type on the same topic, in the same country, linked to the same organization."""
    hidden = request.param
    topic = factories.TopicFactory(name="Border cooperation", slug="border-cooperation")
    draft_topic = factories.TopicFactory(name=DRAFT_NAMES["topic"], publication_status=hidden)
    party = factories.OrganizationFactory(name="Open Customs Office", country="SV")
    draft_parent = factories.OrganizationFactory(name=DRAFT_NAMES["parent"], country="SV", publication_status=hidden)
    party.parent = draft_parent
    party.save()
    official = factories.PersonFactory(name="Published Official", country="SV")
    factories.PositionFactory(person=official, organization=draft_parent, title=DRAFT_NAMES["parent"])

    agreement = factories.AgreementFactory(title="Published Accord", slug="published-accord")
    agreement.topics.add(topic, draft_topic)
    factories.AgreementPartyFactory(agreement=agreement, organization=party)
    factories.AgreementPartyFactory(
        agreement=agreement,
        organization=factories.OrganizationFactory(name=DRAFT_NAMES["party"], country="SV", publication_status=hidden),
    )
    factories.SignatoryFactory(
        agreement=agreement,
        person=factories.PersonFactory(name=DRAFT_NAMES["signer"], country="SV", publication_status=hidden),
        organization=party,
    )

    event = factories.EventFactory(title="Published Visit", slug="published-visit", start="2024-10-08")
    event.topics.add(topic, draft_topic)
    event.organizations.add(party)
    event.participants.add(
        official, factories.PersonFactory(name=DRAFT_NAMES["participant"], country="SV", publication_status=hidden)
    )
    event.parent = factories.EventFactory(title=DRAFT_NAMES["event"], start="2024-10", publication_status=hidden)
    event.save()
    agreement.signed_at = event
    agreement.save()

    program = factories.TrainingProgramFactory(title="Published Course", slug="published-course", host=party)
    program.topics.add(topic, draft_topic)
    program.instructors.add(
        party, factories.OrganizationFactory(name=DRAFT_NAMES["instructor"], publication_status=hidden)
    )
    program.start = "2024-10-01"
    program.save()

    draft_agreement = factories.AgreementFactory(title=DRAFT_NAMES["agreement"], publication_status=hidden)
    draft_agreement.topics.add(topic)
    factories.AgreementPartyFactory(agreement=draft_agreement, organization=party)
    draft_program = factories.TrainingProgramFactory(
        title=DRAFT_NAMES["program"], host=party, start="2024-09", publication_status=hidden
    )
    draft_program.topics.add(topic)
    ParticipantCountry.objects.create(program=draft_program, country="GT")
    factories.PersonFactory(name=DRAFT_NAMES["person"], country="SV", publication_status=hidden)
    factories.OrganizationFactory(name=DRAFT_NAMES["organization"], country="SV", publication_status=hidden)
    return {"agreement": agreement, "event": event, "program": program, "party": party, "official": official}


def _api(name, slug=None):
    return reverse(f"api:{name}-detail", args=[slug]) if slug else reverse(f"api:{name}-list")


# (surface, its address for the records above, a published name it must show)
SURFACES = [
    ("home page", lambda r: reverse("home"), "Published Accord"),
    ("search", lambda r: f"{reverse('search')}?q=Published", "Published Accord"),
    ("search for a draft's words", lambda r: f"{reverse('search')}?q=Draft", None),
    ("topic list", lambda r: reverse("agreements:topic-list"), "Border cooperation"),
    ("topic page", lambda r: reverse("agreements:topic-detail", args=["border-cooperation"]), "Published Course"),
    ("topic feed", lambda r: reverse("agreements:topic-feed", args=["border-cooperation"]), "Published Visit"),
    ("country page", lambda r: reverse("country-detail", args=["SV"]), "Published Official"),
    ("country feed", lambda r: reverse("country-feed", args=["SV"]), "Published Accord"),
    ("agreement list", lambda r: reverse("agreements:agreement-list"), "Published Accord"),
    ("agreement list by topic", lambda r: f"{reverse('agreements:agreement-list')}?topic=border-cooperation", None),
    ("agreement page", lambda r: r["agreement"].get_absolute_url(), "Open Customs Office"),
    ("agreement CSV", lambda r: f"{reverse('agreements:agreement-list')}?format=csv", "Published Accord"),
    ("agreement JSON", lambda r: f"{reverse('agreements:agreement-list')}?format=json", "Published Accord"),
    ("agreement feed", lambda r: reverse("agreements:agreement-feed"), "Published Accord"),
    ("agreement API list", lambda r: _api("agreement"), "Published Accord"),
    ("agreement API detail", lambda r: _api("agreement", "published-accord"), "Open Customs Office"),
    ("program list", lambda r: reverse("agreements:program-list"), "Published Course"),
    ("program page", lambda r: r["program"].get_absolute_url(), "Open Customs Office"),
    ("program CSV", lambda r: f"{reverse('agreements:program-list')}?format=csv", "Published Course"),
    ("program calendar", lambda r: reverse("agreements:program-calendar"), "Published Course"),
    ("program API detail", lambda r: _api("program", "published-course"), "Open Customs Office"),
    ("event list", lambda r: reverse("agreements:event-list"), "Published Visit"),
    ("event page", lambda r: r["event"].get_absolute_url(), "Published Official"),
    ("event JSON", lambda r: f"{reverse('agreements:event-list')}?format=json", "Published Visit"),
    ("event calendar", lambda r: reverse("agreements:event-calendar"), "Published Visit"),
    ("event feed", lambda r: reverse("agreements:event-feed"), "Published Visit"),
    ("event API detail", lambda r: _api("event", "published-visit"), "Published Official"),
    ("person list", lambda r: reverse("people:person-list"), "Published Official"),
    ("person page", lambda r: r["official"].get_absolute_url(), "Published Visit"),
    ("person CSV", lambda r: f"{reverse('people:person-list')}?format=csv", "Published Official"),
    ("person API detail", lambda r: _api("person", r["official"].slug), "Published Visit"),
    ("organization list", lambda r: reverse("people:organization-list"), "Open Customs Office"),
    ("organization page", lambda r: r["party"].get_absolute_url(), "Published Accord"),
    ("organization JSON", lambda r: f"{reverse('people:organization-list')}?format=json", "Open Customs Office"),
    (
        "organization feed",
        lambda r: reverse("agreements:organization-feed", args=[r["party"].slug]),
        "Published Course",
    ),
    ("organization API detail", lambda r: _api("organization", r["party"].slug), "Published Accord"),
    ("topic API list", lambda r: _api("topic"), "Border cooperation"),
    ("source API list", lambda r: _api("source"), "Press release"),
    ("sitemap of agreements", lambda r: reverse("sitemap-section", args=["agreements"]), "published-accord"),
    ("sitemap of topics", lambda r: reverse("sitemap-section", args=["topics"]), "border-cooperation"),
    ("sitemap of countries", lambda r: reverse("sitemap-section", args=["countries"]), "/countries/SV/"),
]


@pytest.mark.parametrize(("surface", "address", "shown"), SURFACES, ids=[surface for surface, *_ in SURFACES])
def test_no_public_surface_shows_a_draft_record_or_a_draft_related_record(client, records, surface, address, shown):
    response = client.get(address(records))

    assert response.status_code == 200, surface
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = content.decode()
    if shown is not None:
        assert shown in text, f"{surface} should show {shown}"
    leaked = [name for name in DRAFT_NAMES.values() if name in text]
    assert leaked == [], f"{surface} shows draft records: {leaked}"


def test_the_sitemap_of_countries_leaves_out_a_country_only_a_draft_program_takes_part_from(client, records):
    content = client.get(reverse("sitemap-section", args=["countries"])).content.decode()

    assert "/countries/SV/" in content
    assert "/countries/GT/" not in content
