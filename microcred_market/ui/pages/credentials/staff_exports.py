"""/staff/[slug]/exports: the university's enrolments, results and sales as spreadsheets.

Plain links to `GET /api/universities/<slug>/exports/<kind>.<csv|xlsx>` (`api/bulk.py`),
each shown only to a role that may read that export; the route checks the permission
again. Cells that a spreadsheet would run as a formula are neutralised in both formats.
"""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from microcred_market.accounts import authz
from microcred_market.catalogue import queries as catalogue_queries
from microcred_market.credentials import exports
from microcred_market.platform.db import Session
from microcred_market.ui.components.forms import api
from microcred_market.ui.components.loading import current_path, ready, skeleton
from microcred_market.ui.components.staff_nav import staff_frame, staff_on_load
from microcred_market.ui.guards import page_allowed
from microcred_market.ui.i18n import LangState, page_title
from microcred_market.ui.pages.assessments.common import slug_param
from microcred_market.ui.state.auth import Viewer, signed_in
from microcred_market.ui.state.base import run_in_session

ROUTE = "/staff/[slug]/exports"


@dataclass(frozen=True)
class _Allowed:
    university: catalogue_queries.UniversityRef
    kinds: list[str]


def _allowed(session: Session, slug: str, user_id: int) -> _Allowed | None:
    uni = catalogue_queries.university_by_slug(session, slug)
    who = authz.principal_for(session, user_id)
    if uni is None or not page_allowed(who, ROUTE, uni.id):
        return None
    kinds = [k for k in exports.KINDS if authz.can(who, exports.ACTION[k], uni.id)]
    return _Allowed(uni, kinds)


class StaffExportsState(rx.State):
    allowed: bool = False
    denied: bool = False
    loaded_path: str = ""
    slug: str = ""
    university: str = ""
    kinds: rx.Field[list[str]] = rx.field(default_factory=list)

    @rx.event
    @signed_in
    async def load(self, *, viewer: Viewer):
        self.loaded_path = current_path(self)
        found = await run_in_session(_allowed, slug_param(self), viewer.user_id)
        if found is None:
            self.allowed, self.denied = False, True
            return
        self.university, self.slug = found.university.name, found.university.slug
        self.kinds = found.kinds
        self.allowed, self.denied = True, False


def _export(kind: str) -> rx.Component:
    tr = LangState.tr
    s = StaffExportsState
    base = api("/api/universities/") + s.slug + f"/exports/{kind}"
    return rx.cond(
        s.kinds.contains(kind),
        rx.card(
            rx.vstack(
                rx.heading(tr[f"export_{kind}"], as_="h2", size="4"),
                rx.text(tr[f"export_{kind}_hint"], size="2"),
                rx.flex(
                    rx.link(
                        rx.hstack(
                            rx.icon("download", size=16, aria_hidden="true"),
                            rx.text(tr["export_csv"]),
                            spacing="1",
                            align="center",
                        ),
                        href=base + ".csv",
                        id=f"export-{kind}-csv",
                    ),
                    rx.link(
                        rx.hstack(
                            rx.icon("file-spreadsheet", size=16, aria_hidden="true"),
                            rx.text(tr["export_xlsx"]),
                            spacing="1",
                            align="center",
                        ),
                        href=base + ".xlsx",
                        id=f"export-{kind}-xlsx",
                    ),
                    spacing="4",
                    wrap="wrap",
                ),
                spacing="2",
                width="100%",
            ),
            width="100%",
            id=f"export-{kind}",
        ),
    )


@rx.page(
    route=ROUTE,
    on_load=staff_on_load(StaffExportsState.load),
    title=page_title("staff-exports"),
)
def staff_exports_page() -> rx.Component:
    tr = LangState.tr
    s = StaffExportsState
    return staff_frame(
        rx.cond(
            ready(s.allowed, s.loaded_path),
            rx.vstack(
                rx.link(s.university, href="/staff/" + s.slug, size="2"),
                rx.heading(tr["exports_title"], as_="h1", size="7"),
                rx.text(tr["exports_intro"], size="3", max_width="70ch"),
                *[_export(kind) for kind in exports.KINDS],
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
