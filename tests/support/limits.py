"""A search budget of a few requests for the TestClient's address, on a database that
other tests share (its earlier searches must not count against this test)."""

from __future__ import annotations

import pytest

from microcred_market.platform import ratelimit
from microcred_market.platform.db import session_scope


def small_search_budget(monkeypatch: pytest.MonkeyPatch, url: str, searches: int) -> None:
    monkeypatch.setitem(ratelimit.LIMITS, "search:ip", (searches, 60))
    with session_scope(url) as session:
        ratelimit.clear(session, "search:ip", "testclient")
