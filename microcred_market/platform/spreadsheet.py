"""CSV that a spreadsheet opens as data, never as formulas (CSV injection, CWE-1236).

Excel, LibreOffice and Google Sheets run a cell that starts with `=`, `+`, `-` or `@`
(and, in some of them, one that starts with a tab or a carriage return) as a formula,
which can fetch URLs or run commands on the reader's computer. Any text we did not
write ourselves (a course title, a buyer's name) can start that way, so every such cell
is prefixed with an apostrophe, which the spreadsheet shows as text and hides. Numbers
we write ourselves (a negative amount) are passed as `int` or `Decimal` and left alone.

Used by every export (statements, enrolments, results, sales).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

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


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """As `csv_text`, UTF-8 with a byte-order mark so Excel reads Polish letters right."""
    return ("\ufeff" + csv_text(header, rows)).encode("utf-8")
