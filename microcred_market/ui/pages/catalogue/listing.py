"""The shape shared by the university and qualification pages: one thing, then its offerings.

Each page says how to read its thing (a catalogue service taking a slug) and what to
show above the list; loading, the not-found answer and the cards are the same for both.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

import reflex as rx

from microcred_market.catalogue.service import OfferingCard
from microcred_market.platform.db import Session
from microcred_market.platform.errors import NotFound
from microcred_market.ui import view
from microcred_market.ui.components.cards import card_grid
from microcred_market.ui.components.layout import page
from microcred_market.ui.components.loading import (
    current_path,
    skeleton,
    skeleton_cards,
    when_ready,
)
from microcred_market.ui.i18n import LangState
from microcred_market.ui.pages.not_found import not_found_block
from microcred_market.ui.state.base import reader_lang, run_in_session


class WithOfferings(Protocol):
    @property
    def offerings(self) -> tuple[OfferingCard, ...]: ...


D = TypeVar("D", bound=WithOfferings)


class OfferingListState(rx.State, mixin=True):
    """Vars every 'thing with offerings' page has; each page's State adds its own."""

    found: bool = True
    loaded: bool = False
    loaded_path: str = ""
    cards: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)


async def load_listing(
    state: OfferingListState,
    read: Callable[[Session, str], D],
    show: Callable[[D, str], None],
) -> None:
    """Read the thing named by the route's slug and fill the State, or mark it not found.

    `show(data, lang)` sets the page's own vars; the cards are filled here.
    """
    state.loaded = False
    state.loaded_path = current_path(state)
    lang = await reader_lang(state)
    slug = str(state.router.page.params.get("slug", ""))[:200]
    try:
        data = await run_in_session(read, slug)
    except NotFound:
        state.found = False
        state.cards = []
        state.loaded = True
        return
    state.found = True
    show(data, lang)
    state.cards = [view.card(item, lang) for item in data.offerings]
    state.loaded = True


def listing_page(
    state: type[OfferingListState], header: list[rx.Component], list_heading: str
) -> rx.Component:
    """The header block, a heading for the list (a page-text key) and the cards."""
    return page(
        when_ready(
            state.loaded,
            rx.cond(
                state.found,
                rx.vstack(
                    *header,
                    rx.heading(LangState.tr[list_heading], as_="h2", size="5"),
                    card_grid(state.cards),
                    spacing="3",
                    width="100%",
                ),
                not_found_block(),
            ),
            rx.vstack(skeleton(lines=4), skeleton_cards(3), spacing="5", width="100%"),
            loaded_path=state.loaded_path,
        )
    )
