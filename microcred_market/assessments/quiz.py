"""Quiz questions as data: checking them, showing them, reading answers, grading, drawing papers.

Pure functions over plain JSON, no database: the tables store a question exactly as it is
given here (`id`, `kind`, `prompt`, `points`, the visible parts of its kind and a `key`), and
the services that run attempts call these functions. Keeping the rules here, apart from
storage and pages, lets them be proved with generated cases and reused by the QTI import.

Three things the rest of the system relies on:

- `public_view` builds what a browser may see from an allow-list; it never copies the
  question, so a field added to the format later stays on the server until someone adds it
  to the list on purpose. The key never leaves.
- `clean_answer` is the only door for a learner's answer: whatever JSON arrives over the
  websocket, it returns the canonical stored answer or raises `InvalidInput`, nothing else.
- `draw` is a function of the seed, so storing the seed (or the drawn paper) with the
  attempt gives the same paper after a reload, and choice order never depends on the
  authored order (the first choice is not always the right one).

Scores are `Decimal` with two places: partial credit (a third of a point) must add up the
same on SQLite and PostgreSQL and in the credential, which floats would not.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as _field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, TypeGuard

from microcred_market.platform.errors import InvalidInput
from microcred_market.platform.i18n import Phrase, Phrases
from microcred_market.platform.text import fold

KINDS = ("single", "multiple", "truefalse", "numeric", "text", "matching", "ordering", "essay")
# Kinds whose choices a draw shuffles (ordering always; the others when asked).
CHOICE_KINDS = ("single", "multiple", "ordering")

MAX_ID = 64
MAX_PROMPT = 4000
MAX_CHOICE_TEXT = 1000
MIN_CHOICES = 2
MAX_CHOICES = 12
MIN_POINTS = 1
MAX_POINTS = 100
MAX_ACCEPTED = 20
MAX_TEXT_ANSWER = 500
MAX_ESSAY = 20000
MAX_WORDS = 10000
MAX_NUMBER = 40  # characters of a typed number or a key's decimal
MAX_POOL_LABEL = 200
MAX_POOLS = 100
MAX_POOL_QUESTIONS = 1000

# Identifiers of questions and choices are also QTI identifiers (XML names), so a bank
# exported as QTI 3.0 reads back with the same ids in any other tool.
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")
# Keys are authored, so they are written one way (a dot); learners may type a comma.
KEY_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")
TYPED_NUMBER = re.compile(r"[+-]?([0-9]+([.,][0-9]*)?|[.,][0-9]+)")

_FIELDS: Mapping[str, frozenset[str]] = {
    "single": frozenset({"choices"}),
    "multiple": frozenset({"choices"}),
    "truefalse": frozenset(),
    "numeric": frozenset(),
    "text": frozenset(),
    "matching": frozenset({"left", "right"}),
    "ordering": frozenset({"choices"}),
    "essay": frozenset({"max_words"}),
}
_KEY_FIELDS: Mapping[str, tuple[frozenset[str], frozenset[str]]] = {
    # kind: (required, optional)
    "single": (frozenset({"correct"}), frozenset()),
    "multiple": (frozenset({"correct", "partial"}), frozenset()),
    "truefalse": (frozenset({"correct"}), frozenset()),
    "numeric": (frozenset({"value"}), frozenset({"tolerance"})),
    "text": (frozenset({"accepted"}), frozenset()),
    "matching": (frozenset({"pairs"}), frozenset()),
    "ordering": (frozenset({"order"}), frozenset()),
    "essay": (frozenset(), frozenset()),
}
_COMMON = frozenset({"id", "kind", "prompt", "points", "key"})
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a question or a pool: where, and a catalogue key saying what."""

    field: str
    key: str
    params: dict[str, Any] = _field(default_factory=dict)


@dataclass(frozen=True)
class Score:
    points: Decimal
    max_points: int
    needs_marking: bool


@dataclass(frozen=True)
class PaperScore:
    points: Decimal
    max_points: int
    percent: Decimal
    pending_marking: bool


@dataclass(frozen=True)
class Drawn:
    question_id: str
    choice_order: list[str] | None


# ---------------------------------------------------------------- checking a question


