"""Quiz rules a learner would notice: a right answer gets every point, a wrong one none,
partial credit adds up, the paper is the same after a reload, and the browser never gets
the key; and whatever arrives over the websocket is either a stored answer or a refusal.
"""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microcred_market.assessments import quiz
from microcred_market.platform import i18n
from microcred_market.platform.errors import InvalidInput
from tests.unit.assessments.questions import any_answer, correct_answer, questions

pytestmark = pytest.mark.assessments

FAST = settings(max_examples=60, deadline=None)
KNOWN_KEYS = i18n.catalogue("en")
VIEW_FIELDS = {"id", "kind", "prompt", "points", "choices", "left", "right", "text"}
VIEW_FIELDS |= {"max_length", "max_words"}
SECRET_NAMES = ("key", "correct", "accepted", "pairs", "order", "partial", "value", "tolerance")


def _q(kind: str, **parts: Any) -> dict[str, Any]:
    q = {"id": "q1", "kind": kind, "prompt": "Which?", "points": 3}
    q.update(parts)
    return q


def _choices(*ids: str) -> list[dict[str, str]]:
    return [{"id": i, "text": f"Choice {i}"} for i in ids]


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | set().union(*(_keys(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(_keys(v) for v in value))
    return set()


# ---------------------------------------------------------------- grading


@FAST
@given(q=questions, data=st.data())
def test_generated_questions_are_valid_and_grade_within_zero_and_max(q: Any, data: Any) -> None:
    assert quiz.validate_question(q) == []
    answer = quiz.clean_answer(q, data.draw(any_answer(q)))
    score = quiz.grade(q, answer)
    assert Decimal(0) <= score.points <= score.max_points == q["points"]
    assert score.points == score.points.quantize(Decimal("0.01"))
    assert score.needs_marking == (q["kind"] == "essay" and answer is not None)


@FAST
@given(q=questions)
def test_a_correct_answer_always_gets_full_points(q: Any) -> None:
    if q["kind"] == "essay":
        return
    score = quiz.grade(q, quiz.clean_answer(q, correct_answer(q)))
    assert score.points == q["points"]
    assert not score.needs_marking


@FAST
@given(q=questions, data=st.data())
def test_choice_order_never_changes_the_grade(q: Any, data: Any) -> None:
    """The learner answers by id in whatever order the attempt shows; the grade follows ids."""
    raw = data.draw(any_answer(q))
    expected = quiz.grade(q, quiz.clean_answer(q, raw))
    [drawn] = quiz.draw(
        [{"label": "p", "questions": [q["id"]], "draw": 1}], data.draw(st.integers()), {q["id"]: q}
    )
    view = quiz.public_view(q, drawn.choice_order)
    if "choices" in view:
        assert sorted(c["id"] for c in view["choices"]) == sorted(c["id"] for c in q["choices"])
    if q["kind"] == "multiple" and raw:
        raw = data.draw(st.permutations(raw))
    assert quiz.grade(q, quiz.clean_answer(q, raw)) == expected


def test_multiple_choice_partial_credit_takes_off_for_wrong_choices() -> None:
    q = _q(
        "multiple",
        choices=_choices("a", "b", "c", "d"),
        key={"correct": ["a", "b", "c"], "partial": True},
    )
    assert quiz.grade(q, ["a"]).points == Decimal("1.00")
    assert quiz.grade(q, ["a", "b"]).points == Decimal("2.00")
    assert quiz.grade(q, ["a", "d"]).points == Decimal("0.00")
    assert quiz.grade(q, ["a", "b", "d"]).points == Decimal("1.00")
    assert quiz.grade(q, ["d"]).points == Decimal("0.00")  # floor 0, never negative
    strict = copy.deepcopy(q)
    strict["key"]["partial"] = False
    assert quiz.grade(strict, ["a", "b"]).points == 0
    assert quiz.grade(strict, ["a", "b", "c"]).points == 3
    assert quiz.grade(strict, ["a", "b", "c", "d"]).points == 0


def test_thirds_of_a_point_add_up_to_the_whole_point() -> None:
    q = _q(
        "multiple",
        points=1,
        choices=_choices("a", "b", "c"),
        key={"correct": ["a", "b", "c"], "partial": True},
    )
    assert quiz.grade(q, ["a"]).points == Decimal("0.33")
    assert quiz.grade(q, ["a", "b", "c"]).points == Decimal("1.00")


def test_matching_gives_credit_per_right_pair() -> None:
    q = _q(
        "matching",
        points=4,
        left=_choices("l1", "l2", "l3", "l4"),
        right=_choices("r1", "r2", "r3", "r4", "r5"),
        key={"pairs": {"l1": "r1", "l2": "r2", "l3": "r3", "l4": "r4"}},
    )
    assert quiz.grade(q, {"l1": "r1", "l2": "r2", "l3": "r5"}).points == 2
    assert quiz.grade(q, quiz.clean_answer(q, {"l1": "r1", "l2": None})).points == 1


@pytest.mark.parametrize(
    ("typed", "accepted"),
    [
        ("ZAŻÓŁĆ", "zazolc"),
        ("zazolc", "Zażółć"),
        ("  warszawa  ", "Warszawa"),
        ("Łódź", "lodz"),
        ("gęślą   jaźń", "gesla jazn"),
    ],
)
def test_short_text_ignores_case_diacritics_and_spacing(typed: str, accepted: str) -> None:
    q = _q("text", key={"accepted": ["Warsaw", accepted]})
    assert quiz.grade(q, quiz.clean_answer(q, typed)).points == 3


def test_short_text_is_still_checked() -> None:
    q = _q("text", key={"accepted": ["Warszawa"]})
    assert quiz.grade(q, "Kraków").points == 0
    assert quiz.grade(q, "Warszawa Kraków").points == 0


@given(
    value=st.decimals(min_value=-1000, max_value=1000, places=2),
    tolerance=st.decimals(min_value=0, max_value=5, places=2),
    comma=st.booleans(),
)
def test_numeric_tolerance_is_inclusive_at_the_boundary(
    value: Decimal, tolerance: Decimal, comma: bool
) -> None:
    q = _q("numeric", key={"value": format(value, "f"), "tolerance": format(tolerance, "f")})

    def typed(x: Decimal) -> str:
        text = format(x, "f")
        return text.replace(".", ",") if comma else text

    for inside in (value - tolerance, value + tolerance, value):
        assert quiz.grade(q, quiz.clean_answer(q, typed(inside))).points == 3
    for outside in (value - tolerance - Decimal("0.001"), value + tolerance + Decimal("0.001")):
        assert quiz.grade(q, quiz.clean_answer(q, typed(outside))).points == 0


def test_numeric_without_tolerance_is_exact() -> None:
    q = _q("numeric", key={"value": "3.14"})
    assert quiz.grade(q, quiz.clean_answer(q, "3,140")).points == 3
    assert quiz.grade(q, quiz.clean_answer(q, "3.141")).points == 0


def test_ordering_and_truefalse_are_all_or_nothing() -> None:
    q = _q("ordering", choices=_choices("a", "b", "c"), key={"order": ["c", "a", "b"]})
    assert quiz.grade(q, ["c", "a", "b"]).points == 3
    assert quiz.grade(q, ["c", "b", "a"]).points == 0
    tf = _q("truefalse", key={"correct": False})
    assert quiz.grade(tf, False).points == 3
    assert quiz.grade(tf, True).points == 0
    assert quiz.grade(tf, None).points == 0


def test_an_essay_waits_for_an_assessor_and_the_paper_says_so() -> None:
    essay = _q("essay", id="e", points=10, key={})
    single = _q("single", id="s", points=5, choices=_choices("a", "b"), key={"correct": "a"})
    paper = quiz.score_paper([essay, single], {"e": "My essay.", "s": "a"})
    assert paper == quiz.PaperScore(Decimal("5.00"), 15, Decimal("33.33"), pending_marking=True)
    marked = quiz.score_paper([essay, single], {"e": "My essay.", "s": "a"}, {"e": Decimal("7.5")})
    assert marked == quiz.PaperScore(Decimal("12.50"), 15, Decimal("83.33"), pending_marking=False)
    blank = quiz.score_paper([essay, single], {})
    assert blank.points == 0 and not blank.pending_marking
    with pytest.raises(InvalidInput):
        quiz.score_paper([essay], {"e": "x"}, {"e": Decimal(11)})


# ---------------------------------------------------------------- drawing a paper


pool_sizes = st.lists(st.tuples(st.integers(1, 8), st.integers(0, 8)), min_size=1, max_size=4)


@FAST
@given(sizes=pool_sizes, seed=st.integers() | st.binary(max_size=16))
def test_draw_is_the_same_for_a_seed_and_takes_n_distinct_from_each_pool(
    sizes: Any, seed: Any
) -> None:
    pools = []
    bank: dict[str, dict[str, Any]] = {}
    for p, (size, n) in enumerate(sizes):
        ids = [f"p{p}q{i}" for i in range(size)]
        pools.append({"label": f"Pool {p}", "questions": ids, "draw": min(n, size) or 1})
        for i, qid in enumerate(ids):
            if i % 2:
                bank[qid] = _q(
                    "ordering", id=qid, choices=_choices("a", "b"), key={"order": ["a", "b"]}
                )
            else:
                bank[qid] = _q(
                    "single", id=qid, choices=_choices("a", "b", "c", "d"), key={"correct": "a"}
                )
    assert quiz.validate_pools(pools, bank) == []
    paper = quiz.draw(pools, seed, bank)
    assert paper == quiz.draw(pools, seed, bank)  # a reload shows the same paper
    ids = [d.question_id for d in paper]
    assert len(ids) == len(set(ids))
    for pool in pools:
        assert len(set(ids) & set(pool["questions"])) == pool["draw"]
    for d in paper:
        q = bank[d.question_id]
        assert sorted(d.choice_order or []) == sorted(c["id"] for c in q["choices"])
        if q["kind"] == "ordering":
            assert d.choice_order != q["key"]["order"]  # the shown order never gives it away


def test_different_seeds_give_different_papers() -> None:
    pools = [{"label": "All", "questions": [f"q{i}" for i in range(30)], "draw": 10}]
    papers = {tuple(d.question_id for d in quiz.draw(pools, seed, {})) for seed in range(20)}
    assert len(papers) == 20


def test_truefalse_numeric_and_text_keep_no_choice_order() -> None:
    bank = {
        "t": _q("truefalse", id="t", key={"correct": True}),
        "n": _q("numeric", id="n", key={"value": "1"}),
    }
    paper = quiz.draw([{"label": "x", "questions": ["t", "n"], "draw": 2}], 7, bank)
    assert [d.choice_order for d in paper] == [None, None]


@pytest.mark.parametrize(
    ("pools", "problem"),
    [
        (
            [{"label": "A", "questions": ["q1", "q2"], "draw": 3}],
            "error.assessments.pool_draw_range",
        ),
        (
            [{"label": "A", "questions": ["q1", "zz"], "draw": 1}],
            "error.assessments.pool_question_unknown",
        ),
        (
            [
                {"label": "A", "questions": ["q1"], "draw": 1},
                {"label": "B", "questions": ["q1", "q2"], "draw": 1},
            ],
            "error.assessments.pool_question_twice",
        ),
        ([{"label": "A", "questions": [], "draw": 1}], "error.assessments.pool_empty"),
        ([{"label": "", "questions": ["q1"], "draw": 1}], "error.assessments.text_missing"),
        ([], "error.assessments.pools_missing"),
        ("pools", "error.assessments.pools_missing"),
    ],
)
def test_pools_that_would_make_attempts_unequal_are_refused(pools: Any, problem: str) -> None:
    assert problem in {p.key for p in quiz.validate_pools(pools, {"q1", "q2", "q3"})}


def test_draw_refuses_pools_that_do_not_add_up() -> None:
    with pytest.raises(InvalidInput):
        quiz.draw([{"label": "A", "questions": ["q1"], "draw": 2}], 1, {})


# ---------------------------------------------------------------- what the browser gets


@FAST
@given(q=questions, seed=st.integers())
def test_public_view_carries_no_key_and_only_allowed_fields(q: Any, seed: int) -> None:
    q = dict(q, secret_note="for staff")  # a field the format gains later stays on the server
    [drawn] = quiz.draw([{"label": "p", "questions": [q["id"]], "draw": 1}], seed, {q["id"]: q})
    view = quiz.public_view(q, drawn.choice_order)
    assert _keys(view) <= VIEW_FIELDS
    serialised = json.dumps(view)
    for name in SECRET_NAMES:
        assert f'"{name}"' not in serialised
    assert "for staff" not in serialised
    if q["kind"] in ("text", "numeric", "truefalse", "essay"):
        # Nothing but the prompt carries words, so no accepted answer or value can travel.
        assert set(view) <= {"id", "kind", "prompt", "points", "max_length", "max_words"}


def test_ordering_is_never_shown_in_the_authored_order() -> None:
    q = _q("ordering", choices=_choices("a", "b", "c"), key={"order": ["a", "b", "c"]})
    with pytest.raises(ValueError):
        quiz.public_view(q, None)
    view = quiz.public_view(q, ["b", "c", "a"])
    assert [c["id"] for c in view["choices"]] == ["b", "c", "a"]


def test_public_view_refuses_an_order_that_drops_a_choice() -> None:
    q = _q("single", choices=_choices("a", "b", "c"), key={"correct": "a"})
    with pytest.raises(ValueError):
        quiz.public_view(q, ["a", "b"])
    with pytest.raises(ValueError):
        quiz.public_view(q, ["a", "a", "b"])


# ---------------------------------------------------------------- answers from outside

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=30)
    | st.sampled_from(["a", "b", "l1", "r1", "3,14", "", " ", "\ud800", "x" * 600, "1e999999"]),
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(st.text(max_size=5) | st.sampled_from(["a", "l1"]), children, max_size=5)
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(q=questions, raw=json_values)
def test_clean_answer_turns_any_json_into_an_answer_or_a_refusal(q: Any, raw: Any) -> None:
    try:
        answer = quiz.clean_answer(q, raw)
    except InvalidInput as error:
        assert error.key in KNOWN_KEYS
        return
    assert quiz.clean_answer(q, answer) == answer  # what is stored reads back the same
    assert 0 <= quiz.grade(q, answer).points <= q["points"]
    json.dumps(answer)


@settings(max_examples=200, deadline=None)
@given(raw=json_values)
def test_validate_question_reports_any_json_without_failing(raw: Any) -> None:
    problems = quiz.validate_question(raw)
    assert problems
    assert {p.key for p in problems} <= set(KNOWN_KEYS)


@pytest.mark.parametrize(
    ("kind", "raw", "key"),
    [
        ("single", "z", "error.assessments.answer_choice_unknown"),
        ("single", ["a"], "error.assessments.answer_invalid"),
        ("multiple", ["a", "a"], "error.assessments.answer_invalid"),
        ("multiple", ["a", "z"], "error.assessments.answer_choice_unknown"),
        ("multiple", [{"a": 1}], "error.assessments.answer_invalid"),
        ("truefalse", "true", "error.assessments.answer_invalid"),
        ("truefalse", 1, "error.assessments.answer_invalid"),
        ("numeric", "pi", "error.assessments.answer_not_a_number"),
        ("numeric", "1e5", "error.assessments.answer_not_a_number"),
        ("numeric", "NaN", "error.assessments.answer_not_a_number"),
        ("numeric", "1" * 41, "error.assessments.answer_too_long"),
        ("text", "x" * 501, "error.assessments.answer_too_long"),
        ("text", {"$ne": ""}, "error.assessments.answer_invalid"),
        ("essay", "x" * 20001, "error.assessments.answer_too_long"),
        ("essay", "one two three four", "error.assessments.answer_too_many_words"),
        ("matching", {"l1": "zz"}, "error.assessments.answer_choice_unknown"),
        ("matching", {"l1": ["r1"]}, "error.assessments.answer_invalid"),
        ("matching", [["l1", "r1"]], "error.assessments.answer_invalid"),
        ("ordering", ["a", "b"], "error.assessments.answer_order_incomplete"),
        ("ordering", ["a", "a", "b"], "error.assessments.answer_order_incomplete"),
    ],
)
def test_answers_an_attacker_might_send_are_refused_with_a_reason(
    kind: str, raw: Any, key: str
) -> None:
    bank = {
        "single": _q("single", choices=_choices("a", "b"), key={"correct": "a"}),
        "multiple": _q(
            "multiple", choices=_choices("a", "b", "c"), key={"correct": ["a"], "partial": False}
        ),
        "truefalse": _q("truefalse", key={"correct": True}),
        "numeric": _q("numeric", key={"value": "3.14"}),
        "text": _q("text", key={"accepted": ["x"]}),
        "essay": _q("essay", max_words=3, key={}),
        "matching": _q(
            "matching",
            left=_choices("l1", "l2"),
            right=_choices("r1", "r2"),
            key={"pairs": {"l1": "r1", "l2": "r2"}},
        ),
        "ordering": _q("ordering", choices=_choices("a", "b", "c"), key={"order": ["a", "b", "c"]}),
    }
    with pytest.raises(InvalidInput) as refused:
        quiz.clean_answer(bank[kind], raw)
    assert refused.value.key == key


def test_blank_answers_are_stored_as_none_and_answers_canonically() -> None:
    multiple = _q(
        "multiple", choices=_choices("a", "b", "c"), key={"correct": ["a"], "partial": False}
    )
    assert quiz.clean_answer(multiple, []) is None
    assert quiz.clean_answer(multiple, ["c", "a"]) == ["a", "c"]
    numeric = _q("numeric", key={"value": "3.14"})
    assert quiz.clean_answer(numeric, " 3,14 ") == "3.14"
    assert quiz.clean_answer(numeric, "") is None
    assert quiz.clean_answer(numeric, 2) == "2"
    assert quiz.clean_answer(_q("text", key={"accepted": ["x"]}), "   ") is None
    assert quiz.clean_answer(_q("essay", key={}), "  My essay  ") == "My essay"
    pasted = "First\r\nSecond\x00third\x0cfourth\tend"
    assert quiz.clean_answer(_q("essay", key={}), pasted) == "First\nSecond third fourth\tend"


# ---------------------------------------------------------------- checking a question


def _valid() -> dict[str, Any]:
    return _q("single", choices=_choices("a", "b", "c"), key={"correct": "a"})


def _set(q: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    q = copy.deepcopy(q)
    *parents, last = path.split(".")
    target: Any = q
    for part in parents:
        target = target[int(part)] if isinstance(target, list) else target[part]
    if isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value
    return q


@pytest.mark.parametrize(
    ("path", "value", "problem"),
    [
        ("kind", "poll", "error.assessments.kind_unknown"),
        ("id", "", "error.assessments.id_missing"),
        ("id", "x" * 65, "error.assessments.id_invalid"),
        ("id", "has space", "error.assessments.id_invalid"),
        ("prompt", "   ", "error.assessments.text_missing"),
        ("prompt", "x" * 4001, "error.assessments.text_too_long"),
        ("prompt", "bell\x07", "error.assessments.text_bad_characters"),
        ("points", 0, "error.assessments.points_range"),
        ("points", 101, "error.assessments.points_range"),
        ("points", True, "error.assessments.points_range"),
        ("choices.1.id", "a", "error.assessments.choice_id_duplicate"),
        ("choices.1", {"text": "no id"}, "error.assessments.id_missing"),
        ("choices.1", "b", "error.assessments.choice_not_object"),
        ("choices", _choices("a"), "error.assessments.choices_count"),
        ("choices", _choices(*[f"c{i}" for i in range(13)]), "error.assessments.choices_count"),
        ("key.correct", "z", "error.assessments.key_choice_unknown"),
        ("key", None, "error.assessments.key_missing"),
        ("key", {}, "error.assessments.key_missing"),
        ("key.extra", 1, "error.assessments.field_unknown"),
        ("left", [], "error.assessments.field_unknown"),
    ],
)
def test_a_broken_question_is_refused_with_the_field_and_reason(
    path: str, value: Any, problem: str
) -> None:
    problems = quiz.validate_question(_set(_valid(), path, value))
    assert problem in {p.key for p in problems}, problems


@pytest.mark.parametrize(
    ("q", "problem"),
    [
        (_q("numeric", key={"value": "three"}), "error.assessments.key_not_number"),
        (_q("numeric", key={"value": "3,14"}), "error.assessments.key_not_number"),
        (
            _q("numeric", key={"value": "3", "tolerance": "-0.1"}),
            "error.assessments.tolerance_invalid",
        ),
        (_q("numeric", key={"value": 3}), "error.assessments.key_not_number"),
        (
            _q("multiple", choices=_choices("a", "b"), key={"correct": [], "partial": False}),
            "error.assessments.key_choices_missing",
        ),
        (
            _q(
                "multiple",
                choices=_choices("a", "b"),
                key={"correct": ["a", "a"], "partial": False},
            ),
            "error.assessments.key_choice_repeated",
        ),
        (
            _q("multiple", choices=_choices("a", "b"), key={"correct": ["a"], "partial": "yes"}),
            "error.assessments.key_not_boolean",
        ),
        (_q("truefalse", key={"correct": "true"}), "error.assessments.key_not_boolean"),
        (_q("text", key={"accepted": []}), "error.assessments.accepted_count"),
        (_q("text", key={"accepted": ["  "]}), "error.assessments.text_missing"),
        (
            _q("ordering", choices=_choices("a", "b"), key={"order": ["a"]}),
            "error.assessments.key_order_incomplete",
        ),
        (
            _q(
                "matching",
                left=_choices("l1", "l2"),
                right=_choices("r1", "r2"),
                key={"pairs": {"l1": "r1"}},
            ),
            "error.assessments.key_pairs_incomplete",
        ),
        (
            _q(
                "matching",
                left=_choices("l1", "l2"),
                right=_choices("r1", "r2"),
                key={"pairs": {"l1": "r1", "l2": "zz"}},
            ),
            "error.assessments.key_choice_unknown",
        ),
        (
            _q(
                "matching",
                left=_choices("x", "l2"),
                right=_choices("x", "r2"),
                key={"pairs": {"x": "x", "l2": "r2"}},
            ),
            "error.assessments.choice_id_duplicate",
        ),
        (_q("essay", max_words=0, key={}), "error.assessments.max_words_range"),
        (_q("essay", key={"correct": "x"}), "error.assessments.field_unknown"),
    ],
)
def test_a_key_that_does_not_fit_its_question_is_refused(q: dict[str, Any], problem: str) -> None:
    assert problem in {p.key for p in quiz.validate_question(q)}


def test_require_valid_lists_every_problem_in_the_readers_language() -> None:
    broken = _set(_set(_valid(), "points", 0), "key.correct", "z")
    with pytest.raises(InvalidInput) as refused:
        quiz.require_valid(broken)
    assert refused.value.text("en") == (
        "The question cannot be saved: points: points must be a whole number from 1 to 100; "
        "key.correct: the key names a choice the question does not have."
    )
    assert "klucz wskazuje odpowiedź" in refused.value.text("pl")
    quiz.require_valid(_valid())
