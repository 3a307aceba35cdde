"""Agreement, program, event and topic pages: every relation, only published ones, in a fixed number of queries."""

import pytest

from agreements.models import AgreementRelation, ParticipantCountry, PartyRole, RelationKind
from records.models import PublicationStatus
from tests import factories
from tests.helpers import assert_links_to, assert_sources_shown, cite, page

pytestmark = pytest.mark.django_db

DRAFT = PublicationStatus.DRAFT
IN_REVIEW = PublicationStatus.IN_REVIEW


# Agreements


def test_agreement_page_shows_parties_with_role_and_their_countries(client):
    agreement = factories.AgreementFactory()
    factories.AgreementPartyFactory(
        agreement=agreement,
        organization=factories.OrganizationFactory(name="Dirección General de Aduanas", country="SV"),
    )
    factories.AgreementPartyFactory(
        agreement=agreement,
        organization=factories.OrganizationFactory(name="Customs and Border Protection", country="US"),
        role=PartyRole.EXECUTING_AGENCY,
    )
    html = page(client, agreement)
    assert "Dirección General de Aduanas" in html
    assert "Customs and Border Protection" in html
    assert "Executing agency" in html
    assert 'href="/countries/SV/"' in html
    assert 'href="/countries/US/"' in html


def test_agreement_page_shows_signatories_with_the_title_they_held_then(client):
    troy = factories.PersonFactory(name="Troy A. Miller")
    signatory = factories.SignatoryFactory(person=troy, title="Acting Commissioner")
    html = page(client, signatory.agreement)
    assert f'<a href="{troy.get_absolute_url()}">Troy A. Miller</a>, Acting Commissioner' in html


def test_signatory_whose_person_is_a_draft_shows_by_recorded_name_without_a_link(client):
    hidden = factories.PersonFactory(name="Draft Person Name", publication_status=DRAFT)
    signatory = factories.SignatoryFactory(person=hidden, name="Minister of Finance", title="Minister")
    html = page(client, signatory.agreement)
    assert "Minister of Finance" in html
    assert "Draft Person Name" not in html
    assert hidden.get_absolute_url() not in html


def test_signatory_whose_person_is_a_draft_and_has_no_name_is_left_out(client):
    hidden = factories.PersonFactory(name="Draft Person Name", publication_status=IN_REVIEW)
    signatory = factories.SignatoryFactory(person=hidden, title="Undersecretary of Something")
    html = page(client, signatory.agreement)
    assert "Draft Person Name" not in html
    assert "Undersecretary of Something" not in html
    assert "No signatory is recorded." in html


def test_draft_party_organization_and_draft_topic_never_show_on_a_published_agreement(client):
    agreement = factories.AgreementFactory()
    factories.AgreementPartyFactory(
        agreement=agreement,
        organization=factories.OrganizationFactory(name="Hidden Ministry", country="GT", publication_status=DRAFT),
    )
    agreement.topics.add(
        factories.TopicFactory(name="Visible topic"),
        factories.TopicFactory(name="Hidden topic", publication_status=DRAFT),
    )
    html = page(client, agreement)
    assert "Hidden Ministry" not in html
    assert "/countries/GT/" not in html
    assert "Visible topic" in html
    assert "Hidden topic" not in html


def test_related_agreements_read_from_both_sides(client):
    old = factories.AgreementFactory(title="The 1990 agreement")
    new = factories.AgreementFactory(title="The 2024 agreement")
    AgreementRelation.objects.create(source=new, target=old, kind=RelationKind.SUCCEEDS)
    assert "This agreement succeeds" in page(client, new)
    assert "The 1990 agreement" in page(client, new)
    assert "This agreement is succeeded by" in page(client, old)
    assert "The 2024 agreement" in page(client, old)


def test_relation_to_a_draft_agreement_is_hidden(client):
    shown = factories.AgreementFactory()
    AgreementRelation.objects.create(
        source=shown,
        target=factories.AgreementFactory(title="Unpublished amendment", publication_status=DRAFT),
        kind="amends",
    )
    html = page(client, shown)
    assert "Unpublished amendment" not in html
    assert "Related agreements" not in html


def test_agreement_page_shows_dates_at_their_precision_and_the_signing_event(client):
    event = factories.EventFactory(title="Signing ceremony in San Salvador")
    agreement = factories.AgreementFactory(signed_on="2024-10", in_force_on="2025", signed_at=event, binding=None)
    html = page(client, agreement)
    assert "Signed October 2024" in html
    assert "1 October 2024" not in html
    assert "<dd>2025</dd>" in html
    assert "Signing ceremony in San Salvador" in html
    assert "Not known" in html


