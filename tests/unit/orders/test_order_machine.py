"""The order state machine under duplicated and reordered events."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microcred_market.orders import machine as m

pytestmark = pytest.mark.payments

events = st.lists(st.sampled_from(m.EVENTS), max_size=12)


@given(events, st.randoms())
@settings(max_examples=500)
def test_any_order_and_any_duplicates_give_the_same_state(seq, rnd) -> None:
    shuffled = list(seq) + list(seq[: len(seq) // 2])  # duplicates
    rnd.shuffle(shuffled)
    assert m.state_of(shuffled) == m.state_of(seq)


@given(events)
def test_money_is_never_ignored(seq) -> None:
    state = m.state_of(seq)
    if "paid" in seq:
        assert state in ("paid", "refund_requested", "refunded")
    if "refunded" in seq:
        assert state == "refunded"
    if "paid" not in seq and "refunded" not in seq:
        assert state not in m.ENROLLED_STATES


def test_small_cases() -> None:
    assert m.state_of([]) == "pending"
    assert m.state_of(["failed", "paid"]) == "paid"  # a retried card succeeded
    assert m.state_of(["expired", "failed"]) == "expired"
    assert m.state_of(["paid", "refund_requested"]) == "refund_requested"
    assert m.state_of(["refunded", "paid"]) == "refunded"
    with pytest.raises(m.UnknownEvent):
        m.state_of(["teleported"])


def test_every_permutation_of_a_full_history_agrees() -> None:
    history = ["failed", "paid", "refund_requested", "refunded"]
    assert {m.state_of(p) for p in itertools.permutations(history)} == {"refunded"}
