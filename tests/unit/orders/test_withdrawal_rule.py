"""The right of withdrawal as one rule: over once the learner started or was assessed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from microcred_market.orders.machine import WITHDRAWAL_DAYS, withdrawal_refusal

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)


@given(
    days=st.integers(min_value=0, max_value=60),
    started=st.booleans(),
    assessed=st.booleans(),
)
def test_withdrawal_only_within_the_period_and_before_any_assessment(
    days: int, started: bool, assessed: bool
) -> None:
    refusal = withdrawal_refusal(
        paid_at=NOW - timedelta(days=days),
        now=NOW,
        assessment_started=started,
        result_recorded=assessed,
    )
    if assessed:
        # A recorded result wins over every other reason: it is what the learner must hear.
        assert refusal == "error.orders.already_assessed"
    elif started:
        assert refusal == "error.orders.assessment_started"
    elif days > WITHDRAWAL_DAYS:
        assert refusal == "error.orders.withdrawal_period_over"
    else:
        assert refusal is None
