"""A qualification and the courses that stack into it."""

from __future__ import annotations

import reflex as rx

from microcred_market.catalogue import service as catalogue
from microcred_market.catalogue import vocab
from microcred_market.platform.i18n import t
from microcred_market.ui.i18n import LangState, page_title, table
from microcred_market.ui.pages.catalogue.listing import (
    OfferingListState,
    listing_page,
    load_listing,
)
from microcred_market.ui.pages.stacking.progress import (
    QualificationProgressState,
    progress_section,
)
from microcred_market.ui.state.auth import AuthState, public
from microcred_market.ui.state.base import catalogue_url
from microcred_market.ui.state.goal_marks import GoalMarksState


class QualificationState(OfferingListState, rx.State):
    title: str = ""
    facts: str = ""
    description: str = ""
    awarded_by: str = ""
    catalogue_href: str = ""

    def _show(self, data: catalogue.QualificationDetail, lang: str) -> None:
        self.title = data.title
        available = t(
            "ui.catalogue.ects_available", lang, ects=vocab.ects(data.ects_available, lang)
        )
        self.facts = (
            f"{table(lang)['eqf']} {data.eqf_level} · {vocab.ects(data.ects_required, lang)} "
            f"({available})"
        )
        self.description = data.description
        self.awarded_by = ", ".join(u.name for u in data.universities)
        self.catalogue_href = catalogue_url({"qualification": data.slug})

    @rx.event
    @public
    async def load(self) -> None:
        await load_listing(self, catalogue.qualification_detail, self._show)


@rx.page(
    route="/qualifications/[slug]",
    on_load=[
        AuthState.load,
        QualificationState.load,
        QualificationProgressState.load,
        GoalMarksState.load,
    ],
    title=page_title("qualification", QualificationState.title),
)
def qualification_page() -> rx.Component:
    tr = LangState.tr
    s = QualificationState
    return listing_page(
        s,
        [
            rx.heading(s.title, as_="h1", size="8"),
            rx.text(s.facts, id="qualification-facts"),
            rx.text(s.description),
            rx.text(rx.el.strong(tr["awarded_by"], ": "), s.awarded_by),
            progress_section(),
        ],
        "what_counts",
    )