def validate_question(q: Any) -> list[Problem]:
    """Every problem of a question as authored or imported; an empty list means usable.

    Works on any JSON (a bank may come from a file), and checks the key against the
    visible parts, so grading and `clean_answer` can trust a question that passed.
    """
    if not isinstance(q, dict):
        return [Problem("question", "error.assessments.question_not_object")]
    problems: list[Problem] = []
    _check_identifier(q.get("id"), "id", problems)
    kind = q.get("kind")
    if kind not in KINDS:
        problems.append(Problem("kind", "error.assessments.kind_unknown"))
    _check_text(q.get("prompt"), "prompt", MAX_PROMPT, problems)
    points = q.get("points")
    if not _is_int(points) or not MIN_POINTS <= points <= MAX_POINTS:
        problems.append(
            Problem(
                "points", "error.assessments.points_range", {"lo": MIN_POINTS, "hi": MAX_POINTS}
            )
        )
    if kind not in KINDS:
        return problems
    allowed = _COMMON | _FIELDS[kind]
    for name in sorted(str(k) for k in q if k not in allowed):
        problems.append(Problem(name, "error.assessments.field_unknown"))
    key = q.get("key")
    if not isinstance(key, dict):
        problems.append(Problem("key", "error.assessments.key_missing"))
        key = None
    else:
        required, optional = _KEY_FIELDS[kind]
        for name in sorted(required - set(key)):
            problems.append(Problem(f"key.{name}", "error.assessments.key_missing"))
        for name in sorted(str(k) for k in key if k not in required | optional):
            problems.append(Problem(f"key.{name}", "error.assessments.field_unknown"))

    if kind in CHOICE_KINDS:
        ids = _check_choices(q.get("choices"), "choices", problems)
        if key is not None and ids is not None:
            _check_choice_key(kind, key, ids, problems)
    elif kind == "matching":
        left = _check_choices(q.get("left"), "left", problems)
        right = _check_choices(q.get("right"), "right", problems)
        if left is not None and right is not None and set(left) & set(right):
            problems.append(Problem("right", "error.assessments.choice_id_duplicate"))
        if key is not None and left is not None and right is not None:
            _check_pairs(key.get("pairs"), left, right, problems)
    elif kind == "truefalse":
        if key is not None and "correct" in key and not isinstance(key["correct"], bool):
            problems.append(Problem("key.correct", "error.assessments.key_not_boolean"))
    elif kind == "numeric":
        if key is not None:
            _check_key_decimal(key.get("value"), "key.value", True, problems)
            if "tolerance" in key:
                _check_key_decimal(key["tolerance"], "key.tolerance", False, problems)
    elif kind == "text":
        if key is not None and "accepted" in key:
            _check_accepted(key["accepted"], problems)
    elif kind == "essay" and "max_words" in q:
        words = q["max_words"]
        if not _is_int(words) or not 1 <= words <= MAX_WORDS:
            problems.append(
                Problem("max_words", "error.assessments.max_words_range", {"hi": MAX_WORDS})
            )
    return problems


def require_valid(q: Any) -> None:
    """Raise one `InvalidInput` listing every problem, for a service saving a question."""
    problems = validate_question(q)
    if problems:
        raise InvalidInput(
            "error.assessments.question_invalid",
            problems=Phrases(
                Phrase(
                    "error.assessments.problem_at",
                    {"field": p.field, "problem": Phrase(p.key, p.params)},
                )
                for p in problems
            ),
        )


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_identifier(value: Any, where: str, problems: list[Problem]) -> bool:
    if not isinstance(value, str) or not value:
        problems.append(Problem(where, "error.assessments.id_missing"))
        return False
    if len(value) > MAX_ID or not IDENTIFIER.fullmatch(value):
        problems.append(Problem(where, "error.assessments.id_invalid", {"n": MAX_ID}))
        return False
    return True


def _has_bad_characters(text: str) -> bool:
    """Control characters and lone surrogates: invisible, and XML (QTI) cannot carry them."""
    for ch in text:
        if ch in "\n\t":
            continue
        if unicodedata.category(ch) in ("Cc", "Cs") or ch in "\ufffe\uffff":
            return True
    return False


def _check_text(value: Any, where: str, limit: int, problems: list[Problem]) -> None:
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem(where, "error.assessments.text_missing"))
    elif len(value) > limit:
        problems.append(Problem(where, "error.assessments.text_too_long", {"n": limit}))
    elif _has_bad_characters(value):
        problems.append(Problem(where, "error.assessments.text_bad_characters"))


