"""An offering card: the facts that decide a choice, at a glance."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

import reflex as rx
from reflex.vars import ObjectVar

from microcred_market.ui.i18n import LangState
from microcred_market.ui.state.goal_marks import GoalMarksState


def fact(icon: str, text: rx.Var | str) -> rx.Component:
    return rx.hstack(
        rx.icon(icon, size=14, aria_hidden="true"),
        rx.text(text, size="2"),
        spacing="1",
        align="center",
    )


def offering_card(item: ObjectVar[dict[str, str]], heading: str = "h3") -> rx.Component:
    # On the class a state var is a Var (mypy reads the declared Field).
    marks = cast(ObjectVar[dict[str, str]], GoalMarksState.marks)
    return rx.card(
        rx.vstack(
            rx.link(
                rx.heading(item["title"], as_=heading, size="4", lang=item["lang_code"]),
                href=item["href"],
                class_name="card-title",
            ),
            rx.text(item["university"], " · ", item["country"], size="2", color_scheme="gray"),
            rx.text(item["summary"], size="2", lang=item["lang_code"], class_name="clamp-3"),
            rx.flex(
                rx.badge(item["ects"], color_scheme="indigo"),
                rx.badge(item["eqf"], color_scheme="teal"),
                rx.badge(item["form"], color_scheme="gray"),
                rx.badge(item["language"], color_scheme="gray", variant="outline"),
                wrap="wrap",
                spacing="1",
            ),
            rx.flex(
                fact("calendar", item["when"]),
                fact("clipboard-check", item["assessment"]),
                wrap="wrap",
                spacing="3",
            ),
            rx.cond(
                marks.contains(item["slug"]),
                rx.badge(
                    rx.icon("target", size=12, aria_hidden="true"),
                    marks[item["slug"]],
                    color_scheme="green",
                    variant="surface",
                    class_name="goal-badge",
                    white_space="normal",
                ),
            ),
            rx.hstack(
                rx.text(item["price"], weight="bold", size="4", class_name="price"),
                rx.text(item["seats"], size="1", color_scheme="gray"),
                justify="between",
                align="center",
                width="100%",
            ),
            spacing="2",
            align="start",
            height="100%",
        ),
        class_name="offering-card",
        width="100%",
    )


def card_grid(items: rx.Var[Sequence[dict[str, str]]], heading: str = "h3") -> rx.Component:
    """`heading` keeps the outline in order: h2 right under a page's h1, h3 under an h2."""
    return rx.grid(
        rx.foreach(items, lambda item: offering_card(item, heading)),
        columns=rx.breakpoints(initial="1", sm="2", lg="3"),
        spacing="4",
        width="100%",
    )


def search_form(on_submit, default_value: rx.Var | str = "", autofocus: bool = False):
    tr = LangState.tr
    return rx.form(
        rx.flex(
            rx.el.label(tr["search_label"], html_for="home-q", class_name="sr-only"),
            rx.input(
                name="q",
                id="home-q",
                default_value=default_value,
                placeholder=tr["search_placeholder"],
                size="3",
                flex="1",
                type="search",
                auto_focus=autofocus,
                max_length=200,
            ),
            rx.button(rx.icon("search", aria_hidden="true"), tr["search_button"], size="3"),
            spacing="2",
            width="100%",
        ),
        on_submit=on_submit,
        role="search",
        width="100%",
    )
