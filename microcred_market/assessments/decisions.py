"""An assessor's decision: what the staff "pass", the results file and the command line record.

None of them passes anyone directly. Each records the result of a `decision` component
of the version the learner is assessed by (`results.record_component_result`), inside the
assessment window; the overall rule of that version, once the result is released, is what
issues the credential.

An offering that has no assessment in use (every offering before assessments existed)
gets one on the first decision: the next version, a single "Assessor's decision" worth 100 %,
pass mark 50 % when a grade is given, not moderated (so a decision counts at once, as the
staff "pass" always did), its window opening on the offering's start date. That keeps
the staff's familiar button working and still never lets a result in before the course
has started. An offering whose assessment is only a draft is refused ("publish the
assessment first"): its authors are still deciding what counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time
from decimal import Decimal

from sqlmodel import Session, select

from microcred_market.accounts import authz
from microcred_market.assessments import results
from microcred_market.assessments.models import Assessment, AssessmentComponent
from microcred_market.catalogue.models import Offering
from microcred_market.credentials.issuing import AlreadyDone, clean_grade
from microcred_market.orders.models import Enrolment
from microcred_market.platform.clock import utcnow
from microcred_market.platform.db import get_by_uuid
from microcred_market.platform.errors import InvalidInput

DEFAULT_PASS_MARK = 50
DEFAULT_TITLE = "Assessor's decision"


@dataclass(frozen=True)
class Decided:
    """What a decision did: `issuing` when it released a pass (the credential follows)."""

    enrolment: Enrolment
    passed: bool
    released: bool
    issuing: bool


def _window_opens(offering: Offering) -> datetime | None:
    if offering.self_paced or offering.start_date is None:
        return None
    return datetime.combine(offering.start_date, time(0), tzinfo=UTC)


def _first_assessment(
    session: Session, offering: Offering, version: int, actor_user_id: int | None
) -> Assessment:
    """The single-decision version of an offering that has no assessment in use.

    Two assessors making it at the same moment: one of them gets a unique-constraint
    error (`uq_assessment_version`), their transaction is undone and they try again.
    """
    assessment = Assessment(
        offering_id=offering.id or 0,
        version=version,
        status="published",
        pass_rule={"all_components": True, "min_percent": DEFAULT_PASS_MARK},
        window_opens_at=_window_opens(offering),
        moderated=False,
        created_by_user_id=actor_user_id,
        published_at=utcnow(),
    )
    session.add(assessment)
    session.flush()
    session.add(
        AssessmentComponent(
            assessment_id=assessment.id or 0,
            position=0,
            kind="decision",
            mode="decision",
            title=DEFAULT_TITLE,
            weight=100,
            pass_rule={"decision": True},
        )
    )
    session.flush()
    return assessment


@dataclass(frozen=True)
class _Plan:
    """The version a decision goes to, or (None) the first one it will make."""

    assessment: Assessment | None
    component: AssessmentComponent | None
    next_version: int = 1


def _plan(session: Session, enrolment: Enrolment) -> _Plan:
    assessment = results.assessment_of(session, enrolment)
    if assessment is None:
        versions = session.exec(
            select(Assessment.version, Assessment.status).where(
                Assessment.offering_id == enrolment.offering_id
            )
        ).all()
        if any(status == "draft" for _, status in versions):
            raise InvalidInput("error.assessments.publish_first")
        return _Plan(None, None, max((number for number, _ in versions), default=0) + 1)
    parts = [c for c in results.components(session, assessment.id or 0) if c.kind == "decision"]
    if not parts:
        raise InvalidInput("error.assessments.no_decision")
    parts.sort(key=lambda c: (c.mode != "decision", c.position))
    return _Plan(assessment, parts[0])


def _required(session: Session, plan: _Plan) -> Decimal:
    """The least grade a passing decision may carry: the pass mark when it alone decides."""
    if plan.assessment is None:
        return Decimal(DEFAULT_PASS_MARK)
    rule = plan.assessment.pass_rule or {}
    if "min_percent" in rule and len(results.components(session, plan.assessment.id or 0)) == 1:
        return Decimal(str(rule["min_percent"]))
    return Decimal(0)


@dataclass(frozen=True)
class Prepared:
    """A decision checked and ready to record (nothing written yet)."""

    enrolment: Enrolment
    offering: Offering
    plan: _Plan
    percent: Decimal | None
    supervision: str


def prepare(
    session: Session,
    enrolment: Enrolment,
    *,
    grade: str | None,
    passed: bool,
    supervision: str | None = None,
) -> Prepared:
    """Every check of a decision, with nothing written (the results file checks every line
    first): still active, not passed yet, a version to decide under, its window open, a
    grade on its scale, a known supervision."""
    if enrolment.status != "active":
        raise InvalidInput("error.credentials.enrolment_cancelled")
    if enrolment.passed_at is not None:
        raise AlreadyDone("error.credentials.already_passed")
    offering = session.get(Offering, enrolment.offering_id)
    assert offering is not None
    plan = _plan(session, enrolment)
    if plan.assessment is not None:
        results.require_window_open(plan.assessment)
    else:
        results.require_window_open(
            Assessment(offering_id=0, window_opens_at=_window_opens(offering))
        )
    cleaned = clean_grade(grade, _required(session, plan) if passed else Decimal(0))
    chosen = supervision or offering.supervision or results.SUPERVISION_ORDER[0]
    if chosen not in results.SUPERVISION_ORDER:
        raise InvalidInput("error.assessments.bad_supervision")
    return Prepared(enrolment, offering, plan, Decimal(cleaned) if cleaned else None, chosen)


def record(
    session: Session,
    prepared: Prepared,
    *,
    passed: bool,
    actor_user_id: int | None,
    comment: str = "",
) -> Decided:
    enrolment = prepared.enrolment
    component = prepared.plan.component
    if component is None:  # the first decision of this offering: make its version
        plan = _plan(session, enrolment)  # another line of the same file may have made it
        if plan.component is None:
            _first_assessment(session, prepared.offering, plan.next_version, actor_user_id)
            plan = _plan(session, enrolment)
        component = plan.component
        assert component is not None
    row = results.record_component_result(
        session,
        enrolment=enrolment,
        component=component,
        percent=prepared.percent,
        passed=passed,
        source="decision",
        decided_by_user_id=actor_user_id,
        supervision=prepared.supervision,
        comment=comment,
    )
    return Decided(
        enrolment=enrolment,
        passed=row.passed,
        released=row.released_at is not None,
        issuing=enrolment.passed_at is not None,
    )


def decide(
    session: Session,
    *,
    principal: authz.Principal,
    enrolment_uuid: str,
    grade: str | None = None,
    passed: bool = True,
    supervision: str | None = None,
    comment: str = "",
) -> Decided:
    """Staff record an assessor's decision for one learner (the "pass" button)."""
    enrolment = get_by_uuid(
        session, Enrolment, enrolment_uuid, "error.credentials.enrolment_not_found"
    )
    offering = session.get(Offering, enrolment.offering_id)
    assert offering is not None
    authz.require(principal, "university.assess", offering.university_id)
    prepared = prepare(
        session,
        enrolment,
        grade=grade,
        passed=passed,
        supervision=supervision,
    )
    return record(
        session, prepared, passed=passed, actor_user_id=principal.user_id, comment=comment
    )
