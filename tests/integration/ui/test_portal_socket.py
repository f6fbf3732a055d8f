"""Over a raw websocket, the owner of one university loads another's payments page and
university page editor: the events name the university by the page's address, which a
crafted event sets at will, and nothing of the other university reaches the socket. The
same events from that university's own owner do load it, so the probe reaches them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from reflex_base.utils.format import format_event_handler

from microcred_market.accounts.models import User
from microcred_market.catalogue.models import Offering, University
from microcred_market.orders.models import Order
from microcred_market.platform.cookies import SESSION_COOKIE
from microcred_market.platform.db import session_scope
from microcred_market.platform.money import format_money
from microcred_market.ui.pages.accounts.joining import UniversityPageState
from microcred_market.ui.pages.orders.payments import PaymentsState, SimulatedOnboardingState
from tests.integration.ui.conftest import _live
from tests.support.live_app import LiveApp
from tests.support.portal_world import person, university
from tests.support.reflex_socket import ReflexSocket

pytestmark = [pytest.mark.portal, pytest.mark.security]

SECRET_TEXT = "Only our own owners read this draft"
SECRET_AMOUNT = 7_654_321  # of sales at uni-b
SHOWN_AMOUNT = format_money(SECRET_AMOUNT, "PLN", "en")


@pytest.fixture
def live_sqlite(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[LiveApp, str]]:
    yield from _live(request, "sqlite", tmp_path, monkeypatch)


def _answers(socket: ReflexSocket, slug: str) -> str:
    texts = []
    for state, path in (
        (PaymentsState, f"/staff/{slug}/payments"),
        (UniversityPageState, f"/staff/{slug}/university"),
        (SimulatedOnboardingState, f"/staff/{slug}/payments/simulated"),
    ):
        name = format_event_handler(state.load)  # type: ignore[arg-type]
        texts.append(socket.answer(name, {}, path, {"slug": slug}))
    return "\n".join(texts)


def test_an_owner_of_another_university_gets_nothing_of_its_payments_or_page(
    live_sqlite: tuple[LiveApp, str],
) -> None:
    app, url = live_sqlite
    intruder = person(url, "owner@uni-a.example")
    owner = person(url, "owner@uni-b.example")
    university(url, "uni-a", owner="owner@uni-a.example")
    university(url, "uni-b", owner="owner@uni-b.example")
    with session_scope(url) as session:
        uni = session.execute(sa.select(University).where(University.slug == "uni-b")).scalar_one()
        uni.description = SECRET_TEXT
        offering = session.execute(
            sa.select(Offering).where(Offering.university_id == uni.id)
        ).scalar_one()
        buyer = session.execute(
            sa.select(User).where(User.email == "owner@uni-a.example")
        ).scalar_one()
        session.add(
            Order(
                user_id=buyer.id,  # type: ignore[arg-type]
                offering_id=offering.id,  # type: ignore[arg-type]
                university_id=uni.id,  # type: ignore[arg-type]
                unit_price_minor=SECRET_AMOUNT,
                amount_minor=SECRET_AMOUNT,
                currency="PLN",
                provider="simulated",
                state="paid",
                paid_at=datetime.now(UTC),
            )
        )
    socket = ReflexSocket(app.ws, cookie=f"{SESSION_COOKIE}={intruder}", origin=app.front)
    try:
        text = _answers(socket, "uni-b")
    finally:
        socket.close()
    assert SECRET_TEXT not in text and SHOWN_AMOUNT not in text
    socket = ReflexSocket(app.ws, cookie=f"{SESSION_COOKIE}={owner}", origin=app.front)
    try:
        text = _answers(socket, "uni-b")
    finally:
        socket.close()
    assert SECRET_TEXT in text and SHOWN_AMOUNT in text
