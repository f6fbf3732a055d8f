"""The one clock: timezone-aware UTC, as the database stores it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import overload


def utcnow() -> datetime:
    return datetime.now(UTC)


@overload
def aware(moment: datetime) -> datetime: ...


@overload
def aware(moment: None) -> None: ...


def aware(moment: datetime | None) -> datetime | None:
    """The moment as UTC-aware: SQLite hands back what we stored in UTC without a zone,
    and a naive datetime cannot be compared with `utcnow()`."""
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