def _check_choices(value: Any, where: str, problems: list[Problem]) -> list[str] | None:
    """The choice ids when the list is usable, else None (and the problems noted)."""
    if not isinstance(value, list):
        problems.append(Problem(where, "error.assessments.choices_missing"))
        return None
    if not MIN_CHOICES <= len(value) <= MAX_CHOICES:
        problems.append(
            Problem(
                where, "error.assessments.choices_count", {"lo": MIN_CHOICES, "hi": MAX_CHOICES}
            )
        )
        if len(value) > MAX_CHOICES:
            return None
    ids: list[str] = []
    usable = True
    for i, choice in enumerate(value):
        at = f"{where}[{i}]"
        if not isinstance(choice, dict):
            problems.append(Problem(at, "error.assessments.choice_not_object"))
            usable = False
            continue
        for name in sorted(str(k) for k in choice if k not in ("id", "text")):
            problems.append(Problem(f"{at}.{name}", "error.assessments.field_unknown"))
        if _check_identifier(choice.get("id"), f"{at}.id", problems):
            if choice["id"] in ids:
                problems.append(Problem(f"{at}.id", "error.assessments.choice_id_duplicate"))
            ids.append(choice["id"])
        else:
            usable = False
        _check_text(choice.get("text"), f"{at}.text", MAX_CHOICE_TEXT, problems)
    return ids if usable else None


def _check_choice_key(
    kind: str, key: dict[str, Any], ids: list[str], problems: list[Problem]
) -> None:
    if kind == "single":
        if "correct" in key and (not isinstance(key["correct"], str) or key["correct"] not in ids):
            problems.append(Problem("key.correct", "error.assessments.key_choice_unknown"))
    elif kind == "multiple":
        correct = key.get("correct")
        if "correct" in key:
            if not isinstance(correct, list) or not correct:
                problems.append(Problem("key.correct", "error.assessments.key_choices_missing"))
            elif not all(isinstance(c, str) and c in ids for c in correct):
                problems.append(Problem("key.correct", "error.assessments.key_choice_unknown"))
            elif len(set(correct)) != len(correct):
                problems.append(Problem("key.correct", "error.assessments.key_choice_repeated"))
        if "partial" in key and not isinstance(key["partial"], bool):
            problems.append(Problem("key.partial", "error.assessments.key_not_boolean"))
    elif kind == "ordering" and "order" in key:
        order = key["order"]
        if (
            not isinstance(order, list)
            or not all(isinstance(c, str) for c in order)
            or sorted(order) != sorted(ids)
        ):
            problems.append(Problem("key.order", "error.assessments.key_order_incomplete"))


def _check_pairs(pairs: Any, left: list[str], right: list[str], problems: list[Problem]) -> None:
    if pairs is None:
        return  # reported as missing already
    if not isinstance(pairs, dict) or set(pairs) != set(left):
        problems.append(Problem("key.pairs", "error.assessments.key_pairs_incomplete"))
    elif not all(isinstance(r, str) and r in right for r in pairs.values()):
        problems.append(Problem("key.pairs", "error.assessments.key_choice_unknown"))


def _check_key_decimal(value: Any, where: str, signed: bool, problems: list[Problem]) -> None:
    if value is None:
        return  # reported as missing already
    if (
        not isinstance(value, str)
        or len(value) > MAX_NUMBER
        or not KEY_DECIMAL.fullmatch(value)
        or (not signed and value.startswith("-"))
    ):
        key = (
            "error.assessments.key_not_number" if signed else "error.assessments.tolerance_invalid"
        )
        problems.append(Problem(where, key))


def _check_accepted(accepted: Any, problems: list[Problem]) -> None:
    if not isinstance(accepted, list) or not 1 <= len(accepted) <= MAX_ACCEPTED:
        problems.append(
            Problem("key.accepted", "error.assessments.accepted_count", {"n": MAX_ACCEPTED})
        )
        return
    for i, text in enumerate(accepted):
        where = f"key.accepted[{i}]"
        if not isinstance(text, str) or not normalise_text(text):
            problems.append(Problem(where, "error.assessments.text_missing"))
        elif len(text) > MAX_TEXT_ANSWER:
            problems.append(
                Problem(where, "error.assessments.text_too_long", {"n": MAX_TEXT_ANSWER})
            )
        elif _has_bad_characters(text):
            problems.append(Problem(where, "error.assessments.text_bad_characters"))


