"""Tables that stay readable on a phone.

Below 640 px a table with `STACK` turns each row into a card (assets/styles.css) and
each cell shows its column's name before its value, taken from the cell's `data-label`.
"""

from __future__ import annotations

import reflex as rx

STACK = "stack-table"


def cell(label: rx.Var | str, *children: rx.Component | rx.Var | str, **props) -> rx.Component:
    """A table cell that names its column when the row is shown as a card."""
    return rx.table.cell(*children, custom_attrs={"data-label": label}, **props)
