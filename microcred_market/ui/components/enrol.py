"""The enrol box on an offering page: a form that posts to the backend's order route."""

from __future__ import annotations

import reflex as rx
from reflex.vars import StringVar

from microcred_market.ui.components.forms import api
from microcred_market.ui.components.native_form import native_form
from microcred_market.ui.i18n import LangState


def enrol_box(slug: StringVar, sold_out: rx.Var[bool]) -> rx.Component:
    tr = LangState.tr
    return rx.vstack(
        native_form(
            rx.el.input(type="hidden", name="offering", value=slug),
            rx.el.label(tr["voucher"], html_for="voucher", class_name="form-label"),
            rx.el.input(
                id="voucher",
                name="voucher",
                max_length=40,
                auto_complete="off",
                class_name="form-input",
            ),
            rx.button(
                rx.icon("shopping-cart", aria_hidden="true"),
                tr["enrol"],
                type="submit",
                size="3",
                width="100%",
                id="enrol",
                disabled=sold_out,
            ),
            action=api("/api/orders"),
            method="post",
            class_name="plain-form",
        ),
        rx.link(tr["buy_seats"], href="/seats/" + slug, size="2", id="buy-seats"),
        width="100%",
        spacing="2",
    )


def refund_button(action: rx.Var | str, back: rx.Var | str | None = None) -> rx.Component:
    """A small form that asks for a refund; `back` is where the answer is shown."""
    hidden = [rx.el.input(type="hidden", name="back", value=back)] if back is not None else []
    return native_form(
        *hidden,
        rx.button(
            LangState.tr["request_refund"],
            type="submit",
            size="1",
            variant="soft",
            color_scheme="red",
            class_name="refund-button",
        ),
        action=action,
        method="post",
    )