def test_signing_event_that_is_a_draft_is_not_linked(client):
    agreement = factories.AgreementFactory(
        signed_at=factories.EventFactory(title="Secret signing", publication_status=DRAFT)
    )
    assert "Secret signing" not in page(client, agreement)


def test_agreement_page_shows_kind_status_scope_binding_text_link_and_editorial_note(client):
    agreement = factories.AgreementFactory(
        binding=True, text_url="https://example.org/cmaa.pdf", note="The entry-into-force date is not known."
    )
    html = page(client, agreement)
    for text in (
        "Customs mutual assistance agreement",
        "Signed — entry into force not recorded",
        "Bilateral",
        "Legally binding",
        'href="https://example.org/cmaa.pdf"',
        "The entry-into-force date is not known.",
    ):
        assert text in html


def test_agreement_page_lists_its_sources_with_the_quoted_excerpt(client):
    agreement = factories.AgreementFactory()
    source = factories.SourceFactory(
        title="CBP signs a CMAA", publisher="CBP", published="2024-10", reliability_note="Mirror"
    )
    cite(agreement, "exchange information on customs offences", source=source)
    html = page(client, agreement)
    assert f'<a href="{source.url}"' in html
    assert "CBP signs a CMAA" in html
    assert "October 2024" in html
    assert "Mirror" in html
    assert "exchange information on customs offences</p></blockquote>" in html


@pytest.mark.parametrize("status", [DRAFT, IN_REVIEW])
def test_unpublished_agreement_is_a_404_in_the_site_design(client, status):
    agreement = factories.AgreementFactory(publication_status=status)
    response = client.get(agreement.get_absolute_url())
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert 'id="main"' in response.content.decode()


def test_unknown_slugs_are_404_pages(client):
    for url in ("/agreements/nothing-here/", "/programs/nothing-here/", "/events/nothing-here/", "/topics/nothing/"):
        response = client.get(url)
        assert response.status_code == 404
        assert "Page not found" in response.content.decode()


def agreement_with(n):
    """An agreement with `n` of each relation, and the records its page links to."""
    agreement = factories.AgreementFactory(signed_at=factories.EventFactory())
    linked = [agreement.signed_at]
    for _ in range(n):
        linked.append(factories.AgreementPartyFactory(agreement=agreement).organization)
        linked.append(factories.SignatoryFactory(agreement=agreement).person)
        topic = factories.TopicFactory()
        agreement.topics.add(topic)
        amended, implementing = factories.AgreementFactory(), factories.AgreementFactory()
        AgreementRelation.objects.create(source=agreement, target=amended, kind="amends")
        AgreementRelation.objects.create(source=implementing, target=agreement, kind="implements")
        linked += [topic, amended, implementing]
        cite(agreement, "a passage")
    return agreement, linked


@pytest.mark.parametrize("n", [1, 5])
def test_agreement_page_runs_a_fixed_number_of_queries(get_within_budget, n):
    agreement, linked = agreement_with(n)

    html = get_within_budget(agreement.get_absolute_url(), 11).content.decode()

    assert_links_to(html, *linked)
    assert_sources_shown(html, agreement)


# Training programs


def test_program_page_shows_host_instructors_participant_countries_topics_and_events(client):
    program = factories.TrainingProgramFactory(
        host=factories.OrganizationFactory(name="ILEA San Salvador", country="SV"), audience="Customs officers"
    )
    program.instructors.add(
        factories.OrganizationFactory(name="Customs and Border Protection"),
        factories.OrganizationFactory(name="Hidden instructor", publication_status=DRAFT),
    )
    ParticipantCountry.objects.create(program=program, country="GT")
    ParticipantCountry.objects.create(program=program, country="HN")
    program.topics.add(factories.TopicFactory(name="Customs training"))
    event = factories.EventFactory(title="Graduation ceremony")
    event.programs.add(program)
    factories.EventFactory(title="Hidden visit", publication_status=DRAFT).programs.add(program)
    html = page(client, program)
    for text in ("ILEA San Salvador", "Customs and Border Protection", "Guatemala", "Honduras", "Customs training"):
        assert text in html
    assert "Graduation ceremony" in html
    assert "Customs officers" in html
    assert "Hidden instructor" not in html
    assert "Hidden visit" not in html


def test_program_without_an_end_says_the_end_is_not_recorded_rather_than_ongoing(client):
    program = factories.TrainingProgramFactory(start="2005-09", end="")
    html = page(client, program)
    assert "September 2005 – end not recorded" in html
    assert "ongoing" not in html


