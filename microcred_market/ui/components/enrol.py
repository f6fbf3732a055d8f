"""The enrol box on an offering page: a form that posts to the backend's order route."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars import StringVar

from microcred_market.ui.components.forms import api
from microcred_market.ui.components.native_form import native_form
from microcred_market.ui.i18n import LangState


def enrol_box(
    slug: StringVar,
    sold_out: rx.Var[bool],
    choices: rx.Component | None = None,
    currency: StringVar | None = None,
) -> rx.Component:
    """`choices`: form fields the order needs too (the cohort to enrol in); `currency` the
    one chosen to pay in, which the team-seats page starts from too."""
    tr = LangState.tr
    return rx.vstack(
        native_form(
            rx.el.input(type="hidden", name="offering", value=slug),
            *([choices] if choices is not None else []),
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
        rx.link(
            tr["buy_seats"],
            href="/seats/" + slug + ("" if currency is None else "?currency=" + currency),
            size="2",
            id="buy-seats",
        ),
        width="100%",
        spacing="2",
    )


def refund_confirm(
    action: rx.Var | str,
    *,
    key: StringVar,
    label: rx.Var | str,
    confirm: rx.Var | str,
    what_happens: list[rx.Component],
    back: rx.Var | str | None = None,
    amount_field: bool = False,
) -> rx.Component:
    """A refund in two steps: the first click opens what will happen (amount, enrolment,
    credential), the second, explicit one posts it.

    A native disclosure (`details`), so it works before the page's script has loaded and
    is announced as expanded/collapsed. The server's own rules do not rely on it.
    """
    tr = LangState.tr
    hidden = [rx.el.input(type="hidden", name="back", value=back)] if back is not None else []
    amount = (
        [
            rx.el.label(
                tr["refund_partial_amount"], html_for="amount-" + key, class_name="form-label"
            ),
            rx.el.input(
                id="amount-" + key,
                name="amount",
                inputmode="decimal",
                max_length=20,
                auto_complete="off",
                class_name="form-input refund-amount",
            ),
        ]
        if amount_field
        else []
    )
    return rx.el.details(
        rx.el.summary(label, class_name="refund-button"),
        rx.el.div(
            *what_happens,
            native_form(
                *hidden,
                *amount,
                rx.button(
                    confirm,
                    type="submit",
                    size="2",
                    color_scheme="red",
                    class_name="refund-confirm-button",
                ),
                action=action,
                method="post",
                class_name="plain-form",
            ),
            class_name="refund-panel",
        ),
        class_name="refund-confirm",
        id="refund-" + key,
    )


def currency_choice(field_id: str, prices: Any, currency: Any, on_change: Any) -> rx.Component:
    """Which of an offering's currencies to pay in, shown only when it has more than one.
    `prices` are the page's {"currency", "text"} rows; the server takes the amount for the
    chosen one from the database, never from the form."""
    return rx.cond(
        prices.length() > 1,
        rx.el.div(
            rx.el.label(LangState.tr["pay_in"], html_for=field_id, class_name="form-label"),
            rx.el.select(
                rx.foreach(
                    prices,
                    lambda p: rx.el.option(p["currency"] + " · " + p["text"], value=p["currency"]),
                ),
                id=field_id,
                name="currency",
                value=currency,
                on_change=on_change,
                class_name="native-select",
            ),
            class_name="form-field",
        ),
    )
