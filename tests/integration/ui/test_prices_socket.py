"""The offering editor's prices section and the offering page's currency choice, over the
websocket as the pages send their events (SQLite and PostgreSQL): an editor adds a price
in EUR, is told in words what is wrong with a bad one, removes it; a learner crafting the
same events changes nothing; the offering page shows every price and pays in the one
asked for (`?currency=EUR`) or chosen."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from reflex_base.utils.format import format_event_handler

from microcred_market.accounts.models import StaffRole, User
from microcred_market.catalogue.models import OfferingPrice
from microcred_market.platform.cookies import SESSION_COOKIE
from microcred_market.platform.db import session_scope
from microcred_market.ui.pages.catalogue.offering import OfferingState
from microcred_market.ui.pages.catalogue.offering_editor import OfferingEditorState
from tests.support.live_app import LiveApp
from tests.support.portal_world import person, university
from tests.support.reflex_socket import ReflexSocket

pytestmark = [pytest.mark.portal, pytest.mark.catalogue, pytest.mark.payments]

SLUG = "course-uni-a"  # published, 120.00 PLN
PATH = f"/staff/uni-a/offerings/{SLUG}"
PARAMS = {"slug": "uni-a", "offering": SLUG}


def _name(handler: object) -> str:
    return format_event_handler(handler)  # type: ignore[arg-type]


def _stored(url: str) -> dict[str, int]:
    with session_scope(url) as session:
        rows = session.execute(sa.select(OfferingPrice.currency, OfferingPrice.amount_minor))
        return {c: a for c, a in rows.all()}


def _editor(url: str, email: str, university_id: int) -> str:
    token = person(url, email)
    with session_scope(url) as session:
        user_id = session.execute(sa.select(User.id).where(User.email == email)).scalar_one()
        session.add(StaffRole(user_id=user_id, university_id=university_id, role="editor"))
    return token


def _other_prices(answer: str) -> str:
    found = re.search(r'"other_prices_rx_state_":\s*"([^"]*)"', answer)
    assert found, answer[:2000]
    return found.group(1)


def test_editors_add_and_remove_prices_and_learners_pick_the_currency(
    live: tuple[LiveApp, str],
) -> None:
    app, url = live
    uni_id = university(url, "uni-a")
    editor = OfferingEditorState
    add, remove = _name(editor.add_price), _name(editor.remove_price)

    # A learner sending the editor's events: nothing stored.
    learner = ReflexSocket(
        app.ws, cookie=f"{SESSION_COOKIE}={person(url, 'learner@example.org')}", origin=app.front
    )
    try:
        learner.answer(_name(editor.load), {}, PATH, PARAMS)
        said = learner.answer(
            add, {"form": {"price_currency": "EUR", "price_amount": "1"}}, PATH, PARAMS
        )
        assert "Price in EUR added" not in said
    finally:
        learner.close()
    assert _stored(url) == {}

    token = _editor(url, "editor@uni-a.example", uni_id)
    socket = ReflexSocket(app.ws, cookie=f"{SESSION_COOKIE}={token}", origin=app.front)
    try:

        def ask(name: str, payload: dict) -> str:
            return socket.answer(name, payload, PATH, PARAMS)

        opened = ask(_name(editor.load), {})
        assert '"price_options_rx_state_":["EUR"]' in opened.replace(" ", ""), opened[:2000]
        bad = ask(add, {"form": {"price_currency": "USD", "price_amount": "10"}})
        assert "Choose a currency among PLN, EUR." in bad
        bad = ask(add, {"form": {"price_currency": "EUR", "price_amount": "-5"}})
        assert "Enter an amount from 0 to 1,000,000, such as 190 or 190.50." in bad
        assert _stored(url) == {}
        added = ask(add, {"form": {"price_currency": "EUR", "price_amount": "29.50"}})
        assert "Price in EUR added." in added and "29.50" in added, added[:3000]
        # Published: what a learner pays is one of the facts a version freezes.
        assert "Saved as version 1." in added
        assert _stored(url) == {"EUR": 2950}
        twice = ask(add, {"form": {"price_currency": "EUR", "price_amount": "30"}})
        assert "The course already has a price in EUR" in twice
        assert _stored(url) == {"EUR": 2950}
    finally:
        socket.close()

    # The offering page: every price, the one asked for in the address, or chosen.
    page = ReflexSocket(app.ws, cookie="", origin=app.front)
    try:
        at = f"/offerings/{SLUG}"
        shown = page.answer(_name(OfferingState.load), {}, at, {"slug": SLUG, "currency": "EUR"})
        assert '"currency_rx_state_":"EUR"' in shown.replace(" ", "") and "29.50" in shown
        assert "PLN" in shown and "120.00" in shown
        # "Also available in" names the other prices only, never the one chosen.
        other = _other_prices(shown)
        assert "120.00" in other and "29.50" not in other
        chosen = page.answer(
            _name(OfferingState.choose_currency), {"currency": "PLN"}, at, {"slug": SLUG}
        )
        assert '"currency_rx_state_":"PLN"' in chosen.replace(" ", "")
        unknown = page.answer(_name(OfferingState.load), {}, at, {"slug": SLUG, "currency": "USD"})
        assert '"currency_rx_state_":"PLN"' in unknown.replace(" ", "")  # not offered: its own
    finally:
        page.close()

    socket = ReflexSocket(app.ws, cookie=f"{SESSION_COOKIE}={token}", origin=app.front)
    try:
        socket.answer(_name(editor.load), {}, PATH, PARAMS)
        removed = socket.answer(remove, {"currency": "EUR"}, PATH, PARAMS)
        assert "Price in EUR removed." in removed
    finally:
        socket.close()
    assert _stored(url) == {}
    page = ReflexSocket(app.ws, cookie="", origin=app.front)
    try:
        at = f"/offerings/{SLUG}"
        alone = page.answer(_name(OfferingState.load), {}, at, {"slug": SLUG})
        assert _other_prices(alone) == ""  # one price: no "also available in" at all
    finally:
        page.close()
    assert "Traceback" not in app.log_text()
