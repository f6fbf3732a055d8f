"""The order state machine, as a pure function of the events an order has seen.

Payment providers deliver events late, twice, or out of order. So the state is not
"the last event" but a function of the *set* of distinct events: applying the same
events in any order, any number of times, gives the same state. Money that arrived is
never ignored: a payment wins over an earlier failure, expiry or cancellation (and the
order is then either enrolled or refunded).

    pending ──paid──▶ paid ──refund_requested──▶ refund_requested ──refunded──▶ refunded
       │  ╲                └───────────────────────────refunded───────────────────▲
       │   failed / expired / cancelled ──paid──▶ paid
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

STATES = ("pending", "paid", "failed", "expired", "cancelled", "refund_requested", "refunded")
EVENTS = ("paid", "failed", "expired", "cancelled", "refund_requested", "refunded")

# Among the "gave up before paying" events, a fixed precedence keeps the result
# independent of arrival order.
_UNPAID_PRECEDENCE = ("cancelled", "expired", "failed")

ENROLLED_STATES = frozenset({"paid", "refund_requested"})
FINAL_STATES = frozenset({"refunded"})


class UnknownEvent(ValueError):
    pass


def state_of(events: Iterable[str]) -> str:
    seen = set()
    for event in events:
        if event not in EVENTS:
            raise UnknownEvent(event)
        seen.add(event)
    if "refunded" in seen:
        return "refunded"
    if "paid" in seen:
        return "refund_requested" if "refund_requested" in seen else "paid"
    for event in _UNPAID_PRECEDENCE:
        if event in seen:
            return event
    return "pending"


def next_state(current_events: Iterable[str], event: str) -> tuple[str, str]:
    """(state before, state after) applying one more event."""
    events = list(current_events)
    return state_of(events), state_of([*events, event])


# ---------------------------------------------------------------- the right of withdrawal

WITHDRAWAL_DAYS = 14


def withdrawal_refusal(
    *,
    paid_at: datetime | None,
    now: datetime,
    assessment_started: bool,
    result_recorded: bool,
) -> str | None:
    """Why a learner may not withdraw from their own order now (a message key), or None.

    The one statement of the rule, used by the refund command and by the pages that
    offer the button: paid, within the period, and neither started (a quiz attempt begun,
    work handed in: `orders.service.start_assessment`) nor assessed. Staff
    and operators may refund regardless; what that does to a credential is decided
    where the refund is recorded, not here.
    """
    if result_recorded:
        return "error.orders.already_assessed"
    if assessment_started:
        return "error.orders.assessment_started"
    if paid_at is not None and now - paid_at > timedelta(days=WITHDRAWAL_DAYS):
        return "error.orders.withdrawal_period_over"
    return None
