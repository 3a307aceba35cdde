"""Curating agreements, programs and events in the admin: inlines, both directions of relations, date checks."""

import pytest
from django.urls import reverse

from agreements.models import Agreement, AgreementRelation, Event, TrainingProgram
from records.models import Citation, PublicationStatus
from tests import factories
from tests.helpers import resubmit_data

pytestmark = pytest.mark.django_db

CITATIONS = "records-citation-content_type-object_id"


def inline_data(response, rows):
    """POST data for every inline of the admin page in `response`; `rows` maps a formset prefix to new rows."""
    prefixes = {inline.formset.prefix for inline in response.context["inline_admin_formsets"]}
    assert set(rows) <= prefixes, f"no inline with prefix {set(rows) - prefixes}"
    data = {}
    for prefix in prefixes:
        new_rows = rows.get(prefix, [])
        data |= {
            f"{prefix}-TOTAL_FORMS": len(new_rows),
            f"{prefix}-INITIAL_FORMS": 0,
            f"{prefix}-MIN_NUM_FORMS": 0,
            f"{prefix}-MAX_NUM_FORMS": 1000,
        }
        for index, row in enumerate(new_rows):
            data |= {f"{prefix}-{index}-{name}": value for name, value in row.items()}
    return data


def test_agreement_with_parties_signatories_citations_and_a_relation_is_added_in_one_form(staff_client):
    cbp = factories.OrganizationFactory(name="U.S. Customs and Border Protection", acronym="CBP")
    dgme = factories.OrganizationFactory(name="Dirección General de Migración y Extranjería", acronym="DGME")
    miller = factories.PersonFactory(name="Troy A. Miller")
    source = factories.SourceFactory()
    topic = factories.TopicFactory(name="Border security")
    earlier = factories.AgreementFactory(title="Earlier arrangement")
    url = reverse("admin:agreements_agreement_add")

    data = {
        "title_en": "Memorandum of cooperation on border security",
        "slug": "memorandum-border-security",
        "kind": "mou",
        "scope": "bilateral",
        "binding": "unknown",
        "status": "signed",
        "signed_on": "2024-10",
        "topics": [topic.pk],
        "publication_status": PublicationStatus.IN_REVIEW,
        "certainty": "confirmed",
        "signed_at_certainty": "reported",
        "_save": "Save",
        **inline_data(
            staff_client.get(url),
            {
                "party_rows": [{"organization": cbp.pk, "role": "party"}, {"organization": dgme.pk, "role": "party"}],
                "signatories": [
                    {
                        "person": miller.pk,
                        "organization": cbp.pk,
                        "title_en": "Acting Commissioner",
                        "certainty": "confirmed",
                        "position": 0,
                    },
                    {"name": "Director of DGME", "organization": dgme.pk, "certainty": "reported", "position": 1},
                ],
                "relations_from": [{"kind": "succeeds", "target": earlier.pk}],
                CITATIONS: [{"source": source.pk, "excerpt": "signed a memorandum", "position": 0}],
            },
        ),
    }
    response = staff_client.post(url, data)

    assert response.status_code == 302, response.context["errors"]
    agreement = Agreement.objects.get(slug="memorandum-border-security")
    assert agreement.signed_on == "2024-10"
    assert agreement.binding is None
    assert set(agreement.parties.all()) == {cbp, dgme}
    assert [(s.person, s.name, s.organization, s.certainty) for s in agreement.signatories.all()] == [
        (miller, "", cbp, "confirmed"),
        (None, "Director of DGME", dgme, "reported"),
    ]
    assert (agreement.certainty, agreement.signed_at_certainty) == ("confirmed", "reported")
    assert [(c.source, c.excerpt) for c in agreement.citations.all()] == [(source, "signed a memorandum")]
    assert [(r.kind, r.target) for r in agreement.relations_from.all()] == [("succeeds", earlier)]
    assert list(agreement.topics.all()) == [topic]


