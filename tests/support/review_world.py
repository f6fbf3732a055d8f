"""The assessed world plus work to review: a practical task and an RPL portfolio with a
rubric, three more assessors (so first, second and appeal markers all differ), and a
private upload store in a temporary folder."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

from microcred_market.accounts.models import StaffRole, User
from microcred_market.assessments.models import Assessment, AssessmentComponent
from microcred_market.platform import storage as storage_module
from microcred_market.platform.clock import utcnow
from microcred_market.platform.db import session_scope
from microcred_market.settings import reset_settings_cache
from tests.support.assessment_world import AssessedWorld, make_assessed_world

RUBRIC = {
    "criteria": [
        {
            "id": "analysis",
            "title": "Analysis",
            "levels": [
                {"points": 0, "descriptor": "Missing"},
                {"points": 2, "descriptor": "Adequate"},
                {"points": 4, "descriptor": "Excellent"},
            ],
        },
        {
            "id": "charts",
            "title": "Charts",
            "levels": [
                {"points": 0, "descriptor": "Missing"},
                {"points": 2, "descriptor": "Readable"},
                {"points": 4, "descriptor": "Clear and labelled"},
            ],
        },
    ]
}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LEARNER_NAME = "Łucja Nowak 0"


@dataclass
class ReviewWorld:
    aw: AssessedWorld
    task_uuid: str
    portfolio_uuid: str
    task_id: int
    second_id: int  # another assessor
    third_id: int  # and another, for appeals
    store: Path

    @property
    def url(self) -> str:
        return self.aw.world.url


def use_private_store(monkeypatch: pytest.MonkeyPatch, root: Path) -> Path:
    monkeypatch.setenv("STORAGE_URL", f"file://{root}")
    reset_settings_cache()
    storage_module.reset_storage()
    return root


def make_review_world(
    url: str,
    store: Path,
    *,
    blind: bool = False,
    margin: int | None = 10,
    due_in: timedelta | None = timedelta(days=7),
) -> ReviewWorld:
    aw = make_assessed_world(url, learners=2, moderated=False)
    with session_scope(url) as session:
        assessment = session.get(Assessment, aw.assessment_id)
        assert assessment is not None
        assessment.blind_review = blind
        assessment.second_marker_margin = margin
        assessment.appeal_days = 14
        session.add(assessment)
        settings: dict[str, object] = {"max_files": 3}
        if due_in is not None:
            settings["due_at"] = (utcnow() + due_in).isoformat()
        task = AssessmentComponent(
            assessment_id=aw.assessment_id,
            position=2,
            kind="task",
            title="Clean a dataset",
            instructions="Clean the attached CSV and chart it.",
            weight=0,
            pass_rule={"min_level": 1},
            rubric=RUBRIC,
            settings=settings,
        )
        portfolio = AssessmentComponent(
            assessment_id=aw.assessment_id,
            position=3,
            kind="portfolio",
            title="Evidence portfolio",
            weight=0,
            pass_rule={"min_percent": 50},
            rubric=RUBRIC,
        )
        second = User(email="second@assessuni.test", display_name="Bogdan Second")
        third = User(email="third@assessuni.test", display_name="Celina Third")
        session.add_all([task, portfolio, second, third])
        session.flush()
        session.add_all(
            [
                StaffRole(user_id=second.id, university_id=aw.world.university_id, role="assessor"),
                StaffRole(user_id=third.id, university_id=aw.world.university_id, role="assessor"),
            ]
        )
        session.flush()
        return ReviewWorld(
            aw=aw,
            task_uuid=str(task.uuid),
            portfolio_uuid=str(portfolio.uuid),
            task_id=task.id or 0,
            second_id=second.id or 0,
            third_id=third.id or 0,
            store=store,
        )


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def add_portfolio(
    url: str, offering_id: int, learner_id: int, enrolment_uuid: str
) -> tuple[str, str]:
    """A published assessment with a portfolio part for the offering, and one learner's
    portfolio in it (text only, so no upload store is needed): (component, item ref)."""
    from microcred_market.assessments import submissions

    with session_scope(url) as session:
        assessment = Assessment(
            offering_id=offering_id, status="published", published_at=utcnow(), blind_review=False
        )
        session.add(assessment)
        session.flush()
        portfolio = AssessmentComponent(
            assessment_id=assessment.id or 0,
            kind="portfolio",
            title="Evidence portfolio",
            instructions="Describe your experience against each learning outcome.",
            weight=100,
            pass_rule={"min_level": 1},
            rubric=RUBRIC,
        )
        session.add(portfolio)
        session.flush()
        view = submissions.submit_work(
            session,
            user_id=learner_id,
            enrolment_uuid=enrolment_uuid,
            component_uuid=str(portfolio.uuid),
            text="Six years of data work at a logistics firm.",
            outcome_evidence={"0": "Cleaned shipment logs weekly."},
            links=["https://github.com/example/portfolio"],
        )
        return str(portfolio.uuid), f"s-{view.uuid}"
