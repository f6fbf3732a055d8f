"""Published assessments for the demo catalogue: quizzes, rubric tasks, portfolios, decisions.

The content lives in `demo_data/assessments.json` beside this module (question banks per topic
and language, rubrics, and per offering its parts), so course writers can change it
without code. The catalogue seed cannot reach this package (layers), so whoever runs the
demo seed calls `seed_demo_assessments` after it (`microcred seed --demo`).

Idempotent the way assessments must be: a published version never changes, so an
offering that already has an assessment (any version) is left alone; only offerings
without one get version 1. Every assessment is checked as `authoring.publish` checks a
draft, and broken demo data stops the seed with the problems named.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from importlib import resources
from typing import Any

from sqlmodel import Session, select

from microcred_market.assessments import authoring, quiz
from microcred_market.assessments.models import Assessment, AssessmentComponent, AssessmentQuestion
from microcred_market.catalogue.models import Offering
from microcred_market.platform.clock import utcnow
from microcred_market.platform.i18n import t


class DemoAssessmentError(ValueError):
    """Demo assessment data that cannot be published; the message names the offering."""


@cache
def load() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("demo_data/assessments.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _component(
    spec: dict[str, Any], data: dict[str, Any], position: int, assessment_id: int
) -> tuple[AssessmentComponent, list[dict[str, Any]]]:
    kind = spec["kind"]
    rubric = copy.deepcopy(data["rubrics"][spec["rubric"]]) if spec.get("rubric") else {}
    questions: list[dict[str, Any]] = (
        copy.deepcopy(data["banks"][spec["bank"]]) if kind == "quiz" else []
    )
    settings: dict[str, Any] = {}
    if kind == "quiz":
        ids = [q["id"] for q in questions]
        draw = spec.get("draw") or len(ids)
        settings = {
            "time_limit_minutes": spec.get("time_limit_minutes", 30),
            "attempts": spec.get("attempts", 2),
            "delay_minutes": 0,
            "grace_seconds": 30,
            "one_per_screen": False,
            "pools": [
                {
                    "label": spec["title"][: quiz.MAX_POOL_LABEL],
                    "questions": ids,
                    "draw": min(draw, len(ids)),
                }
            ],
        }
        pass_rule: dict[str, Any] = {"min_percent": spec.get("min_percent", 60)}
    elif kind == "decision":
        pass_rule = {"decision": True}
    else:
        settings = {"max_files": 5}
        pass_rule = (
            {"min_level": spec["min_level"]}
            if "min_level" in spec
            else {"min_percent": spec.get("min_percent", 50)}
        )
    component = AssessmentComponent(
        assessment_id=assessment_id,
        position=position,
        kind=kind,
        mode=spec.get("mode", "") if kind == "decision" else "",
        title=spec["title"],
        instructions=spec.get("instructions", ""),
        weight=int(spec.get("weight", 0)),
        pass_rule=pass_rule,
        rubric=authoring.clean_rubric(rubric) if rubric else {},
        settings=settings,
    )
    return component, questions


def seed_demo_assessments(session: Session) -> int:
    """Publish version 1 for each demo offering that has no assessment yet; returns how many."""
    data = load()
    made = 0
    for spec in data["assessments"]:
        offering = session.exec(select(Offering).where(Offering.slug == spec["offering"])).first()
        if offering is None:
            raise DemoAssessmentError(f"{spec['offering']}: no such demo offering")
        if session.exec(select(Assessment.id).where(Assessment.offering_id == offering.id)).first():
            continue
        rule: dict[str, Any] = {"all_components": True}
        if spec.get("min_percent") is not None:
            rule["min_percent"] = spec["min_percent"]
        assessment = Assessment(
            offering_id=offering.id or 0,
            version=1,
            status="draft",
            pass_rule=rule,
            moderated=True,
            appeal_days=14,
            second_marker_margin=5,
            blind_review=bool(spec.get("rpl")),
        )
        session.add(assessment)
        session.flush()
        for position, part in enumerate(spec["parts"]):
            component, questions = _component(part, data, position, assessment.id or 0)
            session.add(component)
            session.flush()
            for n, q in enumerate(questions):
                session.add(
                    AssessmentQuestion(
                        component_id=component.id or 0,
                        ident=q["id"],
                        position=n,
                        body={k: v for k, v in q.items() if k != "key"},
                        key=q["key"],
                    )
                )
        session.flush()
        problems = authoring.problems_of(session, assessment)
        if problems:
            lines = "; ".join(f"{p.field}: {t(p.key, 'en', **p.params)}" for p in problems)
            raise DemoAssessmentError(f"{spec['offering']}: {lines}")
        assessment.status, assessment.published_at = "published", utcnow()
        session.add(assessment)
        made += 1
    session.flush()
    return made
