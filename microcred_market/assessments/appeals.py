"""A learner asks for a re-mark; a different assessor decides; both scores are kept.

Rules:

- only a released result of reviewed work (a task or portfolio marked with the rubric)
  can be appealed: a quiz marked by the machine has nothing a person could mark again;
- within `Assessment.appeal_days` after the result was released, once per result, with a
  reason; an appeal's own result cannot be appealed again;
- the appeal goes to an assessor (or owner) of that university who marked none of the
  reviews of that work, and is not the learner: the one with the fewest open appeals;
  if nobody qualifies it waits unassigned on the appeals page for one who does;
- the appeal assessor marks the work afresh with the rubric (`review.score` at the
  `appeal` stage); `Appeal.original_percent` and `new_percent` keep both scores, and a
  changed score or pass is recorded as a new result (`source="appeal"`), which counts once
  released like any other; the learner is mailed the outcome.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Session, col, select

from microcred_market.accounts import authz
from microcred_market.accounts.models import StaffRole, User
from microcred_market.assessments.models import (
    Appeal,
    Assessment,
    AssessmentComponent,
    ComponentResult,
    Review,
    Submission,
)
from microcred_market.assessments.results import record_component_result
from microcred_market.catalogue.models import Offering, University
from microcred_market.orders.models import Enrolment
from microcred_market.platform import audit, urls
from microcred_market.platform.clock import aware, utcnow
from microcred_market.platform.db import parse_uuid, saved_id
from microcred_market.platform.errors import InvalidInput, NotFound
from microcred_market.platform.i18n import t
from microcred_market.platform.mail import queue_mail

MIN_REASON = 10
MAX_REASON = 1000  # a form field carries at most 1000 characters (api.deps.read_form)
APPEALABLE_SOURCES = ("review",)


@dataclass(frozen=True)
class AppealView:
    uuid: str
    result_uuid: str
    offering_title: str
    component_title: str
    status: str  # open, decided
    outcome: str  # "", upheld, changed
    reason: str
    original_percent: Decimal | None
    new_percent: Decimal | None
    assessor: str
    learner: str  # "" under blind review (staff), or for the learner's own list
    created_at: datetime
    decided_at: datetime | None


@dataclass(frozen=True)
class AppealOption:
    """A released result the learner may still appeal, or has appealed."""

    result_uuid: str
    component_uuid: str
    component_title: str
    percent: Decimal | None
    passed: bool
    deadline: datetime
    may_appeal: bool
    appeal: AppealView | None


def _name(session: Session, user_id: int | None) -> str:
    user = session.get(User, user_id) if user_id is not None else None
    return user.display_name if user else ""


def _view(session: Session, appeal: Appeal, *, show_learner: bool) -> AppealView:
    result = session.get(ComponentResult, appeal.result_id)
    component = session.get(AssessmentComponent, result.component_id) if result else None
    enrolment = session.get(Enrolment, result.enrolment_id) if result else None
    offering = session.get(Offering, enrolment.offering_id) if enrolment else None
    return AppealView(
        uuid=str(appeal.uuid),
        result_uuid=str(result.uuid) if result else "",
        offering_title=offering.title if offering else "",
        component_title=component.title if component else "",
        status=appeal.status,
        outcome=appeal.outcome,
        reason=appeal.reason,
        original_percent=appeal.original_percent,
        new_percent=appeal.new_percent,
        assessor=_name(session, appeal.assessor_user_id),
        learner=_name(session, appeal.user_id) if show_learner else "",
        created_at=aware(appeal.created_at),
        decided_at=aware(appeal.decided_at),
    )


def deadline_of(result: ComponentResult, assessment: Assessment) -> datetime | None:
    released = aware(result.released_at)
    if released is None:
        return None
    return released + timedelta(days=assessment.appeal_days)


def markers_of(session: Session, result: ComponentResult) -> set[int]:
    """Everyone who marked the work behind this result (first, second, earlier appeals)."""
    if result.submission_id is None:
        return set()
    return {
        r.assessor_user_id
        for r in session.exec(select(Review).where(Review.submission_id == result.submission_id))
    }


def _pick_assessor(session: Session, university_id: int, exclude: set[int]) -> int | None:
    staff = session.exec(
        select(StaffRole).where(
            StaffRole.university_id == university_id,
            col(StaffRole.role).in_(["owner", "assessor"]),
        )
    ).all()
    candidates = [s.user_id for s in staff if s.user_id not in exclude]
    if not candidates:
        return None
    load = dict.fromkeys(candidates, 0)
    busy = session.execute(
        sa.select(col(Appeal.assessor_user_id), sa.func.count())
        .where(col(Appeal.status) == "open", col(Appeal.assessor_user_id).in_(candidates))
        .group_by(col(Appeal.assessor_user_id))
    ).all()
    for user_id, count in busy:
        load[user_id] = count
    return min(candidates, key=lambda uid: (load[uid], uid))


def _result_of_learner(session: Session, user_id: int, result_uuid: str) -> ComponentResult:
    key = parse_uuid(result_uuid, "error.assessments.result_not_found")
    result = session.exec(select(ComponentResult).where(ComponentResult.uuid == key)).first()
    enrolment = session.get(Enrolment, result.enrolment_id) if result else None
    if result is None or enrolment is None or enrolment.user_id != user_id:
        raise NotFound("error.assessments.result_not_found")
    return result


def request_appeal(session: Session, *, user_id: int, result_uuid: str, reason: str) -> AppealView:
    result = _result_of_learner(session, user_id, result_uuid)
    assessment = session.get(Assessment, result.assessment_id)
    enrolment = session.get(Enrolment, result.enrolment_id)
    offering = session.get(Offering, enrolment.offering_id) if enrolment else None
    if assessment is None or enrolment is None or offering is None:
        raise NotFound("error.assessments.result_not_found")
    if enrolment.status != "active":
        raise InvalidInput("error.credentials.enrolment_cancelled")
    if result.source not in APPEALABLE_SOURCES or result.submission_id is None:
        raise InvalidInput("error.assessments.appeal_not_markable")
    if not result.current or result.released_at is None:
        raise InvalidInput("error.assessments.appeal_not_released")
    deadline = deadline_of(result, assessment)
    if deadline is None or utcnow() > deadline:
        raise InvalidInput("error.assessments.appeal_too_late", n=assessment.appeal_days)
    existing = session.exec(select(Appeal).where(Appeal.result_id == result.id)).first()
    if existing is not None:
        raise InvalidInput("error.assessments.appeal_once")
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise InvalidInput("error.assessments.appeal_reason_short", n=MIN_REASON)
    if len(reason) > MAX_REASON:
        raise InvalidInput("error.assessments.appeal_reason_long", n=MAX_REASON)
    assessor = _pick_assessor(
        session, offering.university_id, markers_of(session, result) | {user_id}
    )
    appeal = Appeal(
        result_id=saved_id(result),
        user_id=user_id,
        reason=reason,
        assessor_user_id=assessor,
        original_percent=result.percent,
    )
    session.add(appeal)
    session.flush()
    audit.record(
        session,
        "assessment.appeal_filed",
        audit.user(user_id),
        str(enrolment.uuid),
        appeal=str(appeal.uuid),
        result=str(result.uuid),
        assigned_to=assessor,
    )
    return _view(session, appeal, show_learner=False)


def decide(
    session: Session,
    appeal: Appeal,
    review: Review,
    enrolment: Enrolment,
    component: AssessmentComponent,
) -> Appeal:
    """The appeal assessor's marking (`review`, role `appeal`) settles the appeal."""
    original = session.get(ComponentResult, appeal.result_id)
    if original is None or appeal.status != "open":
        raise InvalidInput("error.assessments.item_done")
    appeal.assessor_user_id = review.assessor_user_id
    appeal.new_percent = review.percent
    appeal.status = "decided"
    appeal.decided_at = utcnow()
    appeal.comment = review.comment
    changed = review.percent != original.percent or bool(review.passed) != original.passed
    appeal.outcome = "changed" if changed else "upheld"
    session.add(appeal)
    if changed:
        record_component_result(
            session,
            enrolment=enrolment,
            component=component,
            percent=review.percent,
            passed=review.passed,
            source="appeal",
            decided_by_user_id=review.assessor_user_id,
            supervision=original.supervision,
            submission_id=original.submission_id,
            comment=review.comment,
            # The re-marked work was handed in inside the window; the appeal comes later.
            at=_submitted_at(session, original),
        )
    audit.record(
        session,
        "assessment.appeal_decided",
        audit.user(review.assessor_user_id),
        str(enrolment.uuid),
        appeal=str(appeal.uuid),
        before={"percent": str(appeal.original_percent), "passed": original.passed},
        after={"percent": str(appeal.new_percent), "passed": review.passed},
        outcome=appeal.outcome,
    )
    learner = session.get(User, appeal.user_id)
    offering = session.get(Offering, enrolment.offering_id)
    if learner is not None and learner.email:
        lang = learner.preferred_language
        queue_mail(
            session,
            to=learner.email,
            template=f"appeal_{appeal.outcome}",
            lang=lang,
            name=learner.display_name,
            title=offering.title if offering else "",
            part=component.title,
            before=_percent_text(appeal.original_percent),
            after=_percent_text(appeal.new_percent),
            link=urls.page(f"/assess/{enrolment.uuid}"),
            moderated=t(
                "mail.appeal_moderated_note"
                if changed and _moderated(session, component)
                else "mail.appeal_no_note",
                lang,
            ),
        )
    return appeal


