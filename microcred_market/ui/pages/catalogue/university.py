"""A university: who they are, how they assure quality, what they offer."""

from __future__ import annotations

import reflex as rx

from microcred_market.catalogue import service as catalogue
from microcred_market.catalogue import vocab
from microcred_market.platform.errors import NotFound
from microcred_market.ui import view
from microcred_market.ui.components.cards import card_grid
from microcred_market.ui.components.layout import page
from microcred_market.ui.i18n import LangState
from microcred_market.ui.pages.not_found import not_found_block
from microcred_market.ui.state.auth import AuthState
from microcred_market.ui.state.base import reader_lang, run_in_session


class UniversityState(rx.State):
    found: bool = True
    name: str = ""
    place: str = ""
    website: str = ""
    description: str = ""
    quality_assurance: str = ""
    cards: list[dict[str, str]] = []

    @rx.event
    async def load(self):
        lang = await reader_lang(self)
        slug = str(self.router.page.params.get("slug", ""))[:200]
        try:
            data = await run_in_session(catalogue.university_detail, slug)
        except NotFound:
            self.found = False
            return
        self.found = True
        self.name = data["name"]
        self.place = f"{data['city']}, {vocab.label(vocab.COUNTRIES, data['country_code'], lang)}"
        self.website = data["website"]
        self.description = data["description"]
        self.quality_assurance = data["quality_assurance"]
        self.cards = [view.card(item, lang) for item in data["offerings"]]


@rx.page(
    route="/universities/[slug]",
    on_load=[AuthState.load, UniversityState.load],
    title="University · microcred",
)
def university_page() -> rx.Component:
    tr = LangState.tr
    s = UniversityState
    return page(
        rx.cond(
            s.found,
            rx.vstack(
                rx.heading(s.name, as_="h1", size="8"),
                rx.text(s.place, color_scheme="gray"),
                rx.text(s.description),
                rx.text(rx.el.strong(tr["quality_assurance"], ": "), s.quality_assurance),
                rx.link(tr["website"], href=s.website, is_external=True),
                rx.heading(tr["courses_at"], as_="h2", size="5"),
                card_grid(s.cards),
                spacing="3",
                width="100%",
            ),
            not_found_block(),
        )
    )
