"""Monthly statements add up: for every month and currency net = gross - fee - refunds,
and the months together say what the orders say, whatever the sales and refunds."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microcred_market.orders.payments.base import Payout
from microcred_market.orders.statements import Sale, fee_returned, monthly

pytestmark = [pytest.mark.portal, pytest.mark.payments]

DAYS = st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31))


@st.composite
def sales(draw: st.DrawFn) -> Sale:
    amount = draw(st.integers(min_value=1, max_value=5_000_000))
    fee = draw(st.integers(min_value=0, max_value=amount // 2))
    refunded = draw(st.one_of(st.just(0), st.just(amount), st.integers(0, amount)))
    paid_on = draw(DAYS)
    later = draw(st.integers(min_value=0, max_value=120))
    full = refunded == amount
    return Sale(
        amount_minor=amount,
        fee_minor=fee,
        refunded_minor=refunded,
        currency=draw(st.sampled_from(["PLN", "EUR"])),
        paid_on=paid_on,
        refunded_on=paid_on + timedelta(days=later) if full and refunded else None,
    )


@given(st.lists(sales(), max_size=40))
@settings(max_examples=200, deadline=None)
def test_net_is_gross_less_fee_less_refunds_and_months_add_up(found: list[Sale]) -> None:
    lines = monthly(found)
    for line in lines:
        assert line.net_minor == line.gross_minor - line.fee_minor - line.refunds_minor
        assert line.gross_minor >= 0 and line.refunds_minor >= 0
    for currency in ("PLN", "EUR"):
        mine = [s for s in found if s.currency == currency]
        ours = [line for line in lines if line.currency == currency]
        assert sum(line.gross_minor for line in ours) == sum(s.amount_minor for s in mine)
        assert sum(line.refunds_minor for line in ours) == sum(s.refunded_minor for s in mine)
        kept = sum(s.fee_minor - fee_returned(s) for s in mine)
        assert sum(line.fee_minor for line in ours) == kept
        assert sum(line.sales for line in ours) == len(mine)
        # What the university keeps of each sale never goes below nothing.
        assert sum(line.net_minor for line in ours) >= 0
    months = [(line.month, line.currency) for line in lines]
    assert months == sorted(months, reverse=True) and len(set(months)) == len(months)


@given(sales())
def test_the_fee_comes_back_in_proportion_and_never_more_than_it_was(sale: Sale) -> None:
    back = fee_returned(sale)
    assert 0 <= back <= sale.fee_minor
    if sale.refunded_minor == sale.amount_minor:
        assert back == sale.fee_minor
    if sale.refunded_minor == 0:
        assert back == 0


def test_a_refund_counts_in_the_month_it_went_back_with_the_fee_it_returned() -> None:
    sale = Sale(12_000, 1_800, 12_000, "PLN", date(2026, 10, 30), date(2026, 11, 2))
    other = Sale(10_000, 1_500, 0, "PLN", date(2026, 11, 5), None)
    payout = Payout("po_1", 8_500, "PLN", date(2026, 11, 20), "paid")
    november, october = monthly([sale, other], [payout])
    assert (october.month, october.gross_minor, october.fee_minor, october.net_minor) == (
        "2026-10",
        12_000,
        1_800,
        10_200,
    )
    assert november.month == "2026-11"
    assert (november.gross_minor, november.refunds_minor) == (10_000, 12_000)
    # 1 500 kept on the new sale, 1 800 given back with the refund.
    assert november.fee_minor == -300
    assert november.net_minor == 10_000 + 300 - 12_000
    assert november.payouts_minor == 8_500
