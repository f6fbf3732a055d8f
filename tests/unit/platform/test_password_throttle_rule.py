"""The password throttle's rule, over every mix of failures and times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from microcred_market.platform.ratelimit import (
    ACCOUNT_BACKOFF,
    ADDRESS_BACKOFF,
    Failures,
    password_wait,
)

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
CAP = max(ADDRESS_BACKOFF.cap, ACCOUNT_BACKOFF.cap)


def failures(max_count: int = 500) -> st.SearchStrategy[Failures]:
    return st.builds(
        lambda n, ago: Failures(n, NOW - timedelta(seconds=ago) if n else None),
        st.integers(0, max_count),
        st.floats(0, 2 * 3600),
    )


@given(account=failures())
def test_an_address_that_never_failed_is_never_held_back(account: Failures) -> None:
    assert password_wait(NOW, Failures(), account) == 0


@given(address=failures(), account=failures())
def test_the_wait_is_bounded_and_ends(address: Failures, account: Failures) -> None:
    wait = password_wait(NOW, address, account)
    assert 0 <= wait <= CAP
    assert password_wait(NOW + timedelta(seconds=CAP), address, account) == 0


@given(address=failures(), account=failures(), more=st.integers(1, 50))
def test_more_failures_never_mean_less_waiting(
    address: Failures, account: Failures, more: int
) -> None:
    if address.count == 0:
        return
    wait = password_wait(NOW, address, account)
    worse_address = Failures(address.count + more, address.last)
    worse_account = Failures(account.count + more, account.last or NOW)
    assert password_wait(NOW, worse_address, account) >= wait
    assert password_wait(NOW, address, worse_account) >= wait


@given(count=st.integers(0, ADDRESS_BACKOFF.free - 1), account=failures(ACCOUNT_BACKOFF.free - 1))
def test_a_few_typing_mistakes_cost_nothing(count: int, account: Failures) -> None:
    assert password_wait(NOW, Failures(count, NOW), account) == 0
