"""University staff area (team and invitations) and the operator's outbox."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import reflex as rx
from reflex.vars import ArrayVar, ObjectVar

from microcred_market.accounts import authz, console
from microcred_market.accounts import queries as account_queries
from microcred_market.catalogue import queries as catalogue_queries
from microcred_market.credentials import queries as credential_queries
from microcred_market.orders import queries as order_queries
from microcred_market.platform import queries as platform_queries
from microcred_market.platform.db import Session
from microcred_market.platform.money import format_money
from microcred_market.ui.components.enrol import refund_confirm
from microcred_market.ui.components.forms import api, flash_message, submit
from microcred_market.ui.components.layout import operator_nav, page
from microcred_market.ui.components.loading import current_path, ready, skeleton
from microcred_market.ui.components.native_form import native_form
from microcred_market.ui.components.staff_nav import staff_frame, staff_on_load
from microcred_market.ui.components.tables import STACK, cell
from microcred_market.ui.guards import page_allowed
from microcred_market.ui.i18n import LangState, page_title, table
from microcred_market.ui.pages.orders.learning import state_label
from microcred_market.ui.state.auth import AuthState, Viewer, signed_in
from microcred_market.ui.state.base import reader_lang, run_in_session


@dataclass(frozen=True)
class _StaffPage:
    """What the team page shows, read in one unit of work; None fields mean denied."""

    university: catalogue_queries.UniversityRef
    staff: list[account_queries.StaffMember]
    sales: list[order_queries.Sale]
    outlook: dict[str, credential_queries.RefundOutlook]
    can_invite: bool
    can_refund: bool
    can_manage_credentials: bool
    can_assess: bool
    can_author: bool = False
    can_accommodate: bool = False
    # The owner's portal pages: the university's public page and its payouts.
    can_own: bool = False
    can_release: bool = False


def _staff_page(session: Session, slug: str, user_id: int | None) -> _StaffPage | None:
    uni = catalogue_queries.university_by_slug(session, slug)
    who = authz.principal_for(session, user_id)
    if uni is None or not page_allowed(who, "/staff/[slug]", uni.id):
        return None
    sales = order_queries.sales_of(session, uni.id)
    return _StaffPage(
        university=uni,
        staff=account_queries.staff_of(session, uni.id),
        sales=sales,
        outlook=_outlook(session, sales),
        can_invite=authz.can(who, "university.staff.invite", uni.id),
        can_refund=authz.can(who, "order.refund", uni.id),
        can_manage_credentials=authz.can(who, "university.credentials.manage", uni.id),
        can_assess=authz.can(who, "university.assess", uni.id),
        can_author=authz.can(who, "university.offerings.edit", uni.id),
        can_accommodate=authz.can(who, "university.accommodations.manage", uni.id),
        can_own=authz.can(who, "university.page.edit", uni.id),
        can_release=authz.can(who, "university.results.release", uni.id),
    )


class StaffState(rx.State):
    allowed: bool = False
    denied: bool = False
    loaded_path: str = ""
    can_invite: bool = False
    university: str = ""
    slug: str = ""
    staff: list[dict[str, str]] = []
    sales: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    can_refund: bool = False
    can_manage_credentials: bool = False
    can_assess: bool = False
    can_author: bool = False
    can_accommodate: bool = False
    # The owner's portal pages: the university's public page and its payouts.
    can_own: bool = False
    can_release: bool = False

    @rx.event
    @signed_in
    async def load(self, *, viewer: Viewer):
        self.loaded_path = current_path(self)
        slug = str(self.router.page.params.get("slug", ""))[:120]
        lang = await reader_lang(self)
        found = await run_in_session(_staff_page, slug, viewer.user_id)
        if found is None:
            self.allowed, self.denied = False, True
            return None
        self.university, self.slug = found.university.name, found.university.slug
        tr = table(lang)
        self.staff = [
            # The role in words of the page's language, never its code ("owner").
            {"name": m.name, "email": m.email, "role": tr.get(f"role_{m.role}", m.role)}
            for m in found.staff
        ]
        self.can_invite = found.can_invite
        self.can_refund = found.can_refund
        self.can_manage_credentials = found.can_manage_credentials
        self.can_assess = found.can_assess
        self.can_author = found.can_author
        self.can_accommodate = found.can_accommodate
        self.can_own = found.can_own
        self.can_release = found.can_release
        self.sales = sales_rows(found.sales, lang, found.outlook)
        self.allowed, self.denied = True, False
        return None


def _outlook(
    session: Session, sales: Sequence[order_queries.Sale]
) -> dict[str, credential_queries.RefundOutlook]:
    """What refunding each refundable order would do to its credential."""
    return credential_queries.refund_outlook(session, [o.uuid for o in sales if o.state == "paid"])


# A full refund revokes a credential in these states (a pending one is never issued).
_REVOCABLE = frozenset({"active", "suspended", "pending"})


def sales_rows(
    rows: Sequence[order_queries.Sale],
    lang: str,
    outlook: dict[str, credential_queries.RefundOutlook] | None = None,
) -> list[dict[str, str]]:
    outlook = outlook or {}
    return [
        {
            "uuid": o.uuid,
            "date": o.created_at.strftime("%Y-%m-%d"),
            "title": o.offering_title + (f" × {o.quantity}" if o.kind == "seats" else ""),
            "buyer": o.buyer,
            "amount": format_money(o.amount_minor, o.currency, lang),
            "state": state_label(o.state, lang),
            "refund": api(f"/api/orders/{o.uuid}/refund") if o.state == "paid" else "",
            "refund_amount": format_money(o.amount_minor - o.refunded_minor, o.currency, lang),
            "revokes": "1"
            if o.uuid in outlook and outlook[o.uuid].credential_state in _REVOCABLE
            else "",
        }
        for o in rows
    ]


def _refund_step(o: ObjectVar[dict[str, str]], back: rx.Var | str) -> rx.Component:
    tr = LangState.tr
    return refund_confirm(
        o["refund"],
        key=o["uuid"],
        label=tr["request_refund"],
        confirm=tr["refund_confirm"],
        back=back,
        amount_field=True,
        what_happens=[
            rx.text(
                tr["refund_preview_amount"],
                ": ",
                rx.el.strong(o["refund_amount"], class_name="refund-amount-preview"),
                size="2",
            ),
            rx.text(tr["refund_preview_enrolment"], size="2"),
            rx.cond(
                o["revokes"] != "",
                rx.text(
                    tr["refund_preview_revokes"],
                    size="2",
                    weight="bold",
                    color_scheme="red",
                    class_name="refund-revokes",
                ),
            ),
            rx.text(tr["refund_preview_partial"], size="2", color_scheme="gray"),
        ],
    )


def sales_table(
    rows: ArrayVar[Sequence[dict[str, str]]], can_refund: rx.Var | bool, back: rx.Var | str
) -> rx.Component:
    """Orders with a refund button: for a university's staff and for operators."""
    tr = LangState.tr
    return rx.cond(
        rows.length() > 0,
        rx.box(
            rx.heading(tr["orders"], as_="h2", size="5"),
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        *[
                            rx.table.column_header_cell(tr[k])
                            for k in ("created", "course", "buyer", "total", "status")
                        ],
                        rx.table.column_header_cell(
                            rx.el.span(tr["actions"], class_name="sr-only")
                        ),
                    )
                ),
                rx.table.body(
                    rx.foreach(
                        rows,
                        lambda o: rx.table.row(
                            *[
                                cell(tr[label], o[k])
                                for label, k in (
                                    ("created", "date"),
                                    ("course", "title"),
                                    ("buyer", "buyer"),
                                    ("total", "amount"),
                                    ("status", "state"),
                                )
                            ],
                            cell(
                                "",
                                rx.cond(
                                    can_refund & (o["refund"] != ""),
                                    _refund_step(o, back),
                                ),
                            ),
                        ),
                    )
                ),
                width="100%",
                id="sales-table",
                class_name=STACK,
            ),
            width="100%",
            overflow_x="auto",
        ),
    )


