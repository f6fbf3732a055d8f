"""A friendly 404: say what happened and offer the way back."""

from __future__ import annotations

import reflex as rx

from microcred_market.ui.components.layout import page
from microcred_market.ui.i18n import LangState


def not_found_block() -> rx.Component:
    tr = LangState.tr
    return rx.vstack(
        rx.icon("map-pin-off", size=40, aria_hidden="true"),
        rx.heading(tr["not_found_title"], as_="h1", size="7", id="not-found"),
        rx.text(tr["not_found_text"]),
        rx.link(rx.button(tr["back_to_catalogue"]), href="/catalogue"),
        spacing="3",
        padding_y="var(--space-8)",
        align="start",
    )


def not_found_page() -> rx.Component:
    return page(not_found_block())
