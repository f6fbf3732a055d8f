"""/staff/[slug]/offerings: a university's offerings, their state and version, and the way
to a new one, to each one's editor, preview and cohorts, and to the CSV import."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from microcred_market.catalogue import authoring
from microcred_market.catalogue import queries as catalogue_queries
from microcred_market.platform import audit, i18n
from microcred_market.platform.db import Session
from microcred_market.platform.errors import DomainError
from microcred_market.ui.components.loading import current_path, ready, skeleton
from microcred_market.ui.components.staff_nav import staff_frame, staff_on_load
from microcred_market.ui.components.tables import STACK, cell
from microcred_market.ui.i18n import LangState, page_title
from microcred_market.ui.pages.assessments.common import slug_param
from microcred_market.ui.pages.catalogue.authoring_access import LIST_ROUTE, as_editor
from microcred_market.ui.state.auth import Viewer, signed_in
from microcred_market.ui.state.base import reader_lang, run_in_session

STATE_COLOURS = {"draft": "amber", "published": "green", "archived": "gray"}


def _listing(
    session: Session, uni: catalogue_queries.UniversityRef, _actor: audit.Actor
) -> tuple[str, list[authoring.OfferingRow]]:
    return uni.name, authoring.list_offerings(session, uni.id)


def offering_rows(rows: list[authoring.OfferingRow], lang: str) -> list[dict[str, str]]:
    """The list's lines as the page shows them, in the reader's language."""
    out = []
    for r in rows:
        out.append(
            {
                "slug": r.slug,
                "title": r.title,
                "lang": r.language,
                "status": r.status,
                "state": i18n.t(f"ui.au_state_{r.status}", lang),
                "colour": STATE_COLOURS.get(r.status, "gray"),
                "version": (
                    i18n.t("ui.au_version", lang, n=r.version)
                    if r.version is not None
                    else i18n.t("ui.au_no_version", lang)
                ),
                "missing": (
                    i18n.t("ui.au_missing_n", lang, n=r.missing)
                    if r.missing
                    else i18n.t("ui.au_ready" if r.status == "draft" else "ui.au_complete", lang)
                ),
                "ready": "1" if r.missing == 0 else "",
                "updated": i18n.fmt_date(r.updated_at, lang),
            }
        )
    return out


class StaffOfferingsState(rx.State):
    allowed: bool = False
    denied: bool = False
    loaded_path: str = ""
    slug: str = ""
    university: str = ""
    rows: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)

    @rx.event
    @signed_in
    async def load(self, *, viewer: Viewer):
        self.loaded_path = current_path(self)
        self.slug = slug_param(self)
        lang = await reader_lang(self)
        try:
            name, rows = await run_in_session(
                as_editor, viewer.user_id, self.slug, _listing, LIST_ROUTE
            )
        except DomainError:
            self.rows = []
            self.allowed, self.denied = False, True
            return
        self.university = name
        self.rows = offering_rows(rows, lang)
        self.allowed, self.denied = True, False


def _row(row: ObjectVar[dict[str, str]]) -> rx.Component:
    tr = LangState.tr
    s = StaffOfferingsState
    base = "/staff/" + s.slug + "/offerings/" + row["slug"]
    return rx.table.row(
        cell(
            tr["au_col_title"],
            rx.link(
                row["title"],
                href=base,
                weight="medium",
                overflow_wrap="anywhere",
                lang=row["lang"],
            ),
        ),
        cell(
            tr["au_col_state"],
            rx.badge(row["state"], color_scheme=row["colour"], variant="soft"),
        ),
        cell(tr["au_col_version"], row["version"]),
        cell(
            tr["au_col_missing"],
            rx.text(
                row["missing"],
                size="2",
                color_scheme=rx.cond(row["ready"] != "", "green", "amber"),
            ),
        ),
        cell(tr["au_col_updated"], row["updated"]),
        cell(
            tr["actions"],
            rx.flex(
                rx.link(tr["au_edit"], href=base, aria_label=tr["au_edit"] + ": " + row["title"]),
                rx.link(
                    tr["au_preview"],
                    href=base + "/preview",
                    aria_label=tr["au_preview"] + ": " + row["title"],
                ),
                rx.link(
                    tr["cohorts.nav"],
                    href=base + "/cohorts",
                    aria_label=tr["cohorts.nav"] + ": " + row["title"],
                ),
                spacing="3",
                wrap="wrap",
            ),
        ),
        class_name="offering-row",
        id="offering-" + row["slug"],
    )


@rx.page(
    route=LIST_ROUTE,
    on_load=staff_on_load(StaffOfferingsState.load),
    title=page_title("staff-offerings"),
)
def staff_offerings_page() -> rx.Component:
    tr = LangState.tr
    s = StaffOfferingsState
    return staff_frame(
        rx.cond(
            ready(s.allowed, s.loaded_path),
            rx.vstack(
                rx.link(s.university, href="/staff/" + s.slug, size="2"),
                rx.heading(tr["au_heading"], as_="h1", size="7"),
                rx.text(tr["au_intro"], size="3", max_width="70ch"),
                rx.flex(
                    rx.button(
                        rx.link(
                            rx.icon("plus", aria_hidden="true"),
                            tr["au_new"],
                            href="/staff/" + s.slug + "/offerings/new",
                            id="new-offering",
                        ),
                        as_child=True,
                        size="3",
                    ),
                    rx.link(
                        tr["staff_import_link"],
                        href="/staff/" + s.slug + "/offerings/import",
                        id="import-offerings",
                        size="2",
                    ),
                    spacing="4",
                    align="center",
                    wrap="wrap",
                ),
                rx.cond(
                    s.rows.length() > 0,
                    rx.table.root(
                        rx.table.header(
                            rx.table.row(
                                rx.table.column_header_cell(tr["au_col_title"]),
                                rx.table.column_header_cell(tr["au_col_state"]),
                                rx.table.column_header_cell(tr["au_col_version"]),
                                rx.table.column_header_cell(tr["au_col_missing"]),
                                rx.table.column_header_cell(tr["au_col_updated"]),
                                rx.table.column_header_cell(tr["actions"]),
                            )
                        ),
                        rx.table.body(rx.foreach(s.rows, _row)),
                        width="100%",
                        id="offerings-table",
                        class_name=STACK,
                    ),
                    rx.text(tr["au_none"], id="offerings-empty"),
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
