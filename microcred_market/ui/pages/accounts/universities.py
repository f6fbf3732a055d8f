"""The operator's universities: applications to join (approve, or refuse with a reason),
who runs each university, and the way to invite a first owner.

An operator is no member of any university, so the staff page (which invites for one
university) is closed to them; this page invites for any, which is how a newly approved
university gets the owner who then invites everyone else.
"""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from microcred_market.accounts import authz, joining
from microcred_market.accounts import queries as account_queries
from microcred_market.platform.db import Session
from microcred_market.ui.components.forms import api, flash_message, submit
from microcred_market.ui.components.layout import operator_nav, page
from microcred_market.ui.components.native_form import native_form
from microcred_market.ui.components.tables import STACK, cell
from microcred_market.ui.i18n import LangState, page_title, table
from microcred_market.ui.pages.orders.staff import operator_only
from microcred_market.ui.state.auth import AuthState, Viewer, signed_in
from microcred_market.ui.state.base import reader_lang, run_in_session

ROUTE = "/admin/universities"


def _applications(session: Session, user_id: int) -> list[joining.ApplicationView]:
    return joining.applications(session, authz.principal_for(session, user_id))


class UniversitiesState(rx.State):
    allowed: bool = False
    denied: bool = False
    rows: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    pending: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    decided: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)

    @rx.event
    @signed_in
    async def load(self, *, viewer: Viewer) -> None:
        if not operator_only(self, viewer, ROUTE):
            self.rows, self.pending, self.decided = [], [], []
            return None
        tr = table(await reader_lang(self))
        found = await run_in_session(_applications, viewer.user_id)
        shown = [
            {
                "uuid": a.uuid,
                "name": a.name,
                "where": ", ".join(part for part in (a.city, a.country_code) if part),
                "website": a.website,
                "quality_body": a.quality_body,
                "contact": " · ".join(
                    part for part in (a.contact_name, a.contact_email, a.contact_phone) if part
                ),
                "applicant": a.applicant_email,
                "submitted": a.created_at.strftime("%Y-%m-%d"),
                "state": a.state,
                "state_label": tr.get(f"application_state.{a.state}", a.state),
                "reason": a.reason,
            }
            for a in found
        ]
        self.pending = [a for a in shown if a["state"] == "pending"]
        self.decided = [a for a in shown if a["state"] != "pending"]
        teams = await run_in_session(account_queries.university_teams)
        self.rows = [
            {
                "slug": team.slug,
                "name": team.name,
                "owners": str(team.owners),
                "staff": str(team.staff),
                "no_owner": "1" if team.owners == 0 else "",
            }
            for team in teams
        ]
        return None


def _decide(a: ObjectVar[dict[str, str]]) -> rx.Component:
    tr = LangState.tr
    return rx.vstack(
        native_form(
            submit("approve", color="green", id="approve-" + a["uuid"]),
            action=api("/api/admin/applications/") + a["uuid"] + "/approve",
            method="post",
        ),
        native_form(
            rx.el.label(
                tr["refuse_reason"], html_for="reason-" + a["uuid"], class_name="form-label"
            ),
            rx.el.textarea(
                id="reason-" + a["uuid"],
                name="reason",
                rows=2,
                required=True,
                min_length=5,
                max_length=joining.MAX_REASON,
                class_name="form-input",
                style={"width": "100%", "boxSizing": "border-box"},
            ),
            submit("refuse", color="red", id="refuse-" + a["uuid"]),
            action=api("/api/admin/applications/") + a["uuid"] + "/refuse",
            method="post",
            class_name="plain-form",
        ),
        spacing="2",
        width="100%",
    )