def validate_pools(pools: Any, questions: Collection[str]) -> list[Problem]:
    """Problems of a paper's pools against the ids of the questions the bank holds.

    A draw larger than its pool, an unknown id or a question in two pools would make
    attempts unequal (or `draw` fail in the middle of starting one), so they are refused
    when the assessment is saved.
    """
    if not isinstance(pools, list) or not pools:
        return [Problem("pools", "error.assessments.pools_missing")]
    if len(pools) > MAX_POOLS:
        return [Problem("pools", "error.assessments.pools_too_many", {"n": MAX_POOLS})]
    known = set(questions)
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, pool in enumerate(pools):
        at = f"pools[{i}]"
        if not isinstance(pool, dict):
            problems.append(Problem(at, "error.assessments.pool_not_object"))
            continue
        for name in sorted(str(k) for k in pool if k not in ("label", "questions", "draw")):
            problems.append(Problem(f"{at}.{name}", "error.assessments.field_unknown"))
        _check_text(pool.get("label"), f"{at}.label", MAX_POOL_LABEL, problems)
        ids = pool.get("questions")
        if (
            not isinstance(ids, list)
            or not ids
            or len(ids) > MAX_POOL_QUESTIONS
            or not all(isinstance(x, str) for x in ids)
        ):
            problems.append(Problem(f"{at}.questions", "error.assessments.pool_empty"))
            continue
        for qid in ids:
            if qid not in known:
                problems.append(
                    Problem(
                        f"{at}.questions", "error.assessments.pool_question_unknown", {"id": qid}
                    )
                )
            elif qid in seen:
                problems.append(
                    Problem(f"{at}.questions", "error.assessments.pool_question_twice", {"id": qid})
                )
            seen.add(qid)
        n = pool.get("draw")
        if not _is_int(n) or not 1 <= n <= len(set(ids)):
            problems.append(
                Problem(f"{at}.draw", "error.assessments.pool_draw_range", {"n": len(set(ids))})
            )
    return problems


# ---------------------------------------------------------------- what the learner sees


def public_view(q: Mapping[str, Any], choice_order: list[str] | None) -> dict[str, Any]:
    """The question as the browser may have it: built from an allow-list, never the key.

    `choice_order` is the attempt's order from `draw` (for matching: the left ids then the
    right ids, each side shown in the order its ids come). An ordering question needs one:
    its authored order is the answer.
    """
    kind = q["kind"]
    view: dict[str, Any] = {
        "id": q["id"],
        "kind": kind,
        "prompt": q["prompt"],
        "points": q["points"],
    }
    if kind in CHOICE_KINDS:
        if kind == "ordering" and choice_order is None:
            raise ValueError("an ordering question is shown only in a drawn order")
        view["choices"] = _ordered(q["choices"], choice_order)
    elif kind == "matching":
        view["left"] = _ordered(q["left"], choice_order)
        view["right"] = _ordered(q["right"], choice_order)
    elif kind == "text":
        view["max_length"] = MAX_TEXT_ANSWER
    elif kind == "numeric":
        view["max_length"] = MAX_NUMBER
    elif kind == "essay":
        view["max_length"] = MAX_ESSAY
        if "max_words" in q:
            view["max_words"] = q["max_words"]
    return view


def _ordered(choices: list[dict[str, Any]], order: list[str] | None) -> list[dict[str, str]]:
    shown = [{"id": c["id"], "text": c["text"]} for c in choices]
    if order is None:
        return shown
    by_id = {c["id"]: c for c in shown}
    picked = [by_id[i] for i in order if i in by_id]
    if len(picked) != len(shown) or len({c["id"] for c in picked}) != len(shown):
        raise ValueError("the choice order does not list every choice once")
    return picked


# ---------------------------------------------------------------- reading an answer


def _bad(key: str = "error.assessments.answer_invalid", **params: Any) -> InvalidInput:
    return InvalidInput(key, **params)


def _ids(choices: list[dict[str, Any]]) -> list[str]:
    return [c["id"] for c in choices]


