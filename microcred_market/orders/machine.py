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