def _submitted_at(session: Session, result: ComponentResult) -> datetime | None:
    submission = session.get(Submission, result.submission_id) if result.submission_id else None
    return aware(submission.submitted_at) if submission else None


def _moderated(session: Session, component: AssessmentComponent) -> bool:
    assessment = session.get(Assessment, component.assessment_id)
    return bool(assessment and assessment.moderated)


def _percent_text(value: Decimal | None) -> str:
    if value is None:
        return "–"
    return format(value.normalize(), "f") + "%"


def appeal_options(session: Session, *, user_id: int, enrolment_uuid: str) -> list[AppealOption]:
    """The released, reviewed results of this enrolment, with what the learner may do."""
    key = parse_uuid(enrolment_uuid, "error.assessments.enrolment_not_found")
    enrolment = session.exec(select(Enrolment).where(Enrolment.uuid == key)).first()
    if enrolment is None or enrolment.user_id != user_id:
        raise NotFound("error.assessments.enrolment_not_found")
    rows = session.exec(
        select(ComponentResult)
        .where(
            ComponentResult.enrolment_id == enrolment.id,
            col(ComponentResult.released_at).is_not(None),
            col(ComponentResult.source).in_([*APPEALABLE_SOURCES, "appeal"]),
        )
        .order_by(col(ComponentResult.id))
    ).all()
    now = utcnow()
    found: list[AppealOption] = []
    for result in rows:
        appeal = session.exec(select(Appeal).where(Appeal.result_id == result.id)).first()
        if result.source == "appeal" and appeal is None:
            continue  # the outcome of an appeal shows on the original's line
        if not result.current and appeal is None:
            continue
        assessment = session.get(Assessment, result.assessment_id)
        component = session.get(AssessmentComponent, result.component_id)
        deadline = deadline_of(result, assessment) if assessment else None
        if deadline is None or component is None:
            continue
        found.append(
            AppealOption(
                result_uuid=str(result.uuid),
                component_uuid=str(component.uuid),
                component_title=component.title,
                percent=result.percent,
                passed=result.passed,
                deadline=deadline,
                may_appeal=appeal is None
                and result.current
                and result.source in APPEALABLE_SOURCES
                and result.submission_id is not None
                and enrolment.status == "active"
                and now <= deadline,
                appeal=_view(session, appeal, show_learner=False) if appeal else None,
            )
        )
    return found


def university_appeals(
    session: Session, principal: authz.Principal, slug: str, status: str | None = None
) -> list[AppealView]:
    """Every appeal at this university, open first, for its assessors and owners."""
    uni = session.exec(select(University).where(University.slug == slug)).first()
    if uni is None:
        raise NotFound("error.catalogue.university_not_found")
    authz.require(principal, "university.assess", saved_id(uni))
    query = (
        select(Appeal, Assessment)
        .join(ComponentResult, col(ComponentResult.id) == Appeal.result_id)
        .join(Assessment, col(Assessment.id) == ComponentResult.assessment_id)
        .join(Offering, col(Offering.id) == Assessment.offering_id)
        .where(Offering.university_id == uni.id)
    )
    if status in ("open", "decided"):
        query = query.where(Appeal.status == status)
    rows = session.exec(query).all()
    ordered = sorted(rows, key=lambda pair: (pair[0].status != "open", pair[0].created_at))
    return [
        _view(session, appeal, show_learner=not assessment.blind_review)
        for appeal, assessment in ordered
    ]