def clean_answer(q: Mapping[str, Any], raw: Any) -> Any:
    """The answer as stored, or `InvalidInput`: the only door for what a learner sends.

    `raw` is whatever JSON came in (over the websocket it can be anything); a blank answer
    (None, empty text, nothing chosen) is None. Choices come back in authored order, text
    trimmed, numbers as a decimal string with a dot, so equal answers are stored equal.
    """
    if raw is None:
        return None
    kind = q["kind"]
    if kind == "single":
        if not isinstance(raw, str):
            raise _bad()
        if raw == "":
            return None
        if raw not in _ids(q["choices"]):
            raise _bad("error.assessments.answer_choice_unknown")
        return raw
    if kind == "multiple":
        if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
            raise _bad()
        ids = _ids(q["choices"])
        if len(raw) > len(ids) or len(set(raw)) != len(raw):
            raise _bad()
        if not set(raw) <= set(ids):
            raise _bad("error.assessments.answer_choice_unknown")
        return [i for i in ids if i in raw] or None
    if kind == "truefalse":
        if not isinstance(raw, bool):
            raise _bad()
        return raw
    if kind == "numeric":
        return _clean_number(raw)
    if kind == "text":
        return _clean_text(raw, MAX_TEXT_ANSWER)
    if kind == "essay":
        text = _clean_text(raw, MAX_ESSAY)
        limit = q.get("max_words")
        if text is not None and limit is not None and len(text.split()) > limit:
            raise _bad("error.assessments.answer_too_many_words", n=limit)
        return text
    if kind == "matching":
        if not isinstance(raw, dict):
            raise _bad()
        left, right = _ids(q["left"]), _ids(q["right"])
        pairs: dict[str, str] = {}
        for lid, rid in raw.items():
            if not isinstance(lid, str) or not (rid is None or isinstance(rid, str)):
                raise _bad()
            if lid not in left or (rid is not None and rid not in right):
                raise _bad("error.assessments.answer_choice_unknown")
            if rid is not None:
                pairs[lid] = rid
        return {lid: pairs[lid] for lid in left if lid in pairs} or None
    if kind == "ordering":
        if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
            raise _bad()
        if not raw:
            return None
        if len(raw) != len(q["choices"]) or sorted(raw) != sorted(_ids(q["choices"])):
            raise _bad("error.assessments.answer_order_incomplete")
        return list(raw)
    raise _bad()


def _clean_text(raw: Any, limit: int) -> str | None:
    if not isinstance(raw, str):
        raise _bad()
    if len(raw) > limit:
        raise _bad("error.assessments.answer_too_long", n=limit)
    try:
        raw.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: no database can store it
        raise _bad() from None
    # Line ends as one character, and no invisible control characters (a NUL would not
    # even fit in PostgreSQL's JSON): pasted text keeps its words and paragraphs.
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROLS.sub(" ", text).strip()
    return text or None


_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _clean_number(raw: Any) -> str | None:
    if isinstance(raw, bool):
        raise _bad()
    if isinstance(raw, int):
        raw = str(raw)
    elif isinstance(raw, float):
        raw = repr(raw)
    if not isinstance(raw, str):
        raise _bad()
    if len(raw) > MAX_NUMBER:
        raise _bad("error.assessments.answer_too_long", n=MAX_NUMBER)
    text = raw.strip().replace(" ", "")
    if not text:
        return None
    if not TYPED_NUMBER.fullmatch(text):
        raise _bad("error.assessments.answer_not_a_number")
    return str(Decimal(text.replace(",", ".")))


# ---------------------------------------------------------------- grading


def normalise_text(text: str) -> str:
    """Case, diacritics (ł too) and spacing do not make a short answer wrong."""
    return " ".join(fold(text).split())


def _decimal(text: Any) -> Decimal | None:
    if not isinstance(text, str) or len(text) > MAX_NUMBER:
        return None
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _share(points: int, right: int, out_of: int) -> Decimal:
    """`points * right / out_of` to the cent: full marks come out as exactly `points`."""
    if out_of <= 0 or right <= 0:
        return Decimal("0.00")
    return (Decimal(points) * right / out_of).quantize(_CENT, rounding=ROUND_HALF_UP)


