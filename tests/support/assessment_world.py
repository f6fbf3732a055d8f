"""The credential world plus a published two-part assessment: a quiz and an oral decision."""

from __future__ import annotations

from dataclasses import dataclass

from microcred_market.assessments.models import Assessment, AssessmentComponent
from microcred_market.platform.clock import utcnow
from microcred_market.platform.db import session_scope
from tests.support.credential_world import World, make_world


@dataclass
class AssessedWorld:
    world: World
    assessment_id: int
    quiz_id: int
    oral_id: int


def make_assessed_world(
    url: str, learners: int = 2, slug: str = "assessuni", *, moderated: bool = True
) -> AssessedWorld:
    world = make_world(url, learners=learners, slug=slug)
    with session_scope(url) as session:
        assessment = Assessment(
            offering_id=world.offering_id,
            version=1,
            status="published",
            published_at=utcnow(),
            moderated=moderated,
            pass_rule={"all_components": True, "min_percent": 50},
        )
        session.add(assessment)
        session.flush()
        quiz = AssessmentComponent(
            assessment_id=assessment.id,
            position=0,
            kind="quiz",
            title="Quiz",
            weight=60,
            pass_rule={"min_percent": 50},
            settings={"time_limit_minutes": 30, "attempts": 2, "delay_minutes": 0},
        )
        oral = AssessmentComponent(
            assessment_id=assessment.id,
            position=1,
            kind="decision",
            mode="oral",
            title="Oral exam",
            weight=40,
            pass_rule={"decision": True},
        )
        session.add_all([quiz, oral])
        session.flush()
        return AssessedWorld(world, assessment.id or 0, quiz.id or 0, oral.id or 0)
