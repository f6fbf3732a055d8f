"""Sliding-window rate limits that every app instance shares.

A limit slows an attacker down and then lets go by itself: there is no permanent
lockout that a stranger could use to shut a learner out of their account.

The counts live in Redis when `REDIS_URL` is set (production's layout: the instances
share it already) and in the database otherwise. A check runs before every catalogue
search from the pages, so it must cost far less than the search: in the database it is
a transaction of its own with a commit (3.5 ms on PostgreSQL here), in Redis one script
call, 0.35 ms (`benchmarks/ratelimit.py`). Redis keys are named after the database, so two
deployments (or two test databases) sharing one Redis never share counts. If Redis does
not answer, the check falls back to the database: a limit must not take the pages down.
"""

from __future__ import annotations

import hashlib
import logging
import math
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import redis
import sqlalchemy as sa
from sqlmodel import Session, col

from microcred_market.platform.clock import aware, utcnow
from microcred_market.platform.errors import DomainError
from microcred_market.platform.models import RateLimitHit
from microcred_market.settings import get_settings

log = logging.getLogger(__name__)


class RateLimited(DomainError):
    code = "rate_limited"

    def __init__(self, retry_after: int) -> None:
        super().__init__("error.platform.rate_limited", n=max(1, -(-retry_after // 60)))
        self.retry_after = retry_after


# action -> (attempts, window in seconds)
LIMITS: dict[str, tuple[int, int]] = {
    "signup:ip": (10, 60 * 60),
    "signup:email": (3, 60 * 60),
    "reset:email": (3, 60 * 60),
    "reset:ip": (10, 60 * 60),
    "invite:user": (30, 60 * 60),
    # The public verifier: checking JSON costs us milliseconds; a link makes us fetch.
    "verify:ip": (300, 60),
    "verify-link:ip": (60, 60),
    # The catalogue search from the pages: a human types and clicks far below this.
    "search:ip": (300, 60),
}


def check(session: Session, action: str, subject: str) -> None:
    """Count one attempt; raise RateLimited if the window is already full.

    The attempt is recorded outside the caller's transaction (in Redis, or in one of its
    own): a failed sign-in rolls back the caller's work, but it must still count.
    """
    key = _key(action, subject)
    counts = _redis_counts()
    if counts is not None:
        try:
            retry_after = counts.attempt(_namespace(session) + key, *LIMITS[action])
        except redis.RedisError as error:
            _redis_failed(counts, error)
        else:
            if retry_after:
                raise RateLimited(retry_after)
            return
    with Session(session.get_bind()) as own:
        _check(own, action, subject)
        # Allowed exception to "services never commit": the attempt must count even when
        # the caller's unit of work rolls back (a failed sign-in).
        own.commit()


def _key(action: str, subject: str) -> str:
    return f"{action}:{subject.lower()[:250]}"


def _check(session: Session, action: str, subject: str) -> None:
    limit, window = LIMITS[action]
    key = _key(action, subject)
    now = utcnow()
    since = now - timedelta(seconds=window)
    if session.get_bind().dialect.name == "postgresql":
        # Concurrent checks of one key (a burst of page events, several app instances)
        # take turns, so a burst cannot slip past the count.
        session.execute(sa.select(sa.func.pg_advisory_xact_lock(_lock_id(key))))
    hits = RateLimitHit.__table__  # type: ignore[attr-defined]
    recent = (
        sa.select(sa.func.count())
        .select_from(hits)
        .where(hits.c.key == key, hits.c.created_at > since)
        .scalar_subquery()
    )
    # Count and record in one statement: SQLite runs it under its write lock, atomically.
    inserted = session.execute(
        sa.insert(hits)
        .from_select(
            ["key", "created_at"],
            sa.select(sa.literal(key), sa.literal(now, type_=hits.c.created_at.type)).where(
                recent < limit
            ),
        )
        .returning(hits.c.id)
    ).first()
    if inserted is not None:
        return
    oldest = session.execute(
        sa.select(sa.func.min(hits.c.created_at)).where(
            hits.c.key == key, hits.c.created_at > since
        )
    ).scalar_one()
    retry_after = int((aware(oldest) + timedelta(seconds=window) - now).total_seconds()) + 1
    raise RateLimited(max(1, retry_after))


def _lock_id(key: str) -> int:
    return int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big", signed=True)


def clear(session: Session, action: str, subject: str) -> None:
    """Forget the attempts counted for `subject` (both stores: a fallback may have used
    the database while Redis was away)."""
    key = _key(action, subject)
    _redis_delete(session, [key])
    with Session(session.get_bind()) as own:
        own.execute(sa.delete(RateLimitHit).where(col(RateLimitHit.key) == key))
        # Allowed exception, as in `check`: the hits live in their own transaction.
        own.commit()


def forget(session: Session, subject: str) -> None:
    """Drop every count kept under `subject` (a deleted account's address)."""
    ending = ":" + subject.lower()[:250]
    _redis_delete(session, [_key(action, subject) for action in LIMITS])
    session.execute(
        sa.delete(RateLimitHit).where(col(RateLimitHit.key).endswith(ending, autoescape=True))
    )


def prune(session: Session, older_than: timedelta = timedelta(days=1)) -> None:
    session.execute(
        sa.delete(RateLimitHit).where(col(RateLimitHit.created_at) < utcnow() - older_than)
    )


# ---------------------------------------------------------------- counts in Redis

# Count and record in one step, atomically (a Lua script runs alone): drop what left the
# window, and add this attempt only if the window has room. Returns -1 when allowed, else
# the time (ms) of the oldest attempt still counted, which says when room opens again.
_SLIDING_WINDOW = """
local key, now, window, limit = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
if redis.call('ZCARD', key) < limit then
  redis.call('ZADD', key, now, ARGV[4])
  redis.call('PEXPIRE', key, window)
  return -1
end
return tonumber(redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')[2])
"""
_REDIS_PREFIX = "microcred:ratelimit:"
_REDIS_TIMEOUT = 0.25  # seconds; longer and the database answers faster
_REDIS_PAUSE = 30.0  # seconds the database is used after Redis failed


class _RedisCounts:
    def __init__(self, url: str) -> None:
        self.client = redis.Redis.from_url(
            url, socket_timeout=_REDIS_TIMEOUT, socket_connect_timeout=_REDIS_TIMEOUT
        )
        self.script = self.client.register_script(_SLIDING_WINDOW)
        self.paused_until = 0.0

    def attempt(self, key: str, limit: int, window: int) -> int:
        """Seconds to wait (0: counted and allowed)."""
        now = int(utcnow().timestamp() * 1000)
        oldest = int(self.script(keys=[key], args=[now, window * 1000, limit, _member(now)]))
        if oldest < 0:
            return 0
        return max(1, (oldest + window * 1000 - now) // 1000 + 1)


def _member(now: int) -> str:
    return f"{now}:{uuid.uuid4().hex}"  # two attempts in one millisecond both count


_stores: dict[str, _RedisCounts] = {}
_stores_lock = threading.Lock()
_namespaces: dict[str, str] = {}


def _redis_counts() -> _RedisCounts | None:
    url = get_settings().redis_url
    if not url:
        return None
    with _stores_lock:
        counts = _stores.get(url)
        if counts is None:
            counts = _stores[url] = _RedisCounts(url)
    if counts.paused_until > utcnow().timestamp():
        return None
    return counts


def _redis_failed(counts: _RedisCounts, error: Exception) -> None:
    counts.paused_until = utcnow().timestamp() + _REDIS_PAUSE
    log.warning(
        "Rate limits counted in the database for %.0f s: Redis failed (%s)", _REDIS_PAUSE, error
    )


def _namespace(session: Session) -> str:
    bind = session.get_bind()
    url = (bind if isinstance(bind, sa.Engine) else bind.engine).url
    name = url.render_as_string(hide_password=True)
    found = _namespaces.get(name)
    if found is None:
        digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:16]
        found = _namespaces[name] = f"{_REDIS_PREFIX}{digest}:"
    return found


def _redis_delete(session: Session, keys: list[str]) -> None:
    counts = _redis_counts()
    if counts is None:
        return
    space = _namespace(session)
    try:
        counts.client.delete(*[space + key for key in keys])
    except redis.RedisError as error:
        _redis_failed(counts, error)


# ---------------------------------------------------------------- password throttling
#
# A count of attempts per account (the limit above, before) let anybody shut the owner
# out: five wrong guesses and the right password was refused for 15 minutes. Here only
# failures count, and they count against the client address that made them and against
# the account. Each grants a growing delay instead of a lock-out, and the account's delay
# only holds back addresses that have failed themselves, so an owner typing the right
# password from a clean address is never refused, however hard someone else is guessing.


@dataclass(frozen=True)
class Backoff:
    """`free` failures cost nothing; each further one doubles the wait, up to `cap`."""

    free: int
    base: float
    cap: float
    window: int  # seconds after which a failure is forgotten

    def delay(self, failures: int) -> float:
        if failures < self.free:
            return 0.0
        return min(self.cap, self.base * 2 ** min(failures - self.free, 40))


# One address guessing: 10 tries for nothing, then 1 s, 2 s, 4 s ... at most 15 minutes.
ADDRESS_BACKOFF = Backoff(free=10, base=1.0, cap=15 * 60, window=60 * 60)
# Many addresses guessing one account: 5 for nothing, then 1 s ... at most 5 minutes.
ACCOUNT_BACKOFF = Backoff(free=5, base=1.0, cap=5 * 60, window=60 * 60)


@dataclass(frozen=True)
class Failures:
    """Failures within the window and when the last one happened (None: no failures)."""

    count: int = 0
    last: datetime | None = None


def password_wait(now: datetime, address: Failures, account: Failures) -> float:
    """Seconds this address must wait before its next password is checked (0: go ahead).

    The rule, tested as a property: an address without failures never waits; one with
    failures waits out its own backoff and the account's, each counted from its last
    failure, and never longer than the larger cap.
    """
    if address.count == 0 or address.last is None:
        return 0.0
    waits = [
        (address.last - now).total_seconds() + ADDRESS_BACKOFF.delay(address.count),
    ]
    if account.count and account.last is not None:
        waits.append((account.last - now).total_seconds() + ACCOUNT_BACKOFF.delay(account.count))
    return max(0.0, *waits)


class TooManyPasswordAttempts(RateLimited):
    """Says when to try again, in seconds for short waits (the backoff starts at 1 s)."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        if retry_after < 60:
            self.key = "error.platform.password_retry_seconds"
            self.params = {"n": max(1, retry_after)}


def _failure_keys(scope: str, account: str, address: str) -> tuple[str, str]:
    # The account is kept as a hash: a rate-limit row must not hold an e-mail address
    # (it would outlive "delete my account").
    digest = hashlib.sha256(account.strip().lower().encode("utf-8", "surrogatepass")).hexdigest()
    return f"pw-fail:{scope}:addr:{address[:200]}", f"pw-fail:{scope}:acct:{digest[:40]}"


def _failures(session: Session, key: str, window: int, now: datetime) -> Failures:
    count, last = session.execute(
        sa.select(sa.func.count(), sa.func.max(col(RateLimitHit.created_at))).where(
            col(RateLimitHit.key) == key,
            col(RateLimitHit.created_at) > now - timedelta(seconds=window),
        )
    ).one()
    return Failures(int(count), aware(last) if last is not None else None)


def check_password_attempt(session: Session, account: str, address: str) -> None:
    """Raise TooManyPasswordAttempts if this address must still wait; records nothing.

    `account` names what the password unlocks (the typed e-mail address); every password
    check (sign-in, change of e-mail or password, deletion) shares one count, so a stolen
    session gains no extra guesses.
    """
    address_key, account_key = _failure_keys("password", account, address or "unknown")
    now = utcnow()
    wait = password_wait(
        now,
        _failures(session, address_key, ADDRESS_BACKOFF.window, now),
        _failures(session, account_key, ACCOUNT_BACKOFF.window, now),
    )
    if wait > 0:
        raise TooManyPasswordAttempts(math.ceil(wait))


def record_password_failure(session: Session, account: str, address: str) -> None:
    """Count a wrong password against the address and the account, whatever the caller does."""
    now = utcnow()
    with Session(session.get_bind()) as own:
        for key in _failure_keys("password", account, address or "unknown"):
            own.add(RateLimitHit(key=key, created_at=now))
        # Allowed exception, as in `check`: the failure must count although the caller's
        # unit of work rolls back with the error it raises.
        own.commit()
