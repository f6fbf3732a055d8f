"""The builder's plain-text fields turn into valid questions, rubrics and pools, and back."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings

from microcred_market.assessments import authoring, forms, quiz
from microcred_market.platform.errors import InvalidInput
from tests.unit.assessments.questions import questions

pytestmark = pytest.mark.assessments


@given(questions)
@settings(max_examples=200)
def test_a_question_read_back_from_its_form_is_valid_and_stable(q) -> None:
    # A form names choices by their text: two choices worded alike are one choice there.
    for side in ("choices", "left", "right"):
        texts = [c["text"] for c in q.get(side, [])]
        assume(len(set(texts)) == len(texts))
    once = forms.question_from_form(forms.question_to_form(q))
    assert quiz.validate_question(once) == []
    assert forms.question_from_form(forms.question_to_form(once)) == once
    assert (once["id"], once["kind"], once["prompt"], once["points"]) == (
        q["id"],
        q["kind"],
        q["prompt"],
        q["points"],
    )


def test_a_single_choice_form() -> None:
    q = forms.question_from_form(
        {
            "kind": "single",
            "id": "q1",
            "prompt": "2 + 2?",
            "points": "2",
            "choices": "3\n4\n\n5",
            "correct": "2",
        }
    )
    assert q["choices"][1] == {"id": "b", "text": "4"} and q["key"] == {"correct": "b"}
    with pytest.raises(InvalidInput, match="1 to 3"):
        forms.question_from_form({"kind": "single", "choices": "a\nb\nc", "correct": "4"})


def test_rubric_and_pools_texts() -> None:
    text = "Quality\n0 | Missing\n2 | Partly\n\n\nClarity\n0 | Unclear\n1 | Clear"
    rubric = forms.rubric_from_text(text)
    assert authoring.clean_rubric(rubric) == rubric
    assert [c["title"] for c in rubric["criteria"]] == ["Quality", "Clarity"]
    assert forms.rubric_from_text(forms.rubric_text(rubric)) == rubric
    with pytest.raises(InvalidInput, match="points | descriptor"):
        forms.rubric_from_text("Quality\nno bar here")
    pools = forms.pools_from_text("Basics | 2 | q1, q2, q3\nHard | 1 | q4")
    assert pools[0] == {"label": "Basics", "questions": ["q1", "q2", "q3"], "draw": 2}
    assert forms.pools_from_text(forms.pools_text(pools)) == pools
    with pytest.raises(InvalidInput):
        forms.pools_from_text("Basics | two | q1")