def _denied() -> rx.Component:
    return rx.callout(LangState.tr["not_allowed"], icon="lock", color_scheme="red", id="denied")


@rx.page(route="/staff/[slug]", on_load=staff_on_load(StaffState.load), title=page_title("staff"))
def staff_page() -> rx.Component:
    tr = LangState.tr
    s = StaffState
    return staff_frame(
        rx.cond(
            ready(s.allowed, s.loaded_path),
            rx.vstack(
                rx.heading(s.university, " · ", tr["staff_title"], as_="h1", size="7"),
                flash_message(),
                rx.cond(
                    s.can_manage_credentials,
                    rx.link(
                        rx.hstack(
                            rx.icon("award", size=16, aria_hidden="true"),
                            rx.text(tr["learners_title"]),
                            spacing="1",
                            align="center",
                        ),
                        href="/staff/" + s.slug + "/learners",
                        id="learners-link",
                    ),
                ),
                rx.cond(
                    s.can_assess,
                    rx.flex(
                        rx.link(
                            rx.hstack(
                                rx.icon("clipboard-check", size=16, aria_hidden="true"),
                                rx.text(tr["rv_queue_link"]),
                                spacing="1",
                                align="center",
                            ),
                            href="/staff/" + s.slug + "/review",
                            id="review-link",
                        ),
                        rx.link(tr["rv_appeals_link"], href="/staff/" + s.slug + "/appeals"),
                        rx.link(
                            tr["sitting_link"],
                            href="/staff/" + s.slug + "/attempts",
                            id="sittings-link",
                        ),
                        rx.link(
                            tr["rq_link"],
                            href="/staff/" + s.slug + "/recognition",
                            id="recognition-link",
                        ),
                        rx.cond(
                            s.can_release,
                            rx.link(
                                tr["rl_link"],
                                href="/staff/" + s.slug + "/release",
                                id="release-link",
                            ),
                        ),
                        spacing="4",
                        wrap="wrap",
                    ),
                ),
                rx.cond(
                    s.can_author,
                    rx.link(
                        rx.hstack(
                            rx.icon("clipboard-check", size=16, aria_hidden="true"),
                            rx.text(tr["staff_assessments_link"]),
                            spacing="1",
                            align="center",
                        ),
                        href="/staff/" + s.slug + "/assessments",
                        id="assessments-link",
                    ),
                ),
                rx.cond(
                    s.can_own,
                    rx.flex(
                        rx.link(
                            rx.hstack(
                                rx.icon("building-2", size=16, aria_hidden="true"),
                                rx.text(tr["staff_university_link"]),
                                spacing="1",
                                align="center",
                            ),
                            href="/staff/" + s.slug + "/university",
                            id="university-page-link",
                        ),
                        rx.link(
                            rx.hstack(
                                rx.icon("landmark", size=16, aria_hidden="true"),
                                rx.text(tr["staff_payments_link"]),
                                spacing="1",
                                align="center",
                            ),
                            href="/staff/" + s.slug + "/payments",
                            id="payments-link",
                        ),
                        spacing="4",
                        wrap="wrap",
                    ),
                ),
                rx.cond(
                    s.can_author,
                    rx.link(
                        rx.hstack(
                            rx.icon("layers", size=16, aria_hidden="true"),
                            rx.text(tr["staff_qualifications_link"]),
                            spacing="1",
                            align="center",
                        ),
                        href="/staff/" + s.slug + "/qualifications",
                        id="qualifications-link",
                    ),
                ),
                rx.cond(
                    s.can_accommodate,
                    rx.link(
                        rx.hstack(
                            rx.icon("clock", size=16, aria_hidden="true"),
                            rx.text(tr["staff_accommodations_link"]),
                            spacing="1",
                            align="center",
                        ),
                        href="/staff/" + s.slug + "/accommodations",
                        id="accommodations-link",
                    ),
                ),
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            rx.table.column_header_cell(tr["person_name"]),
                            rx.table.column_header_cell(tr["email"]),
                            rx.table.column_header_cell(tr["role"]),
                        )
                    ),
                    rx.table.body(
                        rx.foreach(
                            s.staff,
                            lambda m: rx.table.row(
                                cell(tr["person_name"], m["name"]),
                                cell(tr["email"], m["email"]),
                                cell(tr["role"], m["role"], class_name="staff-role"),
                            ),
                        )
                    ),
                    width="100%",
                    id="staff-table",
                    # It scrolls sideways on a phone and holds nothing else to focus.
                    tab_index=0,
                    role="region",
                    aria_label=tr["staff_title"],
                    class_name=STACK,
                ),
                sales_table(s.sales, s.can_refund, "/staff/" + s.slug),
                rx.cond(
                    s.can_invite,
                    rx.card(
                        rx.heading(tr["invite_staff"], as_="h2", size="4"),
                        native_form(
                            rx.el.label(
                                tr["email"], html_for="invite-email", class_name="form-label"
                            ),
                            rx.el.input(
                                id="invite-email",
                                name="email",
                                type="email",
                                required=True,
                                class_name="form-input",
                            ),
                            rx.el.label(
                                tr["role"], html_for="invite-role", class_name="form-label"
                            ),
                            rx.el.select(
                                rx.el.option(tr["role_assessor"], value="assessor"),
                                rx.el.option(tr["role_editor"], value="editor"),
                                rx.el.option(tr["role_owner"], value="owner"),
                                id="invite-role",
                                name="role",
                                class_name="native-select",
                            ),
                            submit("send_invitation", id="invite-submit"),
                            action=rx.Var.create(api(""))
                            + "/api/universities/"
                            + s.slug
                            + "/invitations",
                            method="post",
                            class_name="plain-form",
                        ),
                        width="100%",
                    ),
                ),
                spacing="4",
                width="100%",
            ),
            rx.cond(ready(s.denied, s.loaded_path), _denied(), skeleton()),
        )
    )


