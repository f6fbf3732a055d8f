"""Rubric scoring, the min_level rule and the second-marker margin, over many cases."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microcred_market.assessments import review
from microcred_market.platform.errors import InvalidInput

pytestmark = pytest.mark.assessments


@st.composite
def rubric_and_scores(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, int]]:
    n = draw(st.integers(1, 6))
    criteria = []
    scores = {}
    for i in range(n):
        points = sorted(draw(st.lists(st.integers(0, 10), min_size=2, max_size=5)))
        criteria.append(
            {
                "id": f"c{i}",
                "title": f"Criterion {i}",
                "levels": [{"points": p, "descriptor": f"level {j}"} for j, p in enumerate(points)],
            }
        )
        scores[f"c{i}"] = draw(st.integers(0, len(points) - 1))
    return {"criteria": criteria}, scores


@given(rubric_and_scores(), st.integers(0, 4))
def test_min_level_passes_exactly_when_every_criterion_reaches_it(case, level: int) -> None:
    rubric, scores = case
    result = review.score_rubric(rubric, {"min_level": level}, review.check_scores(rubric, scores))
    assert result.passed == all(index >= level for index in scores.values())
    assert 0 <= result.percent <= 100
    assert result.max_points == sum(
        max(lv["points"] for lv in c["levels"]) for c in rubric["criteria"]
    )


@given(rubric_and_scores(), st.integers(0, 100))
def test_min_percent_and_min_level_together_need_both(case, percent: int) -> None:
    rubric, scores = case
    rule = {"min_level": 1, "min_percent": percent}
    result = review.score_rubric(rubric, rule, scores)
    expected = all(i >= 1 for i in scores.values()) and result.percent >= percent
    assert result.passed == expected


@given(rubric_and_scores())
def test_a_level_outside_the_rubric_or_a_missing_criterion_is_refused(case) -> None:
    rubric, scores = case
    too_high = {**scores, "c0": len(rubric["criteria"][0]["levels"])}
    with pytest.raises(InvalidInput):
        review.check_scores(rubric, too_high)
    with pytest.raises(InvalidInput):
        review.check_scores(rubric, {**scores, "c0": -1})
    with pytest.raises(InvalidInput):
        review.check_scores(rubric, {k: v for k, v in scores.items() if k != "c0"})
    with pytest.raises(InvalidInput):
        review.check_scores(rubric, {**scores, "elsewhere": 0})


@given(
    st.decimals(0, 100, places=2),
    st.decimals(0, 100, places=2),
    st.one_of(st.none(), st.integers(0, 30)),
)
def test_a_second_marker_only_inside_the_margin(percent: Decimal, mark: Decimal, margin) -> None:
    needed = review.needs_second_marker(percent, mark, margin)
    assert needed == (margin is not None and abs(percent - mark) <= margin)


def test_the_pass_mark_of_a_min_level_rule_is_the_paper_exactly_at_that_level() -> None:
    rubric = {
        "criteria": [
            {"id": "a", "levels": [{"points": 0}, {"points": 3}, {"points": 5}]},
            {"id": "b", "levels": [{"points": 0}, {"points": 1}, {"points": 5}]},
        ]
    }
    assert review.pass_mark(rubric, {"min_level": 1}) == Decimal("40.00")
    assert review.pass_mark(rubric, {"min_percent": 65}) == 65