def test_program_whose_host_is_a_draft_does_not_show_the_host(client):
    program = factories.TrainingProgramFactory(
        host=factories.OrganizationFactory(name="Draft Academy", publication_status=DRAFT)
    )
    assert "Draft Academy" not in page(client, program)


def test_draft_program_is_a_404(client):
    assert client.get(factories.TrainingProgramFactory(publication_status=DRAFT).get_absolute_url()).status_code == 404


@pytest.mark.parametrize("n", [1, 5])
def test_program_page_runs_a_fixed_number_of_queries(get_within_budget, n):
    program = factories.TrainingProgramFactory()
    linked = [program.host]
    countries = ["GT", "HN", "CR", "PA", "BZ"][:n]
    for country in countries:
        instructor, topic, event = factories.OrganizationFactory(), factories.TopicFactory(), factories.EventFactory()
        program.instructors.add(instructor)
        program.topics.add(topic)
        ParticipantCountry.objects.create(program=program, country=country)
        event.programs.add(program)
        linked += [instructor, topic, event]
        cite(program, "a passage")

    html = get_within_budget(program.get_absolute_url(), 9).content.decode()

    assert_links_to(html, *linked)
    assert all(f'href="/countries/{country}/"' in html for country in countries)
    assert_sources_shown(html, program)


# Events


def test_event_page_shows_participants_with_the_post_they_held_at_the_time(client):
    event = factories.EventFactory(start="2024-10")
    troy = factories.PersonFactory(name="Troy A. Miller")
    factories.PositionFactory(person=troy, title="Deputy Commissioner", start="2021-12", end="2022-11", ended=True)
    factories.PositionFactory(person=troy, title="Acting Commissioner", start="2022-11-12", end="", ended=True)
    factories.PositionFactory(person=troy, title="Retired adviser", start="2025-02")
    event.participants.add(troy)
    html = page(client, event)
    assert "Troy A. Miller</a>, Acting Commissioner" in html
    assert "Deputy Commissioner" not in html
    assert "Retired adviser" not in html


def test_participant_without_a_post_known_at_the_time_is_shown_by_name_only(client):
    event = factories.EventFactory(start="2024-10")
    person = factories.PersonFactory(name="Alexandra Hill")
    factories.PositionFactory(person=person, title="Minister of Foreign Affairs", start="", held_as_of="")
    factories.PositionFactory(person=person, title="Hidden post", start="2020", publication_status=DRAFT)
    event.participants.add(person)
    html = page(client, event)
    assert "Alexandra Hill</a>\n" in html
    assert "Minister of Foreign Affairs" not in html
    assert "Hidden post" not in html


def test_event_page_shows_parent_sub_events_organizations_agreements_and_programs(client):
    visit = factories.EventFactory(title="Official visit to El Salvador", start="2024-10")
    meeting = factories.EventFactory(title="Meeting with the cabinet", parent=visit)
    factories.EventFactory(title="Hidden meeting", parent=visit, publication_status=DRAFT)
    visit.participants.add(
        factories.PersonFactory(name="Visible Person"),
        factories.PersonFactory(name="Hidden Person", publication_status=DRAFT),
    )
    visit.organizations.add(
        factories.OrganizationFactory(name="Visible Ministry"),
        factories.OrganizationFactory(name="Hidden Agency", publication_status=DRAFT),
    )
    factories.AgreementFactory(title="Agreement signed there", signed_at=visit)
    factories.AgreementFactory(title="Hidden agreement", signed_at=visit, publication_status=DRAFT)
    visit.programs.add(
        factories.TrainingProgramFactory(title="Visited course"),
        factories.TrainingProgramFactory(title="Hidden course", publication_status=DRAFT),
    )
    html = page(client, visit)
    for text in (
        "Meeting with the cabinet",
        "Visible Person",
        "Visible Ministry",
        "Agreement signed there",
        "Visited course",
    ):
        assert text in html
    for text in ("Hidden meeting", "Hidden Person", "Hidden Agency", "Hidden agreement", "Hidden course"):
        assert text not in html
    assert "October 2024" in html
    assert "Official visit to El Salvador" in page(client, meeting)


def test_sub_event_of_a_draft_event_does_not_show_its_parent(client):
    meeting = factories.EventFactory(parent=factories.EventFactory(title="Secret visit", publication_status=DRAFT))
    assert "Secret visit" not in page(client, meeting)