def operator_only(state: rx.State, viewer: Viewer, route: str) -> bool:
    """The permission of operator pages; sets `allowed` and `denied` for the page."""
    allowed = page_allowed(viewer.principal, route)
    state.allowed, state.denied = allowed, not allowed
    return allowed


def outbox_row(m: platform_queries.OutboxLine, tr: dict[str, str]) -> dict[str, str]:
    """One outbox line in words. Only a mail has a recipient and a subject, and only a
    mail is "delivered"; other work (a refund, a credential) is named and "done"."""
    is_mail = m.kind == "mail"
    if m.delivered:
        state = tr["delivered"] if is_mail else tr["outbox_done"]
    elif m.last_error:
        state = tr["outbox_failed"].replace("{error}", m.last_error[:80])
    else:
        state = tr["pending"]
    return {
        "kind": m.kind,
        "to": str(m.to or "") if is_mail else "—",
        "subject": str(m.subject or "") if is_mail else tr.get(f"outbox_kind.{m.kind}", m.kind),
        "created": m.created_at.strftime("%Y-%m-%d %H:%M"),
        "state": state,
    }


def queued_row(m: platform_queries.QueuedLine, tr: dict[str, str], most: int) -> dict[str, str]:
    """A message still waiting, or dead: how often it was tried and why it failed."""
    is_mail = m.kind == "mail"
    return {
        "id": m.id,
        "to": str(m.to or "") if is_mail else "—",
        "subject": str(m.subject or "") if is_mail else tr.get(f"outbox_kind.{m.kind}", m.kind),
        "created": m.created_at.strftime("%Y-%m-%d %H:%M"),
        "attempts": tr["outbox_attempts_of"]
        .replace("{n}", str(m.attempts))
        .replace("{max}", str(most)),
        "error": m.last_error[:300] or "—",
        "dead": m.dead_at.strftime("%Y-%m-%d %H:%M") if m.dead_at else "",
        "retryable": "1" if m.retryable else "",
        # Errors are recorded in English; a mail's subject is in the mail's language.
        "lang": m.lang or "en",
    }


