"""/staff/[slug]/cohorts: every cohort of the university's offerings (dates, seats, waiting
list), each linking to its offering's cohorts page; checked like that page."""

from __future__ import annotations

import reflex as rx

from microcred_market.orders import cohorts
from microcred_market.platform import i18n
from microcred_market.ui.components.loading import current_path, ready, skeleton
from microcred_market.ui.components.staff_nav import staff_frame, staff_on_load
from microcred_market.ui.components.tables import STACK, cell
from microcred_market.ui.i18n import LangState, page_title
from microcred_market.ui.pages.assessments.common import call_as, slug_param
from microcred_market.ui.state.auth import Viewer, signed_in
from microcred_market.ui.state.base import reader_lang

ROUTE = "/staff/[slug]/cohorts"


def index_rows(found: cohorts.UniversityCohorts, lang: str) -> list[dict[str, str]]:
    rows = []
    for c in found.cohorts:
        dates = " – ".join(
            i18n.fmt_date(d, lang) for d in (c.start_date, c.end_date) if d is not None
        )
        seats = (
            i18n.t("ui.cohorts.seats_used_unlimited", lang, taken=c.seats_taken)
            if c.seat_capacity is None
            else i18n.t(
                "ui.cohorts.seats_used", lang, taken=c.seats_taken, capacity=c.seat_capacity
            )
        )
        rows.append(
            {
                "uuid": c.uuid,
                "offering": c.offering,
                "offering_slug": c.offering_slug,
                "label": c.label,
                "dates": dates,
                "seats": seats,
                "waiting": i18n.fmt_number(c.waiting, lang),
                "status": i18n.t(f"ui.cohorts.status_{c.status}", lang),
            }
        )
    return rows


class CohortsIndexState(rx.State):
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
        found, _ = await call_as(self, viewer.user_id, cohorts.university_cohorts, self.slug)
        if found is None:
            self.rows = []
            self.allowed, self.denied = False, True
            return
        self.rows = index_rows(found, await reader_lang(self))
        self.allowed, self.denied = True, False


@rx.page(
    route=ROUTE,
    on_load=staff_on_load(CohortsIndexState.load),
    title=page_title("staff-cohorts"),
)
def cohorts_index_page() -> rx.Component:
    tr = LangState.tr
    s = CohortsIndexState
    return staff_frame(
        rx.cond(
            ready(s.allowed, s.loaded_path),
            rx.vstack(
                rx.heading(tr["cohorts.all_title"], as_="h1", size="7"),
                rx.cond(
                    s.rows.length() > 0,
                    rx.table.root(
                        rx.table.header(
                            rx.table.row(
                                *[
                                    rx.table.column_header_cell(tr[k])
                                    for k in (
                                        "course",
                                        "cohorts.all_cohort",
                                        "cohorts.all_dates",
                                        "cohorts.all_seats",
                                        "cohorts.all_waiting",
                                    )
                                ]
                            )
                        ),
                        rx.table.body(
                            rx.foreach(
                                s.rows,
                                lambda r: rx.table.row(
                                    cell(tr["course"], r["offering"]),
                                    cell(
                                        tr["cohorts.all_cohort"],
                                        rx.link(
                                            r["label"],
                                            href="/staff/"
                                            + s.slug
                                            + "/offerings/"
                                            + r["offering_slug"]
                                            + "/cohorts#cohort-"
                                            + r["uuid"],
                                            class_name="cohort-link",
                                        ),
                                        " · ",
                                        r["status"],
                                    ),
                                    cell(tr["cohorts.all_dates"], r["dates"]),
                                    cell(tr["cohorts.all_seats"], r["seats"]),
                                    cell(tr["cohorts.all_waiting"], r["waiting"]),
                                ),
                            )
                        ),
                        width="100%",
                        id="cohorts-table",
                        class_name=STACK,
                    ),
                    rx.text(tr["cohorts.all_none"], id="cohorts-empty"),
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
