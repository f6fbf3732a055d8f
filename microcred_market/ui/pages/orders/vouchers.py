"""The operator's vouchers: every code with its discount, limits and state; a form that
creates one (what `microcred voucher` takes) and a button that disables one.

Both are plain form posts to `/api/admin/vouchers` (the service checks the permission,
validates and writes the audit row); the page only shows what there is.
"""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from microcred_market.accounts import authz
from microcred_market.orders import operator
from microcred_market.platform.db import Session
from microcred_market.platform.money import format_money
from microcred_market.ui.components.forms import api, flash_message, submit
from microcred_market.ui.components.layout import operator_nav, page
from microcred_market.ui.components.loading import ready, skeleton
from microcred_market.ui.components.native_form import native_form
from microcred_market.ui.components.tables import STACK, cell
from microcred_market.ui.i18n import LangState, page_title, table
from microcred_market.ui.pages.orders.staff import operator_only
from microcred_market.ui.state.auth import AuthState, Viewer, signed_in
from microcred_market.ui.state.base import reader_lang, run_in_session

ROUTE = "/admin/vouchers"


def _vouchers(session: Session, user_id: int) -> operator.VouchersView:
    return operator.vouchers(session, authz.principal_for(session, user_id))


def voucher_row(v: operator.VoucherLine, tr: dict[str, str], lang: str) -> dict[str, str]:
    if v.kind == "percent":
        discount = f"{v.percent_off} %"
    else:
        discount = format_money(v.amount_off_minor or 0, v.currency or "PLN", lang)
    scope = tr["voucher_scope_all"] if v.scope == "all" else v.scope_name
    state = v.state
    return {
        "code": v.code,
        "discount": discount,
        "scope": scope,
        "uses": f"{v.used} / {v.max_uses}"
        if v.max_uses is not None
        else f"{v.used} ({tr['voucher_unlimited']})",
        "expires": v.expires_at.strftime("%Y-%m-%d") if v.expires_at else tr["voucher_never"],
        "state": tr.get(f"voucher_state.{state}", state),
        "can_disable": "" if v.disabled_at is not None else "1",
    }


class VouchersState(rx.State):
    allowed: bool = False
    denied: bool = False
    rows: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    universities: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)

    @rx.event
    @signed_in
    async def load(self, *, viewer: Viewer) -> None:
        if not operator_only(self, viewer, ROUTE):
            self.rows, self.universities = [], []
            return None
        lang = await reader_lang(self)
        tr = table(lang)
        view = await run_in_session(_vouchers, viewer.user_id)
        self.rows = [voucher_row(v, tr, lang) for v in view.vouchers]
        self.universities = [{"slug": slug, "name": name} for slug, name in view.universities]
        return None


def _field(label_key: str, control: rx.Component, field_id: str) -> rx.Component:
    return rx.el.div(
        rx.el.label(LangState.tr[label_key], html_for=field_id, class_name="form-label"),
        control,
        class_name="form-field",
    )