def _outbox_view(session: Session, user_id: int) -> console.OutboxView:
    return console.outbox_view(session, authz.principal_for(session, user_id), 200)


class OutboxState(rx.State):
    allowed: bool = False
    denied: bool = False
    rows: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    pending: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    dead: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    pending_label: str = ""
    dead_label: str = ""

    @rx.event
    @signed_in
    async def load(self, *, viewer: Viewer) -> None:
        if not operator_only(self, viewer, "/admin/outbox"):
            self.rows, self.pending, self.dead = [], [], []
            return None
        view = await run_in_session(_outbox_view, viewer.user_id)
        tr = table(await reader_lang(self))
        self.rows = [outbox_row(m, tr) for m in view.recent]
        self.pending = [queued_row(m, tr, view.max_attempts) for m in view.pending]
        self.dead = [queued_row(m, tr, view.max_attempts) for m in view.dead]
        self.pending_label = f"{tr['outbox_tab_pending']} ({len(view.pending)})"
        self.dead_label = f"{tr['outbox_tab_dead']} ({len(view.dead)})"
        return None


def _retry(m: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.cond(
        m["retryable"] != "",
        native_form(
            submit("outbox_retry", id="retry-" + m["id"]),
            action=api("/api/admin/outbox/") + m["id"] + "/retry",
            method="post",
        ),
        rx.text(LangState.tr["outbox_not_retryable"], size="2"),
    )


def _queued_table(rows: ArrayVar, table_id: str, label: rx.Var | str, dead: bool) -> rx.Component:
    tr = LangState.tr
    return rx.cond(
        rows.length() > 0,
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    rx.table.column_header_cell(tr["created"]),
                    rx.table.column_header_cell(tr["to"]),
                    rx.table.column_header_cell(tr["subject"]),
                    rx.table.column_header_cell(tr["outbox_attempts"]),
                    rx.table.column_header_cell(tr["outbox_last_error"]),
                    *([rx.table.column_header_cell(tr["actions"])] if dead else []),
                )
            ),
            rx.table.body(
                rx.foreach(
                    rows,
                    lambda m: rx.table.row(
                        cell(tr["created"], m["created"]),
                        cell(tr["to"], m["to"]),
                        cell(tr["subject"], rx.text(m["subject"], lang=m["lang"])),
                        cell(tr["outbox_attempts"], m["attempts"]),
                        cell(
                            tr["outbox_last_error"],
                            rx.text(m["error"], size="2", class_name="outbox-error", lang="en"),
                        ),
                        *([cell(tr["actions"], _retry(m))] if dead else []),
                    ),
                )
            ),
            width="100%",
            id=table_id,
            tab_index=0,
            role="region",
            aria_label=label,
            class_name=STACK,
        ),
        rx.text(tr["outbox_dead_none" if dead else "outbox_pending_none"], id=table_id + "-none"),
    )


