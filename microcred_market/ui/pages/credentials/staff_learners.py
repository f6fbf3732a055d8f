"""/staff/[slug]/learners: mark passes, and suspend, revoke or reinstate credentials.

Every change is a plain form that posts to the backend (`api/credentials.py`), which
checks the permission again and comes back here with a message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import reflex as rx
from reflex.vars import ObjectVar

from microcred_market.accounts import authz
from microcred_market.catalogue import queries as catalogue_queries
from microcred_market.credentials import queries as credential_queries
from microcred_market.platform import i18n, urls
from microcred_market.platform.db import Session
from microcred_market.platform.money import format_money
from microcred_market.ui.components.forms import api, flash_message
from microcred_market.ui.components.loading import current_path, ready, skeleton
from microcred_market.ui.components.native_form import native_form
from microcred_market.ui.components.staff_nav import staff_frame, staff_on_load
from microcred_market.ui.guards import page_allowed
from microcred_market.ui.i18n import LangState, page_title
from microcred_market.ui.pages.credentials.wallet import STATE_COLOURS, reason_label, state_label
from microcred_market.ui.pages.orders.learning import state_label as order_state_label
from microcred_market.ui.state.auth import Viewer, signed_in
from microcred_market.ui.state.base import reader_lang, run_in_session
from microcred_market.ui.view import fmt_date

ROUTE = "/staff/[slug]/learners"


@dataclass(frozen=True)
class _Roster:
    university: catalogue_queries.UniversityRef
    can_assess: bool
    lines: list[credential_queries.RosterLine]


def _roster(session: Session, slug: str, user_id: int | None) -> _Roster | None:
    """The roster if the signed-in person may see it, else None."""
    uni = catalogue_queries.university_by_slug(session, slug)
    who = authz.principal_for(session, user_id)
    if uni is None or not page_allowed(who, ROUTE, uni.id):
        return None
    return _Roster(
        university=uni,
        can_assess=authz.can(who, "university.assess", uni.id),
        lines=credential_queries.university_roster(session, uni.id),
    )


def roster_rows(
    rows: Sequence[credential_queries.RosterLine], lang: str, can_assess: bool
) -> list[dict[str, str]]:
    found = []
    for r in rows:
        state = r.state
        credential = r.credential
        found.append(
            {
                "enrolment": r.enrolment,
                "learner": r.learner,
                "offering": r.offering,
                "passed": fmt_date(r.passed, lang) if r.passed else "",
                "grade": r.grade,
                "credential": credential,
                "state": state,
                "state_label": state_label(state, lang) if state else "",
                "colour": STATE_COLOURS.get(state, "gray"),
                "reason": reason_label(r.reason, lang),
                "order_state": order_state_label(r.order_state, lang) if r.order_state else "",
                "refunded": format_money(r.refunded_minor, r.currency, lang)
                if r.refunded_minor
                else "",
                "cancelled": i18n.t("ui.roster_enrolment_cancelled", lang)
                if r.enrolment_status != "active"
                else "",
                "can_pass": "1"
                if can_assess and not r.passed and r.enrolment_status == "active"
                else "",
                "pass_action": api(f"/api/enrolments/{r.enrolment}/pass"),
                "state_action": api(f"/api/credentials/{credential}/state") if credential else "",
                "verify_href": urls.verify_page(credential) if credential else "",
            }
        )
    return found


class StaffLearnersState(rx.State):
    allowed: bool = False
    denied: bool = False
    loaded_path: str = ""
    university: str = ""
    slug: str = ""
    can_assess: bool = False
    rows: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)

    @rx.event
    @signed_in
    async def load(self, *, viewer: Viewer):
        self.loaded_path = current_path(self)
        slug = str(self.router.page.params.get("slug", ""))[:120]
        lang = await reader_lang(self)
        roster = await run_in_session(_roster, slug, viewer.user_id)
        if roster is None:
            self.allowed, self.denied = False, True
            return None
        self.university, self.slug = roster.university.name, roster.university.slug
        self.can_assess = roster.can_assess
        self.rows = roster_rows(roster.lines, lang, self.can_assess)
        self.allowed, self.denied = True, False
        return None


def _back() -> rx.Component:
    return rx.el.input(
        type="hidden", name="back", value="/staff/" + StaffLearnersState.slug + "/learners"
    )


def _pass_form(r: ObjectVar[dict[str, str]]) -> rx.Component:
    tr = LangState.tr
    return native_form(
        _back(),
        rx.flex(
            rx.box(
                rx.el.label(
                    tr["grade_optional"],
                    html_for="grade-" + r["enrolment"],
                    class_name="form-label",
                ),
                rx.el.input(
                    id="grade-" + r["enrolment"],
                    name="grade",
                    max_length=20,
                    auto_complete="off",
                    # The credential states the result in percent: phones offer digits.
                    input_mode="decimal",
                    placeholder="50–100",
                    class_name="form-input",
                ),
                flex="1",
                min_width="8em",
            ),
            rx.button(
                rx.icon("circle-check", aria_hidden="true"),
                tr["mark_passed"],
                type="submit",
                size="3",
                color_scheme="green",
                class_name="mark-passed",
            ),
            spacing="2",
            align="end",
            wrap="wrap",
        ),
        action=r["pass_action"],
        method="post",
        class_name="pass-form",
    )


def _state_form(r: ObjectVar[dict[str, str]]) -> rx.Component:
    """Suspend or revoke (reason required), or reinstate a suspended one."""
    tr = LangState.tr
    reason_id = "reason-" + r["credential"]
    return rx.cond(
        r["state"] == "revoked",
        rx.text(tr["revoked_final"], size="2", color_scheme="gray"),
        native_form(
            _back(),
            rx.el.div(
                rx.el.label(
                    rx.cond(
                        r["state"] == "suspended", tr["reason_optional"], tr["reason_required"]
                    ),
                    html_for=reason_id,
                    class_name="form-label",
                ),
                rx.el.input(
                    id=reason_id,
                    name="reason",
                    max_length=500,
                    required=r["state"] == "active",
                    auto_complete="off",
                    class_name="form-input",
                ),
                class_name="form-field",
            ),
            rx.flex(
                rx.cond(
                    r["state"] == "suspended",
                    rx.button(
                        tr["reinstate"],
                        type="submit",
                        name="action",
                        value="reinstate",
                        size="2",
                        color_scheme="green",
                        class_name="reinstate",
                    ),
                    rx.button(
                        tr["suspend"],
                        type="submit",
                        name="action",
                        value="suspend",
                        size="2",
                        color_scheme="orange",
                        variant="soft",
                        class_name="suspend",
                    ),
                ),
                rx.button(
                    tr["revoke"],
                    type="submit",
                    name="action",
                    value="revoke",
                    size="2",
                    color_scheme="red",
                    class_name="revoke",
                ),
                spacing="2",
                wrap="wrap",
            ),
            action=r["state_action"],
            method="post",
            class_name="plain-form state-form",
        ),
    )


def roster_card(r: ObjectVar[dict[str, str]]) -> rx.Component:
    tr = LangState.tr
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.box(
                    rx.heading(r["learner"], as_="h2", size="4", class_name="roster-learner"),
                    rx.text(r["offering"], size="2", color_scheme="gray"),
                    min_width="0",
                ),
                rx.cond(
                    r["state"] != "",
                    rx.badge(
                        r["state_label"],
                        color_scheme=r["colour"],
                        size="2",
                        class_name="roster-state",
                    ),
                    rx.badge(
                        tr["not_passed"],
                        color_scheme="gray",
                        variant="outline",
                        size="2",
                        class_name="roster-state",
                    ),
                ),
                justify="between",
                align="start",
                spacing="3",
                width="100%",
            ),
            rx.cond(
                (r["order_state"] != "") | (r["cancelled"] != ""),
                rx.text(
                    rx.cond(
                        r["order_state"] != "",
                        rx.fragment(tr["roster_order"], ": ", r["order_state"]),
                    ),
                    rx.cond(
                        r["refunded"] != "",
                        rx.fragment(" · ", tr["roster_refunded"], ": ", r["refunded"]),
                    ),
                    rx.cond(r["cancelled"] != "", rx.fragment(" · ", r["cancelled"])),
                    size="2",
                    class_name="roster-order",
                ),
            ),
            rx.cond(
                r["passed"] != "",
                rx.text(
                    tr["passed_on"],
                    ": ",
                    r["passed"],
                    rx.cond(r["grade"] != "", rx.fragment(" · ", tr["cf_grade"], ": ", r["grade"])),
                    size="2",
                ),
            ),
            rx.cond(
                r["reason"] != "",
                rx.text(
                    tr["state_reason"], ": ", r["reason"], size="2", class_name="roster-reason"
                ),
            ),
            rx.cond(r["can_pass"] != "", _pass_form(r)),
            rx.cond(
                (r["passed"] == "") & (r["can_pass"] == "") & (r["cancelled"] == ""),
                rx.text(tr["cannot_assess"], size="2", color_scheme="gray"),
            ),
            rx.cond(
                r["credential"] != "",
                rx.vstack(
                    rx.link(
                        tr["view_credential"],
                        href=r["verify_href"],
                        size="2",
                        class_name="roster-verify",
                    ),
                    _state_form(r),
                    spacing="2",
                    width="100%",
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
        class_name="roster-row",
        id="enrolment-" + r["enrolment"],
    )


def _results_upload() -> rx.Component:
    """A whole cohort at once: a CSV with the columns email, grade, offering."""
    tr = LangState.tr
    return rx.card(
        native_form(
            rx.vstack(
                rx.heading(tr["results_title"], as_="h2", size="4"),
                rx.text(tr["results_hint"], size="2", id="results-hint"),
                rx.el.label(tr["results_file"], html_for="results-file", class_name="form-label"),
                rx.flex(
                    rx.el.input(
                        type="file",
                        name="results",
                        accept=".csv,text/csv",
                        required=True,
                        id="results-file",
                        aria_describedby="results-hint",
                        class_name="form-input",
                    ),
                    rx.button(
                        rx.icon("upload", aria_hidden="true"),
                        tr["results_button"],
                        type="submit",
                        id="results-submit",
                    ),
                    spacing="2",
                    wrap="wrap",
                    align="center",
                ),
                spacing="2",
            ),
            action=api("/api/staff/") + StaffLearnersState.slug + "/results",
            method="post",
            enc_type="multipart/form-data",
        ),
        width="100%",
        id="results-upload",
    )


@rx.page(
    route=ROUTE,
    on_load=staff_on_load(StaffLearnersState.load),
    title=page_title("staff-learners"),
)
def staff_learners_page() -> rx.Component:
    tr = LangState.tr
    s = StaffLearnersState
    return staff_frame(
        rx.cond(
            ready(s.allowed, s.loaded_path),
            rx.vstack(
                rx.link(s.university, href="/staff/" + s.slug, size="2"),
                rx.heading(tr["learners_title"], as_="h1", size="7"),
                rx.text(tr["learners_intro"], size="3", max_width="70ch"),
                flash_message(),
                rx.cond(s.can_assess, _results_upload()),
                rx.cond(
                    s.rows.length() > 0,
                    rx.grid(
                        rx.foreach(s.rows, roster_card),
                        columns=rx.breakpoints(initial="1", md="2"),
                        spacing="4",
                        width="100%",
                        id="roster",
                    ),
                    rx.text(tr["learners_empty"], id="roster-empty"),
                ),
                spacing="4",
                width="100%",
            ),
            rx.cond(
                ready(s.denied, s.loaded_path),
                rx.callout(tr["not_allowed"], icon="lock", color_scheme="red", id="denied"),
                skeleton(),
            ),
        )
    )
