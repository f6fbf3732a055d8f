"""The builder's plain-text forms to and from the assessment's data, both ways.

Staff write a rubric, a question or the pools of a quiz in a few labelled fields and
text areas with one thing per line, not JSON: what a person can type on a phone and
read back. These functions turn those texts into the data `authoring` checks (and back,
to fill the form again), so the page only moves strings and the rules stay testable.

Rubric, one block per criterion, blank line between criteria:

    Quality of the analysis
    0 | Missing
    2 | Partly right

Pools, one line each: `label | how many to draw | q1, q2, q3`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from microcred_market.platform.errors import InvalidInput

_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").replace("\r", "").split("\n")]


def rubric_from_text(text: str) -> dict[str, Any]:
    blocks: list[list[str]] = [[]]
    for line in _lines(text):
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    criteria = []
    for n, block in enumerate(b for b in blocks if b):
        title, *rows = block
        levels = []
        for row in rows:
            points, sep, descriptor = row.partition("|")
            if not sep:
                raise InvalidInput("error.assessments.rubric_line", line=row[:80])
            try:
                value = int(points.strip())
            except ValueError:
                raise InvalidInput("error.assessments.rubric_line", line=row[:80]) from None
            levels.append({"points": value, "descriptor": descriptor.strip()})
        criteria.append({"id": f"c{n + 1}", "title": title, "levels": levels})
    return {"criteria": criteria} if criteria else {}


def rubric_text(rubric: Mapping[str, Any]) -> str:
    return "\n\n".join(
        "\n".join(
            [str(c.get("title", ""))]
            + [f"{lv.get('points')} | {lv.get('descriptor', '')}" for lv in c.get("levels", [])]
        )
        for c in (rubric or {}).get("criteria", [])
    )


def pools_from_text(text: str) -> list[dict[str, Any]]:
    pools = []
    for line in _lines(text):
        if not line:
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 3:
            raise InvalidInput("error.assessments.pool_line", line=line[:80])
        label, draw, ids = parts
        try:
            n = int(draw)
        except ValueError:
            raise InvalidInput("error.assessments.pool_line", line=line[:80]) from None
        questions = [q.strip() for q in ids.replace(";", ",").split(",") if q.strip()]
        pools.append({"label": label, "questions": questions, "draw": n})
    return pools


def pools_text(pools: Any) -> str:
    if not isinstance(pools, list):
        return ""
    return "\n".join(
        f"{p.get('label', '')} | {p.get('draw', '')} | {', '.join(p.get('questions', []))}"
        for p in pools
        if isinstance(p, dict)
    )


def _choice_ids(n: int, prefix: str = "") -> list[str]:
    if prefix:
        return [f"{prefix}{i + 1}" for i in range(n)]
    return [_LETTERS[i] if i < len(_LETTERS) else f"c{i + 1}" for i in range(n)]


def _numbers(text: str, count: int) -> list[int]:
    """`1, 3` (the lines that are right, counted from 1) as indexes; refused if off the list."""
    found = []
    for part in (text or "").replace(";", ",").replace(" ", ",").split(","):
        if not part.strip():
            continue
        try:
            n = int(part.strip())
        except ValueError:
            raise InvalidInput("error.assessments.correct_numbers", n=count) from None
        if not 1 <= n <= count:
            raise InvalidInput("error.assessments.correct_numbers", n=count)
        if n - 1 not in found:
            found.append(n - 1)
    return found


def question_from_form(form: Mapping[str, str]) -> dict[str, Any]:
    """A question from the builder's fields: `kind`, `id`, `prompt`, `points`, `choices`
    (one per line; matching: `left = right`; ordering: in the right order), `correct`
    (the numbers of the right lines; true/false; the value), `tolerance`, `accepted`
    (one per line), `partial` and `max_words`. `quiz.validate_question` checks the rest."""
    kind = (form.get("kind") or "").strip()
    try:
        points: Any = int((form.get("points") or "1").strip())
    except ValueError:
        points = form.get("points")
    q: dict[str, Any] = {
        "id": (form.get("id") or "").strip(),
        "kind": kind,
        "prompt": (form.get("prompt") or "").strip(),
        "points": points,
    }
    lines = [line for line in _lines(form.get("choices", "")) if line]
    correct = (form.get("correct") or "").strip()
    if kind in ("single", "multiple", "ordering"):
        ids = _choice_ids(len(lines))
        q["choices"] = [{"id": i, "text": t} for i, t in zip(ids, lines, strict=True)]
        if kind == "ordering":
            q["key"] = {"order": ids}
        else:
            picked = [ids[n] for n in _numbers(correct, len(ids))]
            if kind == "single":
                q["key"] = {"correct": picked[0] if len(picked) == 1 else ""}
            else:
                q["key"] = {"correct": picked, "partial": bool(form.get("partial"))}
    elif kind == "truefalse":
        q["key"] = {"correct": correct.lower() in ("true", "1", "yes", "prawda", "tak")}
    elif kind == "numeric":
        key: dict[str, Any] = {"value": correct.replace(",", ".")}
        tolerance = (form.get("tolerance") or "").strip().replace(",", ".")
        if tolerance:
            key["tolerance"] = tolerance
        q["key"] = key
    elif kind == "text":
        q["key"] = {"accepted": [line for line in _lines(form.get("accepted", "")) if line]}
    elif kind == "matching":
        pairs = []
        for line in lines:
            left, sep, right = line.partition("=")
            if not sep:
                raise InvalidInput("error.assessments.matching_line", line=line[:80])
            pairs.append((left.strip(), right.strip()))
        # `= text` alone is a choice on the right that matches nothing (a distractor).
        rights = list(dict.fromkeys(r for _, r in pairs if r))
        matched = [(left, r) for left, r in pairs if left]
        left_ids, right_ids = _choice_ids(len(matched), "l"), _choice_ids(len(rights), "r")
        q["left"] = [{"id": i, "text": t} for i, (t, _) in zip(left_ids, matched, strict=True)]
        q["right"] = [{"id": i, "text": t} for i, t in zip(right_ids, rights, strict=True)]
        q["key"] = {
            "pairs": {
                left_ids[n]: right_ids[rights.index(r)] if r in rights else ""
                for n, (_, r) in enumerate(matched)
            }
        }
    elif kind == "essay":
        words = (form.get("max_words") or "").strip()
        if words:
            try:
                q["max_words"] = int(words)
            except ValueError:
                q["max_words"] = words
        q["key"] = {}
    else:
        q["key"] = {}
    return q


def question_to_form(q: Mapping[str, Any]) -> dict[str, str]:
    """The fields that `question_from_form` reads, filled from a stored question."""
    kind = str(q.get("kind", ""))
    key = q.get("key") or {}
    form = {
        "kind": kind,
        "id": str(q.get("id", "")),
        "prompt": str(q.get("prompt", "")),
        "points": str(q.get("points", "")),
        "choices": "",
        "correct": "",
        "tolerance": "",
        "accepted": "",
        "partial": "",
        "max_words": "",
    }
    if kind in ("single", "multiple", "ordering"):
        choices = list(q.get("choices", []))
        by_id = {c["id"]: c["text"] for c in choices}
        if kind == "ordering":
            form["choices"] = "\n".join(by_id.get(i, "") for i in key.get("order", []))
        else:
            form["choices"] = "\n".join(c["text"] for c in choices)
            ids = [c["id"] for c in choices]
            right = key.get("correct")
            right = [right] if isinstance(right, str) else list(right or [])
            form["correct"] = ", ".join(str(ids.index(r) + 1) for r in right if r in ids)
            form["partial"] = "1" if key.get("partial") else ""
    elif kind == "truefalse":
        form["correct"] = "true" if key.get("correct") else "false"
    elif kind == "numeric":
        form["correct"] = str(key.get("value", ""))
        form["tolerance"] = str(key.get("tolerance", ""))
    elif kind == "text":
        form["accepted"] = "\n".join(key.get("accepted", []))
    elif kind == "matching":
        rights = {c["id"]: c["text"] for c in q.get("right", [])}
        pairs = key.get("pairs", {})
        used = set(pairs.values())
        form["choices"] = "\n".join(
            [f"{c['text']} = {rights.get(pairs.get(c['id'], ''), '')}" for c in q.get("left", [])]
            + [f"= {text}" for rid, text in rights.items() if rid not in used]
        )
    elif kind == "essay" and "max_words" in q:
        form["max_words"] = str(q["max_words"])
    return form


def answer_text(q: Mapping[str, Any]) -> str:
    """The key in a few words for the staff list of questions (never shown to learners)."""
    form = question_to_form(q)
    kind = form["kind"]
    if kind in ("single", "multiple", "truefalse"):
        return form["correct"]
    if kind == "numeric":
        return form["correct"] + (f" ± {form['tolerance']}" if form["tolerance"] else "")
    if kind == "text":
        return " / ".join(_lines(form["accepted"]))
    if kind in ("ordering", "matching"):
        return " · ".join(line for line in _lines(form["choices"]) if line)
    return ""