def _applications_section() -> rx.Component:
    tr = LangState.tr
    s = UniversitiesState
    return rx.vstack(
        rx.heading(tr["applications_title"], as_="h2", size="5"),
        rx.cond(
            s.pending.length() > 0,
            rx.el.ul(
                rx.foreach(
                    s.pending,
                    lambda a: rx.el.li(
                        rx.card(
                            rx.vstack(
                                rx.heading(a["name"], as_="h3", size="4"),
                                rx.text(a["where"], " · ", a["website"], size="2"),
                                rx.text(tr["join_quality_body"], ": ", a["quality_body"], size="2"),
                                rx.text(tr["application_contact"], ": ", a["contact"], size="2"),
                                rx.text(
                                    tr["application_applicant"],
                                    ": ",
                                    a["applicant"],
                                    " · ",
                                    tr["application_submitted"],
                                    ": ",
                                    a["submitted"],
                                    size="2",
                                ),
                                _decide(a),
                                spacing="1",
                                width="100%",
                            ),
                            width="100%",
                        ),
                        class_name="plain-list-item",
                    ),
                ),
                id="pending-applications",
                class_name="plain-list",
            ),
            rx.text(tr["applications_none"], size="2", id="no-applications"),
        ),
        rx.cond(
            s.decided.length() > 0,
            rx.vstack(
                rx.heading(tr["applications_decided"], as_="h3", size="4"),
                rx.el.ul(
                    rx.foreach(
                        s.decided,
                        lambda a: rx.el.li(
                            rx.text(
                                rx.el.strong(a["name"]),
                                " · ",
                                a["state_label"],
                                rx.cond(a["reason"] != "", " · " + a["reason"], ""),
                                size="2",
                            ),
                        ),
                    ),
                    class_name="plain-list",
                ),
                width="100%",
            ),
        ),
        width="100%",
        spacing="3",
    )


def _invite_form() -> rx.Component:
    tr = LangState.tr
    return rx.card(
        rx.heading(tr["invite_first_owner"], as_="h2", size="4"),
        rx.text(tr["invite_first_owner_text"], size="2"),
        native_form(
            rx.el.label(tr["university"], html_for="op-invite-university", class_name="form-label"),
            rx.el.select(
                rx.foreach(
                    UniversitiesState.rows,
                    lambda u: rx.el.option(u["name"], value=u["slug"]),
                ),
                id="op-invite-university",
                name="university",
                class_name="native-select",
            ),
            rx.el.label(tr["email"], html_for="op-invite-email", class_name="form-label"),
            rx.el.input(
                id="op-invite-email",
                name="email",
                type="email",
                required=True,
                class_name="form-input",
            ),
            rx.el.label(tr["role"], html_for="op-invite-role", class_name="form-label"),
            rx.el.select(
                rx.el.option(tr["role_owner"], value="owner"),
                rx.el.option(tr["role_editor"], value="editor"),
                rx.el.option(tr["role_assessor"], value="assessor"),
                id="op-invite-role",
                name="role",
                class_name="native-select",
            ),
            submit("send_invitation", id="op-invite-submit"),
            action=api("/api/admin/invitations"),
            method="post",
            class_name="plain-form",
        ),
        width="100%",
    )


@rx.page(
    route=ROUTE,
    on_load=[AuthState.load, UniversitiesState.load],
    title=page_title("operator-universities"),
)
def universities_page() -> rx.Component:
    tr = LangState.tr
    s = UniversitiesState
    return page(
        rx.cond(
            s.allowed,
            rx.vstack(
                operator_nav(),
                rx.heading(tr["universities_title"], as_="h1", size="7"),
                flash_message(),
                _applications_section(),
                rx.box(
                    rx.table.root(
                        rx.table.header(
                            rx.table.row(
                                rx.table.column_header_cell(tr["university"]),
                                rx.table.column_header_cell(tr["owners"]),
                                rx.table.column_header_cell(tr["team_size"]),
                            )
                        ),
                        rx.table.body(
                            rx.foreach(
                                s.rows,
                                lambda u: rx.table.row(
                                    cell(tr["university"], u["name"]),
                                    cell(
                                        tr["owners"],
                                        rx.cond(
                                            u["no_owner"] != "",
                                            rx.badge(tr["no_owner_yet"], color_scheme="orange"),
                                            rx.text(u["owners"]),
                                        ),
                                    ),
                                    cell(tr["team_size"], u["staff"]),
                                ),
                            )
                        ),
                        width="100%",
                        id="universities-table",
                        class_name=STACK,
                    ),
                    width="100%",
                    overflow_x="auto",
                ),
                _invite_form(),
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
