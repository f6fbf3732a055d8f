"""CSV that a spreadsheet opens as data, never as formulas (CSV injection, CWE-1236).

Excel, LibreOffice and Google Sheets run a cell that starts with `=`, `+`, `-` or `@`
(and, in some of them, one that starts with a tab or a carriage return) as a formula,
which can fetch URLs or run commands on the reader's computer. Any text we did not
write ourselves (a course title, a buyer's name) can start that way, so every such cell
is prefixed with an apostrophe, which the spreadsheet shows as text and hides. Numbers
we write ourselves (a negative amount) are passed as `int` or `Decimal` and left alone.

Used by every export (statements, enrolments, results, sales), as CSV and as XLSX. In
an XLSX file a cell is a formula only when it is stored as one, but openpyxl stores any
string that starts with `=` as a formula, and a reader who copies a cell into another
sheet, or saves the file as CSV, brings the text back to life: so XLSX cells get the same
apostrophe and are always stored as text (or as the number we computed).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | Decimal | None


def neutralise(value: Cell) -> str:
    """The cell as text a spreadsheet will not evaluate."""
    if value is None:
        return ""
    if isinstance(value, Decimal) or (isinstance(value, int) and not isinstance(value, bool)):
        return str(value)  # a number we computed: "-1.80" is a refund, not a formula
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    """A whole CSV document (RFC 4180, CRLF line ends), every text cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(cell) for cell in header])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return buffer.getvalue()


def csv_rows(rows: Iterable[Sequence[Cell]]) -> str:
    """Rows of a CSV document without its header (to stream a long one in parts)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return buffer.getvalue()


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """As `csv_text`, UTF-8 with a byte-order mark so Excel reads Polish letters right."""
    return ("\ufeff" + csv_text(header, rows)).encode("utf-8")


# XML 1.0 cannot carry these (openpyxl refuses them): a buyer's name with a control
# character would otherwise make the whole export fail.
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
XLSX_MAX_ROWS = 1_048_575  # the format's limit, less the header row
XLSX_CELL_CHARS = 32_767  # Excel shows no more of a cell


def xlsx_bytes(
    header: Sequence[str], rows: Iterable[Sequence[Cell]], *, sheet: str = "Export"
) -> bytes:
    """An XLSX workbook of one sheet: numbers as numbers, everything else as text.

    Written in openpyxl's write-only mode (rows go to a temporary file as they come, not
    into memory). Text is neutralised as in CSV and stored with the string type, so no
    cell is ever a formula, whatever it starts with.
    """
    book = Workbook(write_only=True)
    sheet_ = book.create_sheet(title=_NOT_IN_XML.sub("", sheet)[:31] or "Export")

    def cells(values: Sequence[Cell]) -> list[WriteOnlyCell]:
        made = []
        for value in values:
            if isinstance(value, Decimal) or (
                isinstance(value, int) and not isinstance(value, bool)
            ):
                made.append(WriteOnlyCell(sheet_, value=value))
                continue
            cell = WriteOnlyCell(sheet_)
            text = _NOT_IN_XML.sub("", neutralise(value))[:XLSX_CELL_CHARS]
            # Set the stored value and type directly: `cell.value = "=..."` would make it
            # a formula, and a text that looks like a number or date would be converted.
            cell._value = text
            cell.data_type = "s"
            made.append(cell)
        return made

    sheet_.append(cells(header))
    for count, row in enumerate(rows, start=1):
        if count > XLSX_MAX_ROWS:
            raise ValueError("more rows than an XLSX sheet holds")
        sheet_.append(cells(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
