"""Component results, the overall rule, release, and the credential that follows a pass.

Every path that decides something about a learner's work ends here: an auto-marked quiz,
an assessor's review, an appeal, an oral or on-site decision. A result is recorded under
the assessment version the enrolment is assessed by; the overall rule of that version
decides the pass; releasing the results (moderation) is what makes them count and, on a
pass, queues the credential in the same transaction (`credentials.record_pass`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Session, col, select

from microcred_market.assessments.models import (
    Assessment,
    AssessmentComponent,
    ComponentResult,
    QuizAttempt,
    Submission,
)
from microcred_market.catalogue.models import Offering
from microcred_market.credentials.issuing import record_pass
from microcred_market.orders.models import Enrolment
from microcred_market.orders.service import start_assessment
from microcred_market.platform import audit
from microcred_market.platform.clock import utcnow
from microcred_market.platform.errors import InvalidInput, NotFound
from microcred_market.vc.ob3 import OutcomeFacts

SUPERVISION_ORDER = (
    "unsupervised-no-id",
    "supervised-no-id",
    "supervised-online-id",
    "supervised-onsite-id",
)
HUNDRED = Decimal(100)


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; every moment we store is UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def published_assessment(session: Session, offering_id: int) -> Assessment | None:
    """The newest published version: what a learner starting now is assessed by."""
    return session.exec(
        select(Assessment)
        .where(Assessment.offering_id == offering_id, Assessment.status == "published")
        .order_by(col(Assessment.version).desc())
    ).first()


def assessment_of(session: Session, enrolment: Enrolment) -> Assessment | None:
    """The version this enrolment is assessed by.

    Once a learner has a result, an attempt or a submission, that version stays theirs
    even when staff publish a new one; before that, the newest published version.
    """
    for model in (ComponentResult, QuizAttempt, Submission):
        table: sa.Table = getattr(model, "__table__")  # noqa: B009 (typed as a Table)
        component_id = session.execute(
            sa.select(table.c.component_id)
            .where(table.c.enrolment_id == enrolment.id)
            .order_by(table.c.id)
            .limit(1)
        ).scalar()
        if component_id is not None:
            component = session.get(AssessmentComponent, component_id)
            if component is not None:
                return session.get(Assessment, component.assessment_id)
    return published_assessment(session, enrolment.offering_id)


def components(session: Session, assessment_id: int) -> list[AssessmentComponent]:
    return list(
        session.exec(
            select(AssessmentComponent)
            .where(AssessmentComponent.assessment_id == assessment_id)
            .order_by(col(AssessmentComponent.position))
        ).all()
    )


def require_window_open(assessment: Assessment, now: datetime | None = None) -> None:
    """No result, attempt or submission outside the offering's assessment window."""
    now = now or utcnow()
    opens, closes = _aware(assessment.window_opens_at), _aware(assessment.window_closes_at)
    if opens is not None and now < opens:
        raise InvalidInput("error.assessments.window_not_open", opens=opens.isoformat())
    if closes is not None and now > closes:
        raise InvalidInput("error.assessments.window_closed")


def component_passes(
    component: AssessmentComponent, percent: Decimal | None, passed: bool | None
) -> bool:
    """The component's own pass rule; a decision or rubric rule arrives as `passed`."""
    rule = component.pass_rule or {}
    if "min_percent" in rule:
        return percent is not None and percent >= Decimal(str(rule["min_percent"]))
    return bool(passed)


@dataclass(frozen=True)
class Overall:
    """The overall rule applied to the results that count (released, current)."""

    assessment_id: int
    passed: bool
    complete: bool  # every component has a released result
    percent: Decimal | None  # weighted, over the components that carry a percentage
    supervision: str  # the weakest supervision among the results that counted
    kinds: tuple[str, ...]


def _weakest(values: list[str]) -> str:
    ranks = [SUPERVISION_ORDER.index(v) for v in values if v in SUPERVISION_ORDER]
    return SUPERVISION_ORDER[min(ranks)] if ranks else SUPERVISION_ORDER[0]


def overall(session: Session, enrolment: Enrolment, assessment: Assessment) -> Overall:
    parts = components(session, assessment.id or 0)
    rows = session.exec(
        select(ComponentResult).where(
            ComponentResult.enrolment_id == enrolment.id,
            ComponentResult.assessment_id == assessment.id,
            ComponentResult.current == sa.true(),
            ComponentResult.released_at.is_not(None),  # type: ignore[union-attr]
        )
    ).all()
    by_component = {row.component_id: row for row in rows}
    complete = bool(parts) and all(c.id in by_component for c in parts)
    weighted = Decimal(0)
    weights = 0
    for component in parts:
        row = by_component.get(component.id or 0)
        if row is not None and row.percent is not None and component.weight:
            weighted += row.percent * component.weight
            weights += component.weight
    percent = (weighted / weights).quantize(Decimal("0.01")) if weights else None
    rule = assessment.pass_rule or {}
    passed = complete and all(by_component[c.id or 0].passed for c in parts)
    if passed and "min_percent" in rule and percent is not None:
        passed = percent >= Decimal(str(rule["min_percent"]))
    return Overall(
        assessment_id=assessment.id or 0,
        passed=passed,
        complete=complete,
        percent=percent,
        supervision=_weakest([r.supervision for r in rows]),
        kinds=tuple(c.kind for c in parts),
    )


