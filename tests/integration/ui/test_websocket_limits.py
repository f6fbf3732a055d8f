"""The pages' expensive events meet the same per-address limits as the JSON API.

Issue 12: 320 `verify_paste` events in 13 s met no limit, while `/api/verify` allows 300
a minute per address. The page now draws on that very budget (the same database
counters), whichever socket or client token the events come from, and says so.
"""

from __future__ import annotations

import time

import httpx
import pytest
import sqlalchemy as sa

from microcred_market.platform.db import session_scope
from microcred_market.platform.models import RateLimitHit
from microcred_market.platform.ratelimit import LIMITS
from tests.support.live_app import LiveApp
from tests.support.reflex_socket import ReflexSocket

pytestmark = [pytest.mark.credentials, pytest.mark.security]

STATES = "reflex___state____state.microcred_market___ui___pages___"
VERIFY_PASTE = STATES + "credentials___verify___state____verify_state.verify_paste"
SHARED_LOAD = STATES + "credentials___shared____shared_credential_state.load"
CATALOGUE_LOAD = STATES + "catalogue___search____catalogue_state.load"
LIMITED = "Too many attempts"


def hits(url: str, action: str) -> int:
    with session_scope(url) as session:
        return session.execute(
            sa.select(sa.func.count())
            .select_from(RateLimitHit)
            .where(RateLimitHit.key == f"{action}:127.0.0.1")  # type: ignore[arg-type]
        ).scalar_one()


def test_verify_paste_shares_the_api_budget(live: tuple[LiveApp, str]) -> None:
    app, url = live
    budget = LIMITS["verify:ip"][0]
    # Two tabs (two client tokens) from one address: the budget is the address's.
    tabs = [ReflexSocket(app.ws, origin=app.front) for _ in range(2)]
    paste = {"form": {"credential": '{"type": ["VerifiableCredential"]}'}}
    started = time.monotonic()
    for i in range(budget + 20):
        tabs[i % 2].emit(VERIFY_PASTE, paste, "/verify", {})
    sent = time.monotonic() - started
    try:
        deadline = time.monotonic() + 120
        while hits(url, "verify:ip") < budget and time.monotonic() < deadline:
            time.sleep(0.5)
        time.sleep(1)
        # Every check counted once; the ones past the budget did no work.
        assert hits(url, "verify:ip") == budget, sent
        # The next paste in either tab is told why nothing happens.
        for tab in tabs:
            tab.raw.clear()
            tab.emit(VERIFY_PASTE, paste, "/verify", {})
            end = time.monotonic() + 30
            while time.monotonic() < end and not any(LIMITED in p for p in tab.raw):
                tab.updates(quiet=0.3, limit=1)
            assert any(LIMITED in p for p in tab.raw), tab.raw[-3:]
        # A shared credential's page verifies it on every visit: the same budget.
        uuid = "0b5e8a4e-6d0c-4b7e-9f57-3f1f2a7c9d10"
        shared = tabs[0].answer(SHARED_LOAD, {}, f"/credentials/{uuid}", {"uuid": uuid})
        assert LIMITED in shared
    finally:
        for tab in tabs:
            tab.close()
    # And the JSON API from the same address has nothing left either.
    response = httpx.post(
        f"{app.url}/api/verify", content=b"{}", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 429, response.text
    assert "Retry-After" in response.headers and response.json()["message"]


def test_catalogue_search_is_limited_per_client(live: tuple[LiveApp, str]) -> None:
    app, url = live
    budget = LIMITS["search:ip"][0]
    tab = ReflexSocket(app.ws, origin=app.front)
    try:
        first = tab.answer(CATALOGUE_LOAD, {}, "/catalogue", {"q": "python"})
        assert LIMITED not in first and "total" in first, first[:500]
        for _ in range(budget):
            tab.emit(CATALOGUE_LOAD, {}, "/catalogue", {"q": "python"})
        tab.answer(CATALOGUE_LOAD, {}, "/catalogue", {"q": "python"})
    finally:
        tab.close()
    # A search past the budget shows why there is nothing new.
    assert any(LIMITED in packet for packet in tab.raw)
    assert hits(url, "search:ip") == budget