def test_agreement_form_with_a_bad_inline_row_saves_nothing(staff_client):
    url = reverse("admin:agreements_agreement_add")
    data = {
        "title_en": "Letter of intent",
        "slug": "letter-of-intent",
        "kind": "letter_of_intent",
        "scope": "bilateral",
        "status": "signed",
        "publication_status": PublicationStatus.DRAFT,
        # A signatory with neither a person record nor a name.
        **inline_data(staff_client.get(url), {"signatories": [{"title_en": "Minister", "position": 0}]}),
    }
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert response.context["errors"]
    assert not Agreement.objects.exists()


def test_agreement_dates_out_of_order_are_refused_with_a_message(staff_client):
    url = reverse("admin:agreements_agreement_add")
    data = {
        "title_en": "Backwards agreement",
        "slug": "backwards",
        "kind": "mou",
        "scope": "bilateral",
        "status": "in_force",
        "signed_on": "2024-10-08",
        "in_force_on": "2023",
        "publication_status": PublicationStatus.DRAFT,
        **inline_data(staff_client.get(url), {}),
    }
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "agreements_agreement_in_force_after_signing" in str(response.context["adminform"].form.non_field_errors())
    assert not Agreement.objects.exists()


def test_relation_is_editable_on_its_source_and_shown_read_only_from_its_target(staff_client):
    original = factories.AgreementFactory(title="Customs Mutual Assistance Agreement")
    protocol = factories.AgreementFactory(title="Protocol amending the CMAA")
    AgreementRelation.objects.create(source=protocol, target=original, kind="amends")

    on_source = staff_client.get(reverse("admin:agreements_agreement_change", args=[protocol.pk]))
    on_target = staff_client.get(reverse("admin:agreements_agreement_change", args=[original.pk]))

    source_content, target_content = on_source.content.decode(), on_target.content.decode()
    assert 'name="relations_from-0-target"' in source_content
    assert "relations_to-0-kind" not in target_content
    assert "amended by" in target_content
    protocol_link = reverse("admin:agreements_agreement_change", args=[protocol.pk])
    assert f'<a href="{protocol_link}">Protocol amending the CMAA</a>' in target_content


def test_saving_an_agreement_keeps_the_relations_pointing_at_it(staff_client):
    original = factories.AgreementFactory(title="Customs Mutual Assistance Agreement")
    protocol = factories.AgreementFactory(title="Protocol amending the CMAA")
    AgreementRelation.objects.create(source=protocol, target=original, kind="amends")
    url = reverse("admin:agreements_agreement_change", args=[original.pk])

    data = resubmit_data(staff_client.get(url)) | {"summary_en": "Customs cooperation between the two countries."}
    response = staff_client.post(url, data)

    assert response.status_code == 302, response.context["errors"]
    original.refresh_from_db()
    assert original.summary == "Customs cooperation between the two countries."
    assert list(original.relations_to.values_list("source", "kind")) == [(protocol.pk, "amends")]


def test_program_is_added_with_participant_countries_and_a_citation(staff_client):
    ilea = factories.OrganizationFactory(name="ILEA San Salvador", kind="academy", country="SV")
    source = factories.SourceFactory()
    url = reverse("admin:agreements_trainingprogram_add")
    data = {
        "title_en": "Border interdiction course",
        "slug": "border-interdiction-course",
        "format": "course",
        "host": ilea.pk,
        "country": "SV",
        "start": "2024",
        "publication_status": PublicationStatus.DRAFT,
        "certainty": "reported",
        **inline_data(
            staff_client.get(url),
            {
                "participant_countries": [{"country": "SV"}, {"country": "GT"}],
                CITATIONS: [{"source": source.pk, "position": 0}],
            },
        ),
    }
    response = staff_client.post(url, data)

    assert response.status_code == 302, response.context["errors"]
    program = TrainingProgram.objects.get()
    assert sorted(str(pc.country.code) for pc in program.participant_countries.all()) == ["GT", "SV"]
    assert [c.source for c in program.citations.all()] == [source]


