"""/staff/[slug]/assessments: every offering of the university and where its assessment stands."""

from __future__ import annotations

import reflex as rx

from microcred_market.assessments import authoring
from microcred_market.platform import i18n
from microcred_market.ui.components.loading import current_path, ready, skeleton
from microcred_market.ui.components.staff_nav import staff_frame, staff_on_load
from microcred_market.ui.components.tables import STACK, cell
from microcred_market.ui.i18n import LangState, page_title
from microcred_market.ui.pages.assessments.common import call_as, slug_param
from microcred_market.ui.state.auth import Viewer, signed_in
from microcred_market.ui.state.base import reader_lang

ROUTE = "/staff/[slug]/assessments"


def overview_rows(lines: list[authoring.OfferingAssessment], lang: str) -> list[dict[str, str]]:
    def version(n: int | None) -> str:
        return i18n.t("ui.assessment_version", lang, n=n) if n else ""

    return [
        {
            "slug": x.slug,
            "title": x.title,
            "published": version(x.published_version) or i18n.t("ui.assessment_none", lang),
            "draft": version(x.draft_version),
            "parts": str(x.components) if x.published_version else "",
            "rpl": i18n.t("ui.assessment_only_badge", lang) if x.assessment_only else "",
            "colour": "green" if x.published_version else "gray",
        }
        for x in lines
    ]


class AssessmentsOverviewState(rx.State):
    allowed: bool = False
    denied: bool = False
    loaded_path: str = ""
    slug: str = ""
    rows: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)

    @rx.event
    @signed_in
    async def load(self, *, viewer: Viewer):
        self.loaded_path = current_path(self)
        self.slug = slug_param(self)
        lines, _ = await call_as(self, viewer.user_id, authoring.offerings_overview, self.slug)
        if lines is None:
            self.allowed, self.denied = False, True
            return
        self.rows = overview_rows(lines, await reader_lang(self))
        self.allowed, self.denied = True, False


@rx.page(
    route=ROUTE,
    on_load=staff_on_load(AssessmentsOverviewState.load),
    title=page_title("staff-assessments"),
)
def assessments_overview_page() -> rx.Component:
    tr = LangState.tr
    s = AssessmentsOverviewState
    return staff_frame(
        rx.cond(
            ready(s.allowed, s.loaded_path),
            rx.vstack(
                rx.link(tr["staff_title"], href="/staff/" + s.slug, size="2"),
                rx.heading(tr["assessments_title"], as_="h1", size="7"),
                rx.text(tr["assessments_intro"], size="3", max_width="70ch"),
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            *[
                                rx.table.column_header_cell(tr[k])
                                for k in (
                                    "course",
                                    "assessment_published",
                                    "assessment_draft",
                                    "assessment_parts",
                                )
                            ]
                        )
                    ),
                    rx.table.body(
                        rx.foreach(
                            s.rows,
                            lambda r: rx.table.row(
                                cell(
                                    tr["course"],
                                    rx.link(
                                        r["title"],
                                        href="/staff/" + s.slug + "/assessments/" + r["slug"],
                                        class_name="assessment-link",
                                    ),
                                    rx.cond(
                                        r["rpl"] != "",
                                        rx.badge(
                                            r["rpl"], color_scheme="violet", margin_left="0.5em"
                                        ),
                                    ),
                                ),
                                cell(
                                    tr["assessment_published"],
                                    rx.badge(r["published"], color_scheme=r["colour"]),
                                ),
                                cell(tr["assessment_draft"], r["draft"]),
                                cell(tr["assessment_parts"], r["parts"]),
                            ),
                        )
                    ),
                    width="100%",
                    id="assessments-table",
                    class_name=STACK,
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
