"""Sliding-window rate limits kept in the database, so every app instance shares them.

A limit slows an attacker down and then lets go by itself: there is no permanent
lockout that a stranger could use to shut a learner out of their account.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from sqlmodel import Session, col

from microcred_market.platform.clock import aware, utcnow
from microcred_market.platform.errors import DomainError
from microcred_market.platform.models import RateLimitHit


class RateLimited(DomainError):
    code = "rate_limited"

    def __init__(self, retry_after: int) -> None:
        super().__init__("error.platform.rate_limited", n=max(1, -(-retry_after // 60)))
        self.retry_after = retry_after


# action -> (attempts, window in seconds)
LIMITS: dict[str, tuple[int, int]] = {
    "signin:email": (5, 15 * 60),
    "signin:ip": (30, 15 * 60),
    "signup:ip": (10, 60 * 60),
    "signup:email": (3, 60 * 60),
    "reset:email": (3, 60 * 60),
    "reset:ip": (10, 60 * 60),
    "invite:user": (30, 60 * 60),
    # The public verifier: checking JSON costs us milliseconds; a link makes us fetch.
    "verify:ip": (300, 60),
    "verify-link:ip": (60, 60),
}


def check(session: Session, action: str, subject: str) -> None:
    """Count one attempt; raise RateLimited if the window is already full.

    The attempt is recorded in its own transaction: a failed sign-in rolls back the
    caller's work, but it must still count.
    """
    with Session(session.get_bind()) as own:
        _check(own, action, subject)
        # Allowed exception to "services never commit": the attempt must count even when
        # the caller's unit of work rolls back (a failed sign-in).
        own.commit()


def _check(session: Session, action: str, subject: str) -> None:
    limit, window = LIMITS[action]
    key = f"{action}:{subject.lower()[:250]}"
    now = utcnow()
    since = now - timedelta(seconds=window)
    rows = (
        session.execute(
            sa.select(col(RateLimitHit.created_at))
            .where(col(RateLimitHit.key) == key, col(RateLimitHit.created_at) > since)
            .order_by(col(RateLimitHit.created_at))
        )
        .scalars()
        .all()
    )
    if len(rows) >= limit:
        oldest = aware(rows[0])
        retry_after = int((oldest + timedelta(seconds=window) - now).total_seconds()) + 1
        raise RateLimited(retry_after)
    session.add(RateLimitHit(key=key, created_at=now))
    session.flush()


def clear(session: Session, action: str, subject: str) -> None:
    """A successful sign-in forgets the failed attempts for that address."""
    key = f"{action}:{subject.lower()[:250]}"
    with Session(session.get_bind()) as own:
        own.execute(sa.delete(RateLimitHit).where(col(RateLimitHit.key) == key))
        # Allowed exception, as in `check`: the hits live in their own transaction.
        own.commit()


def prune(session: Session, older_than: timedelta = timedelta(days=1)) -> None:
    session.execute(
        sa.delete(RateLimitHit).where(col(RateLimitHit.created_at) < utcnow() - older_than)
    )
