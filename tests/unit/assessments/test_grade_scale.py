"""A grade is stated on the scale the credential declares: the version's pass mark, not 50.

Hypothesis: whatever the text and the pass mark, an accepted grade is a percentage from 0
to 100 that reaches the mark, and the credential's result description declares that mark.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microcred_market.credentials.issuing import clean_grade
from microcred_market.platform.errors import InvalidInput
from microcred_market.vc import ob3

pytestmark = pytest.mark.assessments

MARKS = st.integers(min_value=0, max_value=100).map(Decimal)
GRADES = st.one_of(
    st.text(max_size=8),
    st.decimals(min_value=-5, max_value=110, places=2).map(str),
    st.integers(min_value=-5, max_value=110).map(lambda n: f"{n} %"),
)
FACTS = ob3.AchievementFacts(
    url="https://market.example/offerings/x",
    title="X",
    description="",
    learning_outcomes=[],
    ects=Decimal(1),
    eqf_level=5,
    language="en",
    assessment_type="test",
    participation_form="online",
    quality_assurance="QA",
)


@given(GRADES, MARKS)
def test_an_accepted_grade_reaches_the_versions_pass_mark(raw: str, mark: Decimal) -> None:
    try:
        grade = clean_grade(raw, mark)
    except InvalidInput:
        return
    if grade is None:
        assert raw.strip() == ""
        return
    assert mark <= Decimal(grade) <= 100


@given(MARKS)
def test_the_declared_pass_mark_is_the_versions(mark: Decimal) -> None:
    outcome = ob3.OutcomeFacts("percent", mark, ("test",), "supervised-online-id")
    declared = ob3.result_description(FACTS, outcome)
    assert declared["resultType"] == "Percent"
    assert Decimal(declared["requiredValue"]) == mark
    assert ob3.OutcomeFacts.from_json(outcome.as_json()) == outcome


def test_decisions_alone_declare_a_passed_level_and_no_number() -> None:
    outcome = ob3.OutcomeFacts("pass_fail", None, ("oral",), "supervised-onsite-id", True)
    declared = ob3.result_description(FACTS, outcome)
    assert declared["resultType"] == "RubricCriterionLevel"
    assert declared["requiredLevel"] == declared["rubricCriterionLevel"][0]["id"]
    assert "requiredValue" not in declared and "valueMax" not in declared