def _recent_table() -> rx.Component:
    tr = LangState.tr
    s = OutboxState
    return rx.table.root(
        rx.table.header(
            rx.table.row(
                rx.table.column_header_cell(tr["created"]),
                rx.table.column_header_cell(tr["to"]),
                rx.table.column_header_cell(tr["subject"]),
                rx.table.column_header_cell(tr["outbox_state"]),
            )
        ),
        rx.table.body(
            rx.foreach(
                s.rows,
                lambda m: rx.table.row(
                    cell(tr["created"], m["created"]),
                    cell(tr["to"], m["to"]),
                    cell(tr["subject"], m["subject"]),
                    cell(tr["outbox_state"], m["state"], class_name="outbox-state"),
                ),
            )
        ),
        width="100%",
        id="outbox-table",
        tab_index=0,
        role="region",
        aria_label=tr["outbox_title"],
        class_name=STACK,
    )


@rx.page(
    route="/admin/outbox",
    on_load=[AuthState.load, OutboxState.load],
    title=page_title("operator-outbox"),
)
def outbox_page() -> rx.Component:
    tr = LangState.tr
    s = OutboxState
    return page(
        rx.cond(
            ready(s.allowed),
            rx.vstack(
                operator_nav(),
                rx.heading(tr["outbox_title"], as_="h1", size="7"),
                rx.text(tr["outbox_text"]),
                flash_message(),
                rx.tabs.root(
                    rx.tabs.list(
                        rx.tabs.trigger(tr["outbox_tab_all"], value="all", id="outbox-tab-all"),
                        rx.tabs.trigger(s.pending_label, value="pending", id="outbox-tab-pending"),
                        rx.tabs.trigger(s.dead_label, value="dead", id="outbox-tab-dead"),
                        wrap="wrap",
                    ),
                    rx.tabs.content(_recent_table(), value="all", padding_top="1em"),
                    rx.tabs.content(
                        rx.vstack(
                            rx.text(tr["outbox_pending_text"], size="2"),
                            _queued_table(s.pending, "outbox-pending", s.pending_label, False),
                            width="100%",
                        ),
                        value="pending",
                        padding_top="1em",
                    ),
                    rx.tabs.content(
                        rx.vstack(
                            rx.text(tr["outbox_dead_text"], size="2"),
                            _queued_table(s.dead, "outbox-dead", s.dead_label, True),
                            width="100%",
                        ),
                        value="dead",
                        padding_top="1em",
                    ),
                    default_value="all",
                    width="100%",
                ),
                spacing="4",
                width="100%",
            ),
            rx.cond(ready(s.denied), _denied(), skeleton()),
        )
    )


def _all_sales(
    session: Session,
) -> tuple[list[order_queries.Sale], dict[str, credential_queries.RefundOutlook]]:
    sales = order_queries.sales_of(session, None)
    return sales, _outlook(session, sales)


class OrdersAdminState(rx.State):
    allowed: bool = False
    denied: bool = False
    rows: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)

    @rx.event
    @signed_in
    async def load(self, *, viewer: Viewer) -> None:
        if not operator_only(self, viewer, "/admin/orders"):
            return None
        lang = await reader_lang(self)
        sales, outlook = await run_in_session(_all_sales)
        self.rows = sales_rows(sales, lang, outlook)
        return None


@rx.page(
    route="/admin/orders",
    on_load=[AuthState.load, OrdersAdminState.load],
    title=page_title("operator-orders"),
)
def orders_admin_page() -> rx.Component:
    tr = LangState.tr
    s = OrdersAdminState
    return page(
        rx.cond(
            ready(s.allowed),
            rx.vstack(
                operator_nav(),
                rx.heading(tr["orders"], as_="h1", size="7"),
                flash_message(),
                sales_table(s.rows, True, "/admin/orders"),
                spacing="4",
                width="100%",
            ),
            rx.cond(ready(s.denied), _denied(), skeleton()),
        )
    )
