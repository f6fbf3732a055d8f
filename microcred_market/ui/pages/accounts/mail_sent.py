"""The operator's mail sent: every mail of the outbox, newest first, by recipient.

The search is the page's URL (a plain GET form), so it can be bookmarked. Only who got
what and when is shown: the outbox keeps no mail's words once sent, and nothing here
shows a one-time link (see `platform.queries.mail_log`).
"""

from __future__ import annotations

from urllib.parse import urlencode

import reflex as rx

from microcred_market.accounts import authz, console
from microcred_market.platform.db import Session
from microcred_market.platform.i18n import t
from microcred_market.platform.queries import MailPage
from microcred_market.ui.components.layout import operator_nav, page
from microcred_market.ui.components.loading import ready, skeleton
from microcred_market.ui.components.native_form import native_form
from microcred_market.ui.components.tables import STACK, cell
from microcred_market.ui.i18n import LangState, page_title, table
from microcred_market.ui.pages.orders.staff import operator_only
from microcred_market.ui.state.auth import AuthState, Viewer, signed_in
from microcred_market.ui.state.base import reader_lang, run_in_session

ROUTE = "/admin/mail"


def _mail(session: Session, user_id: int, recipient: str, page_no: int) -> MailPage:
    return console.mail_log(session, authz.principal_for(session, user_id), recipient, page_no)


def _href(recipient: str, page_no: int) -> str:
    params = {k: v for k, v in (("to", recipient), ("page", str(page_no))) if v and v != "1"}
    return f"{ROUTE}?{urlencode(params)}" if params else ROUTE


class MailState(rx.State):
    allowed: bool = False
    denied: bool = False
    rows: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    recipient: str = ""
    summary: str = ""
    prev_href: str = ""
    next_href: str = ""

    @rx.event
    @signed_in
    async def load(self, *, viewer: Viewer) -> None:
        if not operator_only(self, viewer, ROUTE):
            self.rows = []
            return None
        lang = await reader_lang(self)
        tr = table(lang)
        params = self.router.url.query_parameters
        self.recipient = str(params.get("to", "") or "")[:200]
        raw_page = str(params.get("page", "1") or "1")[:6]
        found = await run_in_session(
            _mail, viewer.user_id, self.recipient, int(raw_page) if raw_page.isdigit() else 1
        )
        self.rows = [
            {
                "at": m.created_at.strftime("%Y-%m-%d %H:%M"),
                "to": m.to,
                "subject": m.subject,
                "lang": m.lang or "en",
                "kind": m.template or "—",
                "state": (
                    tr["mail_sent_state"].replace("{when}", m.sent_at.strftime("%Y-%m-%d %H:%M"))
                    if m.sent_at
                    else tr["mail_dead"]
                    if m.dead
                    else tr["mail_waiting"]
                ),
                # Recorded in English, as the worker wrote it.
                "error": m.last_error[:160] if m.dead else "",
            }
            for m in found.lines
        ]
        self.summary = t("ui.mail_found", lang, n=found.total) + (
            " · " + t("ui.page_of", lang, page=found.page, pages=found.pages)
            if found.pages > 1
            else ""
        )
        self.prev_href = _href(self.recipient, found.page - 1) if found.page > 1 else ""
        self.next_href = _href(self.recipient, found.page + 1) if found.page < found.pages else ""
        return None


def _search() -> rx.Component:
    tr = LangState.tr
    return native_form(
        rx.flex(
            rx.el.div(
                rx.el.label(tr["mail_recipient"], html_for="mail-to", class_name="form-label"),
                rx.el.input(
                    id="mail-to",
                    name="to",
                    type="search",
                    key=MailState.recipient,
                    default_value=MailState.recipient,
                    max_length=200,
                    class_name="form-input",
                ),
                class_name="form-field",
            ),
            rx.button(tr["mail_search"], type="submit", size="3", id="mail-submit"),
            spacing="3",
            wrap="wrap",
            align="end",
        ),
        action=ROUTE,
        method="get",
        role="search",
        id="mail-search",
    )


@rx.page(route=ROUTE, on_load=[AuthState.load, MailState.load], title=page_title("operator-mail"))
def mail_page() -> rx.Component:
    tr = LangState.tr
    s = MailState
    return page(
        rx.cond(
            ready(s.allowed),
            rx.vstack(
                operator_nav(),
                rx.heading(tr["mail_title"], as_="h1", size="7"),
                rx.text(tr["mail_text"]),
                _search(),
                rx.text(s.summary, id="mail-summary", role="status"),
                rx.cond(
                    s.rows.length() > 0,
                    rx.table.root(
                        rx.table.header(
                            rx.table.row(
                                rx.table.column_header_cell(tr["created"]),
                                rx.table.column_header_cell(tr["to"]),
                                rx.table.column_header_cell(tr["subject"]),
                                rx.table.column_header_cell(tr["mail_kind"]),
                                rx.table.column_header_cell(tr["outbox_state"]),
                            )
                        ),
                        rx.table.body(
                            rx.foreach(
                                s.rows,
                                lambda m: rx.table.row(
                                    cell(tr["created"], m["at"], white_space="nowrap"),
                                    cell(tr["to"], m["to"]),
                                    cell(tr["subject"], rx.text(m["subject"], lang=m["lang"])),
                                    cell(
                                        tr["mail_kind"],
                                        rx.code(m["kind"], variant="ghost", lang="en"),
                                    ),
                                    cell(
                                        tr["outbox_state"],
                                        rx.text(m["state"], class_name="mail-state"),
                                        rx.cond(
                                            m["error"] != "",
                                            rx.text(m["error"], size="1", lang="en"),
                                        ),
                                    ),
                                ),
                            )
                        ),
                        width="100%",
                        id="mail-table",
                        tab_index=0,
                        role="region",
                        aria_label=tr["mail_title"],
                        class_name=STACK,
                    ),
                    rx.text(tr["mail_none"], id="mail-none"),
                ),
                rx.hstack(
                    rx.cond(
                        s.prev_href != "", rx.link(tr["previous"], href=s.prev_href, id="mail-prev")
                    ),
                    rx.cond(
                        s.next_href != "", rx.link(tr["next"], href=s.next_href, id="mail-next")
                    ),
                    spacing="4",
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
