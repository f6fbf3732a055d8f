"""A university: who they are, how they assure quality, what they offer."""

from __future__ import annotations

import reflex as rx

from microcred_market.catalogue import service as catalogue
from microcred_market.catalogue import vocab
from microcred_market.ui.i18n import LangState, page_title
from microcred_market.ui.pages.catalogue.listing import (
    OfferingListState,
    listing_page,
    load_listing,
)
from microcred_market.ui.state.auth import AuthState, public
from microcred_market.ui.state.goal_marks import GoalMarksState


class UniversityState(OfferingListState, rx.State):
    name: str = ""
    place: str = ""
    website: str = ""
    description: str = ""
    quality_assurance: str = ""
    logo: str = ""

    def _show(self, data: catalogue.UniversityDetail, lang: str) -> None:
        uni = data.university
        self.name = uni.name
        self.place = f"{uni.city}, {vocab.label(vocab.COUNTRIES, uni.country_code, lang)}"
        self.website = uni.website
        self.description = uni.description
        self.quality_assurance = uni.quality_assurance
        self.logo = uni.logo or ""

    @rx.event
    @public
    async def load(self) -> None:
        await load_listing(self, catalogue.university_detail, self._show)


@rx.page(
    route="/universities/[slug]",
    on_load=[AuthState.load, UniversityState.load, GoalMarksState.load],
    title=page_title("university", UniversityState.name),
)
def university_page() -> rx.Component:
    tr = LangState.tr
    s = UniversityState
    return listing_page(
        s,
        [
            rx.cond(
                s.logo != "",
                # The name follows as the heading: the picture adds nothing to say.
                rx.image(src=s.logo, alt="", max_height="80px", max_width="240px"),
            ),
            rx.heading(s.name, as_="h1", size="8"),
            rx.text(s.place, color_scheme="gray"),
            rx.text(s.description),
            rx.text(rx.el.strong(tr["quality_assurance"], ": "), s.quality_assurance),
            rx.link(tr["website"], href=s.website, is_external=True),
        ],
        "courses_at",
    )
