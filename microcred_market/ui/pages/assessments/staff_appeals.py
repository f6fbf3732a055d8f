"""/staff/[slug]/appeals: every appeal at the university, open ones first, with both scores."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from microcred_market.accounts import authz
from microcred_market.assessments import appeals
from microcred_market.catalogue import queries as catalogue_queries
from microcred_market.platform import i18n
from microcred_market.platform.db import Session
from microcred_market.ui.components.loading import current_path, ready, skeleton
from microcred_market.ui.components.staff_nav import staff_frame, staff_on_load
from microcred_market.ui.guards import page_allowed
from microcred_market.ui.i18n import LangState, page_title, table
from microcred_market.ui.state.auth import Viewer, signed_in
from microcred_market.ui.state.base import reader_lang, run_in_session

ROUTE = "/staff/[slug]/appeals"


def _percent(value: object) -> str:
    return "–" if value is None else f"{value}%"


def _appeals(session: Session, slug: str, user_id: int, lang: str) -> tuple[str, list] | None:
    uni = catalogue_queries.university_by_slug(session, slug)
    who = authz.principal_for(session, user_id)
    if uni is None or not page_allowed(who, ROUTE, uni.id):
        return None
    tr = table(lang)
    rows = [
        {
            "href": f"/staff/{uni.slug}/review/p-{a.uuid}",
            "open": "1" if a.status == "open" else "",
            "title": a.component_title,
            "offering": a.offering_title,
            "learner": a.learner or tr["rv_blind"],
            "status": tr["rv_appeal_status_open"]
            if a.status == "open"
            else tr[f"rv_appeal_status_{a.outcome}"],
            "assessor": a.assessor or tr["rv_unassigned"],
            "scores": tr["rv_appeal_scores"].format(
                before=_percent(a.original_percent), after=_percent(a.new_percent)
            ),
            "reason": a.reason,
            "filed": i18n.fmt_datetime(a.created_at, lang, "short"),
            "decided": i18n.fmt_datetime(a.decided_at, lang, "short") if a.decided_at else "",
        }
        for a in appeals.university_appeals(session, who, slug)
    ]
    return uni.name, rows


class StaffAppealsState(rx.State):
    allowed: bool = False
    denied: bool = False
    loaded_path: str = ""
    university: str = ""
    slug: str = ""
    rows: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)

    @rx.event
    @signed_in
    async def load(self, *, viewer: Viewer):
        self.loaded_path = current_path(self)
        slug = str(self.router.page.params.get("slug", ""))[:120]
        found = await run_in_session(_appeals, slug, viewer.user_id, await reader_lang(self))
        if found is None:
            self.allowed, self.denied = False, True
            return
        self.university, self.rows = found
        self.slug = slug
        self.allowed, self.denied = True, False


def _row(r: ObjectVar[dict[str, str]]) -> rx.Component:
    tr = LangState.tr
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.cond(
                    r["open"] != "",
                    rx.link(rx.text.strong(r["title"]), href=r["href"], class_name="appeal-open"),
                    rx.text.strong(r["title"]),
                ),
                rx.badge(r["status"], class_name="appeal-state"),
                justify="between",
                wrap="wrap",
                spacing="2",
                width="100%",
            ),
            rx.text(r["offering"], " · ", tr["rv_learner"], ": ", r["learner"], size="2"),
            rx.text(tr["rv_assessor"], ": ", r["assessor"], " · ", r["scores"], size="2"),
            rx.text(tr["rv_reason"], ": ", r["reason"], size="2", white_space="pre-wrap"),
            rx.text(
                tr["rv_filed"],
                " ",
                r["filed"],
                rx.cond(
                    r["decided"] != "", rx.fragment(" · ", tr["rv_decided"], " ", r["decided"])
                ),
                size="2",
                color_scheme="gray",
            ),
            spacing="1",
            width="100%",
        ),
        width="100%",
        class_name="appeal-line",
    )


@rx.page(
    route=ROUTE,
    on_load=staff_on_load(StaffAppealsState.load),
    title=page_title("staff-appeals"),
)
def staff_appeals_page() -> rx.Component:
    tr = LangState.tr
    s = StaffAppealsState
    return staff_frame(
        rx.cond(
            ready(s.allowed, s.loaded_path),
            rx.vstack(
                rx.link(s.university, href="/staff/" + s.slug, size="2"),
                rx.heading(tr["rv_appeals_title"], as_="h1", size="7"),
                rx.text(tr["rv_appeals_intro"], max_width="70ch"),
                rx.cond(
                    s.rows.length() > 0,
                    rx.vstack(rx.foreach(s.rows, _row), width="100%", id="appeal-list"),
                    rx.text(tr["rv_appeals_empty"], id="appeals-empty"),
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
