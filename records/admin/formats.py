"""The files a curator may import, read within limits that keep an import inside one request: CSV and XLSX.

An uploaded file is at most 5 MB (records.admin.spreadsheets), but what it holds can be far more: an XLSX file is a
zip archive, and a small one can unpack to gigabytes (a "zip bomb"); a CSV file of short lines holds hundreds of
thousands of rows, each of which the import validates and writes. So an XLSX file is refused from its zip directory
(the sizes its parts unpack to, which Python's zipfile holds it to) before any part is unpacked, and both formats
are refused at the first row past settings.IMPORT_MAX_ROWS, before the rest is read. A CSV file is read strictly:
a quote never closed or a line with more or fewer fields than the header is refused with its line number, where
the csv module would merge lines or pad them and import something else than the curator meant.

A refusal is a ValidationError, which CurationAdmin shows on the import form.
"""

import csv
import io
import re
import zipfile

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export.formats.base_formats import CSV, XLSX
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

MB = 1024 * 1024
# Real spreadsheets compress about ten times (this site's XLSX exports: 7 to 9 times, 2,000 agreements being a 3 MB
# sheet in a 340 KB file); a part of more than 1 MB that unpacks to 100 times its packed size was made to, and is
# refused whatever the limit on the total is set to.
MAX_COMPRESSION_RATIO = 100
RATIO_CHECKED_FROM = MB
# One line of the text at a time, ended by \n, \r\n or \r as the csv module expects, without copying the file.
LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+\Z")


def too_many_rows():
    """The refusal of a file with more rows than settings.IMPORT_MAX_ROWS."""
    limit = settings.IMPORT_MAX_ROWS
    return ValidationError(
        _(
            "This file has more than %(limit)d rows; up to %(limit)d can be imported at once. Split it and import "
            "each part."
        ),
        params={"limit": limit},
        code="too_many_rows",
    )


class SpreadsheetCSV(CSV):
    """CSV, read line by line: refused at a malformed line or at the first row past the limit."""

    def create_dataset(self, in_stream, **kwargs):
        text = in_stream.decode(self.encoding or "utf-8-sig") if isinstance(in_stream, bytes) else in_stream
        reader = csv.reader((match.group() for match in LINE.finditer(text)), strict=True)
        dataset = tablib.Dataset()
        while True:
            line = reader.line_num + 1
            try:
                row = next(reader, None)
            except csv.Error as error:
                raise self.malformed(line, reader.line_num, error) from None
            if row is None:
                return dataset
            if not row:
                continue
            if dataset.headers is None:
                dataset.headers = row
            elif len(row) != dataset.width:
                raise ValidationError(
                    _(
                        "Line %(line)d has %(found)d fields where the header line has %(expected)d. Look for a comma "
                        "missing or too many, or a text with a comma that is not in quotes."
                    ),
                    params={"line": line, "found": len(row), "expected": dataset.width},
                    code="ragged",
                )
            elif dataset.height == settings.IMPORT_MAX_ROWS:
                raise too_many_rows()
            else:
                dataset.append(row)

    @staticmethod
    def malformed(line, last_line, error):
        """The refusal of the record that starts on `line` and that the csv module could not read up to `last_line`."""
        if str(error) == "unexpected end of data":
            return ValidationError(
                _(
                    "Line %(line)d opens a quoted text that is never closed: the rest of the file, to line "
                    '%(last)d, would be read into it. Close the quote (") or remove it.'
                ),
                params={"line": line, "last": last_line},
                code="unclosed_quote",
            )
        return ValidationError(
            _("Line %(line)d is not valid CSV (%(reason)s)."),
            params={"line": last_line, "reason": error},
            code="malformed",
        )


class SpreadsheetXLSX(XLSX):
    """XLSX, its first sheet: refused from its zip directory when it unpacks too big, else at the first row past the
    limit or at a value in a column without a header."""

    def create_dataset(self, in_stream):
        check_unpacked_size(in_stream)
        book = load_workbook(io.BytesIO(in_stream), read_only=True, data_only=True)
        try:
            return self.first_sheet(book.active)
        finally:
            book.close()

    @staticmethod
    def first_sheet(sheet):
        # The sheet's own "dimension" is not trusted: a file declaring 16,384 columns would have every row padded to
        # them. Rows are read as the file has them, and a row missing in between counts as a row.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(values_only=True)
        headers = list(next(rows, ()))
        while headers and headers[-1] is None:
            headers.pop()
        dataset = tablib.Dataset(headers=headers or None)
        width = len(headers)
        for number, row in enumerate(rows, start=2):
            if number > settings.IMPORT_MAX_ROWS + 1:
                raise too_many_rows()
            beyond = [index for index, value in enumerate(row[width:], start=width + 1) if value is not None]
            if beyond:
                raise ValidationError(
                    _("Row %(row)d has a value in column %(column)s, which has no name in the first row."),
                    params={"row": number, "column": get_column_letter(beyond[0])},
                    code="ragged",
                )
            if any(value is not None for value in row):
                dataset.append(list(row[:width]) + [None] * (width - len(row)))
        return dataset


def check_unpacked_size(content):
    """Refuse an XLSX file (a zip archive) whose parts unpack to more than settings.IMPORT_MAX_UNCOMPRESSED_MB, or
    one of which unpacks to more than MAX_COMPRESSION_RATIO times its packed size. Reads the zip's directory only;
    a file that is no zip archive is left to openpyxl to refuse."""
    try:
        members = zipfile.ZipFile(io.BytesIO(content)).infolist()
    except zipfile.BadZipFile:
        return
    unpacked = sum(member.file_size for member in members)
    limit = settings.IMPORT_MAX_UNCOMPRESSED_MB
    if unpacked > limit * MB:
        raise ValidationError(
            _(
                "This spreadsheet unpacks to %(size)d MB; spreadsheets that unpack to up to %(limit)d MB can be "
                "imported. Split it and import each part."
            ),
            params={"size": unpacked // MB, "limit": limit},
            code="too_big_unpacked",
        )
    for member in members:
        if member.file_size > RATIO_CHECKED_FROM and member.file_size > MAX_COMPRESSION_RATIO * member.compress_size:
            raise ValidationError(
                _(
                    "This file is not a spreadsheet as spreadsheet applications write them: a part of it unpacks "
                    "to %(ratio)d times its size. Save it again from your spreadsheet application."
                ),
                params={"ratio": member.file_size // max(member.compress_size, 1)},
                code="compression_ratio",
            )