def grade(q: Mapping[str, Any], answer: Any) -> Score:
    """The automatic score of a stored answer (None: not answered, no points).

    Defensive on purpose: a stored answer of the wrong shape (older format, hand edit)
    scores 0 rather than failing a whole paper.
    """
    kind = q["kind"]
    points: int = q["points"]
    key = q["key"]
    if kind == "essay":
        return Score(Decimal("0.00"), points, needs_marking=answer is not None)
    right = 0
    out_of = 1
    if answer is None:
        pass
    elif kind in ("single", "truefalse"):
        right = int(type(answer) is type(key["correct"]) and answer == key["correct"])
    elif kind == "multiple":
        correct = set(key["correct"])
        chosen = {a for a in answer if isinstance(a, str)} if isinstance(answer, list) else set()
        if key.get("partial", False):
            out_of = len(correct)
            right = max(0, len(chosen & correct) - len(chosen - correct))
        else:
            right = int(bool(chosen) and chosen == correct)
    elif kind == "numeric":
        value, given = _decimal(key["value"]), _decimal(answer)
        tolerance = _decimal(key.get("tolerance", "0")) or Decimal(0)
        right = int(value is not None and given is not None and abs(given - value) <= tolerance)
    elif kind == "text":
        if isinstance(answer, str):
            typed = normalise_text(answer)
            right = int(any(typed == normalise_text(a) for a in key["accepted"]))
    elif kind == "matching":
        pairs: dict[str, str] = key["pairs"]
        out_of = len(pairs)
        if isinstance(answer, dict):
            right = sum(1 for lid, rid in pairs.items() if answer.get(lid) == rid)
    elif kind == "ordering":
        right = int(isinstance(answer, list) and answer == key["order"])
    return Score(_share(points, right, out_of), points, needs_marking=False)


def score_paper(
    questions: Sequence[Mapping[str, Any]],
    answers: Mapping[str, Any],
    marks: Mapping[str, Decimal] | None = None,
) -> PaperScore:
    """The paper's total; essays count once an assessor's mark is in `marks`.

    `answers` and `marks` are keyed by question id. Until every answered essay has a
    mark the total is provisional (`pending_marking`), so no pass can be decided on it.
    """
    total = Decimal("0.00")
    max_points = 0
    pending = False
    for q in questions:
        score = grade(q, answers.get(q["id"]))
        max_points += score.max_points
        mark = (marks or {}).get(q["id"])
        if mark is not None:
            if not isinstance(mark, Decimal) or not 0 <= mark <= score.max_points:
                raise InvalidInput("error.assessments.mark_out_of_range", n=score.max_points)
            total += mark.quantize(_CENT, rounding=ROUND_HALF_UP)
        else:
            total += score.points
            pending = pending or score.needs_marking
    percent = (
        (total * 100 / max_points).quantize(_CENT, rounding=ROUND_HALF_UP)
        if max_points
        else Decimal("0.00")
    )
    return PaperScore(total, max_points, percent, pending)


# ---------------------------------------------------------------- drawing a paper


def draw(
    pools: Sequence[Mapping[str, Any]],
    seed: int | bytes,
    shuffle_choices_of: Mapping[str, Mapping[str, Any]],
) -> list[Drawn]:
    """The paper of one attempt: which questions, in which order, with which choice order.

    `n` distinct questions from each pool, the whole paper shuffled, and the choices of
    every question in `shuffle_choices_of` shuffled (single, multiple, matching; ordering
    items always, and never in the answer's order, which would give it away: pass every
    ordering question of the bank). The same seed gives the same paper.
    """
    rng = random.Random(seed)
    paper: list[str] = []
    for pool in pools:
        ids = list(dict.fromkeys(pool["questions"]))
        n = pool["draw"]
        if not _is_int(n) or not 0 <= n <= len(ids) or set(ids) & set(paper):
            raise InvalidInput("error.assessments.pools_invalid")
        paper.extend(rng.sample(ids, n))
    rng.shuffle(paper)
    drawn = []
    for qid in paper:
        q = shuffle_choices_of.get(qid)
        order: list[str] | None = None
        if q is not None and q["kind"] in CHOICE_KINDS:
            order = _ids(q["choices"])
            rng.shuffle(order)
            answer = q["key"].get("order") if q["kind"] == "ordering" else None
            if answer is not None and order == answer and len(order) > 1:
                order = order[1:] + order[:1]
        elif q is not None and q["kind"] == "matching":
            left, right = _ids(q["left"]), _ids(q["right"])
            rng.shuffle(left)
            rng.shuffle(right)
            order = left + right
        drawn.append(Drawn(qid, order))
    return drawn