def record_component_result(
    session: Session,
    *,
    enrolment: Enrolment,
    component: AssessmentComponent,
    percent: Decimal | None,
    passed: bool | None,
    source: str,
    decided_by_user_id: int | None,
    supervision: str = "unsupervised-no-id",
    attempt_id: int | None = None,
    submission_id: int | None = None,
    comment: str = "",
    at: datetime | None = None,
) -> ComponentResult:
    """Record what was decided; it counts once released (at once when not moderated).

    The caller has checked the permission and the deadline; this checks the window and
    that the component belongs to the version the enrolment is assessed by. `at` is when
    the work was done, if not now: a quiz closed by the worker after its deadline was
    finished at the deadline, inside the window, even when the window has closed since.
    """
    assessment = session.get(Assessment, component.assessment_id)
    if assessment is None or assessment.status == "draft":
        raise NotFound("error.assessments.not_found")
    mine = assessment_of(session, enrolment)
    if mine is None or mine.id != assessment.id:
        raise InvalidInput("error.assessments.other_version")
    if enrolment.status != "active":
        raise InvalidInput("error.credentials.enrolment_cancelled")
    if supervision not in SUPERVISION_ORDER:
        raise InvalidInput("error.assessments.bad_supervision")
    require_window_open(assessment, at)
    start_assessment(enrolment)
    session.add(enrolment)
    session.execute(
        sa.update(ComponentResult)
        .where(
            col(ComponentResult.enrolment_id) == enrolment.id,
            col(ComponentResult.component_id) == component.id,
        )
        .values(current=False)
    )
    row = ComponentResult(
        enrolment_id=enrolment.id or 0,
        component_id=component.id or 0,
        assessment_id=assessment.id or 0,
        source=source,
        attempt_id=attempt_id,
        submission_id=submission_id,
        percent=percent,
        passed=component_passes(component, percent, passed),
        supervision=supervision,
        decided_by_user_id=decided_by_user_id,
        comment=comment,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        "assessment.result",
        audit.user(decided_by_user_id),
        str(enrolment.uuid),
        after={
            "component": str(component.uuid),
            "percent": str(percent) if percent is not None else None,
            "passed": row.passed,
            "source": source,
        },
    )
    if not assessment.moderated:
        release_results(session, [row], released_by_user_id=decided_by_user_id)
    return row


# The EU "type of assessment" words (catalogue.vocab.ASSESSMENT_TYPES) for each component.
KIND_TYPES = {"quiz": "test", "task": "practical", "portfolio": "expert_review"}
MODE_TYPES = {"oral": "oral", "interview": "oral", "onsite": "practical"}


def assessment_type_of(component: AssessmentComponent, offering: Offering) -> str:
    """A plain assessor's decision (the old staff "pass") stands for what the offering
    declares; every other component says what it is."""
    if component.kind == "decision":
        return MODE_TYPES.get(component.mode, offering.assessment_type)
    return KIND_TYPES.get(component.kind, offering.assessment_type)


def outcome_facts(session: Session, enrolment: Enrolment, assessment: Assessment) -> OutcomeFacts:
    """How this pass was earned, as the credential will state it."""
    result = overall(session, enrolment, assessment)
    offering = session.get(Offering, assessment.offering_id)
    assert offering is not None
    parts = components(session, assessment.id or 0)
    rule = assessment.pass_rule or {}
    percent_scale = result.percent is not None
    required = rule.get("min_percent") if percent_scale else None
    return OutcomeFacts(
        scale="percent" if percent_scale else "pass_fail",
        required=Decimal(str(required)) if required is not None else None,
        assessment_types=tuple(dict.fromkeys(assessment_type_of(c, offering) for c in parts)),
        supervision=result.supervision,
        prior_learning=offering.assessment_only,
    )


def grade_text(percent: Decimal | None) -> str | None:
    if percent is None:
        return None
    return format(percent.normalize(), "f")


def release_results(
    session: Session, rows: list[ComponentResult], *, released_by_user_id: int | None
) -> list[Enrolment]:
    """Make results count; enrolments whose overall rule is now met get their credential."""
    now = utcnow()
    touched: dict[int, Enrolment] = {}
    for row in rows:
        if row.released_at is not None:
            continue
        row.released_at = now
        row.released_by_user_id = released_by_user_id
        session.add(row)
        enrolment = session.get(Enrolment, row.enrolment_id)
        if enrolment is not None:
            touched[enrolment.id or 0] = enrolment
    session.flush()
    passed: list[Enrolment] = []
    for enrolment in touched.values():
        assessment = assessment_of(session, enrolment)
        if assessment is None or enrolment.passed_at is not None:
            continue
        result = overall(session, enrolment, assessment)
        if result.passed:
            record_pass(
                session,
                enrolment,
                grade=grade_text(result.percent),
                actor_user_id=released_by_user_id,
                outcome=outcome_facts(session, enrolment, assessment),
            )
            passed.append(enrolment)
    return passed


def offering_of(session: Session, component: AssessmentComponent) -> Offering:
    assessment = session.get(Assessment, component.assessment_id)
    offering = session.get(Offering, assessment.offering_id) if assessment else None
    if offering is None:
        raise NotFound("error.assessments.not_found")
    return offering