def _create_form() -> rx.Component:
    tr = LangState.tr
    return rx.card(
        rx.heading(tr["voucher_new"], as_="h2", size="4"),
        native_form(
            rx.flex(
                _field(
                    "voucher_code",
                    rx.el.input(
                        id="voucher-code",
                        name="code",
                        required=True,
                        min_length=3,
                        max_length=40,
                        auto_complete="off",
                        class_name="form-input",
                    ),
                    "voucher-code",
                ),
                _field(
                    "voucher_kind",
                    rx.el.select(
                        rx.el.option(tr["voucher_kind_percent"], value="percent"),
                        rx.el.option(tr["voucher_kind_fixed"], value="fixed"),
                        id="voucher-kind",
                        name="kind",
                        class_name="native-select",
                    ),
                    "voucher-kind",
                ),
                _field(
                    "voucher_value",
                    rx.el.input(
                        id="voucher-value",
                        name="value",
                        required=True,
                        input_mode="decimal",
                        max_length=20,
                        class_name="form-input",
                    ),
                    "voucher-value",
                ),
                _field(
                    "voucher_currency",
                    rx.el.select(
                        rx.el.option("PLN", value="PLN"),
                        rx.el.option("EUR", value="EUR"),
                        id="voucher-currency",
                        name="currency",
                        class_name="native-select",
                    ),
                    "voucher-currency",
                ),
                _field(
                    "voucher_max_uses",
                    rx.el.input(
                        id="voucher-max-uses",
                        name="max_uses",
                        type="number",
                        min=1,
                        class_name="form-input",
                    ),
                    "voucher-max-uses",
                ),
                _field(
                    "voucher_expires_on",
                    rx.el.input(
                        id="voucher-expires", name="expires", type="date", class_name="form-input"
                    ),
                    "voucher-expires",
                ),
                _field(
                    "voucher_only_university",
                    rx.el.select(
                        rx.el.option(tr["voucher_anywhere"], value=""),
                        rx.foreach(
                            VouchersState.universities,
                            lambda u: rx.el.option(u["name"], value=u["slug"]),
                        ),
                        id="voucher-university",
                        name="university",
                        class_name="native-select",
                    ),
                    "voucher-university",
                ),
                _field(
                    "voucher_only_offering",
                    rx.el.input(
                        id="voucher-offering",
                        name="offering",
                        max_length=200,
                        auto_complete="off",
                        class_name="form-input",
                    ),
                    "voucher-offering",
                ),
                spacing="3",
                wrap="wrap",
                align="end",
            ),
            submit("voucher_create", id="voucher-create"),
            action=api("/api/admin/vouchers"),
            method="post",
            class_name="plain-form",
        ),
        width="100%",
    )


def _row(v: ObjectVar[dict[str, str]]) -> rx.Component:
    tr = LangState.tr
    return rx.table.row(
        cell(tr["voucher_code"], rx.code(v["code"], variant="ghost")),
        cell(tr["voucher_discount"], v["discount"]),
        cell(tr["voucher_scope"], v["scope"]),
        cell(tr["voucher_uses"], v["uses"]),
        cell(tr["voucher_expires"], v["expires"]),
        cell(tr["voucher_state"], v["state"], class_name="voucher-state"),
        cell(
            tr["actions"],
            rx.cond(
                v["can_disable"] != "",
                native_form(
                    submit("voucher_disable", color="red", id="disable-" + v["code"]),
                    action=api("/api/admin/vouchers/") + v["code"] + "/disable",
                    method="post",
                ),
            ),
        ),
    )


@rx.page(
    route=ROUTE,
    on_load=[AuthState.load, VouchersState.load],
    title=page_title("operator-vouchers"),
)
def vouchers_page() -> rx.Component:
    tr = LangState.tr
    s = VouchersState
    return page(
        rx.cond(
            ready(s.allowed),
            rx.vstack(
                operator_nav(),
                rx.heading(tr["vouchers_title"], as_="h1", size="7"),
                rx.text(tr["vouchers_text"]),
                flash_message(),
                _create_form(),
                rx.cond(
                    s.rows.length() > 0,
                    rx.table.root(
                        rx.table.header(
                            rx.table.row(
                                *[
                                    rx.table.column_header_cell(tr[k])
                                    for k in (
                                        "voucher_code",
                                        "voucher_discount",
                                        "voucher_scope",
                                        "voucher_uses",
                                        "voucher_expires",
                                        "voucher_state",
                                        "actions",
                                    )
                                ]
                            )
                        ),
                        rx.table.body(rx.foreach(s.rows, _row)),
                        width="100%",
                        id="vouchers-table",
                        tab_index=0,
                        role="region",
                        aria_label=tr["vouchers_title"],
                        class_name=STACK,
                    ),
                    rx.text(tr["vouchers_none"], id="vouchers-none"),
                ),
                spacing="4",
                width="100%",
            ),
            rx.cond(
                ready(s.denied),
                rx.callout(tr["not_allowed"], icon="lock", color_scheme="red", id="denied"),
                skeleton(),
            ),
        )
    )
