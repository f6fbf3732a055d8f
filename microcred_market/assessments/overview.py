"""The learner's own view of their assessment: every part, where it stands, what came back.

What a learner may see and nothing more: a result counts (and shows its score and the
assessor's feedback) only once released; before that the part says "awaiting release".
Quizzes and work come from their own services (`attempts.quiz_entries_of`,
`submissions.work_entries`), so this page and My learning never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from microcred_market.assessments import attempts, results, review, submissions
from microcred_market.assessments.models import (
    Assessment,
    AssessmentComponent,
    ComponentResult,
    QuizAttempt,
    Review,
    Submission,
)
from microcred_market.catalogue.models import Offering, University
from microcred_market.orders.models import Enrolment
from microcred_market.platform.clock import aware
from microcred_market.platform.db import parse_uuid
from microcred_market.platform.errors import NotFound

STATUSES = ("not_started", "in_progress", "submitted", "awaiting_release", "passed", "not_passed")


@dataclass(frozen=True)
class CriterionFeedback:
    title: str
    level: str  # the descriptor of the level reached
    points: int
    max_points: int
    comment: str


@dataclass(frozen=True)
class PartView:
    uuid: str
    title: str
    kind: str  # quiz, task, portfolio, decision
    mode: str
    weight: int
    status: str  # one of STATUSES
    percent: Decimal | None  # released results only
    comment: str
    feedback: list[CriterionFeedback] = field(default_factory=list)
    decided_at: datetime | None = None
    # A quiz: what the learner may do now (`attempts.QuizEntry`); a task or portfolio:
    # whether it is still open for a (new) submission, and until when.
    quiz: attempts.QuizEntry | None = None
    work_open: bool = False
    due_at: datetime | None = None


@dataclass(frozen=True)
class Overview:
    enrolment_uuid: str
    offering_title: str
    offering_slug: str
    university: str
    prior_learning: bool  # the offering is the assessment alone (RPL)
    has_assessment: bool
    version: int
    pass_mark: Decimal | None
    window_opens_at: datetime | None
    window_closes_at: datetime | None
    parts: list[PartView]
    complete: bool  # every part has a released result
    passed: bool
    percent: Decimal | None
    credential_issued: bool  # the pass is recorded: the credential is issued or on its way


def own_enrolment(session: Session, user_id: int, enrolment_uuid: str) -> Enrolment:
    key = parse_uuid(enrolment_uuid, "error.credentials.enrolment_not_found")
    enrolment = session.exec(select(Enrolment).where(Enrolment.uuid == key)).first()
    if enrolment is None or enrolment.user_id != user_id:
        raise NotFound("error.credentials.enrolment_not_found")
    return enrolment


def _feedback(
    session: Session, component: AssessmentComponent, row: ComponentResult
) -> tuple[list[CriterionFeedback], str]:
    """The rubric levels and comments of the review that made this result, if any."""
    query = select(Review).where(
        Review.enrolment_id == row.enrolment_id,
        Review.component_id == row.component_id,
        col(Review.finished_at).is_not(None),
    )
    if row.submission_id is not None:
        query = query.where(Review.submission_id == row.submission_id)
    elif row.attempt_id is not None:
        query = query.where(Review.attempt_id == row.attempt_id)
    else:
        return [], ""
    found = session.exec(query.order_by(col(Review.finished_at).desc())).first()
    if found is None:
        return [], ""
    lines = []
    for criterion in review.criteria(component.rubric):
        levels: list[dict[str, Any]] = criterion.get("levels") or []
        index = found.scores.get(str(criterion["id"]))
        level = levels[index] if isinstance(index, int) and 0 <= index < len(levels) else {}
        best = max((int(lv.get("points") or 0) for lv in levels), default=0)
        lines.append(
            CriterionFeedback(
                title=str(criterion.get("title") or criterion["id"]),
                level=str(level.get("descriptor") or ""),
                points=int(level.get("points") or 0),
                max_points=best,
                comment=str(found.comments.get(str(criterion["id"])) or ""),
            )
        )
    return lines, found.comment or ""


def _unreleased_status(
    session: Session, enrolment: Enrolment, component: AssessmentComponent
) -> str:
    if component.kind == "quiz":
        statuses = session.exec(
            select(QuizAttempt.status).where(
                QuizAttempt.enrolment_id == enrolment.id,
                QuizAttempt.component_id == component.id,
            )
        ).all()
        if "open" in statuses:
            return "in_progress"
        return "submitted" if statuses else "not_started"
    if component.kind in ("task", "portfolio"):
        sent = session.exec(
            select(Submission.id).where(
                Submission.enrolment_id == enrolment.id,
                Submission.component_id == component.id,
            )
        ).first()
        return "submitted" if sent is not None else "not_started"
    return "not_started"


def _current_results(session: Session, enrolment: Enrolment) -> dict[int, ComponentResult]:
    rows = session.exec(
        select(ComponentResult).where(
            ComponentResult.enrolment_id == enrolment.id,
            ComponentResult.current == sa.true(),
        )
    ).all()
    return {row.component_id: row for row in rows}


def overview(session: Session, *, user_id: int, enrolment_uuid: str) -> Overview:
    """The learner's assessment page: only their own enrolment, only released results."""
    enrolment = own_enrolment(session, user_id, enrolment_uuid)
    offering = session.get(Offering, enrolment.offering_id)
    assert offering is not None
    university = session.get(University, offering.university_id)
    assessment: Assessment | None = results.assessment_of(session, enrolment)
    parts: list[PartView] = []
    complete = passed = False
    percent: Decimal | None = None
    if assessment is not None:
        quizzes = {
            q.component_uuid: q for q in attempts.quiz_entries_of(session, user_id, enrolment_uuid)
        }
        works = {
            w.component_uuid: w
            for w in submissions.work_entries(session, user_id)
            if w.enrolment_uuid == str(enrolment.uuid)
        }
        mine = _current_results(session, enrolment)
        for component in results.components(session, assessment.id or 0):
            row = mine.get(component.id or 0)
            feedback: list[CriterionFeedback] = []
            comment = ""
            if row is not None and row.released_at is not None:
                status = "passed" if row.passed else "not_passed"
                feedback, review_comment = _feedback(session, component, row)
                comment = "\n\n".join(c for c in (review_comment, row.comment) if c)
            elif row is not None:
                status = "awaiting_release"
            else:
                status = _unreleased_status(session, enrolment, component)
            work = works.get(str(component.uuid))
            parts.append(
                PartView(
                    uuid=str(component.uuid),
                    title=component.title,
                    kind=component.kind,
                    mode=component.mode,
                    weight=component.weight,
                    status=status,
                    percent=row.percent if row is not None and row.released_at else None,
                    comment=comment,
                    feedback=feedback,
                    decided_at=aware(row.decided_at)
                    if row is not None and row.released_at
                    else None,
                    quiz=quizzes.get(str(component.uuid)),
                    work_open=bool(work and work.open),
                    due_at=work.due_at if work else None,
                )
            )
        result = results.overall(session, enrolment, assessment)
        complete, passed, percent = result.complete, result.passed, result.percent
    rule = (assessment.pass_rule or {}) if assessment is not None else {}
    return Overview(
        enrolment_uuid=str(enrolment.uuid),
        offering_title=offering.title,
        offering_slug=offering.slug,
        university=university.name if university else "",
        prior_learning=offering.assessment_only,
        has_assessment=assessment is not None,
        version=assessment.version if assessment is not None else 0,
        pass_mark=Decimal(str(rule["min_percent"])) if "min_percent" in rule else None,
        window_opens_at=aware(assessment.window_opens_at) if assessment is not None else None,
        window_closes_at=aware(assessment.window_closes_at) if assessment is not None else None,
        parts=parts,
        complete=complete,
        passed=passed or enrolment.passed_at is not None,
        percent=percent,
        credential_issued=enrolment.passed_at is not None,
    )


@dataclass(frozen=True)
class Retake:
    """What a learner who did not pass a part may do next.

    `how`: "now" (a new quiz attempt may start; `attempts_left`), "later" (after the
    delay between attempts, `when` as the quiz service words it), "work" (a new version
    may be submitted, until `due` when set), "none" (no attempt left), "ask" (an oral or
    on-site decision: the university sets a new date).
    """

    how: str
    attempts_left: int = 0
    when: str = ""
    due: datetime | None = None


def retake_of(part: PartView) -> Retake:
    if part.kind == "quiz" and part.quiz is not None:
        left = max(0, part.quiz.attempts_allowed - part.quiz.attempts_used)
        if part.quiz.can_start or part.quiz.open_attempt:
            return Retake("now", attempts_left=left)
        if part.quiz.blocked_by == "error.assessments.attempt_delay":
            return Retake("later", attempts_left=left, when=str(part.quiz.blocked_params["when"]))
        return Retake("none")
    if part.kind in ("task", "portfolio"):
        return Retake("work", due=part.due_at) if part.work_open else Retake("none")
    return Retake("ask")