def test_event_with_a_month_that_does_not_exist_is_refused_and_nothing_is_saved(staff_client):
    source = factories.SourceFactory()
    url = reverse("admin:agreements_event_add")
    data = {
        "title_en": "Official visit",
        "slug": "official-visit",
        "kind": "visit",
        "start": "2024-13",
        "publication_status": PublicationStatus.DRAFT,
        **inline_data(staff_client.get(url), {CITATIONS: [{"source": source.pk, "position": 0}]}),
    }
    response = staff_client.post(url, data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["start"] == ["Enter a date as YYYY-MM-DD, YYYY-MM or YYYY, for example 2024-10-08, 2024-10 or 2024."]
    assert "Enter a date as YYYY-MM-DD" in response.content.decode()
    assert not Event.objects.exists()
    assert not Citation.objects.exists()


def test_visit_page_links_its_meetings_and_the_agreements_signed_there_read_only(staff_client):
    visit = factories.EventFactory(title="Official visit to El Salvador", kind="visit")
    meeting = factories.EventFactory(title="Meeting with the DGME", parent=visit, start="2024-10-08")
    signed = factories.AgreementFactory(title="Letter of intent on biometrics", signed_at=visit)

    content = staff_client.get(reverse("admin:agreements_event_change", args=[visit.pk])).content.decode()

    meeting_link = reverse("admin:agreements_event_change", args=[meeting.pk])
    agreement_link = reverse("admin:agreements_agreement_change", args=[signed.pk])
    assert f'<a href="{meeting_link}">Meeting with the DGME</a>' in content
    assert "8 October 2024" in content
    assert f'<a href="{agreement_link}">Letter of intent on biometrics</a>' in content
    assert 'name="children-0-title"' not in content


def test_event_list_filters_by_parent_and_country(staff_client):
    visit = factories.EventFactory(kind="visit", country="SV")
    meeting = factories.EventFactory(parent=visit, country="SV")
    elsewhere = factories.EventFactory(country="GT")
    url = reverse("admin:agreements_event_changelist")

    by_parent = staff_client.get(url, {"parent__id__exact": visit.pk}).context["cl"].result_list
    by_country = staff_client.get(url, {"country": "GT"}).context["cl"].result_list

    assert list(by_parent) == [meeting]
    assert list(by_country) == [elsewhere]


def test_agreement_list_filters_by_topic_and_party_country(staff_client):
    topic = factories.TopicFactory()
    salvadoran = factories.AgreementFactory()
    salvadoran.topics.add(topic)
    factories.AgreementPartyFactory(agreement=salvadoran, organization=factories.OrganizationFactory(country="SV"))
    other = factories.AgreementFactory()
    factories.AgreementPartyFactory(agreement=other, organization=factories.OrganizationFactory(country="GT"))
    url = reverse("admin:agreements_agreement_changelist")

    by_topic = staff_client.get(url, {"topics__id__exact": topic.pk}).context["cl"].result_list
    by_country = staff_client.get(url, {"parties__country": "SV"}).context["cl"].result_list

    assert list(by_topic) == [salvadoran]
    assert list(by_country) == [salvadoran]


def test_a_curator_writes_both_languages_side_by_side_and_each_page_shows_its_own(staff_client, client):
    agreement = factories.AgreementFactory(title="Customs mutual assistance agreement", slug="cmaa")
    url = reverse("admin:agreements_agreement_change", args=[agreement.pk])
    form = staff_client.get(url).content.decode()
    assert 'name="title_en"' in form
    assert 'name="title_es"' in form
    assert 'name="summary_es"' in form

    data = resubmit_data(staff_client.get(url)) | {"title_es": "Acuerdo de asistencia mutua aduanera"}
    assert staff_client.post(url, data).status_code == 302

    agreement.refresh_from_db()
    assert agreement.title_en == "Customs mutual assistance agreement"
    assert agreement.title_es == "Acuerdo de asistencia mutua aduanera"
    assert "Acuerdo de asistencia mutua aduanera" in client.get("/es/acuerdos/cmaa/").content.decode()
    assert "Acuerdo de asistencia mutua aduanera" not in client.get("/agreements/cmaa/").content.decode()
