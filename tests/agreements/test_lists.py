"""The agreement, program and event lists: filters, facet counts, sorting, pagination, bad input, drafts, queries."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import AgreementParty, AgreementStatus, EventKind, ParticipantCountry, ProgramFormat
from agreements.models.agreements import CARD_PARTIES
from people.models import Organization
from records.models import PublicationStatus
from tests import factories
from tests.helpers import analyze, assert_links_to, facet, invalid_filter, listed
from tests.shared import shared_records

pytestmark = pytest.mark.django_db

AGREEMENTS = reverse("agreements:agreement-list")
PROGRAMS = reverse("agreements:program-list")
EVENTS = reverse("agreements:event-list")

DRAFT = PublicationStatus.DRAFT
REVIEW = PublicationStatus.IN_REVIEW


def agreement_with(*, topics=(), parties=(), signatories=(), **fields):
    agreement = factories.AgreementFactory(**fields)
    agreement.topics.add(*topics)
    for organization in parties:
        factories.AgreementPartyFactory(agreement=agreement, organization=organization)
    for person in signatories:
        factories.SignatoryFactory(agreement=agreement, person=person)
    return agreement


# Agreements: each filter, a record that must appear and one that must not.


@shared_records
def two_agreements():
    """Two published agreements that differ in every filtered field."""
    us, sv = (
        factories.OrganizationFactory(slug="cbp", country="US"),
        factories.OrganizationFactory(slug="dgme", country="SV"),
    )
    gt = factories.OrganizationFactory(slug="sat", country="GT")
    miller, other = factories.PersonFactory(slug="troy-miller"), factories.PersonFactory(slug="someone-else")
    border = factories.TopicFactory(slug="border-security", name="Border security")
    energy = factories.TopicFactory(slug="energy", name="Energy")
    cmaa = agreement_with(
        slug="cmaa",
        title="Customs Mutual Assistance Agreement",
        short_name="CMAA",
        summary="Exchange of customs information.",
        kind="cmaa",
        status=AgreementStatus.SIGNED,
        binding=True,
        signed_on="2024-10-08",
        topics=[border],
        parties=[us, sv],
        signatories=[miller],
    )
    nuclear = agreement_with(
        slug="nuclear",
        title="Civil nuclear memorandum",
        summary="Energy cooperation.",
        kind="mou",
        status=AgreementStatus.IN_FORCE,
        binding=False,
        signed_on="2019-02-03",
        in_force_on="2019-03",
        topics=[energy],
        parties=[gt],
        signatories=[other],
    )
    return cmaa, nuclear


@pytest.mark.parametrize("turn", ["first", "second"])
def test_a_change_to_the_shared_records_is_gone_by_the_next_test(two_agreements, turn):
    cmaa, nuclear = two_agreements
    assert cmaa.title != "Changed by a test"
    assert type(nuclear).objects.filter(pk=nuclear.pk).exists()

    cmaa.title = "Changed by a test"
    cmaa.save()
    nuclear.delete()

    assert type(cmaa).objects.get(pk=cmaa.pk).title == "Changed by a test"


@pytest.mark.parametrize(
    "query",
    [
        "q=customs",
        "q=CUSTOMS+mutual",
        "q=CMAA",
        "q=customs+information",
        "topic=border-security",
        "country=SV",
        "country=sv",
        "party=dgme",
        "signatory=troy-miller",
        "kind=cmaa",
        "status=signed",
        "binding=yes",
        "lifecycle=signed",
        "signed_after=2024-01-01",
        "signed_before=2024-12-31&signed_after=2024-10-08",
    ],
)
def test_each_agreement_filter_keeps_the_matching_agreement_and_drops_the_other(client, two_agreements, query):
    assert listed(client, f"{AGREEMENTS}?{query}") == ["cmaa"]


@pytest.mark.parametrize(
    "query",
    [
        "q=nuclear+energy",
        "topic=energy",
        "country=GT",
        "party=sat",
        "signatory=someone-else",
        "kind=mou",
        "status=in_force",
        "binding=no",
        "lifecycle=in_force",
        "signed_before=2020",
        "in_force_after=2019-03-31",
        "in_force_before=2019-03-01",
    ],
)
def test_each_agreement_filter_works_the_other_way_round(client, two_agreements, query):
    assert listed(client, f"{AGREEMENTS}?{query}") == ["nuclear"]


def test_agreement_list_shows_published_agreements_only(client):
    factories.AgreementFactory(slug="public")
    factories.AgreementFactory(slug="draft", publication_status=DRAFT)
    factories.AgreementFactory(slug="in-review", publication_status=REVIEW)

    response = client.get(AGREEMENTS)

    assert [agreement.slug for agreement in response.context["object_list"]] == ["public"]
    assert "1 agreement" in response.content.decode()


def test_several_values_of_one_filter_match_any_of_them(client, two_agreements):
    assert set(listed(client, f"{AGREEMENTS}?topic=border-security&topic=energy")) == {"cmaa", "nuclear"}
    assert set(listed(client, f"{AGREEMENTS}?kind=cmaa&kind=mou")) == {"cmaa", "nuclear"}
    assert set(listed(client, f"{AGREEMENTS}?country=SV&country=GT")) == {"cmaa", "nuclear"}


def test_a_parent_topic_includes_the_agreements_of_its_subtopics_but_not_the_reverse(client):
    security = factories.TopicFactory(slug="security")
    border = factories.TopicFactory(slug="border-security", parent=security)
    biometrics = factories.TopicFactory(slug="biometrics", parent=border)
    agreement_with(slug="broad", topics=[security])
    agreement_with(slug="border", topics=[border])
    agreement_with(slug="deep", topics=[biometrics])
    agreement_with(slug="unrelated", topics=[factories.TopicFactory()])

    assert set(listed(client, f"{AGREEMENTS}?topic=security")) == {"broad", "border", "deep"}
    assert set(listed(client, f"{AGREEMENTS}?topic=border-security")) == {"border", "deep"}
    assert listed(client, f"{AGREEMENTS}?topic=biometrics") == ["deep"]


def test_an_agreement_under_a_topic_and_its_subtopic_is_listed_once(client):
    security = factories.TopicFactory(slug="security")
    border = factories.TopicFactory(slug="border-security", parent=security)
    agreement_with(slug="both", topics=[security, border])

    assert listed(client, f"{AGREEMENTS}?topic=security&topic=border-security") == ["both"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # A month- or year-precise date matches any bound that falls inside it.
        ("signed_after=2024-10-15", {"month", "year"}),
        ("signed_before=2024-10-01", {"month", "year", "older"}),
        ("signed_after=2024-10-08&signed_before=2024-10-08", {"day", "month", "year"}),
        ("signed_after=2024&signed_before=2024", {"day", "month", "year"}),
        ("signed_after=2024-10&signed_before=2024-10", {"day", "month", "year"}),
        ("signed_after=2024-11", {"year"}),
        ("signed_before=2023", {"older"}),
    ],
)
def test_signing_date_filters_match_month_and_year_precise_dates_that_cover_them(client, query, expected):
    for slug, signed_on in [("day", "2024-10-08"), ("month", "2024-10"), ("year", "2024"), ("older", "2023-12-31")]:
        factories.AgreementFactory(slug=slug, signed_on=signed_on)
    factories.AgreementFactory(slug="undated", signed_on="")

    assert set(listed(client, f"{AGREEMENTS}?{query}")) == expected


def test_in_force_date_filters_read_partial_dates_the_same_way(client):
    factories.AgreementFactory(slug="year", signed_on="2000", in_force_on="2001", status=AgreementStatus.IN_FORCE)
    factories.AgreementFactory(slug="day", signed_on="2000", in_force_on="2001-06-30", status=AgreementStatus.IN_FORCE)
    factories.AgreementFactory(slug="not-yet", signed_on="2000", status=AgreementStatus.SIGNED)

    assert set(listed(client, f"{AGREEMENTS}?in_force_after=2001-07")) == {"year"}
    assert set(listed(client, f"{AGREEMENTS}?in_force_before=2001-06-30")) == {"year", "day"}


@pytest.mark.parametrize(
    ("lifecycle", "expected"),
    [
        ("signed", {"signed"}),
        ("in_force", {"in-force"}),
        # An end date that has surely passed counts as ended even when the status was not updated.
        ("ended", {"expired", "terminated", "stale"}),
    ],
)
def test_lifecycle_shortcuts(client, lifecycle, expected):
    factories.AgreementFactory(slug="negotiating", status=AgreementStatus.NEGOTIATING, signed_on="")
    factories.AgreementFactory(slug="signed", status=AgreementStatus.SIGNED)
    factories.AgreementFactory(slug="in-force", status=AgreementStatus.IN_FORCE, in_force_on="2024-11")
    factories.AgreementFactory(slug="expired", status=AgreementStatus.EXPIRED, ended_on="2025")
    factories.AgreementFactory(slug="terminated", status=AgreementStatus.TERMINATED)
    factories.AgreementFactory(slug="stale", status=AgreementStatus.IN_FORCE, in_force_on="2024-11", ended_on="2024-12")

    assert set(listed(client, f"{AGREEMENTS}?lifecycle={lifecycle}")) == expected


def test_binding_unknown_finds_agreements_no_source_settled(client):
    factories.AgreementFactory(slug="unknown", binding=None)
    factories.AgreementFactory(slug="binding", binding=True)

    assert listed(client, f"{AGREEMENTS}?binding=unknown") == ["unknown"]


def test_filters_combine_as_in_a_shared_link(client):
    border = factories.TopicFactory(slug="border-security")
    sv, us = factories.OrganizationFactory(country="SV"), factories.OrganizationFactory(country="US")
    agreement_with(slug="cmaa", topics=[border], parties=[sv, us], signed_on="2024-10-08")
    agreement_with(slug="older", topics=[border], parties=[sv], signed_on="2019-08")
    agreement_with(slug="elsewhere", topics=[border], parties=[us], signed_on="2024-10-08")
    agreement_with(slug="other-topic", topics=[factories.TopicFactory()], parties=[sv], signed_on="2024-10-08")

    assert listed(client, f"{AGREEMENTS}?topic=border-security&country=SV&signed_after=2024-01-01") == ["cmaa"]


# Sorting and pagination.


def test_each_sort_orders_the_list_and_unknown_dates_come_last(client):
    factories.AgreementFactory(slug="b-2019", title="Beta", signed_on="2019")
    factories.AgreementFactory(slug="a-2024", title="alpha", signed_on="2024-10")
    factories.AgreementFactory(slug="c-undated", title="Gamma", signed_on="")
    factories.AgreementFactory(slug="d-2020", title="Delta", signed_on="2020-01-01")

    assert listed(client, AGREEMENTS) == ["a-2024", "d-2020", "b-2019", "c-undated"]
    assert listed(client, f"{AGREEMENTS}?sort=newest") == ["a-2024", "d-2020", "b-2019", "c-undated"]
    assert listed(client, f"{AGREEMENTS}?sort=oldest") == ["b-2019", "d-2020", "a-2024", "c-undated"]
    assert listed(client, f"{AGREEMENTS}?sort=title") == ["a-2024", "b-2019", "d-2020", "c-undated"]
    assert listed(client, f"{AGREEMENTS}?sort=updated") == ["d-2020", "c-undated", "a-2024", "b-2019"]


def test_the_page_says_how_many_results_and_which_sort_is_current(client):
    factories.AgreementFactory.create_batch(3)

    content = client.get(f"{AGREEMENTS}?sort=title").content.decode()

    assert "3 agreements" in content
    assert '<strong aria-current="true">Title A–Z</strong>' in content


def test_pagination_and_sort_links_keep_the_filters(client):
    border = factories.TopicFactory(slug="border-security")
    for number in range(25):
        agreement_with(slug=f"match-{number:02}", title=f"Match {number:02}", topics=[border])
    factories.AgreementFactory.create_batch(3)

    first = client.get(f"{AGREEMENTS}?topic=border-security&sort=title")
    second = client.get(f"{AGREEMENTS}?topic=border-security&sort=title&page=2")

    assert len(first.context["object_list"]) == 20
    assert 'href="?topic=border-security&amp;sort=title&amp;page=2"' in first.content.decode()
    assert [a.slug for a in second.context["object_list"]] == [f"match-{number:02}" for number in range(20, 25)]
    assert 'href="?topic=border-security&amp;sort=oldest"' in second.content.decode()
    assert "25 agreements" in second.content.decode()


@pytest.mark.parametrize("page", ["abc", "999", "0", "-1", "1.5", "2"])
def test_a_page_number_that_is_not_a_number_or_out_of_range_is_a_404(client, page):
    factories.AgreementFactory.create_batch(3)

    response = client.get(f"{AGREEMENTS}?page={page}")

    assert response.status_code == 404


def test_the_last_page_answers(client):
    factories.AgreementFactory.create_batch(21)

    assert len(listed(client, f"{AGREEMENTS}?page=2")) == 1
    assert len(listed(client, f"{AGREEMENTS}?page=last")) == 1


# Chips and empty states.


def test_each_active_filter_is_a_chip_that_removes_only_itself(client, two_agreements):
    response = client.get(f"{AGREEMENTS}?topic=border-security&country=sv&sort=oldest&page=1")
    chips = {chip.value: chip.remove_url for chip in response.context["chips"]}
    content = response.content.decode()

    assert chips == {
        "Border security": f"{AGREEMENTS}?country=sv&sort=oldest",
        "El Salvador": f"{AGREEMENTS}?topic=border-security&sort=oldest",
    }
    assert f'<a class="chip chip--clear" href="{AGREEMENTS}?sort=oldest">' in content


def test_no_results_explains_how_to_widen_the_search(client, two_agreements):
    response = client.get(f"{AGREEMENTS}?topic=energy&country=SV")
    content = response.content.decode()

    assert response.status_code == 200
    assert "No agreements match these filters." in content
    assert "Clear all filters and show all agreements" in content


# Bad input: the problem beside the field, the page intact, never a 500.


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("topic=no-such-topic", "topic", "is not among the published records"),
        ("country=XX", "country", "is not a country code"),
        ("country=SLV", "country", "is not a country code"),
        ("party=no-such-org", "party", "is not among the published records"),
        ("signatory=no-such-person", "signatory", "is not among the published records"),
        ("kind=charter", "kind", "Select a valid choice"),
        ("status=alive", "status", "Select a valid choice"),
        ("binding=maybe", "binding", "Select a valid choice"),
        ("lifecycle=reborn", "lifecycle", "Select a valid choice"),
        ("signed_after=2024-02-30", "signed_after", "Enter a real date"),
        ("signed_before=2024-13", "signed_before", "Enter a real date"),
        ("in_force_after=yesterday", "in_force_after", "Enter a real date"),
        ("in_force_before=24-10-08", "in_force_before", "Enter a real date"),
        ("sort=random", "sort", "Select a valid choice"),
        ("q=" + "x" * 10_000, "q", "This value is too long."),
        ("topic=" + "x" * 10_000, "topic", "This value is too long."),
        ("q=border%00security", "q", "character that is not allowed"),
        ("topic=border%00security", "topic", "character that is not allowed"),
        ("country=S%00V", "country", "character that is not allowed"),
        ("binding=yes&binding=no", "binding", "Give this filter one value, not several."),
        ("sort=title&sort=oldest", "sort", "Give this filter one value, not several."),
        ("signed_after=2024&signed_after=2025", "signed_after", "Give this filter one value, not several."),
    ],
)
def test_invalid_agreement_filters_are_explained_beside_the_field(client, two_agreements, query, field, message):
    response = invalid_filter(client, f"{AGREEMENTS}?{query}", field)
    content = response.content.decode()

    assert message in " ".join(response.context["filter"].form.errors[field])
    assert "Some filters could not be used" in content
    assert '<form method="get"' in content
    # No silently unfiltered results: nothing is listed until the filter is corrected.
    assert list(response.context["object_list"]) == []
    # Links on the page do not carry an over-long value on.
    assert "x" * 1000 not in content[content.index("<main") : content.index("</main>")]


def test_empty_values_filter_nothing(client, two_agreements):
    query = "q=&topic=&country=&country=+&party=&kind=&binding=&signed_after=&sort="

    assert set(listed(client, f"{AGREEMENTS}?{query}")) == {"cmaa", "nuclear"}


def test_a_bad_value_leaves_the_other_filters_and_their_chips_in_place(client, two_agreements):
    response = client.get(f"{AGREEMENTS}?topic=border-security&signed_after=2024-02-30")
    chips = {str(chip.label): chip for chip in response.context["chips"]}

    assert response.status_code == 400
    assert not chips["Topic"].invalid
    assert chips["Signed on or after"].invalid
    assert chips["Signed on or after"].remove_url == f"{AGREEMENTS}?topic=border-security"
    assert facet(response, "topic")["border-security"] == 1


# Facet counts.


def test_facet_counts_count_a_record_with_two_topics_once_under_each(client):
    security = factories.TopicFactory(slug="security")
    border = factories.TopicFactory(slug="border-security", parent=security)
    customs = factories.TopicFactory(slug="customs")
    agreement_with(slug="two-topics", topics=[border, customs])
    agreement_with(slug="parent-and-child", topics=[security, border])
    agreement_with(slug="customs-only", topics=[customs])
    factories.AgreementFactory(slug="no-topic")

    counts = facet(client.get(AGREEMENTS), "topic")

    # "security" covers its subtopic: two agreements, the one tagged with both counted once.
    assert counts == {"security": 2, "border-security": 2, "customs": 2}


def test_facet_counts_follow_the_other_active_filters_but_not_their_own(client):
    border, customs = factories.TopicFactory(slug="border-security"), factories.TopicFactory(slug="customs")
    sv, us = factories.OrganizationFactory(slug="dgme", country="SV"), factories.OrganizationFactory(slug="cbp")
    agreement_with(topics=[border, customs], parties=[sv, us], kind="cmaa")
    agreement_with(topics=[border], parties=[sv], kind="mou")
    agreement_with(topics=[customs], parties=[us], kind="cmaa")

    unfiltered = client.get(AGREEMENTS)
    in_sv = client.get(f"{AGREEMENTS}?country=SV")
    in_sv_cmaa = client.get(f"{AGREEMENTS}?country=SV&kind=cmaa")

    assert facet(unfiltered, "topic") == {"border-security": 2, "customs": 2}
    assert facet(unfiltered, "country") == {"SV": 2, "US": 2}
    assert facet(in_sv, "topic") == {"border-security": 2, "customs": 1}
    # A facet ignores its own choice, so that another country can still be added.
    assert facet(in_sv, "country") == {"SV": 2, "US": 2}
    assert facet(in_sv_cmaa, "kind")["cmaa"] == 1
    assert facet(in_sv_cmaa, "kind")["mou"] == 1
    assert facet(in_sv_cmaa, "party") == {"dgme": 1, "cbp": 1}
    assert facet(in_sv_cmaa, "topic") == {"border-security": 1, "customs": 1}
    assert facet(in_sv_cmaa, "status")["signed"] == 1


def test_facet_counts_are_shown_beside_each_choice(client, two_agreements):
    content = client.get(AGREEMENTS).content.decode()

    assert 'Customs mutual assistance agreement <span class="count">(1)</span></label>' in content
    assert 'value="SV"' in content
    assert 'El Salvador <span class="count">(1)</span>' in content


def test_a_chosen_value_that_leaves_nothing_stays_listed_so_it_can_be_unticked(client, two_agreements):
    response = client.get(f"{AGREEMENTS}?party=sat&topic=border-security")

    assert listed(client, f"{AGREEMENTS}?party=sat&topic=border-security") == []
    assert facet(response, "party")["sat"] == 0


# Drafts never show, nor count.


def test_draft_agreements_never_appear_in_lists_or_counts(client):
    border = factories.TopicFactory(slug="border-security")
    sv = factories.OrganizationFactory(slug="dgme", country="SV")
    agreement_with(slug="public", topics=[border], parties=[sv])
    for status in (DRAFT, REVIEW):
        agreement_with(slug=f"hidden-{status}", topics=[border], parties=[sv], publication_status=status)

    response = client.get(AGREEMENTS)

    assert [a.slug for a in response.context["object_list"]] == ["public"]
    assert facet(response, "topic") == {"border-security": 1}
    assert facet(response, "country") == {"SV": 1}
    assert facet(response, "party") == {"dgme": 1}
    assert facet(response, "kind")["cmaa"] == 1
    assert "hidden-" not in response.content.decode()


def test_a_draft_topic_never_shows_counts_or_filters(client):
    draft_topic = factories.TopicFactory(slug="secret-topic", name="Secret topic", publication_status=DRAFT)
    public_topic = factories.TopicFactory(slug="public-topic", name="Public topic")
    agreement_with(slug="tagged", topics=[draft_topic, public_topic])

    response = client.get(AGREEMENTS)

    assert "Secret topic" not in response.content.decode()
    assert "Public topic" in response.content.decode()
    assert facet(response, "topic") == {"public-topic": 1}
    assert client.get(f"{AGREEMENTS}?topic=secret-topic").status_code == 400


def test_a_published_subtopic_of_a_draft_topic_stays_reachable(client):
    draft_parent = factories.TopicFactory(slug="draft-parent", publication_status=DRAFT)
    child = factories.TopicFactory(slug="child", parent=draft_parent)
    agreement_with(slug="tagged", topics=[child])

    assert facet(client.get(AGREEMENTS), "topic") == {"child": 1}
    assert listed(client, f"{AGREEMENTS}?topic=child") == ["tagged"]


def test_a_draft_party_organization_never_shows_counts_or_filters(client):
    draft = factories.OrganizationFactory(
        slug="draft-org", name="Draft Ministry", country="HN", publication_status=DRAFT
    )
    public = factories.OrganizationFactory(slug="cbp", name="Public Agency", country="US")
    agreement_with(slug="agreement", parties=[draft, public])

    response = client.get(AGREEMENTS)

    assert "Draft Ministry" not in response.content.decode()
    assert "Public Agency" in response.content.decode()
    assert facet(response, "party") == {"cbp": 1}
    assert facet(response, "country") == {"US": 1}
    assert listed(client, f"{AGREEMENTS}?country=HN") == []
    assert client.get(f"{AGREEMENTS}?party=draft-org").status_code == 400


def test_a_draft_signatory_never_shows_counts_or_filters(client):
    draft = factories.PersonFactory(slug="draft-person", name="Hidden Signer", publication_status=DRAFT)
    public = factories.PersonFactory(slug="troy-miller", name="Troy Miller")
    agreement_with(slug="agreement", signatories=[draft, public])

    response = client.get(AGREEMENTS)

    assert "Hidden Signer" not in response.content.decode()
    assert facet(response, "signatory") == {"troy-miller": 1}
    assert client.get(f"{AGREEMENTS}?signatory=draft-person").status_code == 400


def test_a_card_with_2000_parties_names_a_few_and_says_how_many_more(client, django_assert_max_num_queries):
    many = factories.AgreementFactory(slug="convention", title="A convention")
    few = factories.AgreementFactory(slug="treaty", title="A treaty")
    organizations = Organization.objects.bulk_create(
        Organization(name=f"Body {number:04}", slug=f"body-{number}", publication_status=PublicationStatus.PUBLISHED)
        for number in range(2000)
    )
    draft = factories.OrganizationFactory(name="Body 0000 draft", publication_status=DRAFT)
    AgreementParty.objects.bulk_create(
        [AgreementParty(agreement=many, organization=organization) for organization in [draft, *organizations]]
        + [AgreementParty(agreement=few, organization=organization) for organization in organizations[:2]]
    )
    analyze()

    with django_assert_max_num_queries(AGREEMENT_LIST_QUERIES):
        response = client.get(AGREEMENTS)
    content = response.content.decode()

    assert len(content) < 150_000
    cards = {agreement.slug: agreement for agreement in response.context["object_list"]}
    assert [party.slug for party in cards["convention"].card_parties] == [f"body-{n}" for n in range(CARD_PARTIES)]
    assert f'<a href="{many.get_absolute_url()}#parties">and {2000 - CARD_PARTIES} more</a>' in content
    assert "Body 0000 draft" not in content
    assert cards["treaty"].parties_not_on_card == 0
    assert f"{few.get_absolute_url()}#parties" not in content


def test_the_api_and_the_download_still_give_every_party(client):
    agreement = factories.AgreementFactory()
    for _ in range(CARD_PARTIES + 2):
        factories.AgreementPartyFactory(agreement=agreement)

    api = client.get(reverse("api:agreement-list")).json()
    download = client.get(reverse("agreements:agreement-list"), {"format": "json"})
    [row] = json.loads(b"".join(download.streaming_content))["results"]

    assert len(api["results"][0]["parties"]) == CARD_PARTIES + 2
    assert len(row["party_slugs"]) == CARD_PARTIES + 2


# Query budget: a fixed number of queries whatever the page size and the number of topics or parties.

# One more query counts the topics that have subtopics over their whole subtree, and one the records per year for the
# chart (records.charts); each facet is one query, the certainty facet's among them.
AGREEMENT_LIST_QUERIES = 15
PROGRAM_LIST_QUERIES = 16
EVENT_LIST_QUERIES = 13


def topic_tree_of_four():
    """A parent topic and three subtopics, so that every topic query runs."""
    parent = factories.TopicFactory(slug="t0")
    return [parent, *(factories.TopicFactory(slug=f"t{number}", parent=parent) for number in range(1, 4))]


@pytest.mark.parametrize("size", [1, 25])
def test_the_agreement_list_runs_a_fixed_number_of_queries(get_within_budget, size):
    topics = topic_tree_of_four()
    parties = {}
    for _ in range(size):
        organizations = [factories.OrganizationFactory(country="SV"), factories.OrganizationFactory()]
        agreement = agreement_with(
            topics=topics,
            parties=organizations,
            signatories=[factories.PersonFactory(), factories.PersonFactory()],
        )
        parties[agreement] = organizations

    response = get_within_budget(
        f"{AGREEMENTS}?topic=t0&country=SV&signed_after=2024&sort=title", AGREEMENT_LIST_QUERIES
    )

    assert len(response.context["object_list"]) == min(size, 20)
    for agreement in response.context["object_list"]:
        assert_links_to(response.content.decode(), agreement, *parties[agreement], *topics)


# Programs.


@shared_records
def two_programs():
    law, cyber = factories.TopicFactory(slug="law-enforcement-training"), factories.TopicFactory(slug="cybercrime")
    ilea = factories.OrganizationFactory(slug="ilea", name="ILEA San Salvador", country="SV")
    academy = factories.OrganizationFactory(slug="academy", country="US")
    cbp, fbi = factories.OrganizationFactory(slug="cbp"), factories.OrganizationFactory(slug="fbi")
    border = factories.TrainingProgramFactory(
        slug="border-course",
        title="International Border Interdiction Training",
        description="Border interdiction for officers.",
        format=ProgramFormat.COURSE,
        host=ilea,
        country="SV",
        start="2005",
    )
    border.topics.add(law)
    border.instructors.add(cbp)
    ParticipantCountry.objects.create(program=border, country="GT")
    cyber_program = factories.TrainingProgramFactory(
        slug="cyber-workshop",
        title="Cyber investigation",
        description="Digital evidence.",
        format=ProgramFormat.WORKSHOP,
        host=academy,
        country="US",
        start="2018",
        end="2018",
    )
    cyber_program.topics.add(cyber)
    cyber_program.instructors.add(fbi)
    ParticipantCountry.objects.create(program=cyber_program, country="HN")
    return border, cyber_program


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=border+interdiction", "border-course"),
        ("q=digital", "cyber-workshop"),
        ("topic=law-enforcement-training", "border-course"),
        ("topic=cybercrime", "cyber-workshop"),
        ("host=ilea", "border-course"),
        ("host=academy", "cyber-workshop"),
        ("instructor=cbp", "border-course"),
        ("instructor=fbi", "cyber-workshop"),
        ("country=sv", "border-course"),
        ("country=US", "cyber-workshop"),
        ("participant_country=GT", "border-course"),
        ("participant_country=hn", "cyber-workshop"),
        ("kind=course", "border-course"),
        ("kind=workshop", "cyber-workshop"),
        ("when=now", "border-course"),
        ("when=past", "cyber-workshop"),
        ("topic=law-enforcement-training&host=ilea&participant_country=GT&when=now", "border-course"),
    ],
)
def test_each_program_filter_keeps_the_matching_program_and_drops_the_other(client, two_programs, query, expected):
    assert listed(client, f"{PROGRAMS}?{query}") == [expected]


def test_running_now_past_and_upcoming_read_partial_dates(client):
    today = timezone.localdate()
    last_month = (today.replace(day=1) - datetime.timedelta(days=1)).strftime("%Y-%m")
    programs = {
        "open-ended": ("2015", ""),
        "ends-this-month": ("2015", today.strftime("%Y-%m")),
        "ends-this-year": ("2015", str(today.year)),
        "ended-last-month": ("2015", last_month),
        "ended-long-ago": ("2015", "2016"),
        "next-year": (str(today.year + 1), ""),
        "undated": ("", ""),
    }
    for slug, (start, end) in programs.items():
        factories.TrainingProgramFactory(slug=slug, start=start, end=end)

    assert set(listed(client, f"{PROGRAMS}?when=now")) == {"open-ended", "ends-this-month", "ends-this-year"}
    assert set(listed(client, f"{PROGRAMS}?when=past")) == {"ended-last-month", "ended-long-ago"}
    assert set(listed(client, f"{PROGRAMS}?when=upcoming")) == {"next-year"}


def test_program_facets_count_published_choices(client, two_programs):
    border, _cyber = two_programs
    border.instructors.add(factories.OrganizationFactory(slug="draft-instructor", publication_status=DRAFT))
    ParticipantCountry.objects.create(program=border, country="HN")

    response = client.get(PROGRAMS)

    assert facet(response, "participant_country") == {"GT": 1, "HN": 2}
    assert facet(response, "instructor") == {"cbp": 1, "fbi": 1}
    assert facet(response, "host") == {"ilea": 1, "academy": 1}
    assert facet(response, "country") == {"SV": 1, "US": 1}
    assert facet(response, "kind")["course"] == 1
    assert facet(client.get(f"{PROGRAMS}?participant_country=GT"), "participant_country") == {"GT": 1, "HN": 2}
    assert facet(client.get(f"{PROGRAMS}?kind=workshop"), "participant_country") == {"HN": 1}


def test_a_draft_host_or_instructor_never_shows_on_a_program(client):
    draft_host = factories.OrganizationFactory(slug="draft-host", name="Hidden Host", publication_status=DRAFT)
    program = factories.TrainingProgramFactory(slug="course", host=draft_host)
    program.instructors.add(factories.OrganizationFactory(name="Hidden Instructor", publication_status=DRAFT))
    factories.TrainingProgramFactory(slug="hidden", publication_status=DRAFT)

    response = client.get(PROGRAMS)
    content = response.content.decode()

    assert [p.slug for p in response.context["object_list"]] == ["course"]
    assert "Hidden Host" not in content
    assert "Hidden Instructor" not in content
    assert facet(response, "host") == {}
    assert client.get(f"{PROGRAMS}?host=draft-host").status_code == 400


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("topic=nothing", "topic"),
        ("host=nobody", "host"),
        ("instructor=nobody", "instructor"),
        ("country=ZZ", "country"),
        ("participant_country=123", "participant_country"),
        ("kind=lecture", "kind"),
        ("when=tomorrow", "when"),
        ("when=now&when=past", "when"),
        ("q=%00", "q"),
        ("sort=best", "sort"),
    ],
)
def test_invalid_program_filters_are_explained_beside_the_field(client, two_programs, query, field):
    invalid_filter(client, f"{PROGRAMS}?{query}", field)


@pytest.mark.parametrize("size", [1, 25])
def test_the_program_list_runs_a_fixed_number_of_queries(get_within_budget, size):
    topics = topic_tree_of_four()
    host = factories.OrganizationFactory(slug="ilea")
    instructors = {}
    for _ in range(size):
        program = factories.TrainingProgramFactory(host=host)
        program.topics.add(*topics)
        instructors[program] = [factories.OrganizationFactory(), factories.OrganizationFactory()]
        program.instructors.add(*instructors[program])
        ParticipantCountry.objects.create(program=program, country="GT")
        ParticipantCountry.objects.create(program=program, country="HN")

    response = get_within_budget(
        f"{PROGRAMS}?topic=t1&host=ilea&participant_country=GT&sort=oldest", PROGRAM_LIST_QUERIES
    )

    assert len(response.context["object_list"]) == min(size, 20)
    for program in response.context["object_list"]:
        assert_links_to(response.content.decode(), program, host, *instructors[program], *topics)


# Events.


@shared_records
def two_events():
    visits = factories.TopicFactory(slug="diplomacy")
    customs = factories.TopicFactory(slug="customs")
    miller, rubio = factories.PersonFactory(slug="troy-miller"), factories.PersonFactory(slug="marco-rubio")
    cbp, state = factories.OrganizationFactory(slug="cbp"), factories.OrganizationFactory(slug="state")
    visit = factories.EventFactory(
        slug="miller-visit",
        title="Acting Commissioner visits El Salvador",
        summary="Meetings in San Salvador.",
        kind=EventKind.VISIT,
        start="2024-10-07",
        end="2024-10-09",
        country="SV",
    )
    visit.topics.add(customs)
    visit.participants.add(miller)
    visit.organizations.add(cbp)
    trip = factories.EventFactory(
        slug="rubio-trip",
        title="Secretary of State in Guatemala",
        summary="A regional tour.",
        kind=EventKind.MEETING,
        start="2025-02",
        country="GT",
    )
    trip.topics.add(visits)
    trip.participants.add(rubio)
    trip.organizations.add(state)
    return visit, trip


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=san+salvador", "miller-visit"),
        ("q=regional", "rubio-trip"),
        ("topic=customs", "miller-visit"),
        ("topic=diplomacy", "rubio-trip"),
        ("kind=visit", "miller-visit"),
        ("kind=meeting", "rubio-trip"),
        ("country=SV", "miller-visit"),
        ("country=gt", "rubio-trip"),
        ("participant=troy-miller", "miller-visit"),
        ("participant=marco-rubio", "rubio-trip"),
        ("organization=cbp", "miller-visit"),
        ("organization=state", "rubio-trip"),
        ("before=2024-12-31", "miller-visit"),
        ("after=2025-01-01", "rubio-trip"),
        ("after=2024&before=2024", "miller-visit"),
        ("kind=visit&country=SV&participant=troy-miller&after=2024-10", "miller-visit"),
    ],
)
def test_each_event_filter_keeps_the_matching_event_and_drops_the_other(client, two_events, query, expected):
    assert listed(client, f"{EVENTS}?{query}") == [expected]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # A visit of 7–9 October is still on on the 8th.
        ("after=2024-10-08", {"visit", "month", "year"}),
        ("after=2024-10-10", {"month", "year"}),
        ("before=2024-10-06", {"month", "year"}),
        ("before=2024-10-07", {"visit", "month", "year"}),
        ("after=2024-11-01", {"year"}),
        ("after=2024-10-08&before=2024-10-08", {"visit", "month", "year"}),
        ("before=2023", set()),
    ],
)
def test_event_date_filters_match_ranges_and_partial_dates(client, query, expected):
    factories.EventFactory(slug="visit", start="2024-10-07", end="2024-10-09")
    factories.EventFactory(slug="month", start="2024-10")
    factories.EventFactory(slug="year", start="2024")

    assert set(listed(client, f"{EVENTS}?{query}")) == expected


def test_event_facets_count_published_participants_and_organizations(client, two_events):
    visit, _trip = two_events
    visit.participants.add(factories.PersonFactory(slug="hidden", publication_status=DRAFT))
    factories.EventFactory(slug="draft-event", kind=EventKind.VISIT, publication_status=DRAFT)

    response = client.get(f"{EVENTS}?country=SV")

    assert facet(response, "participant") == {"troy-miller": 1}
    assert facet(response, "organization") == {"cbp": 1}
    assert facet(response, "kind")["visit"] == 1
    # A kind no event has is not offered.
    assert "meeting" not in facet(response, "kind")
    assert facet(response, "country") == {"SV": 1, "GT": 1}
    assert facet(response, "topic") == {"customs": 1}


def test_a_draft_parent_event_never_shows_on_an_event_card(client):
    parent = factories.EventFactory(title="Hidden visit", publication_status=DRAFT)
    factories.EventFactory(slug="meeting", parent=parent)

    response = client.get(EVENTS)

    assert [event.slug for event in response.context["object_list"]] == ["meeting"]
    assert "Hidden visit" not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("topic=nothing", "topic"),
        ("kind=party", "kind"),
        ("country=E", "country"),
        ("participant=nobody", "participant"),
        ("organization=nobody", "organization"),
        ("after=2024-00", "after"),
        ("before=next+week", "before"),
        ("after=2024&after=2025", "after"),
    ],
)
def test_invalid_event_filters_are_explained_beside_the_field(client, two_events, query, field):
    invalid_filter(client, f"{EVENTS}?{query}", field)


@pytest.mark.parametrize("size", [1, 25])
def test_the_event_list_runs_a_fixed_number_of_queries(get_within_budget, size):
    topics = topic_tree_of_four()
    parent = factories.EventFactory(slug="parent", start="2024-10-07", end="2024-10-09", kind=EventKind.VISIT)
    for _ in range(size):
        event = factories.EventFactory(parent=parent)
        event.topics.add(*topics)
        event.participants.add(factories.PersonFactory(), factories.PersonFactory())
        event.organizations.add(factories.OrganizationFactory(), factories.OrganizationFactory())

    response = get_within_budget(f"{EVENTS}?topic=t2&kind=meeting&country=SV&after=2024", EVENT_LIST_QUERIES)

    assert len(response.context["object_list"]) == min(size, 20)
    for event in response.context["object_list"]:
        assert_links_to(response.content.decode(), event, parent, *topics)


# The loaded dataset: the reader's path from the issue.


def test_border_security_in_el_salvador_in_2024_leads_to_the_customs_agreement(client, dataset):
    response = client.get(f"{AGREEMENTS}?topic=border-security&country=SV&signed_after=2024&signed_before=2024")

    assert response.status_code == 200
    assert "us-el-salvador-cmaa" in [agreement.slug for agreement in response.context["object_list"]]
    assert reverse("agreements:agreement-detail", kwargs={"slug": "us-el-salvador-cmaa"}) in response.content.decode()


@pytest.mark.parametrize("url", [AGREEMENTS, PROGRAMS, EVENTS])
def test_lists_answer_on_the_loaded_dataset(client, dataset, url):
    response = client.get(url)

    assert response.status_code == 200
    assert len(response.context["object_list"]) > 0
