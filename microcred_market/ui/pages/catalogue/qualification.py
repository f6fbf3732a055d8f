"""A qualification and the courses that stack into it."""

from __future__ import annotations

import reflex as rx

from microcred_market.catalogue import service as catalogue
from microcred_market.platform.errors import NotFound
from microcred_market.ui import view
from microcred_market.ui.components.cards import card_grid
from microcred_market.ui.components.layout import page
from microcred_market.ui.i18n import LangState, table
from microcred_market.ui.pages.not_found import not_found_block
from microcred_market.ui.state.auth import AuthState
from microcred_market.ui.state.base import catalogue_url, reader_lang, run_in_session


class QualificationState(rx.State):
    found: bool = True
    title: str = ""
    facts: str = ""
    description: str = ""
    awarded_by: str = ""
    catalogue_href: str = ""
    cards: list[dict[str, str]] = []

    @rx.event
    async def load(self):
        lang = await reader_lang(self)
        slug = str(self.router.page.params.get("slug", ""))[:200]
        try:
            data = await run_in_session(catalogue.qualification_detail, slug)
        except NotFound:
            self.found = False
            return
        self.found = True
        self.title = data["title"]
        self.facts = (
            f"{table(lang)['eqf']} {data['eqf_level']} · {data['ects_required']} ECTS "
            f"({data['ects_available']} ECTS available)"
        )
        self.description = data["description"]
        self.awarded_by = ", ".join(u["name"] for u in data["universities"])
        self.catalogue_href = catalogue_url({"qualification": data["slug"]})
        self.cards = [view.card(item, lang) for item in data["offerings"]]


@rx.page(
    route="/qualifications/[slug]",
    on_load=[AuthState.load, QualificationState.load],
    title="Qualification · microcred",
)
def qualification_page() -> rx.Component:
    tr = LangState.tr
    s = QualificationState
    return page(
        rx.cond(
            s.found,
            rx.vstack(
                rx.heading(s.title, as_="h1", size="8"),
                rx.text(s.facts, id="qualification-facts"),
                rx.text(s.description),
                rx.text(rx.el.strong(tr["awarded_by"], ": "), s.awarded_by),
                rx.heading(tr["what_counts"], as_="h2", size="5"),
                card_grid(s.cards),
                spacing="3",
                width="100%",
            ),
            not_found_block(),
        )
    )
