"""A burst of simultaneous attempts cannot slip past a limit's count.

Page events run side by side (background events, several workers); counting and then
recording in two steps let 304 of 300 through in a burst of 320 pastes.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from microcred_market.platform import ratelimit
from microcred_market.platform.db import session_scope
from microcred_market.platform.models import RateLimitHit

pytestmark = pytest.mark.security


def test_a_burst_counts_exactly_up_to_the_limit(
    fresh_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(ratelimit.LIMITS, "burst:ip", (25, 60))

    def attempt(_: int) -> bool:
        with session_scope(fresh_url) as session:
            try:
                ratelimit.check(session, "burst:ip", "192.0.2.1")
            except ratelimit.RateLimited as error:
                assert 1 <= error.retry_after <= 61
                return False
        return True

    with ThreadPoolExecutor(max_workers=8) as pool:
        allowed = sum(pool.map(attempt, range(60)))
    with session_scope(fresh_url) as session:
        kept = session.execute(sa.select(sa.func.count()).select_from(RateLimitHit)).scalar_one()
    assert (allowed, kept) == (25, 25)
