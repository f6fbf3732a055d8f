"""Buying and after: simulated checkout, the return page, My learning, team seats."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx
from reflex.vars import ObjectVar

from microcred_market.assessments import attempts, submissions
from microcred_market.catalogue import queries as catalogue_queries
from microcred_market.orders import machine as order_machine
from microcred_market.orders import queries as order_queries
from microcred_market.orders import service as orders
from microcred_market.platform import i18n
from microcred_market.platform.db import Session
from microcred_market.platform.errors import DomainError
from microcred_market.platform.money import format_money
from microcred_market.ui.components.enrol import currency_choice, refund_confirm
from microcred_market.ui.components.forms import api, flash_message
from microcred_market.ui.components.layout import page
from microcred_market.ui.components.loading import current_path, ready, skeleton, when_ready
from microcred_market.ui.components.native_form import native_form
from microcred_market.ui.components.tables import STACK, cell
from microcred_market.ui.i18n import LangState, page_title, table
from microcred_market.ui.pages.assessments.take import TakeQuizState, quiz_entry_rows
from microcred_market.ui.pages.stacking.mine import (
    MyQualificationsState,
    my_qualifications_section,
)
from microcred_market.ui.state.auth import AuthState, Viewer, signed_in
from microcred_market.ui.state.base import reader_lang, run_in_session
from microcred_market.ui.view import fmt_date


def state_label(state: str, lang: str) -> str:
    """An order or enrolment state in words; an unknown state shows as its code."""
    key = f"ui.orders.state.{state}"
    return i18n.t(key, lang) if i18n.has(key) else state


class CheckoutState(rx.State):
    loaded: bool = False
    loaded_path: str = ""
    found: bool = False
    order_uuid: str = ""
    title: str = ""
    amount: str = ""

    @rx.event
    @signed_in
    async def load(self, *, viewer: Viewer):
        self.loaded = False
        self.loaded_path = current_path(self)
        order_uuid = str(self.router.page.params.get("order", ""))[:64]
        lang = await reader_lang(self)
        try:
            order = await run_in_session(order_queries.own_order, order_uuid, viewer.user_id)
        except DomainError:
            self.found = False
            self.loaded = True
            return None
        self.title = order.offering_title
        self.amount = format_money(order.amount_minor, order.currency, lang)
        self.order_uuid = order.uuid
        self.found = order.state == "pending"
        self.loaded = True
        return None


def _outcome(value: str, label_key: str, color: str) -> rx.Component:
    return native_form(
        rx.el.input(type="hidden", name="outcome", value=value),
        rx.button(
            LangState.tr[label_key], type="submit", color_scheme=color, size="3", id=f"pay-{value}"
        ),
        action=api("/api/payments/simulated/") + CheckoutState.order_uuid,
        method="post",
    )


@rx.page(
    route="/checkout/simulated/[order]",
    on_load=[AuthState.load, CheckoutState.load],
    title=page_title("checkout"),
)
def simulated_checkout_page() -> rx.Component:
    tr = LangState.tr
    return page(
        rx.center(
            rx.card(
                rx.vstack(
                    rx.heading(tr["checkout_title"], as_="h1", size="6"),
                    when_ready(
                        CheckoutState.loaded,
                        rx.cond(
                            CheckoutState.found,
                            rx.vstack(
                                rx.text(CheckoutState.title, weight="bold"),
                                rx.text(
                                    tr["total"],
                                    ": ",
                                    rx.el.strong(CheckoutState.amount, id="checkout-amount"),
                                ),
                                rx.callout(tr["simulated_note"], icon="info", size="1"),
                                rx.flex(
                                    _outcome("success", "pay_success", "green"),
                                    _outcome("decline", "pay_decline", "red"),
                                    _outcome("cancel", "pay_cancel", "gray"),
                                    spacing="2",
                                    wrap="wrap",
                                ),
                                spacing="3",
                            ),
                            rx.text(tr["not_found_text"], id="checkout-missing"),
                        ),
                        skeleton(lines=3, heading=False),
                        loaded_path=CheckoutState.loaded_path,
                    ),
                    spacing="4",
                ),
                max_width="480px",
                width="100%",
            ),
            padding_y="6",
        )
    )


class ReturnState(rx.State):
    loaded: bool = False
    state: str = ""
    kind: str = "learner"
    title: str = ""
    slug: str = ""

    @rx.event
    @signed_in
    async def load(self, *, viewer: Viewer):
        self.loaded = False
        order_uuid = self.router.url.query_parameters.get("order", "")[:64]
        try:
            order = await run_in_session(orders.settle_on_return, order_uuid, viewer.user_id)
        except DomainError:
            self.state, self.title = "missing", ""
            self.loaded = True
            return None
        except Exception:  # the provider is unreachable: the webhook will settle it
            self.state = "pending"
            self.loaded = True
            return None
        self.state, self.kind = order.state, order.kind
        self.title, self.slug = order.offering_title, order.offering_slug
        self.loaded = True
        return None


@rx.page(
    route="/checkout/return",
    on_load=[AuthState.load, ReturnState.load],
    title=page_title("checkout-return"),
)
def checkout_return_page() -> rx.Component:
    tr = LangState.tr
    s = ReturnState
    return page(
        rx.vstack(
            rx.cond(ready(s.loaded), rx.heading(s.title, as_="h1", size="6")),
            rx.cond(
                ready(s.loaded),
                rx.match(
                    s.state,
                    (
                        "paid",
                        rx.callout(
                            rx.cond(s.kind == "seats", tr["order_seats_paid"], tr["order_paid"]),
                            icon="circle-check",
                            color_scheme="green",
                            id="order-result",
                        ),
                    ),
                    ("pending", rx.callout(tr["order_pending"], icon="loader", id="order-result")),
                    (
                        "refunded",
                        rx.callout(tr["order_refunded"], icon="undo-2", id="order-result"),
                    ),
                    (
                        "refund_requested",
                        rx.callout(tr["order_refund_requested"], icon="undo-2", id="order-result"),
                    ),
                    (
                        "missing",
                        rx.callout(tr["not_found_text"], icon="circle-x", id="order-result"),
                    ),
                    rx.callout(
                        tr["order_failed"], icon="circle-x", color_scheme="red", id="order-result"
                    ),
                ),
                skeleton(lines=2),
            ),
            rx.hstack(
                rx.link(rx.button(tr["my_learning"]), href="/learning", id="go-learning"),
                rx.link(rx.button(tr["back_to_catalogue"], variant="outline"), href="/catalogue"),
            ),
            spacing="4",
            width="100%",
        )
    )


@dataclass(frozen=True)
class _MyLearning:
    enrolments: list[order_queries.EnrolmentLine]
    orders: list[order_queries.OrderLine]
    seat_codes: list[order_queries.SeatCode]
    quizzes: list[attempts.QuizEntry]
    works: list[submissions.WorkEntry]


def _my_learning(session: Session, user_id: int) -> _MyLearning:
    return _MyLearning(
        enrolments=order_queries.enrolments_of(session, user_id),
        orders=order_queries.orders_of(session, user_id),
        seat_codes=order_queries.seat_codes_of(session, user_id),
        quizzes=attempts.quiz_entries(session, user_id),
        works=submissions.work_entries(session, user_id),
    )


class LearningState(rx.State):
    enrolments: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    orders_view: list[dict[str, str]] = []
    codes: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    quizzes: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    works: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    loaded: bool = False

    @rx.event
    @signed_in
    async def load(self, *, viewer: Viewer):
        self.loaded = False
        lang = await reader_lang(self)
        tr = table(lang)
        mine = await run_in_session(_my_learning, viewer.user_id)
        self.enrolments = [
            {
                "uuid": e.uuid,
                "title": e.offering_title,
                "href": f"/offerings/{e.offering_slug}",
                "university": e.university,
                "status": state_label(e.status, lang),
                "when": tr["self_paced"]
                if e.self_paced
                else fmt_date(e.start_date.isoformat() if e.start_date else None, lang),
            }
            for e in mine.enrolments
        ]
        self.orders_view = [
            {
                "uuid": o.uuid,
                "title": o.offering_title + (f" × {o.quantity}" if o.kind == "seats" else ""),
                "amount": format_money(o.amount_minor, o.currency, lang),
                "state": state_label(o.state, lang),
                "date": fmt_date(o.created_at.date().isoformat(), lang),
                "receipt": api(f"/api/orders/{o.uuid}/receipt.pdf")
                if o.state in ("paid", "refund_requested", "refunded")
                else "",
                "refundable": "1" if o.withdraw_refusal is None else "",
                "refund_action": api(f"/api/orders/{o.uuid}/refund"),
                "refund_amount": format_money(o.amount_minor - o.refunded_minor, o.currency, lang),
                # Paid, but the right of withdrawal is over: say why instead of a button.
                "withdraw_closed": i18n.t(
                    o.withdraw_refusal, lang, days=order_machine.WITHDRAWAL_DAYS
                )
                if o.withdraw_refusal not in (None, "error.orders.not_refundable")
                else "",
            }
            for o in mine.orders
        ]
        self.codes = [
            {"code": c.code, "title": c.offering_title, "used": "✓" if c.used else ""}
            for c in mine.seat_codes
        ]
        self.quizzes = quiz_entry_rows(mine.quizzes, lang)
        self.works = work_entry_rows(mine.works, lang)
        self.loaded = True
        return None


def work_entry_rows(entries: list[submissions.WorkEntry], lang: str) -> list[dict[str, str]]:
    """The learning page's task and portfolio lines: where each stands, and its page."""
    tr = table(lang)
    rows = []
    for w in entries:
        meta = []
        if w.due_at is not None:
            meta.append(f"{tr['rv_due']}: {i18n.fmt_datetime(w.due_at, lang, 'short')}")
        if w.latest_version:
            meta.append(
                f"{tr['rv_version'].format(n=w.latest_version)}: "
                f"{tr.get('rv_status_' + w.latest_status, w.latest_status)}"
            )
        rows.append(
            {
                "enrolment": w.enrolment_uuid,
                "title": w.title,
                "meta": " · ".join(meta),
                "href": f"/assess/work/{w.enrolment_uuid}/{w.component_uuid}",
                "label": tr["rv_open_work"] if w.open else tr["rv_see_work"],
            }
        )
    return rows


