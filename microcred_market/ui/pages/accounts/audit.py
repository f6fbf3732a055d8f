"""The operator's audit log: who changed money, roles, keys and credentials, and how.

The filters are the page's URL parameters (a plain GET form), so a search can be
bookmarked or sent to a colleague, and the JSON route `/api/admin/audit` takes the same.
"""

from __future__ import annotations

from urllib.parse import urlencode

import reflex as rx

from microcred_market.accounts import queries as account_queries
from microcred_market.platform.errors import DomainError
from microcred_market.platform.i18n import t
from microcred_market.ui.components.layout import operator_nav, page
from microcred_market.ui.components.native_form import native_form
from microcred_market.ui.components.tables import STACK, cell
from microcred_market.ui.i18n import LangState, page_title
from microcred_market.ui.pages.orders.staff import operator_only
from microcred_market.ui.state.auth import AuthState, Viewer, signed_in
from microcred_market.ui.state.base import reader_lang, run_in_session

ROUTE = "/admin/audit"
# (query parameter, label key, input type, the state var the field shows)
FILTERS = (
    ("actor", "audit_actor", "text", "actor"),
    ("subject", "audit_subject", "text", "subject"),
    ("action", "audit_action", "text", "action"),
    ("from", "audit_from", "date", "date_from"),
    ("to", "audit_to", "date", "date_to"),
)


def _href(search: account_queries.AuditFilter, page_no: int) -> str:
    query = urlencode(search.params(page_no))
    return f"{ROUTE}?{query}" if query else ROUTE


class AuditState(rx.State):
    allowed: bool = False
    denied: bool = False
    rows: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    # What the filter fields show: the search the page was opened with.
    actor: str = ""
    subject: str = ""
    action: str = ""
    date_from: str = ""
    date_to: str = ""
    summary: str = ""
    error: str = ""
    prev_href: str = ""
    next_href: str = ""

    @rx.event
    @signed_in
    async def load(self, *, viewer: Viewer) -> None:
        if not operator_only(self, viewer, ROUTE):
            self.rows = []
            return None
        lang = await reader_lang(self)
        search = account_queries.AuditFilter.from_params(self.router.url.query_parameters)
        self.actor, self.subject, self.action = search.actor, search.subject, search.action
        self.date_from, self.date_to = search.date_from, search.date_to
        self.error, self.rows, self.prev_href, self.next_href = "", [], "", ""
        try:
            found = await run_in_session(account_queries.audit_log, search)
        except DomainError as error:
            self.error, self.summary = error.text(lang), ""
            return None
        self.rows = [
            {
                "at": line.at.strftime("%Y-%m-%d %H:%M:%S"),
                "actor": line.actor,
                "action": line.action,
                "subject": line.subject,
                "before": line.before,
                "after": line.after,
                "detail": line.detail,
            }
            for line in found.lines
        ]
        self.summary = t("ui.audit_found", lang, n=found.total) + (
            " · " + t("ui.page_of", lang, page=found.page, pages=found.pages)
            if found.pages > 1
            else ""
        )
        if found.page > 1:
            self.prev_href = _href(search, found.page - 1)
        if found.page < found.pages:
            self.next_href = _href(search, found.page + 1)
        return None


def _filters() -> rx.Component:
    tr = LangState.tr
    return native_form(
        rx.flex(
            *[
                rx.el.div(
                    rx.el.label(tr[key], html_for=f"audit-{name}", class_name="form-label"),
                    rx.el.input(
                        id=f"audit-{name}",
                        name=name,
                        type=kind,
                        key=getattr(AuditState, var),
                        default_value=getattr(AuditState, var),
                        class_name="form-input",
                    ),
                    class_name="form-field",
                )
                for name, key, kind, var in FILTERS
            ],
            rx.button(tr["audit_search"], type="submit", size="3", id="audit-submit"),
            spacing="3",
            wrap="wrap",
            align="end",
        ),
        action=ROUTE,
        method="get",
        role="search",
        id="audit-filters",
    )


def _cell(label: rx.Var, value: rx.Var) -> rx.Component:
    # Recorded data as stored: its field names are English identifiers whatever the
    # reader's language, and saying so keeps screen readers and the words check honest.
    return cell(label, rx.code(value, size="1", variant="ghost", white_space="pre-wrap", lang="en"))


@rx.page(route=ROUTE, on_load=[AuthState.load, AuditState.load], title=page_title("operator-audit"))
def audit_page() -> rx.Component:
    tr = LangState.tr
    s = AuditState
    return page(
        rx.cond(
            s.allowed,
            rx.vstack(
                operator_nav(),
                rx.heading(tr["audit_title"], as_="h1", size="7"),
                rx.text(tr["audit_text"]),
                _filters(),
                rx.cond(
                    s.error != "",
                    rx.callout(s.error, icon="info", color_scheme="red", role="alert"),
                ),
                rx.text(s.summary, id="audit-summary", role="status"),
                rx.box(
                    rx.table.root(
                        rx.table.header(
                            rx.table.row(
                                *[
                                    rx.table.column_header_cell(tr[k])
                                    for k in (
                                        "audit_when",
                                        "audit_actor",
                                        "audit_action",
                                        "audit_subject",
                                        "audit_before",
                                        "audit_after",
                                        "audit_detail",
                                    )
                                ]
                            )
                        ),
                        rx.table.body(
                            rx.foreach(
                                s.rows,
                                lambda r: rx.table.row(
                                    cell(tr["audit_when"], r["at"], white_space="nowrap"),
                                    cell(tr["audit_actor"], r["actor"]),
                                    cell(tr["audit_action"], r["action"]),
                                    cell(tr["audit_subject"], r["subject"]),
                                    _cell(tr["audit_before"], r["before"]),
                                    _cell(tr["audit_after"], r["after"]),
                                    _cell(tr["audit_detail"], r["detail"]),
                                ),
                            )
                        ),
                        width="100%",
                        id="audit-table",
                        class_name=STACK,
                    ),
                    width="100%",
                    overflow_x="auto",
                ),
                rx.hstack(
                    rx.cond(
                        s.prev_href != "",
                        rx.link(tr["previous"], href=s.prev_href, id="audit-prev"),
                    ),
                    rx.cond(
                        s.next_href != "", rx.link(tr["next"], href=s.next_href, id="audit-next")
                    ),
                    spacing="4",
                ),
                spacing="4",
                width="100%",
            ),
            rx.cond(
                s.denied,
                rx.callout(tr["not_allowed"], icon="lock", color_scheme="red", id="denied"),
                rx.text(tr["loading"]),
            ),
        )
    )
