"""Hypothesis strategies for quiz questions and answers, shared by the quiz and QTI tests.

Texts are generated already tidy (no leading, trailing or repeated spaces, no blank lines),
because that is the form an imported text takes; they include the characters XML must
escape and Polish letters, so export and import are exercised where they usually break.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ąćęłńóśźżĄĆĘŁŃÓŚŹŻ<>&\"'?!.,;:()-"

ids = st.from_regex(r"[a-z][a-z0-9_]{0,5}", fullmatch=True)
question_ids = st.from_regex(r"q[a-z0-9_.\-]{0,20}", fullmatch=True)


def _tidy(text: str) -> str:
    return " ".join(text.split())


line = st.text(alphabet=ALPHABET, min_size=1, max_size=40).map(_tidy).filter(bool)
prompt = st.lists(line, min_size=1, max_size=3).map("\n".join)
points = st.integers(min_value=1, max_value=100)


def _choices(
    draw: st.DrawFn, lo: int = 2, hi: int = 6, taken: frozenset[str] = frozenset()
) -> list[dict[str, str]]:
    choice_ids = draw(
        st.lists(
            ids.filter(lambda i: i not in taken and i not in ("true", "false")),
            min_size=lo,
            max_size=hi,
            unique=True,
        )
    )
    return [{"id": i, "text": draw(line)} for i in choice_ids]


def _base(draw: st.DrawFn, kind: str) -> dict[str, Any]:
    return {"id": draw(question_ids), "kind": kind, "prompt": draw(prompt), "points": draw(points)}


@st.composite
def single(draw: st.DrawFn) -> dict[str, Any]:
    q = _base(draw, "single")
    q["choices"] = _choices(draw)
    q["key"] = {"correct": draw(st.sampled_from([c["id"] for c in q["choices"]]))}
    return q


@st.composite
def multiple(draw: st.DrawFn) -> dict[str, Any]:
    q = _base(draw, "multiple")
    q["choices"] = _choices(draw)
    all_ids = [c["id"] for c in q["choices"]]
    correct = draw(st.lists(st.sampled_from(all_ids), min_size=1, unique=True))
    q["key"] = {"correct": [i for i in all_ids if i in correct], "partial": draw(st.booleans())}
    return q


@st.composite
def truefalse(draw: st.DrawFn) -> dict[str, Any]:
    q = _base(draw, "truefalse")
    q["key"] = {"correct": draw(st.booleans())}
    return q


decimals = st.decimals(
    min_value=-10000, max_value=10000, places=3, allow_nan=False, allow_infinity=False
)


@st.composite
def numeric(draw: st.DrawFn) -> dict[str, Any]:
    q = _base(draw, "numeric")
    value = draw(decimals)
    tolerance = draw(st.decimals(min_value=0, max_value=10, places=2))
    q["key"] = {"value": format(value, "f"), "tolerance": format(tolerance, "f")}
    return q


@st.composite
def text(draw: st.DrawFn) -> dict[str, Any]:
    q = _base(draw, "text")
    q["key"] = {"accepted": draw(st.lists(line, min_size=1, max_size=4, unique=True))}
    return q


@st.composite
def matching(draw: st.DrawFn) -> dict[str, Any]:
    q = _base(draw, "matching")
    q["left"] = _choices(draw, 2, 5)
    q["right"] = _choices(draw, 2, 6, frozenset(c["id"] for c in q["left"]))
    right_ids = [c["id"] for c in q["right"]]
    q["key"] = {"pairs": {c["id"]: draw(st.sampled_from(right_ids)) for c in q["left"]}}
    return q


@st.composite
def ordering(draw: st.DrawFn) -> dict[str, Any]:
    q = _base(draw, "ordering")
    q["choices"] = _choices(draw)
    q["key"] = {"order": draw(st.permutations([c["id"] for c in q["choices"]]))}
    return q


@st.composite
def essay(draw: st.DrawFn) -> dict[str, Any]:
    q = _base(draw, "essay")
    words = draw(st.none() | st.integers(min_value=1, max_value=1000))
    if words is not None:
        q["max_words"] = words
    q["key"] = {}
    return q


questions = st.one_of(
    single(), multiple(), truefalse(), numeric(), text(), matching(), ordering(), essay()
)


def correct_answer(q: dict[str, Any]) -> Any:
    """What a learner who knows the answer sends (None for an essay: nothing to grade)."""
    key = q["key"]
    kind = q["kind"]
    if kind in ("single", "multiple", "truefalse"):
        return key["correct"]
    if kind == "numeric":
        return key["value"].replace(".", ",")
    if kind == "text":
        return key["accepted"][-1].upper()
    if kind == "matching":
        return dict(key["pairs"])
    if kind == "ordering":
        return list(key["order"])
    return None


@st.composite
def any_answer(draw: st.DrawFn, q: dict[str, Any]) -> Any:
    """A well-formed answer of any quality: right, wrong, partly right or blank."""
    kind = q["kind"]
    if draw(st.integers(0, 9)) == 0:
        return None
    if kind in ("single", "multiple", "ordering"):
        choice_ids = [c["id"] for c in q["choices"]]
        if kind == "single":
            return draw(st.sampled_from(choice_ids))
        if kind == "multiple":
            return draw(st.lists(st.sampled_from(choice_ids), unique=True))
        return draw(st.permutations(choice_ids))
    if kind == "truefalse":
        return draw(st.booleans())
    if kind == "numeric":
        return format(draw(decimals), "f")
    if kind in ("text", "essay"):
        return draw(st.text(alphabet=ALPHABET, max_size=50))
    if kind == "matching":
        right = [c["id"] for c in q["right"]]
        return {c["id"]: draw(st.sampled_from(right)) for c in q["left"] if draw(st.booleans())}
    raise AssertionError(kind)
