"""Home: a search box, featured courses, universities and qualifications."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import reflex as rx

from microcred_market.catalogue import service as catalogue
from microcred_market.catalogue import vocab
from microcred_market.platform.db import Session
from microcred_market.ui import view
from microcred_market.ui.components.cards import card_grid, search_form
from microcred_market.ui.components.layout import page
from microcred_market.ui.i18n import LangState, page_title, table
from microcred_market.ui.state.auth import AuthState, public
from microcred_market.ui.state.base import catalogue_url, reader_lang, run_in_session
from microcred_market.ui.state.goal_marks import GoalMarksState


def _home(
    session: Session,
) -> tuple[
    list[catalogue.OfferingCard],
    list[catalogue.UniversityListing],
    list[catalogue.QualificationListing],
]:
    return (
        catalogue.featured_offerings(session, limit=6),
        catalogue.list_universities(session),
        catalogue.list_qualifications(session),
    )


class HomeState(rx.State):
    featured: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    universities: list[dict[str, str]] = []
    qualifications: list[dict[str, str]] = []

    @rx.event
    @public
    async def load(self):
        lang = await reader_lang(self)
        featured, universities, qualifications = await run_in_session(_home)
        self.featured = [view.card(item, lang) for item in featured]
        self.universities = [
            {
                "name": u.university.name,
                "href": f"/universities/{u.university.slug}",
                "place": f"{u.university.city}, "
                f"{vocab.label(vocab.COUNTRIES, u.university.country_code, lang)}",
                "count": str(u.offering_count),
            }
            for u in universities
            if u.offering_count > 0
        ]
        self.qualifications = [
            {
                "title": q.title,
                "href": f"/qualifications/{q.slug}",
                "facts": f"{table(lang)['eqf']} {q.eqf_level} · {vocab.ects(q.ects_required, lang)}",
                "count": str(q.offering_count),
            }
            for q in qualifications
            if q.offering_count > 0
        ]

    @rx.event
    @public
    def search(self, form: dict[str, Any]):
        text = " ".join(str(form.get("q", "")).split())
        return rx.redirect(catalogue_url({"q": text} if text else {}))


def _tile(item: Mapping[str, rx.Var[str]], subtitle: rx.Var[str], icon: str) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.icon(icon, size=20, aria_hidden="true"),
            rx.vstack(
                rx.link(rx.text(item["title"], weight="bold"), href=item["href"]),
                rx.text(subtitle, size="2", color_scheme="gray"),
                spacing="1",
            ),
            align="start",
        ),
        width="100%",
    )


@rx.page(
    route="/",
    on_load=[AuthState.load, HomeState.load, GoalMarksState.load],
    title=page_title("home"),
)
def home_page() -> rx.Component:
    tr = LangState.tr
    return page(
        rx.vstack(
            rx.vstack(
                rx.heading(tr["tagline"], as_="h1", size=rx.breakpoints(initial="6", md="8")),
                search_form(HomeState.search),
                spacing="4",
                padding_y="var(--space-6)",
                width="100%",
            ),
            rx.heading(tr["featured"], as_="h2", size="5"),
            card_grid(HomeState.featured),
            rx.link(tr["see_all"], href="/catalogue", id="see-all"),
            rx.heading(tr["qualifications"], as_="h2", size="5", id="qualifications"),
            rx.grid(
                rx.foreach(
                    HomeState.qualifications,
                    lambda q: _tile(
                        {"title": q["title"], "href": q["href"]},
                        q["facts"] + " · " + q["count"] + " " + tr["courses_count"],
                        "layers",
                    ),
                ),
                columns=rx.breakpoints(initial="1", sm="2", lg="3"),
                spacing="3",
                width="100%",
            ),
            rx.heading(tr["universities"], as_="h2", size="5", id="universities"),
            rx.grid(
                rx.foreach(
                    HomeState.universities,
                    lambda u: _tile(
                        {"title": u["name"], "href": u["href"]},
                        u["place"] + " · " + u["count"] + " " + tr["courses_count"],
                        "landmark",
                    ),
                ),
                columns=rx.breakpoints(initial="1", sm="2", lg="3"),
                spacing="3",
                width="100%",
            ),
            spacing="4",
            width="100%",
        )
    )
