"""Every CSV the app writes: UTF-8 with a BOM (so Excel opens it), and no cell a spreadsheet
would run as a formula; and the XLSX workbook of a cohort (openpyxl), whose texts are never
formulas either.

A cell that starts with `=`, `+`, `-`, `@`, TAB or CR is a formula to Excel, LibreOffice and
Google Sheets, whatever the file's extension: an organisation named `=HYPERLINK(…)` would put a
link, or worse, in the trainer's spreadsheet. As OWASP recommends, such a text gets a leading
single quote, which spreadsheets show as text (and hide). Numbers we write ourselves are numbers,
not texts: a negative score stays a number.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any, decimal_comma: bool = False) -> str:
    """A value as one CSV cell: nothing for None, options joined with `|`, numbers as numbers
    (with a decimal comma for French Excel, which reads `54.4` as a date or a text), and texts
    that a spreadsheet would run quoted."""
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        number = f"{value:g}"
        return number.replace(".", ",") if decimal_comma else number
    if isinstance(value, list | tuple):
        value = "|".join(str(v) for v in value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]], delimiter: str = ",",
              ids: Sequence[str] = ()) -> bytes:
    """A CSV file (UTF-8 with a BOM, CRLF line ends) of these rows, every cell through `cell`:
    a header row of `header` (words people read), then, when given, a row of `ids` (the
    stable names tools join on). The `;` variant, for French Excel, writes decimal commas."""
    comma = delimiter == ";"
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([cell(name) for name in header])
    if ids:
        writer.writerow([cell(name) for name in ids])
    writer.writerows([cell(value, comma) for value in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    """A value as one workbook cell: texts stay texts (a leading `=` is not a formula, and
    characters XML refuses are dropped), numbers and dates stay what they are."""
    if isinstance(value, list | tuple):
        value = " | ".join(str(v) for v in value)
    if isinstance(value, str):
        written = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        written.data_type = "s"  # never a formula, whatever it starts with
        return written
    return value


def xlsx_bytes(sheets: Sequence[tuple[str, Any]]) -> bytes:
    """A workbook (openpyxl, write-only: its memory does not grow with the rows) of these
    sheets, each a (name, table with `header` and `rows`): one header row in bold, frozen,
    then the rows."""
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for name, table in sheets:
        sheet = book.create_sheet(title=name[:31])
        sheet.freeze_panes = "B2"
        header = []
        for label in table.header:
            cell = WriteOnlyCell(sheet, value=label)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in table.rows:
            sheet.append([_xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
