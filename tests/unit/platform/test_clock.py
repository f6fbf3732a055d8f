"""Times read back from SQLite carry no zone; they must still compare with now."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from microcred_market.platform.clock import aware, utcnow


def test_a_naive_moment_is_taken_as_utc() -> None:
    naive = datetime(2026, 3, 1, 12, 30)
    assert aware(naive) == datetime(2026, 3, 1, 12, 30, tzinfo=UTC)
    assert aware(naive) < utcnow()


def test_an_aware_moment_and_none_are_left_alone() -> None:
    warsaw = datetime(2026, 3, 1, 13, 30, tzinfo=timezone(timedelta(hours=1)))
    assert aware(warsaw) is warsaw
    assert aware(None) is None
