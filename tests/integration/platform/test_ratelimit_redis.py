"""Rate limits counted in Redis when `REDIS_URL` is set: the same limits as in the
database, shared the same way, and the database again whenever Redis does not answer.

Runs against the Redis of the machine (127.0.0.1:6379, its database 12), as CI provides.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
import redis
import sqlalchemy as sa

from microcred_market.platform import ratelimit
from microcred_market.platform.clock import utcnow
from microcred_market.platform.db import session_scope
from microcred_market.platform.models import RateLimitHit
from microcred_market.settings import reset_settings_cache
from tests.conftest import migrated, sqlite_url

pytestmark = pytest.mark.security

LIMITS_REDIS = "redis://127.0.0.1:6379/12"


@pytest.fixture
def in_redis(monkeypatch: pytest.MonkeyPatch) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(LIMITS_REDIS, socket_timeout=1)
    try:
        client.ping()
    except redis.RedisError:
        pytest.fail("Redis is needed for the shared rate limits (127.0.0.1:6379)")
    client.flushdb()
    _use_redis(monkeypatch, LIMITS_REDIS)
    yield client
    client.flushdb()
    ratelimit._stores.clear()
    reset_settings_cache()


def _use_redis(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("REDIS_URL", url)
    reset_settings_cache()
    ratelimit._stores.clear()


def _rows(url: str) -> int:
    with session_scope(url) as session:
        return session.execute(sa.select(sa.func.count()).select_from(RateLimitHit)).scalar_one()


def _allowed(url: str, action: str, subject: str) -> bool:
    with session_scope(url) as session:
        try:
            ratelimit.check(session, action, subject)
        except ratelimit.RateLimited as error:
            assert 1 <= error.retry_after <= ratelimit.LIMITS[action][1] + 1
            return False
    return True


def test_a_burst_counts_exactly_up_to_the_limit_in_redis_and_writes_no_row(
    fresh_url: str, in_redis: redis.Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(ratelimit.LIMITS, "burst:ip", (25, 60))
    with ThreadPoolExecutor(max_workers=8) as pool:
        allowed = sum(pool.map(lambda _: _allowed(fresh_url, "burst:ip", "192.0.2.1"), range(60)))
    assert allowed == 25
    assert _rows(fresh_url) == 0  # nothing written to the database
    (key,) = in_redis.keys("microcred:ratelimit:*")
    assert key.decode().endswith(":burst:ip:192.0.2.1")
    assert 0 < in_redis.pttl(key) <= 60_000  # forgotten by itself after the window
    assert _allowed(fresh_url, "burst:ip", "192.0.2.2")  # another address has its own count


def test_the_window_slides_and_says_when_to_come_back(
    fresh_url: str, in_redis: redis.Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(ratelimit.LIMITS, "slide:ip", (2, 60))
    start = utcnow()
    now = [start]
    monkeypatch.setattr(ratelimit, "utcnow", lambda: now[0])
    assert _allowed(fresh_url, "slide:ip", "a")
    now[0] = start + timedelta(seconds=20)
    assert _allowed(fresh_url, "slide:ip", "a")
    now[0] = start + timedelta(seconds=30)
    with session_scope(fresh_url) as session, pytest.raises(ratelimit.RateLimited) as refused:
        ratelimit.check(session, "slide:ip", "a")
    assert refused.value.retry_after in (30, 31)  # when the first attempt leaves the window
    now[0] = start + timedelta(seconds=61)
    assert _allowed(fresh_url, "slide:ip", "a")  # the first left; the second still counts
    assert not _allowed(fresh_url, "slide:ip", "a")


def test_two_databases_sharing_one_redis_keep_their_own_counts(
    fresh_url: str, in_redis: redis.Redis, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    other = migrated(sqlite_url(tmp_path / "other.db"))
    monkeypatch.setitem(ratelimit.LIMITS, "shared:ip", (1, 60))
    assert _allowed(fresh_url, "shared:ip", "198.51.100.7")
    assert not _allowed(fresh_url, "shared:ip", "198.51.100.7")
    assert _allowed(other, "shared:ip", "198.51.100.7")


def test_forgetting_an_address_drops_its_counts_in_redis(
    fresh_url: str, in_redis: redis.Redis
) -> None:
    email = "Leaving@Example.org"
    for _ in range(ratelimit.LIMITS["signup:email"][0]):
        assert _allowed(fresh_url, "signup:email", email)
    assert not _allowed(fresh_url, "signup:email", email)
    with session_scope(fresh_url) as session:
        ratelimit.forget(session, email)
    assert in_redis.keys("microcred:ratelimit:*") == []
    assert _allowed(fresh_url, "signup:email", email)


def test_when_redis_does_not_answer_the_database_counts(
    fresh_url: str,
    in_redis: redis.Redis,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    _use_redis(monkeypatch, "redis://127.0.0.1:1/0")  # nothing listens on port 1
    monkeypatch.setitem(ratelimit.LIMITS, "down:ip", (3, 60))
    with caplog.at_level(logging.WARNING, logger=ratelimit.__name__):
        results = [_allowed(fresh_url, "down:ip", "203.0.113.9") for _ in range(5)]
    assert results == [True, True, True, False, False]  # still limited, never an error
    assert _rows(fresh_url) == 3
    # One failed connection pauses Redis for a while, rather than timing out every check.
    assert sum("Redis failed" in record.getMessage() for record in caplog.records) == 1