def test_event_dates_show_at_their_precision(client):
    html = page(client, factories.EventFactory(start="2024-10", end=""))
    assert "October 2024" in html
    assert "1 October 2024" not in html
    assert "2024 – 2025" in page(client, factories.EventFactory(start="2024", end="2025"))
    assert "8 October 2024 – 9 October 2024" in page(
        client, factories.EventFactory(start="2024-10-08", end="2024-10-09")
    )


def test_draft_event_is_a_404(client):
    assert client.get(factories.EventFactory(publication_status=IN_REVIEW).get_absolute_url()).status_code == 404


@pytest.mark.parametrize("n", [1, 5])
def test_event_page_runs_a_fixed_number_of_queries(get_within_budget, n):
    event = factories.EventFactory(parent=factories.EventFactory())
    linked = [event.parent]
    for _ in range(n):
        child = factories.EventFactory(parent=event)
        person = factories.PersonFactory()
        factories.PositionFactory(person=person, start="2020")
        factories.PositionFactory(person=person, start="2010", end="2015", ended=True)
        event.participants.add(person)
        organization, program, topic = (
            factories.OrganizationFactory(),
            factories.TrainingProgramFactory(),
            factories.TopicFactory(),
        )
        event.organizations.add(organization)
        event.programs.add(program)
        event.topics.add(topic)
        signed = factories.AgreementFactory(signed_at=event)
        linked += [child, person, organization, program, topic, signed]
        cite(event, "a passage")

    # The participants' posts come with their citations (a post cited by the event's source names its holder then);
    # two queries read the participants' and programs' rows, for how sure each is (Event.linked_participants).
    html = get_within_budget(event.get_absolute_url(), 15).content.decode()

    assert_links_to(html, *linked)
    assert_sources_shown(html, event)


# Topics


def test_topic_tree_counts_records_under_subtopics_once_and_only_published_ones(client):
    security = factories.TopicFactory(name="Security", slug="security")
    border = factories.TopicFactory(name="Border security", slug="border-security", parent=security)
    hidden = factories.TopicFactory(name="Hidden topic", parent=security, publication_status=DRAFT)
    both = factories.AgreementFactory()
    both.topics.add(security, border)
    factories.TrainingProgramFactory().topics.add(border)
    factories.EventFactory().topics.add(border)
    factories.AgreementFactory(publication_status=DRAFT).topics.add(border)
    factories.EventFactory().topics.add(hidden)
    html = client.get("/topics/").content.decode()
    assert '<a href="/topics/security/">Security</a>\n  <span class="count">3 records</span>' in html
    assert '<a href="/topics/border-security/">Border security</a>\n  <span class="count">3 records</span>' in html
    assert "Hidden topic" not in html


def test_topic_page_gathers_every_type_under_the_topic_and_its_subtopics(client):
    security = factories.TopicFactory(name="Security", slug="security")
    border = factories.TopicFactory(name="Border security", slug="border-security", parent=security)
    factories.AgreementFactory(title="Customs agreement").topics.add(border)
    factories.TrainingProgramFactory(title="Border course").topics.add(security)
    factories.EventFactory(title="Border visit").topics.add(border, security)
    factories.AgreementFactory(title="Draft agreement", publication_status=DRAFT).topics.add(border)
    factories.AgreementFactory(title="Other agreement").topics.add(factories.TopicFactory())
    html = client.get("/topics/security/").content.decode()
    for text in ("Customs agreement", "Border course", "Border visit", 'href="/topics/border-security/"'):
        assert text in html
    assert html.count("Border visit") == 1
    for text in ("Draft agreement", "Other agreement"):
        assert text not in html
    assert 'href="/agreements/?topic=security"' in html
    assert 'href="/programs/?topic=security"' in html
    assert 'href="/events/?topic=security"' in html


def test_subtopic_page_does_not_include_records_of_its_parent(client):
    security = factories.TopicFactory(slug="security")
    border = factories.TopicFactory(slug="border-security", parent=security)
    factories.AgreementFactory(title="Only on the parent").topics.add(security)
    assert "Only on the parent" not in client.get(border.get_absolute_url()).content.decode()


def test_draft_topic_is_a_404(client):
    assert client.get(factories.TopicFactory(publication_status=DRAFT).get_absolute_url()).status_code == 404


def test_a_citation_without_its_passage_says_the_passage_was_not_recorded(client):
    agreement = factories.AgreementFactory()
    cite(agreement, "exchange information on customs offences")

    html = page(client, agreement)

    assert "exchange information on customs offences" in html
    assert html.count("Passage not recorded.") == 1
