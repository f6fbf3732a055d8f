"""The operator's platform fee: the default, and each university's own fee.

Changes are plain form posts to `/api/admin/fees` (the service checks the permission,
validates the value and writes the audit row); the page only shows what is set.
"""

from __future__ import annotations

from decimal import Decimal

import reflex as rx
from reflex.vars import ObjectVar

from microcred_market.accounts import authz
from microcred_market.orders import operator
from microcred_market.platform.db import Session
from microcred_market.platform.i18n import fmt_number
from microcred_market.ui.components.forms import api, flash_message, submit
from microcred_market.ui.components.layout import operator_nav, page
from microcred_market.ui.components.loading import ready, skeleton
from microcred_market.ui.components.native_form import native_form
from microcred_market.ui.components.tables import STACK, cell
from microcred_market.ui.i18n import LangState, page_title, table
from microcred_market.ui.pages.orders.staff import operator_only
from microcred_market.ui.state.auth import AuthState, Viewer, signed_in
from microcred_market.ui.state.base import reader_lang, run_in_session

ROUTE = "/admin/fees"


def _fees(session: Session, user_id: int) -> operator.FeesView:
    return operator.fees(session, authz.principal_for(session, user_id))


def _percent(basis_points: int, lang: str) -> str:
    return fmt_number(Decimal(basis_points) / 100, lang) + " %"


def _plain(basis_points: int) -> str:
    """The value an input starts with: what the service reads back (12.5)."""
    text = f"{Decimal(basis_points) / 100:.2f}"
    # Only the decimals' trailing zeros go: 10 stays "10", 12.50 becomes "12.5".
    return text.rstrip("0").rstrip(".") if "." in text else text


class FeesState(rx.State):
    allowed: bool = False
    denied: bool = False
    default_fee: str = ""
    default_value: str = ""
    rows: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)

    @rx.event
    @signed_in
    async def load(self, *, viewer: Viewer) -> None:
        if not operator_only(self, viewer, ROUTE):
            self.rows = []
            return None
        lang = await reader_lang(self)
        tr = table(lang)
        view = await run_in_session(_fees, viewer.user_id)
        self.default_fee = _percent(view.default_basis_points, lang)
        self.default_value = _plain(view.default_basis_points)
        self.rows = [
            {
                "slug": u.slug,
                "name": u.name,
                "fee": _percent(u.basis_points, lang),
                "own": "1" if u.own_basis_points is not None else "",
                "source": tr["fees_own"]
                if u.own_basis_points is not None
                else tr["fees_uses_default"],
                "value": _plain(u.basis_points),
            }
            for u in view.universities
        ]
        return None


def _fee_input(input_id: rx.Var | str, value: rx.Var | str) -> rx.Component:
    return rx.el.input(
        id=input_id,
        name="percent",
        type="text",
        input_mode="decimal",
        required=True,
        max_length=12,
        key=value,
        default_value=value,
        class_name="form-input",
        style={"maxWidth": "8em"},
    )


def _default_form() -> rx.Component:
    tr = LangState.tr
    s = FeesState
    return rx.card(
        rx.heading(tr["fees_default"], as_="h2", size="4"),
        rx.text(s.default_fee, size="5", weight="bold", id="default-fee"),
        native_form(
            rx.el.label(tr["fees_percent"], html_for="fee-default", class_name="form-label"),
            rx.flex(
                _fee_input("fee-default", s.default_value),
                submit("fees_save", id="fee-default-submit"),
                spacing="3",
                wrap="wrap",
                align="center",
            ),
            action=api("/api/admin/fees"),
            method="post",
            class_name="plain-form",
        ),
        width="100%",
    )


def _university_row(u: ObjectVar[dict[str, str]]) -> rx.Component:
    tr = LangState.tr
    return rx.table.row(
        cell(tr["university"], u["name"]),
        cell(tr["fees_percent"], rx.text(u["fee"], " · ", u["source"], class_name="uni-fee")),
        cell(
            tr["actions"],
            rx.vstack(
                native_form(
                    rx.el.input(type="hidden", name="university", value=u["slug"]),
                    rx.el.label(
                        tr["fees_set_own"], html_for="fee-" + u["slug"], class_name="form-label"
                    ),
                    rx.flex(
                        _fee_input("fee-" + u["slug"], u["value"]),
                        submit("fees_save", id="fee-submit-" + u["slug"]),
                        spacing="2",
                        wrap="wrap",
                        align="center",
                    ),
                    action=api("/api/admin/fees"),
                    method="post",
                    class_name="plain-form",
                ),
                rx.cond(
                    u["own"] != "",
                    native_form(
                        submit("fees_clear", color="gray", id="fee-clear-" + u["slug"]),
                        action=api("/api/admin/fees/") + u["slug"] + "/clear",
                        method="post",
                    ),
                ),
                spacing="2",
            ),
        ),
    )


@rx.page(route=ROUTE, on_load=[AuthState.load, FeesState.load], title=page_title("operator-fees"))
def fees_page() -> rx.Component:
    tr = LangState.tr
    s = FeesState
    return page(
        rx.cond(
            ready(s.allowed),
            rx.vstack(
                operator_nav(),
                rx.heading(tr["fees_title"], as_="h1", size="7"),
                rx.text(tr["fees_text"]),
                flash_message(),
                _default_form(),
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            rx.table.column_header_cell(tr["university"]),
                            rx.table.column_header_cell(tr["fees_percent"]),
                            rx.table.column_header_cell(tr["actions"]),
                        )
                    ),
                    rx.table.body(rx.foreach(s.rows, _university_row)),
                    width="100%",
                    id="fees-table",
                    tab_index=0,
                    role="region",
                    aria_label=tr["fees_title"],
                    class_name=STACK,
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
