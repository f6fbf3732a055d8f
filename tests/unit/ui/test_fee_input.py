"""The fee an operator sees in the input is the fee that is set (10 % reads "10", not "1")."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from microcred_market.ui.pages.orders.fees import _plain


@given(st.integers(min_value=0, max_value=5000))
def test_the_input_reads_back_as_the_fee_that_is_set(basis_points: int) -> None:
    text = _plain(basis_points)
    assert Decimal(text) * 100 == basis_points
    assert not text.endswith(".") and ("." not in text or not text.endswith("0"))


def test_whole_percentages_keep_their_zeros() -> None:
    assert [_plain(b) for b in (0, 1000, 5000, 1250)] == ["0", "10", "50", "12.5"]
