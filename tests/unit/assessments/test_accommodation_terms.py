"""Accommodation terms: bounded whole numbers, and the time they give."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microcred_market.assessments import accommodations as acc
from microcred_market.platform.errors import InvalidInput

pytestmark = pytest.mark.assessments

typed = st.one_of(
    st.integers(-50, 1000),
    st.integers(-50, 1000).map(str),
    st.sampled_from(["", " 7 ", "abc", "12.5", "1e3", True, None]),
)


def _as_int(value: object) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return int(str(value).strip() or "0")
    except ValueError:
        return None


@given(typed, typed, typed)
@settings(max_examples=300)
def test_terms_are_within_bounds_or_refused(percent, minutes, attempts) -> None:
    values = [_as_int(v) for v in (percent, minutes, attempts)]
    bounds = (acc.MAX_PERCENT, acc.MAX_MINUTES, acc.MAX_ATTEMPTS)
    fine = all(v is not None and 0 <= v <= hi for v, hi in zip(values, bounds, strict=True))
    if fine and any(values):
        terms = acc.check_terms(percent, minutes, attempts)
        assert (terms.extra_percent, terms.extra_minutes, terms.extra_attempts) == tuple(values)
    else:
        with pytest.raises(InvalidInput):
            acc.check_terms(percent, minutes, attempts)


@given(st.integers(0, 300), st.integers(0, 600), st.integers(1, 240))
def test_more_time_never_less(percent, minutes, limit) -> None:
    terms = acc.Terms(percent, minutes, 0)
    assert terms.limit_seconds(limit) >= limit * 60
    assert acc.NONE.limit_seconds(limit) == limit * 60
    assert acc.Terms(50, 0, 0).limit_seconds(30) == 45 * 60
