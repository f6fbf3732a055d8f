"""The assessed world's quiz with questions: one of each auto-marked kind (and an essay)."""

from __future__ import annotations

from typing import Any

from microcred_market.assessments.models import AssessmentComponent, AssessmentQuestion
from microcred_market.platform.db import session_scope


def question(ident: str, kind: str = "single", points: int = 1) -> dict[str, Any]:
    """A question in `assessments.quiz`'s format, its key included."""
    base: dict[str, Any] = {
        "id": ident,
        "kind": kind,
        "prompt": f"Question {ident}?",
        "points": points,
    }
    if kind == "single":
        base["choices"] = [{"id": f"{ident}_{c}", "text": f"Choice {c}"} for c in "abcd"]
        base["key"] = {"correct": f"{ident}_a"}
    elif kind == "truefalse":
        base["key"] = {"correct": True}
    elif kind == "numeric":
        base["key"] = {"value": "3.14", "tolerance": "0.01"}
    elif kind == "essay":
        base["key"] = {}
    return base


def right_answer(q: dict[str, Any]) -> Any:
    kind = q["kind"]
    if kind in ("single", "truefalse"):
        return q["key"]["correct"]
    if kind == "numeric":
        return "3,14"
    return "An essay."


def wrong_answer(q: dict[str, Any]) -> Any:
    kind = q["kind"]
    if kind == "single":
        return f"{q['id']}_b"
    if kind == "truefalse":
        return False
    if kind == "numeric":
        return "2"
    return "An essay."


def add_questions(
    url: str, component_id: int, questions: list[dict[str, Any]], **settings: Any
) -> list[dict[str, Any]]:
    """Store the questions as the authoring service does (body apart from key)."""
    with session_scope(url) as session:
        for position, q in enumerate(questions):
            body = {k: v for k, v in q.items() if k != "key"}
            session.add(
                AssessmentQuestion(
                    component_id=component_id,
                    ident=q["id"],
                    position=position,
                    body=body,
                    key=q["key"],
                )
            )
        if settings:
            component = session.get(AssessmentComponent, component_id)
            assert component is not None
            component.settings = {**component.settings, **settings}
            session.add(component)
    return questions


def standard_quiz(url: str, component_id: int, n: int = 4, **settings: Any) -> list[dict[str, Any]]:
    kinds = ("single", "truefalse", "numeric")
    return add_questions(
        url, component_id, [question(f"q{i}", kinds[i % 3]) for i in range(n)], **settings
    )
