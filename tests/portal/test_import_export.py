"""Spreadsheet import and export through the admin: preview then confirm, all or nothing, round trips, every
language's texts in columns of their own."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from reversion.models import Version

from agreements.models import Agreement
from agreements.resources import AgreementResource
from records.languages import translated_fields
from records.models import PublicationStatus
from tests import factories

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:agreements_agreement_import")
CONFIRM = reverse("admin:agreements_agreement_process_import")
CSV_FORMAT, XLSX_FORMAT = 0, 1
HEADERS = ["slug", "title", "kind", "status", "signed_on", "topics", "parties", "signatories", "sources"]


def _csv(rows, headers=HEADERS):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode()


def _preview(client, content, name="agreements.csv", file_format=CSV_FORMAT):
    upload = SimpleUploadedFile(name, content)
    return client.post(IMPORT, {"resource": "0", "format": str(file_format), "import_file": upload})


def _confirm(client, preview):
    form = preview.context["confirm_form"]
    return client.post(CONFIRM, {name: form.initial[name] for name in form.fields})


@pytest.fixture
def related():
    factories.TopicFactory(slug="border-security")
    factories.OrganizationFactory(slug="cbp")
    factories.OrganizationFactory(slug="dgme")
    factories.PersonFactory(slug="troy-miller")
    return factories.SourceFactory(url="https://www.cbp.gov/newsroom/visit")


def _row(n, **changes):
    row = {
        "slug": f"agreement-{n}",
        "title": f"Agreement {n}",
        "kind": "mou",
        "status": "signed",
        "signed_on": "2024-10",
        "topics": "border-security",
        "parties": "cbp:party, dgme:party",
        "signatories": "troy-miller:cbp:Acting Commissioner",
        "sources": "https://www.cbp.gov/newsroom/visit",
    } | changes
    return [row[header] for header in HEADERS]


def test_a_valid_file_is_previewed_row_by_row_then_imported_as_drafts_with_history(editor_client, related):
    preview = _preview(editor_client, _csv([_row(1), _row(2)]))

    assert preview.status_code == 200
    assert [row.import_type for row in preview.context["result"].rows] == ["new", "new"]
    assert not Agreement.objects.exists()

    response = _confirm(editor_client, preview)

    assert response.status_code == 302
    agreement = Agreement.objects.get(slug="agreement-1")
    assert agreement.publication_status == PublicationStatus.DRAFT
    assert [topic.slug for topic in agreement.topics.all()] == ["border-security"]
    assert sorted(agreement.party_rows.values_list("organization__slug", "role")) == [
        ("cbp", "party"),
        ("dgme", "party"),
    ]
    assert [(s.person.slug, s.title) for s in agreement.signatories.all()] == [("troy-miller", "Acting Commissioner")]
    assert [c.source for c in agreement.citations.all()] == [related]
    version = Version.objects.get_for_object(agreement).get()
    assert version.revision.user == editor_client.user
    assert version.revision.get_comment() == "Imported from agreements.csv"


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        ({"signed_on": "2024-13"}, "“2024-13” is not a date"),
        ({"topics": "no-such-topic"}, "No topic with slug “no-such-topic”"),
        ({"parties": "cbp:signatory"}, "“signatory” is not a party role"),
        ({"kind": "treatyish"}, "is not a valid choice"),
        ({"sources": "https://unknown.example/x"}, "No source with URL"),
    ],
)
def test_a_file_with_one_bad_row_writes_nothing_and_names_the_row(editor_client, related, bad_row, message):
    preview = _preview(editor_client, _csv([_row(1), _row(2, **bad_row), _row(3)]))

    result = preview.context["result"]
    [invalid] = result.invalid_rows
    assert invalid.number == 2
    assert message in str(invalid.error_dict)
    assert "confirm_form" not in preview.context
    assert message.split("“")[0] in preview.content.decode()
    assert not Agreement.objects.exists()


def test_a_file_that_is_not_a_spreadsheet_gets_a_clear_message(editor_client):
    response = _preview(editor_client, b"%PDF-1.7 \x00\x01\x02 binary", name="scan.pdf", file_format=XLSX_FORMAT)
    assert "could not be read as xlsx" in str(response.context["form"].errors["import_file"])
    assert not Agreement.objects.exists()


def test_a_huge_file_is_refused_before_it_is_read(editor_client):
    response = _preview(editor_client, b"slug,title\n" + b"x" * (5 * 1024 * 1024 + 1))
    assert "files up to 5 MB can be imported" in str(response.context["form"].errors["import_file"])


def test_the_export_of_a_filtered_changelist_reimports_to_the_same_records(staff_client, related):
    topic = factories.TopicFactory(slug="customs")
    kept = []
    for n in range(3):
        agreement = factories.AgreementFactory(slug=f"kept-{n}", summary=f"Summary {n}", in_force_on="2025")
        agreement.topics.add(topic)
        factories.AgreementPartyFactory(agreement=agreement)
        factories.SignatoryFactory(agreement=agreement)
        kept.append(agreement)
    factories.AgreementFactory(slug="filtered-out")

    url = reverse("admin:agreements_agreement_export") + f"?topics__id__exact={topic.pk}"
    export = staff_client.post(url, {"format": str(CSV_FORMAT), "resource": "0"})

    rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert sorted(row["slug"] for row in rows) == ["kept-0", "kept-1", "kept-2"]
    before = {a.slug: AgreementResource().export_resource(a) for a in kept}

    unchanged = _preview(staff_client, export.content)
    assert [row.import_type for row in unchanged.context["result"].rows] == ["skip"] * 3

    Agreement.objects.filter(slug__startswith="kept-").delete()
    _confirm(staff_client, _preview(staff_client, export.content))

    after = {a.slug: AgreementResource().export_resource(a) for a in Agreement.objects.filter(slug__startswith="kept-")}
    columns = AgreementResource().get_export_headers()
    status = columns.index("publication_status")
    assert {slug: values[:status] + values[status + 1 :] for slug, values in after.items()} == {
        slug: values[:status] + values[status + 1 :] for slug, values in before.items()
    }
    # Recreated records come back as drafts, for a publisher to review.
    assert {values[status] for values in after.values()} == {"draft"}


def test_the_selected_rows_export_to_xlsx_and_reimport(staff_client, related):
    chosen = factories.AgreementFactory(slug="chosen", title="Chosen agreement")
    factories.AgreementFactory(slug="other")
    changelist = reverse("admin:agreements_agreement_changelist")
    form = staff_client.post(changelist, {"action": "export_admin_action", "_selected_action": [chosen.pk]})
    assert form.status_code == 200

    export = staff_client.post(
        reverse("admin:agreements_agreement_export"),
        {"format": str(XLSX_FORMAT), "resource": "0", "export_items": [chosen.pk]},
    )
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    chosen.delete()
    preview = _preview(staff_client, export.content, name="agreements.xlsx", file_format=XLSX_FORMAT)
    assert [row.import_type for row in preview.context["result"].rows] == ["new"]
    _confirm(staff_client, preview)
    assert Agreement.objects.get(slug="chosen").title == "Chosen agreement"


def test_someone_without_curation_rights_may_not_import(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("visitor", is_staff=True))
    assert client.get(IMPORT).status_code == 403


APPS = {"source": "records", "organization": "people", "person": "people"}


@pytest.mark.parametrize(
    "model", ["source", "organization", "person", "topic", "agreement", "trainingprogram", "event"]
)
def test_each_importable_type_ships_a_template_linked_from_its_import_page(staff_client, model):
    from django.conf import settings

    path = settings.BASE_DIR / "static" / "import-templates" / f"{model}.csv"
    headers = next(csv.reader(path.open()))
    response = staff_client.get(reverse(f"admin:{APPS.get(model, 'agreements')}_{model}_import"))
    [(_resource, columns)] = response.context["fields_list"]
    assert headers == [name for name in columns if name != "publication_status"]
    assert f"/static/import-templates/{model}.csv" in response.content.decode()


def _translations(agreement):
    """An agreement's texts in both languages, its signatories' titles included, as read from the database."""
    agreement = Agreement.objects.get(pk=agreement.pk)
    texts = {
        f"{name}_{code}": getattr(agreement, f"{name}_{code}") or ""
        for name in translated_fields(Agreement)
        for code in ("en", "es")
    }
    titles = [(row.title_en or "", row.title_es or "") for row in agreement.signatories.order_by("position")]
    return texts, titles


# Spreadsheets: every language's columns, both set on import, older files read as English.


def _export(client, *records):
    response = client.post(
        reverse("admin:agreements_agreement_export"),
        {"format": str(CSV_FORMAT), "resource": "0", "export_items": [record.pk for record in records]},
    )
    assert response.status_code == 200
    return response.content


def test_an_export_carries_both_languages_and_imports_back_to_the_same_texts(staff_client):
    person, organization = factories.PersonFactory(slug="troy-miller"), factories.OrganizationFactory(slug="cbp")
    agreement = factories.AgreementFactory(
        slug="cmaa",
        title_en="Customs mutual assistance agreement",
        title_es="Acuerdo de asistencia mutua aduanera",
        short_name_en="CMAA",
        summary_en="Customs help each other.",
        summary_es="Las aduanas se ayudan.",
        place_signed_es="San Salvador",
        note_es="",
    )
    factories.SignatoryFactory(
        agreement=agreement,
        person=person,
        organization=organization,
        title_en="Acting Commissioner",
        title_es="Comisionado interino",
    )
    before = _translations(agreement)

    content = _export(staff_client, agreement)
    [row] = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert row["title_en"] == "Customs mutual assistance agreement"
    assert row["title_es"] == "Acuerdo de asistencia mutua aduanera"
    assert row["summary_es"] == "Las aduanas se ayudan."
    assert row["signatories"] == "troy-miller:cbp:Acting Commissioner:Comisionado interino"
    assert "title" not in row

    unchanged = _preview(staff_client, content)
    assert [result.import_type for result in unchanged.context["result"].rows] == ["skip"]

    Agreement.objects.filter(pk=agreement.pk).delete()
    _confirm(staff_client, _preview(staff_client, content))
    assert _translations(Agreement.objects.get(slug="cmaa")) == before


def test_a_file_with_both_languages_sets_both(editor_client):
    factories.PersonFactory(slug="troy-miller")
    headers = ["slug", "title_en", "title_es", "kind", "status", "summary_es", "signatories"]
    row = [
        "cmaa",
        "Customs agreement",
        "Acuerdo aduanero",
        "mou",
        "signed",
        "Resumen.",
        "troy-miller::Minister:Ministro",
    ]
    content = _csv([row], headers)
    preview = _preview(editor_client, content)
    _confirm(editor_client, preview)

    agreement = Agreement.objects.get(slug="cmaa")
    assert (agreement.title_en, agreement.title_es) == ("Customs agreement", "Acuerdo aduanero")
    assert (agreement.summary_en or "", agreement.summary_es) == ("", "Resumen.")
    assert [(row.title_en, row.title_es) for row in agreement.signatories.all()] == [("Minister", "Ministro")]


def test_a_file_from_before_reads_its_texts_as_english_and_keeps_the_spanish_ones(editor_client):
    agreement = factories.AgreementFactory(slug="cmaa", title_en="Old title", title_es="Título")
    content = _csv([["cmaa", "New title", "mou", "signed"]], ["slug", "title", "kind", "status"])

    preview = _preview(editor_client, content)
    assert [row.import_type for row in preview.context["result"].rows] == ["update"]
    _confirm(editor_client, preview)

    agreement.refresh_from_db()
    assert (agreement.title_en, agreement.title_es) == ("New title", "Título")


def test_a_file_naming_a_text_with_and_without_its_language_is_refused_with_a_clear_message(editor_client):
    content = _csv([["cmaa", "One", "Another", "mou", "signed"]], ["slug", "title", "title_en", "kind", "status"])

    preview = _preview(editor_client, content)

    [invalid] = preview.context["result"].invalid_rows
    assert "has both a “title” column and a “title_en” one" in str(invalid.error_dict)
    assert "keep only “title_en”" in preview.content.decode()
    assert "confirm_form" not in preview.context
    assert not Agreement.objects.exists()


def test_the_import_page_explains_the_columns_per_language(editor_client):
    content = editor_client.get(IMPORT).content.decode()
    assert "Texts have a column per language" in content
