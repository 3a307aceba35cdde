"""Curating in two languages through the admin (issue 10): each text's languages side by side in the change form,
the translation filter on every list with texts, and the dashboard's counts of published records missing a language.
Spreadsheets in both languages are tested in test_import_export.py."""

from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.models import Agreement, Event, Topic, TrainingProgram
from people.models import Organization, Person, Position
from records.languages import translated_fields
from records.models import PublicationStatus, Source
from tests import factories
from tests.helpers import admin_listed, resubmit_data

pytestmark = pytest.mark.django_db

TRANSLATED = {
    Organization: factories.OrganizationFactory,
    Person: factories.PersonFactory,
    Position: factories.PositionFactory,
    Topic: factories.TopicFactory,
    Agreement: factories.AgreementFactory,
    TrainingProgram: factories.TrainingProgramFactory,
    Event: factories.EventFactory,
    Source: factories.SourceFactory,
}


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


# The change form: both languages side by side, and a Spanish edit saved.


@pytest.mark.parametrize("model", TRANSLATED, ids=lambda model: model.__name__)
def test_each_text_shows_its_languages_side_by_side_and_a_spanish_edit_is_saved(staff_client, model):
    record = TRANSLATED[model]()
    url = _url(model, "change", record.pk)
    response = staff_client.get(url)

    lines = [tuple(line.fields) for fieldset in response.context["adminform"] for line in fieldset]
    for name in translated_fields(model):
        assert (f"{name}_en", f"{name}_es") in lines, name
        assert f'class="form-row field-{name}_en field-{name}_es"' in response.content.decode()

    first = translated_fields(model)[0]
    data = resubmit_data(response) | {f"{first}_es": "Texto en español"}
    assert staff_client.post(url, data).status_code == 302
    record.refresh_from_db()
    assert getattr(record, f"{first}_es") == "Texto en español"


# The translation filter and the dashboard: one rule.


@pytest.fixture
def agreements_in_two_languages():
    """Published agreements complete, missing Spanish (by a text, or by a signatory's title) and missing English,
    and a draft missing Spanish; their texts empty as NULL and as ""."""
    complete = factories.AgreementFactory(title_en="Customs agreement", title_es="Acuerdo aduanero", summary_es="")
    factories.SignatoryFactory(agreement=complete, title_en="Minister", title_es="Ministro")
    no_spanish_summary = factories.AgreementFactory(
        title_en="Visa agreement", title_es="Acuerdo de visas", summary_en="On visas."
    )
    no_spanish_title = factories.AgreementFactory(title_en="Only in English")
    no_spanish_signatory = factories.AgreementFactory(title_en="Police agreement", title_es="Acuerdo policial")
    factories.SignatoryFactory(agreement=no_spanish_signatory, title_en="Director", title_es="")
    no_english_note = factories.AgreementFactory(
        title_en="Port agreement", title_es="Acuerdo portuario", note_es="Dudoso."
    )
    factories.AgreementFactory(title_en="Draft only in English", publication_status=PublicationStatus.DRAFT)
    return {
        "complete": {complete},
        "missing-es": {no_spanish_summary, no_spanish_title, no_spanish_signatory},
        "missing-en": {no_english_note},
    }


def test_the_translation_filter_lists_records_missing_a_language_or_complete(staff_client, agreements_in_two_languages):
    expected = agreements_in_two_languages
    changelist = _url(Agreement, "changelist")

    for value, records in expected.items():
        published = urlencode({"publication_status__exact": PublicationStatus.PUBLISHED, "translation": value})
        assert admin_listed(staff_client, f"{changelist}?{published}") == records, value
    drafts = admin_listed(staff_client, changelist + "?translation=missing-es") - expected["missing-es"]
    assert [draft.title_en for draft in drafts] == ["Draft only in English"]
    assert len(admin_listed(staff_client, changelist + "?translation=not-a-choice")) == 6


def test_the_filter_is_offered_on_every_list_with_texts(staff_client):
    for model in TRANSLATED:
        response = staff_client.get(_url(model, "changelist"), {"translation": "missing-es"})
        assert response.status_code == 200, model
        [spec] = [
            spec for spec in response.context["cl"].filter_specs if getattr(spec, "parameter_name", "") == "translation"
        ]
        assert [str(title) for _value, title in spec.lookup_choices] == [
            "missing English",
            "missing Spanish",
            "complete in every language",
        ]
    assert "By translation" in response.content.decode()


def _dashboard(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return {
        (str(title), str(line["label"])): (line["count"], line["url"])
        for title, lines in response.context["sections"]
        for line in lines
    }


def test_the_dashboard_counts_published_records_missing_each_language_and_links_to_them(
    publisher_client, agreements_in_two_languages
):
    factories.OrganizationFactory(name_en="Customs", name_es="Aduanas", description_es="Sin inglés.")
    dashboard = _dashboard(publisher_client)

    for language, value in [("Spanish", "missing-es"), ("English", "missing-en")]:
        count, url = dashboard[(f"Published with a text missing in {language}", "agreements")]
        assert count == len(agreements_in_two_languages[value])
        assert admin_listed(publisher_client, url) == agreements_in_two_languages[value]
    assert dashboard[("Published with a text missing in English", "organizations")][0] == 1


def test_the_dashboard_counts_in_as_many_queries_whatever_the_number_of_records(staff_client):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            staff_client.get(reverse("admin:index"))
        return len(captured)

    factories.SignatoryFactory(title_en="Minister")
    few = queries()
    for _n in range(10):
        factories.SignatoryFactory(title_en="Minister")
        factories.PositionFactory()
    assert queries() == few