def _work_line(w: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.flex(
        rx.vstack(
            rx.text(w["title"], weight="medium"),
            rx.cond(w["meta"] != "", rx.text(w["meta"], size="1", color_scheme="gray")),
            spacing="0",
        ),
        rx.link(w["label"], href=w["href"], class_name="work-open"),
        justify="between",
        align="center",
        gap="2",
        wrap="wrap",
        width="100%",
        padding_top="2",
        class_name="work-line",
    )


def _quiz_line(q: ObjectVar[dict[str, str]]) -> rx.Component:
    """A quiz of this enrolment: start it, continue it, or see the last attempt."""
    tr = LangState.tr
    return rx.flex(
        rx.vstack(
            rx.text(q["title"], weight="medium"),
            rx.text(q["meta"], size="1", color_scheme="gray"),
            rx.cond(q["note"] != "", rx.text(q["note"], size="1", class_name="quiz-note")),
            spacing="0",
        ),
        rx.match(
            q["action"],
            (
                "start",
                rx.button(
                    tr["quiz_start"],
                    on_click=TakeQuizState.start(  # type: ignore[operator]  # mypy ignores rx.event's __new__, so a handler reads as EventNamespace
                        q["enrolment"], q["component"]
                    ),
                    type="button",
                    class_name="quiz-start",
                ),
            ),
            (
                "resume",
                rx.link(tr["quiz_resume"], href=q["href"], weight="bold", class_name="quiz-resume"),
            ),
            rx.cond(
                q["last"] != "",
                rx.link(tr["quiz_last_attempt"], href=q["href"], size="2", class_name="quiz-last"),
            ),
        ),
        justify="between",
        align="center",
        gap="2",
        wrap="wrap",
        width="100%",
        padding_top="2",
        class_name="quiz-line",
    )


@rx.page(
    route="/learning",
    on_load=[AuthState.load, LearningState.load, MyQualificationsState.load],
    title=page_title("my-learning"),
)
def learning_page() -> rx.Component:
    tr = LangState.tr
    s = LearningState
    return page(
        rx.vstack(
            rx.heading(tr["my_learning"], as_="h1", size="7"),
            flash_message(),
            rx.link(
                rx.hstack(
                    rx.icon("award", size=16, aria_hidden="true"),
                    rx.text(tr["my_credentials"]),
                    spacing="1",
                    align="center",
                ),
                href="/wallet",
                id="learning-wallet-link",
            ),
            my_qualifications_section(),
            when_ready(
                s.loaded,
                rx.vstack(
                    rx.heading(tr["enrolments"], as_="h2", size="5"),
                    rx.cond(
                        s.enrolments.length() > 0,
                        rx.vstack(
                            rx.foreach(
                                s.enrolments,
                                lambda e: rx.card(
                                    rx.vstack(
                                        rx.link(e["title"], href=e["href"], weight="bold"),
                                        rx.text(
                                            e["university"],
                                            " · ",
                                            e["when"],
                                            size="2",
                                            color_scheme="gray",
                                        ),
                                        rx.badge(e["status"]),
                                        rx.link(
                                            tr["as_open_assessment"],
                                            href="/assess/" + e["uuid"],
                                            size="2",
                                            class_name="assessment-link",
                                        ),
                                        rx.foreach(
                                            s.quizzes,
                                            lambda q: rx.cond(
                                                q["enrolment"] == e["uuid"], _quiz_line(q)
                                            ),
                                        ),
                                        rx.foreach(
                                            s.works,
                                            lambda w: rx.cond(
                                                w["enrolment"] == e["uuid"], _work_line(w)
                                            ),
                                        ),
                                        spacing="1",
                                    ),
                                    width="100%",
                                    class_name="enrolment",
                                ),
                            ),
                            width="100%",
                            id="enrolments",
                        ),
                        rx.text(tr["no_enrolments"], id="no-enrolments"),
                    ),
                    rx.heading(tr["orders"], as_="h2", size="5"),
                    rx.text(tr["refund_note"], size="2", color_scheme="gray"),
                    rx.box(
                        rx.table.root(
                            rx.table.header(
                                rx.table.row(
                                    rx.table.column_header_cell(tr["created"]),
                                    rx.table.column_header_cell(tr["course"]),
                                    rx.table.column_header_cell(tr["total"]),
                                    rx.table.column_header_cell(tr["status"]),
                                    rx.table.column_header_cell(
                                        rx.el.span(tr["actions"], class_name="sr-only")
                                    ),
                                )
                            ),
                            rx.table.body(
                                rx.foreach(
                                    s.orders_view,
                                    lambda o: rx.table.row(
                                        cell(tr["created"], o["date"]),
                                        cell(tr["course"], o["title"]),
                                        cell(tr["total"], o["amount"]),
                                        cell(tr["status"], o["state"], class_name="order-state"),
                                        cell(
                                            "",
                                            rx.flex(
                                                rx.cond(
                                                    o["receipt"] != "",
                                                    rx.link(
                                                        tr["receipt"],
                                                        href=o["receipt"],
                                                        class_name="receipt-link",
                                                    ),
                                                ),
                                                rx.cond(
                                                    o["refundable"] != "",
                                                    refund_confirm(
                                                        o["refund_action"],
                                                        key=o["uuid"],
                                                        label=tr["request_refund"],
                                                        confirm=tr["withdraw_confirm"],
                                                        what_happens=[
                                                            rx.text(
                                                                tr["withdraw_preview"],
                                                                ": ",
                                                                rx.el.strong(
                                                                    o["refund_amount"],
                                                                    class_name="refund-amount-preview",
                                                                ),
                                                                size="2",
                                                            ),
                                                            rx.text(
                                                                tr["withdraw_preview_text"],
                                                                size="2",
                                                            ),
                                                        ],
                                                    ),
                                                    rx.cond(
                                                        o["withdraw_closed"] != "",
                                                        rx.text(
                                                            tr["withdraw_closed"],
                                                            ": ",
                                                            o["withdraw_closed"],
                                                            size="1",
                                                            color_scheme="gray",
                                                            class_name="withdraw-closed",
                                                        ),
                                                    ),
                                                ),
                                                spacing="2",
                                                wrap="wrap",
                                            ),
                                        ),
                                    ),
                                )
                            ),
                            width="100%",
                            id="orders",
                            class_name=STACK,
                        ),
                        width="100%",
                        overflow_x="auto",
                    ),
                    rx.cond(
                        s.codes.length() > 0,
                        rx.vstack(
                            rx.heading(tr["seat_codes"], as_="h2", size="5"),
                            rx.foreach(
                                s.codes,
                                lambda c: rx.text(
                                    rx.code(c["code"]),
                                    " ",
                                    c["title"],
                                    " ",
                                    c["used"],
                                    class_name="seat-code",
                                ),
                            ),
                        ),
                    ),
                    spacing="4",
                    width="100%",
                ),
                skeleton(lines=6, heading=False),
            ),
            spacing="4",
            width="100%",
        )
    )


class SeatsState(rx.State):
    loaded: bool = False
    loaded_path: str = ""
    slug: str = ""
    title: str = ""
    price: str = ""
    # Each currency the seats may be paid in ({"currency", "text"}), its own first.
    prices: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    currency: str = ""

    @rx.event
    @signed_in
    async def load(self, *, viewer: Viewer):
        self.loaded = False
        self.loaded_path = current_path(self)
        slug = str(self.router.page.params.get("slug", ""))[:120]
        lang = await reader_lang(self)
        offering = await run_in_session(catalogue_queries.published_offering_price, slug)
        if offering is None:
            self.slug = ""
            self.loaded = True
            return None
        self.slug, self.title = offering.slug, offering.title
        self.price = format_money(offering.price_minor, offering.currency, lang)
        self.prices = [
            {"currency": p.currency, "text": format_money(p.amount_minor, p.currency, lang)}
            for p in offering.prices
        ]
        wanted = str(self.router.url.query_parameters.get("currency", "") or "").upper()[:8]
        self._pick(wanted)
        self.loaded = True
        return None

    def _pick(self, wanted: str) -> None:
        chosen = next((p for p in self.prices if p["currency"] == wanted), None)
        chosen = chosen or (self.prices[0] if self.prices else None)
        if chosen is not None:
            self.currency, self.price = chosen["currency"], chosen["text"]

    @rx.event
    @signed_in
    async def choose_currency(self, currency: str, *, viewer: Viewer):
        self._pick(str(currency).upper()[:8])


@rx.page(
    route="/seats/[slug]", on_load=[AuthState.load, SeatsState.load], title=page_title("team-seats")
)
def seats_page() -> rx.Component:
    tr = LangState.tr
    s = SeatsState
    return page(
        rx.center(
            rx.card(
                rx.vstack(
                    rx.heading(tr["seats_title"], as_="h1", size="6"),
                    flash_message(),
                    when_ready(
                        s.loaded,
                        rx.cond(
                            s.slug != "",
                            rx.vstack(
                                rx.text(s.title, weight="bold"),
                                rx.text(s.price, " / ", tr["seats"]),
                                spacing="1",
                            ),
                            rx.text(tr["not_found_text"], id="seats-missing"),
                        ),
                        skeleton(lines=2, heading=False),
                        loaded_path=s.loaded_path,
                    ),
                    rx.text(tr["seats_text"], size="2"),
                    native_form(
                        rx.el.input(type="hidden", name="offering", value=s.slug),
                        rx.el.input(type="hidden", name="kind", value="seats"),
                        currency_choice(
                            "seats-currency", s.prices, s.currency, SeatsState.choose_currency
                        ),
                        rx.el.label(tr["quantity"], html_for="quantity", class_name="form-label"),
                        rx.el.input(
                            id="quantity",
                            name="quantity",
                            type="number",
                            min="1",
                            max="200",
                            default_value="5",
                            required=True,
                            class_name="form-input",
                        ),
                        rx.button(tr["enrol"], type="submit", size="3", id="buy-seats-submit"),
                        action=api("/api/orders"),
                        method="post",
                        class_name="plain-form",
                    ),
                    spacing="3",
                ),
                max_width="480px",
                width="100%",
            ),
            padding_y="6",
        )
    )
