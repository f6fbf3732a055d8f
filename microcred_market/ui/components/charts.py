"""A chart with its numbers: the picture for the eye, the table for everyone else.

A recharts chart is a picture to a screen reader; each chart is named by its heading
(`role="img"`) and followed by a table of the same figures, folded away for the eye.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from microcred_market.ui.components.tables import STACK, cell
from microcred_market.ui.i18n import LangState

# Recharts writes each legend entry in its series' colour, so every colour here is one
# text can be read in on white (4.5:1 or more; the grey is 4.8:1).
BLUE, ORANGE, GREEN, RED, GREY = "#1d4ed8", "#c2410c", "#15803d", "#b91c1c", "#6b7280"


def chart_frame(
    chart_id: str, title: str, summary: str, chart: rx.Component, height: int = 240
) -> rx.Component:
    """The chart as a picture named by its heading; the table after it has the numbers."""
    tr = LangState.tr
    return rx.box(
        rx.heading(tr[title], as_="h2", size="4", id=chart_id + "-title"),
        rx.text(tr[summary], size="2", color_scheme="gray"),
        rx.box(
            rx.recharts.responsive_container(chart, width="100%", height=height),
            role="img",
            aria_labelledby=chart_id + "-title",
            width="100%",
            min_width="0",
            id=chart_id,
            class_name="analytics-chart",
        ),
        width="100%",
    )


def figures_table(table_id: str, columns: list[tuple[str, str]], rows: Any) -> rx.Component:
    """A table of figures, cards on a phone: `columns` are (page-text key of the header,
    row key)."""
    tr = LangState.tr
    return rx.table.root(
        rx.table.header(
            rx.table.row(*[rx.table.column_header_cell(tr[label]) for label, _ in columns])
        ),
        rx.table.body(
            rx.foreach(
                rows,
                lambda row: rx.table.row(*[cell(tr[label], row[key]) for label, key in columns]),
            )
        ),
        width="100%",
        id=table_id,
        class_name=STACK,
    )


def numbers_table(table_id: str, columns: list[tuple[str, str]], rows: Any) -> rx.Component:
    """The figures behind a chart, folded under "the numbers"."""
    return rx.el.details(
        rx.el.summary(LangState.tr["an_numbers"]),
        figures_table(table_id, columns, rows),
        width="100%",
        class_name="chart-numbers",
    )
