"""The owner's payments page (/staff/[slug]/payments) and the simulated provider's onboarding.

The page asks the provider about the account again when it opens (the return from
onboarding lands here), shows whether the university can sell, the button that starts or
continues onboarding (a native post: the browser is sent on to the provider), and the
monthly statements with a CSV download.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

import reflex as rx

from microcred_market.accounts import authz
from microcred_market.orders import payouts, statements
from microcred_market.orders.payments.base import ProviderError
from microcred_market.orders.payments.registry import connect_provider
from microcred_market.platform.clock import utcnow
from microcred_market.platform.db import Session
from microcred_market.platform.errors import DomainError
from microcred_market.platform.money import format_money
from microcred_market.ui.components.forms import api, flash_message
from microcred_market.ui.components.loading import current_path, ready, skeleton
from microcred_market.ui.components.native_form import native_form
from microcred_market.ui.components.staff_nav import staff_frame, staff_on_load
from microcred_market.ui.components.tables import STACK, cell
from microcred_market.ui.i18n import LangState, page_title
from microcred_market.ui.state.auth import Viewer, signed_in
from microcred_market.ui.state.base import reader_lang, run_in_session


@dataclass(frozen=True)
class _Payments:
    name: str
    slug: str
    state: payouts.PayoutState
    found: statements.Statements
    can_manage: bool


def _payments(session: Session, slug: str, user_id: int) -> _Payments | None:
    who = authz.principal_for(session, user_id)
    provider = connect_provider()
    try:
        state = payouts.status(session, who, slug, provider.name)
        if state.started and not state.charges_enabled:
            # Back from onboarding (or the webhook is late): ask the provider now.
            # Unreachable: shown as it was last known.
            with contextlib.suppress(ProviderError):
                state = payouts.refresh_for(session, provider, who, slug)
        found = statements.statements(session, who, slug, provider, utcnow().date())
    except DomainError:
        return None
    return _Payments(
        name=found.university,
        slug=slug,
        state=state,
        found=found,
        can_manage=_may_manage(session, who, slug),
    )


def _may_manage(session: Session, who: authz.Principal, slug: str) -> bool:
    try:
        payouts.require_manager(session, who, slug)
    except DomainError:
        return False
    return True


class PaymentsState(rx.State):
    allowed: bool = False
    denied: bool = False
    loaded_path: str = ""
    slug: str = ""
    provider: str = ""
    simulated: bool = False
    started: bool = False
    payable: bool = False
    can_manage: bool = False
    payouts_known: bool = True
    lines: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)

    @rx.event
    @signed_in
    async def load(self, *, viewer: Viewer) -> None:
        self.loaded_path = current_path(self)
        slug = str(self.router.page.params.get("slug", ""))[:120]
        lang = await reader_lang(self)
        found = await run_in_session(_payments, slug, viewer.user_id)
        if found is None:
            self.allowed, self.denied, self.lines = False, True, []
            return
        self.slug = found.slug
        self.provider = found.state.provider
        self.simulated = found.state.provider == payouts.SIMULATED
        self.started, self.payable = found.state.started, found.state.payable
        self.can_manage = found.can_manage
        self.payouts_known = found.found.payouts_known

        def money(minor: int, currency: str) -> str:
            return format_money(minor, currency, lang)

        self.lines = [
            {
                "month": line.month,
                "currency": line.currency,
                "sales": str(line.sales),
                "gross": money(line.gross_minor, line.currency),
                "fee": money(line.fee_minor, line.currency),
                "refunds": money(line.refunds_minor, line.currency),
                "net": money(line.net_minor, line.currency),
                "payouts": money(line.payouts_minor, line.currency),
            }
            for line in found.found.lines
        ]
        self.allowed, self.denied = True, False


_COLUMNS = (
    ("statement_month", "month"),
    ("statement_currency", "currency"),
    ("statement_sales", "sales"),
    ("statement_gross", "gross"),
    ("statement_fee", "fee"),
    ("statement_refunds", "refunds"),
    ("statement_net", "net"),
    ("statement_payouts", "payouts"),
)


def _status() -> rx.Component:
    tr = LangState.tr
    s = PaymentsState
    return rx.card(
        rx.vstack(
            rx.heading(tr["payments_status"], as_="h2", size="4"),
            rx.cond(
                s.payable,
                rx.callout(tr["payments_state_payable"], icon="circle-check", color_scheme="green"),
                rx.callout(
                    rx.cond(s.started, tr["payments_state_pending"], tr["payments_state_none"]),
                    icon="triangle-alert",
                    color_scheme="orange",
                ),
            ),
            rx.cond(s.simulated, rx.text(tr["payments_simulated_note"], size="2")),
            rx.cond(
                s.can_manage & ~s.payable,
                native_form(
                    rx.button(
                        rx.cond(s.started, tr["payments_continue"], tr["payments_start"]),
                        type="submit",
                        size="3",
                        id="payments-onboard",
                    ),
                    action=api("/api/staff/") + s.slug + "/payments/onboarding",
                    method="post",
                ),
            ),
            spacing="3",
            width="100%",
            id="payments-status",
        ),
        width="100%",
    )


def _statements() -> rx.Component:
    tr = LangState.tr
    s = PaymentsState
    return rx.vstack(
        rx.hstack(
            rx.heading(tr["statements_title"], as_="h2", size="5"),
            rx.link(
                rx.icon("download", size=16, aria_hidden="true"),
                tr["statements_csv"],
                href=api("/api/staff/") + s.slug + "/payments/statements.csv",
                id="statements-csv",
            ),
            justify="between",
            wrap="wrap",
            width="100%",
            align="center",
        ),
        rx.cond(~s.payouts_known, rx.text(tr["payments_payouts_unknown"], size="2")),
        rx.cond(
            s.lines.length() > 0,
            rx.box(
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            *[rx.table.column_header_cell(tr[label]) for label, _ in _COLUMNS]
                        )
                    ),
                    rx.table.body(
                        rx.foreach(
                            s.lines,
                            lambda line: rx.table.row(
                                *[cell(tr[label], line[key]) for label, key in _COLUMNS]
                            ),
                        )
                    ),
                    width="100%",
                    id="statements-table",
                    class_name=STACK,
                ),
                width="100%",
                overflow_x="auto",
            ),
            rx.text(tr["statements_none"], size="2"),
        ),
        width="100%",
        align="start",
    )


@rx.page(
    route="/staff/[slug]/payments",
    on_load=staff_on_load(PaymentsState.load),
    title=page_title("staff-payments"),
)
def payments_page() -> rx.Component:
    tr = LangState.tr
    s = PaymentsState
    return staff_frame(
        rx.cond(
            ready(s.allowed, s.loaded_path),
            rx.vstack(
                rx.link(tr["staff_title"], href="/staff/" + s.slug),
                rx.heading(tr["payments_title"], as_="h1", size="7"),
                flash_message(),
                rx.text(tr["payments_intro"]),
                _status(),
                _statements(),
                spacing="4",
                width="100%",
            ),
            rx.cond(
                s.denied,
                rx.callout(tr["not_allowed"], icon="lock", color_scheme="red", id="denied"),
                skeleton(),
            ),
        )
    )


# ---------------------------------------------------------------- simulated onboarding


def _may_switch(session: Session, slug: str, user_id: int) -> bool:
    try:
        payouts.require_manager(session, authz.principal_for(session, user_id), slug)
    except DomainError:
        return False
    return True


class SimulatedOnboardingState(rx.State):
    allowed: bool = False
    denied: bool = False
    loaded_path: str = ""
    slug: str = ""

    @rx.event
    @signed_in
    async def load(self, *, viewer: Viewer) -> None:
        self.loaded_path = current_path(self)
        slug = str(self.router.page.params.get("slug", ""))[:120]
        allowed = await run_in_session(_may_switch, slug, viewer.user_id)
        self.slug = slug if allowed else ""
        self.allowed, self.denied = allowed, not allowed


def _switch(label: str, value: str, color: str, element_id: str) -> rx.Component:
    return native_form(
        rx.el.input(type="hidden", name="payable", value=value),
        rx.button(LangState.tr[label], type="submit", size="3", color_scheme=color, id=element_id),
        action=api("/api/staff/") + SimulatedOnboardingState.slug + "/payments/simulated",
        method="post",
    )


@rx.page(
    route="/staff/[slug]/payments/simulated",
    on_load=staff_on_load(SimulatedOnboardingState.load),
    title=page_title("simulated-onboarding"),
)
def simulated_onboarding_page() -> rx.Component:
    tr = LangState.tr
    s = SimulatedOnboardingState
    return staff_frame(
        rx.cond(
            ready(s.allowed, s.loaded_path),
            rx.vstack(
                rx.heading(tr["simulated_onboarding_title"], as_="h1", size="7"),
                rx.callout(tr["simulated_onboarding_text"], icon="info", color_scheme="blue"),
                rx.flex(
                    _switch("simulated_make_payable", "1", "green", "simulated-payable"),
                    _switch("simulated_make_unpayable", "0", "gray", "simulated-unpayable"),
                    spacing="3",
                    wrap="wrap",
                ),
                rx.link(tr["back_to_payments"], href="/staff/" + s.slug + "/payments"),
                spacing="4",
                width="100%",
                max_width="720px",
            ),
            rx.cond(
                s.denied,
                rx.callout(tr["not_allowed"], icon="lock", color_scheme="red", id="denied"),
                skeleton(),
            ),
        )
    )
