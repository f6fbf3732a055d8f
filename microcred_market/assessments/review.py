"""The assessor's queue, claiming work, rubric marking, essays and the second marker.

What can wait for a person, per university, oldest first:

- a current submission (task or portfolio) with no finished first review, or with a first
  review that asked for a second marker and no second review yet;
- a quiz attempt whose essays are not marked yet (`pending_marking`);
- an appeal assigned to this assessor (or to nobody yet, if they may take it).

Claiming an item locks it for 30 minutes (`ReviewLock`, after Open edX ORA2's staff
grader lock): another assessor can neither claim nor save it until the lock expires,
and an expired lock may be taken over. The claim is one conditional statement (an
insert, or an update that only succeeds when the lock is free, expired or ours), so two
assessors claiming at once cannot both win, also on PostgreSQL under load.

**Blind review** (`Assessment.blind_review`): the learner's name never reaches the
assessor: the queue and the review screen carry a pseudonym (`learner_ref`, a digest of
the enrolment), and downloaded files are renamed (`submissions.blind_filename`).

**Rubric scoring**: criteria × levels, each level with points and a descriptor;
percent = points / the sum of each criterion's best level. The component's pass rule is
`min_level` (every criterion at least level index N), `min_percent`, or both; with
neither, half the points pass.

**Second marker**: required when the first score lies within
`Assessment.second_marker_margin` percentage points of the pass mark (inclusive), or
when the first assessor asks for one. For a `min_level` rule the pass mark in percent is
the score of a paper with every criterion exactly at level N. A different assessor marks
without seeing the first marks; **reconciliation rule: the second marker's marking
decides** (both reviews are kept and shown in the history). A mean of two rubric
markings is no marking anyone made, and it cannot say which criterion reached which
level, which a `min_level` rule needs.

**Cohort**: an offering is one run of a course, so its start date is the cohort
(`YYYY-MM-DD`); a self-paced offering has none, and its learners are grouped by the month
they enrolled (`YYYY-MM`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from microcred_market.accounts import authz
from microcred_market.accounts.models import User
from microcred_market.assessments import appeals, submissions
from microcred_market.assessments.models import (
    Appeal,
    Assessment,
    AssessmentComponent,
    AssessmentQuestion,
    ComponentResult,
    QuizAnswer,
    QuizAttempt,
    Review,
    ReviewLock,
    Submission,
)
from microcred_market.assessments.quiz import score_paper
from microcred_market.assessments.results import record_component_result
from microcred_market.catalogue.models import Offering, University
from microcred_market.orders.models import Enrolment
from microcred_market.platform import audit
from microcred_market.platform.clock import aware, utcnow
from microcred_market.platform.db import saved_id
from microcred_market.platform.errors import InvalidInput, NotFound

LOCK_MINUTES = 30
MAX_COMMENT = 4000
CENT = Decimal("0.01")
DEFAULT_PASS_PERCENT = Decimal(50)
HUNDRED = Decimal(100)
PREFIX = {"s": "submission", "a": "attempt", "p": "appeal"}


# --------------------------------------------------------------------- pure rules


@dataclass(frozen=True)
class RubricScore:
    points: Decimal
    max_points: int
    percent: Decimal
    passed: bool


def criteria(rubric: dict[str, Any] | None) -> list[dict[str, Any]]:
    found = (rubric or {}).get("criteria") or []
    return [c for c in found if isinstance(c, dict) and c.get("id") and c.get("levels")]


def _level_points(level: dict[str, Any]) -> int:
    try:
        return int(level.get("points", 0))
    except (TypeError, ValueError):
        return 0


def check_scores(rubric: dict[str, Any] | None, scores: dict[str, Any]) -> dict[str, int]:
    """Every criterion scored with a level index it has; nothing else."""
    parts = criteria(rubric)
    if not parts:
        raise InvalidInput("error.assessments.no_rubric")
    known = {str(c["id"]) for c in parts}
    if set(map(str, scores)) - known:
        raise InvalidInput("error.assessments.unknown_criterion")
    clean: dict[str, int] = {}
    for criterion in parts:
        cid = str(criterion["id"])
        raw = scores.get(cid)
        if raw is None or raw == "":
            raise InvalidInput(
                "error.assessments.criterion_unscored", title=criterion.get("title", cid)
            )
        try:
            index = int(str(raw))
        except ValueError:
            raise InvalidInput("error.assessments.bad_level") from None
        if not 0 <= index < len(criterion["levels"]):
            raise InvalidInput("error.assessments.bad_level")
        clean[cid] = index
    return clean


def max_points(rubric: dict[str, Any] | None) -> int:
    return sum(max(_level_points(lv) for lv in c["levels"]) for c in criteria(rubric))


def _percent(points: Decimal, out_of: int) -> Decimal:
    if out_of <= 0:
        return Decimal("0.00")
    return (points * HUNDRED / out_of).quantize(CENT, rounding=ROUND_HALF_UP)


def min_level_met(rubric: dict[str, Any] | None, scores: dict[str, int], level: int) -> bool:
    return all(scores.get(str(c["id"]), -1) >= level for c in criteria(rubric))


def score_rubric(
    rubric: dict[str, Any] | None, pass_rule: dict[str, Any] | None, scores: dict[str, int]
) -> RubricScore:
    """Points, percent and the component's pass rule for checked `scores`."""
    parts = criteria(rubric)
    points = Decimal(sum(_level_points(c["levels"][scores[str(c["id"])]]) for c in parts))
    out_of = max_points(rubric)
    percent = _percent(points, out_of)
    rule = pass_rule or {}
    passed = True
    if "min_level" in rule:
        passed = min_level_met(rubric, scores, int(rule["min_level"]))
    if "min_percent" in rule:
        passed = passed and percent >= Decimal(str(rule["min_percent"]))
    if "min_level" not in rule and "min_percent" not in rule:
        passed = percent >= DEFAULT_PASS_PERCENT
    return RubricScore(points, out_of, percent, passed)


def pass_mark(rubric: dict[str, Any] | None, pass_rule: dict[str, Any] | None) -> Decimal:
    """The pass mark in percent, to measure the second-marker margin from."""
    rule = pass_rule or {}
    if "min_percent" in rule:
        return Decimal(str(rule["min_percent"]))
    if "min_level" in rule:
        level = int(rule["min_level"])
        parts = criteria(rubric)
        at_level = sum(
            _level_points(c["levels"][min(max(level, 0), len(c["levels"]) - 1)]) for c in parts
        )
        return _percent(Decimal(at_level), max_points(rubric))
    return DEFAULT_PASS_PERCENT


def needs_second_marker(percent: Decimal, mark: Decimal, margin: int | None) -> bool:
    return margin is not None and abs(percent - mark) <= Decimal(margin)


# --------------------------------------------------------------------- items


@dataclass(frozen=True)
class Item:
    """What an item reference names, loaded."""

    ref: str
    kind: str  # submission, attempt, appeal
    lock_key: str
    stage: str  # first, second, appeal
    enrolment: Enrolment
    component: AssessmentComponent
    assessment: Assessment
    offering: Offering
    submission: Submission | None
    attempt: QuizAttempt | None
    appeal: Appeal | None


def parse_ref(ref: str) -> tuple[str, UUID]:
    prefix, _, raw = (ref or "").partition("-")
    if prefix not in PREFIX:
        raise NotFound("error.assessments.item_not_found")
    try:
        return PREFIX[prefix], UUID(raw)
    except ValueError:
        raise NotFound("error.assessments.item_not_found") from None


def _finished_reviews(session: Session, *, submission_id: int) -> list[Review]:
    return list(
        session.exec(
            select(Review)
            .where(Review.submission_id == submission_id, col(Review.finished_at).is_not(None))
            .order_by(col(Review.id))
        ).all()
    )


def _submission_stage(session: Session, submission: Submission) -> str | None:
    """first / second, or None when nothing is waiting for a marker."""
    if not submission.current or submission.status != "submitted":
        return None
    roles = [r.role for r in _finished_reviews(session, submission_id=saved_id(submission))]
    if "first" not in roles:
        return "first"
    if "second" not in roles:
        return "second"
    return None


def load_item(session: Session, ref: str) -> Item:
    kind, key = parse_ref(ref)
    submission: Submission | None = None
    attempt: QuizAttempt | None = None
    appeal: Appeal | None = None
    if kind == "submission":
        submission = session.exec(select(Submission).where(Submission.uuid == key)).first()
        if submission is None:
            raise NotFound("error.assessments.item_not_found")
        stage = _submission_stage(session, submission) or "done"
        enrolment_id, component_id = submission.enrolment_id, submission.component_id
        lock_key = f"submission:{submission.id}"
    elif kind == "attempt":
        attempt = session.exec(select(QuizAttempt).where(QuizAttempt.uuid == key)).first()
        if attempt is None:
            raise NotFound("error.assessments.item_not_found")
        stage = "first" if attempt.pending_marking else "done"
        enrolment_id, component_id = attempt.enrolment_id, attempt.component_id
        lock_key = f"attempt:{attempt.id}"
    else:
        appeal = session.exec(select(Appeal).where(Appeal.uuid == key)).first()
        result = session.get(ComponentResult, appeal.result_id) if appeal else None
        if appeal is None or result is None or result.submission_id is None:
            raise NotFound("error.assessments.item_not_found")
        submission = session.get(Submission, result.submission_id)
        stage = "appeal" if appeal.status == "open" else "done"
        enrolment_id, component_id = result.enrolment_id, result.component_id
        lock_key = f"appeal:{appeal.id}"
    enrolment = session.get(Enrolment, enrolment_id)
    component = session.get(AssessmentComponent, component_id)
    assessment = session.get(Assessment, component.assessment_id) if component else None
    offering = session.get(Offering, enrolment.offering_id) if enrolment else None
    if enrolment is None or component is None or assessment is None or offering is None:
        raise NotFound("error.assessments.item_not_found")
    return Item(
        ref=ref,
        kind=kind,
        lock_key=lock_key,
        stage=stage,
        enrolment=enrolment,
        component=component,
        assessment=assessment,
        offering=offering,
        submission=submission,
        attempt=attempt,
        appeal=appeal,
    )


def _require_assessor(principal: authz.Principal, item: Item) -> None:
    """Assessors of the item's university only; to anyone else the item does not exist."""
    if not authz.can(principal, "university.assess", item.offering.university_id):
        raise NotFound("error.assessments.item_not_found")


def markers(session: Session, submission_id: int | None) -> set[int]:
    if submission_id is None:
        return set()
    return {r.assessor_user_id for r in _finished_reviews(session, submission_id=submission_id)}


def _may_mark(session: Session, principal: authz.Principal, item: Item) -> None:
    """Whether this assessor may take this item at this stage (beyond the permission)."""
    me = principal.user_id
    if item.stage == "done":
        raise InvalidInput("error.assessments.item_done")
    if me == item.enrolment.user_id:
        raise InvalidInput("error.assessments.own_work")
    if item.stage == "second" and me in markers(session, saved_id(item.submission)):  # type: ignore[arg-type]
        raise InvalidInput("error.assessments.second_must_differ")
    if item.stage == "appeal":
        assert item.appeal is not None
        if item.appeal.assessor_user_id not in (None, me):
            raise InvalidInput("error.assessments.appeal_assigned_elsewhere")
        if me in markers(session, item.submission.id if item.submission else None):
            raise InvalidInput("error.assessments.appeal_must_differ")


def learner_ref(enrolment: Enrolment) -> str:
    """A pseudonym that tells items of one learner apart without naming them."""
    digest = hashlib.sha256(f"learner:{enrolment.uuid}".encode()).hexdigest()
    return f"L-{digest[:6].upper()}"


def cohort_of(offering: Offering, enrolment: Enrolment) -> str:
    if offering.start_date is not None:
        return offering.start_date.isoformat()
    return aware(enrolment.created_at).strftime("%Y-%m")


def _name(session: Session, user_id: int | None) -> str:
    user = session.get(User, user_id) if user_id is not None else None
    return user.display_name if user else ""


# --------------------------------------------------------------------- locks


@dataclass(frozen=True)
class LockView:
    ref: str
    holder: str
    mine: bool
    expires_at: datetime


def _live_lock(session: Session, key: str, now: datetime) -> ReviewLock | None:
    row = session.exec(select(ReviewLock).where(ReviewLock.item == key)).first()
    if row is None or aware(row.expires_at) <= now:
        return None
    return row


def claim(session: Session, principal: authz.Principal, ref: str) -> LockView:
    """Lock the item for this assessor for 30 minutes (again: the lock is renewed)."""
    item = load_item(session, ref)
    _require_assessor(principal, item)
    _may_mark(session, principal, item)
    me = principal.user_id
    assert me is not None
    now = utcnow()
    expires = now + timedelta(minutes=LOCK_MINUTES)
    taken = session.execute(
        sa.update(ReviewLock)
        .where(
            col(ReviewLock.item) == item.lock_key,
            sa.or_(col(ReviewLock.assessor_user_id) == me, col(ReviewLock.expires_at) <= now),
        )
        .values(assessor_user_id=me, claimed_at=now, expires_at=expires)
    )
    if not taken.rowcount:  # type: ignore[attr-defined]
        try:
            with session.begin_nested():
                session.add(
                    ReviewLock(
                        item=item.lock_key, assessor_user_id=me, claimed_at=now, expires_at=expires
                    )
                )
        except IntegrityError:
            # Someone else's live lock is there (or was inserted a moment ago).
            raise InvalidInput("error.assessments.locked_by_other") from None
    audit.record(
        session,
        "assessment.review_claimed",
        audit.user(me),
        ref,
        expires_at=expires.isoformat(),
    )
    return LockView(ref, _name(session, me), True, expires)


def release(session: Session, principal: authz.Principal, ref: str) -> None:
    """Give the item back before the lock runs out."""
    item = load_item(session, ref)
    _require_assessor(principal, item)
    session.execute(
        sa.delete(ReviewLock).where(
            col(ReviewLock.item) == item.lock_key,
            col(ReviewLock.assessor_user_id) == principal.user_id,
        )
    )
    audit.record(session, "assessment.review_released", audit.user(principal.user_id), ref)


def _hold_lock(session: Session, principal: authz.Principal, item: Item) -> None:
    """Saving needs this assessor's live lock, held (row-locked) until the commit."""
    now = utcnow()
    row = session.exec(
        select(ReviewLock).where(ReviewLock.item == item.lock_key).with_for_update()
    ).first()
    if row is None or aware(row.expires_at) <= now:
        raise InvalidInput("error.assessments.claim_first")
    if row.assessor_user_id != principal.user_id:
        raise InvalidInput("error.assessments.locked_by_other")


def _drop_lock(session: Session, item: Item) -> None:
    session.execute(sa.delete(ReviewLock).where(col(ReviewLock.item) == item.lock_key))


# --------------------------------------------------------------------- the queue


@dataclass(frozen=True)
class QueueItem:
    ref: str
    kind: str  # submission, attempt, appeal
    stage: str  # first, second, appeal
    offering_slug: str
    offering_title: str
    component_title: str
    component_kind: str
    cohort: str
    learner: str  # "" under blind review
    learner_ref: str
    waiting_since: datetime
    locked_by: str  # who holds a live lock ("" for none)
    locked_by_me: bool


def university_of(session: Session, slug: str) -> University:
    uni = session.exec(select(University).where(University.slug == slug)).first()
    if uni is None:
        raise NotFound("error.catalogue.university_not_found")
    return uni


def _offerings(session: Session, university_id: int) -> dict[int, Offering]:
    rows = session.exec(select(Offering).where(Offering.university_id == university_id)).all()
    return {saved_id(o): o for o in rows}


def queue(
    session: Session,
    principal: authz.Principal,
    university_slug: str,
    offering: str | None = None,
    cohort: str | None = None,
) -> list[QueueItem]:
    """What waits for this assessor at this university, oldest first."""
    uni = university_of(session, university_slug)
    authz.require(principal, "university.assess", saved_id(uni))
    offerings = _offerings(session, saved_id(uni))
    if offering:
        offerings = {k: o for k, o in offerings.items() if o.slug == offering}
    if not offerings:
        return []
    now = utcnow()
    refs: list[tuple[str, datetime]] = []
    subs = session.exec(
        select(Submission)
        .join(Enrolment, col(Enrolment.id) == Submission.enrolment_id)
        .where(
            col(Enrolment.offering_id).in_(list(offerings)),
            Enrolment.status == "active",
            Submission.current == sa.true(),
            Submission.status == "submitted",
        )
    ).all()
    for sub in subs:
        refs.append((f"s-{sub.uuid}", aware(sub.submitted_at)))
    attempts = session.exec(
        select(QuizAttempt)
        .join(Enrolment, col(Enrolment.id) == QuizAttempt.enrolment_id)
        .where(
            col(Enrolment.offering_id).in_(list(offerings)),
            Enrolment.status == "active",
            QuizAttempt.pending_marking == sa.true(),
            col(QuizAttempt.status).in_(["submitted", "overdue"]),
        )
    ).all()
    for attempt in attempts:
        refs.append((f"a-{attempt.uuid}", aware(attempt.finished_at or attempt.started_at)))
    open_appeals = session.exec(
        select(Appeal)
        .join(ComponentResult, col(ComponentResult.id) == Appeal.result_id)
        .join(Enrolment, col(Enrolment.id) == ComponentResult.enrolment_id)
        .where(
            col(Enrolment.offering_id).in_(list(offerings)),
            Appeal.status == "open",
            sa.or_(
                col(Appeal.assessor_user_id) == principal.user_id,
                col(Appeal.assessor_user_id).is_(None),
            ),
        )
    ).all()
    for appeal in open_appeals:
        refs.append((f"p-{appeal.uuid}", aware(appeal.created_at)))
    refs.sort(key=lambda pair: pair[1])
    found: list[QueueItem] = []
    for ref, since in refs:
        item = load_item(session, ref)
        try:
            _may_mark(session, principal, item)
        except InvalidInput:
            continue  # not this assessor's to take (their own first marking, say)
        item_cohort = cohort_of(item.offering, item.enrolment)
        if cohort and item_cohort != cohort:
            continue
        lock = _live_lock(session, item.lock_key, now)
        found.append(
            QueueItem(
                ref=ref,
                kind=item.kind,
                stage=item.stage,
                offering_slug=item.offering.slug,
                offering_title=item.offering.title,
                component_title=item.component.title,
                component_kind=item.component.kind,
                cohort=item_cohort,
                learner=""
                if item.assessment.blind_review
                else _name(session, item.enrolment.user_id),
                learner_ref=learner_ref(item.enrolment),
                waiting_since=since,
                locked_by=_name(session, lock.assessor_user_id) if lock else "",
                locked_by_me=bool(lock and lock.assessor_user_id == principal.user_id),
            )
        )
    return found


def cohorts(session: Session, principal: authz.Principal, university_slug: str) -> list[str]:
    """The cohorts the filter offers: those of the university's offerings and learners."""
    uni = university_of(session, university_slug)
    authz.require(principal, "university.assess", saved_id(uni))
    found: set[str] = set()
    for offering in _offerings(session, saved_id(uni)).values():
        if offering.start_date is not None:
            found.add(offering.start_date.isoformat())
        else:
            months = session.exec(
                select(Enrolment.created_at).where(Enrolment.offering_id == offering.id)
            ).all()
            found.update(aware(m).strftime("%Y-%m") for m in months)
    return sorted(found)


# --------------------------------------------------------------------- the review screen


@dataclass(frozen=True)
class EvidenceFileView:
    uuid: str
    filename: str
    content_type: str
    size: int


@dataclass(frozen=True)
class EssayView:
    ident: str
    prompt: str
    answer: str
    max_points: int
    mark: str  # the assessor's mark so far, as text ("" for none)


@dataclass(frozen=True)
class HistoryLine:
    when: datetime
    who: str
    what: str  # first, second, appeal, claimed, appeal_filed, appeal_decided
    percent: str
    passed: bool | None


@dataclass(frozen=True)
class ItemDetail:
    ref: str
    kind: str
    stage: str
    university_slug: str
    offering_title: str
    component_title: str
    component_kind: str
    instructions: str
    rubric: dict[str, Any]
    pass_rule: dict[str, Any]
    blind: bool
    learner: str
    learner_ref: str
    cohort: str
    version: int
    submitted_at: datetime | None
    text: str
    outcomes: list[tuple[str, str]]  # (learning outcome, the learner's evidence for it)
    links: list[str]
    files: list[EvidenceFileView]
    essays: list[EssayView]
    appeal_reason: str
    lock: LockView | None
    may_mark: bool
    why_not: str  # the locale key saying why this assessor may not mark it now
    history: list[HistoryLine]


def _history(session: Session, item: Item) -> list[HistoryLine]:
    lines: list[HistoryLine] = []
    reviews: list[Review] = []
    if item.submission is not None:
        reviews = list(
            session.exec(
                select(Review)
                .where(Review.submission_id == item.submission.id)
                .order_by(col(Review.id))
            ).all()
        )
    elif item.attempt is not None:
        reviews = list(
            session.exec(
                select(Review).where(Review.attempt_id == item.attempt.id).order_by(col(Review.id))
            ).all()
        )
    # A second or appeal marker marks afresh: earlier scores stay hidden until they are done.
    independent = item.stage in ("second", "appeal")
    for r in reviews:
        if r.finished_at is None:
            continue
        lines.append(
            HistoryLine(
                aware(r.finished_at),
                _name(session, r.assessor_user_id),
                r.role,
                "" if independent or r.percent is None else str(r.percent),
                None if independent else r.passed,
            )
        )
    if item.submission is not None:
        results = session.exec(
            select(ComponentResult).where(ComponentResult.submission_id == item.submission.id)
        ).all()
        for res in results:
            for appeal in session.exec(select(Appeal).where(Appeal.result_id == res.id)).all():
                lines.append(HistoryLine(aware(appeal.created_at), "", "appeal_filed", "", None))
                if appeal.decided_at is not None:
                    lines.append(
                        HistoryLine(
                            aware(appeal.decided_at),
                            _name(session, appeal.assessor_user_id),
                            f"appeal_{appeal.outcome or 'decided'}",
                            str(appeal.new_percent) if appeal.new_percent is not None else "",
                            None,
                        )
                    )
    lines.sort(key=lambda line: line.when)
    return lines


def _essays(session: Session, attempt: QuizAttempt) -> list[EssayView]:
    idents = [str(p.get("q")) for p in attempt.paper or [] if isinstance(p, dict)]
    questions = {
        q.ident: q
        for q in session.exec(
            select(AssessmentQuestion).where(
                AssessmentQuestion.component_id == attempt.component_id
            )
        ).all()
    }
    answers = {
        a.question_ident: a
        for a in session.exec(select(QuizAnswer).where(QuizAnswer.attempt_id == attempt.id)).all()
    }
    found: list[EssayView] = []
    for ident in idents:
        q = questions.get(ident)
        if q is None or (q.body or {}).get("kind") != "essay":
            continue
        answer = answers.get(ident)
        if answer is None or answer.answer is None:
            continue
        found.append(
            EssayView(
                ident=ident,
                prompt=str((q.body or {}).get("prompt", "")),
                answer=str(answer.answer),
                max_points=int((q.body or {}).get("points", 0) or 0),
                mark=str(answer.points) if answer.points is not None else "",
            )
        )
    return found


def item_detail(session: Session, principal: authz.Principal, slug: str, ref: str) -> ItemDetail:
    item = load_item(session, ref)
    _require_assessor(principal, item)
    uni = session.get(University, item.offering.university_id)
    if uni is None or uni.slug != slug:
        raise NotFound("error.assessments.item_not_found")
    why_not = ""
    try:
        _may_mark(session, principal, item)
    except InvalidInput as error:
        why_not = error.key
    lock_row = _live_lock(session, item.lock_key, utcnow())
    lock = (
        LockView(
            ref,
            _name(session, lock_row.assessor_user_id),
            lock_row.assessor_user_id == principal.user_id,
            aware(lock_row.expires_at),
        )
        if lock_row
        else None
    )
    blind = item.assessment.blind_review
    sub = item.submission
    outcomes_text = list(item.offering.learning_outcomes or [])
    evidence = dict(sub.outcome_evidence or {}) if sub else {}
    files: list[EvidenceFileView] = []
    if sub is not None:
        for f in submissions.views(session, [sub])[0].files:
            shown = f.filename
            if blind:
                shown = submissions.blind_filename_of(f.uuid, f.filename)
            files.append(EvidenceFileView(f.uuid, shown, f.content_type, f.size))
    return ItemDetail(
        ref=ref,
        kind=item.kind,
        stage=item.stage,
        university_slug=slug,
        offering_title=item.offering.title,
        component_title=item.component.title,
        component_kind=item.component.kind,
        instructions=item.component.instructions,
        rubric=dict(item.component.rubric or {}),
        pass_rule=dict(item.component.pass_rule or {}),
        blind=blind,
        learner="" if blind else _name(session, item.enrolment.user_id),
        learner_ref=learner_ref(item.enrolment),
        cohort=cohort_of(item.offering, item.enrolment),
        version=sub.version if sub else (item.attempt.number if item.attempt else 0),
        submitted_at=aware(sub.submitted_at)
        if sub
        else aware(item.attempt.finished_at)
        if item.attempt
        else None,
        text=sub.text if sub else "",
        outcomes=[(outcome, evidence.get(str(i), "")) for i, outcome in enumerate(outcomes_text)]
        if item.component.kind == "portfolio"
        else [],
        links=list(sub.links or []) if sub else [],
        files=files,
        essays=_essays(session, item.attempt) if item.attempt else [],
        appeal_reason=item.appeal.reason if item.appeal else "",
        lock=lock,
        may_mark=not why_not,
        why_not=why_not,
        history=_history(session, item),
    )


# --------------------------------------------------------------------- marking


@dataclass(frozen=True)
class Marked:
    ref: str
    stage: str
    percent: Decimal
    passed: bool
    second_marker_needed: bool
    result_recorded: bool


def _clean_comments(rubric: dict[str, Any], comments: dict[str, str] | None) -> dict[str, str]:
    known = {str(c["id"]) for c in criteria(rubric)}
    clean: dict[str, str] = {}
    for cid, text in (comments or {}).items():
        if str(cid) not in known:
            raise InvalidInput("error.assessments.unknown_criterion")
        text = (text or "").strip()
        if len(text) > MAX_COMMENT:
            raise InvalidInput("error.assessments.comment_too_long", n=MAX_COMMENT)
        if text:
            clean[str(cid)] = text
    return clean


def score(
    session: Session,
    principal: authz.Principal,
    ref: str,
    *,
    scores: dict[str, Any],
    comments: dict[str, str] | None = None,
    comment: str = "",
    request_second: bool = False,
) -> Marked:
    """Save a rubric marking of a submission (first, second or appeal) under the lock."""
    item = load_item(session, ref)
    _require_assessor(principal, item)
    if item.kind == "attempt":
        raise InvalidInput("error.assessments.mark_essays_instead")
    _hold_lock(session, principal, item)
    # Checked again under the lock: the stage may have moved since the claim.
    item = load_item(session, ref)
    _may_mark(session, principal, item)
    rubric = item.component.rubric or {}
    clean = check_scores(rubric, scores)
    notes = _clean_comments(rubric, comments)
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise InvalidInput("error.assessments.comment_too_long", n=MAX_COMMENT)
    result = score_rubric(rubric, item.component.pass_rule, clean)
    me = principal.user_id
    assert me is not None and item.submission is not None
    now = utcnow()
    review = Review(
        component_id=saved_id(item.component),
        enrolment_id=saved_id(item.enrolment),
        submission_id=saved_id(item.submission),
        assessor_user_id=me,
        role=item.stage,
        scores=clean,
        comments=notes,
        comment=comment,
        points=result.points,
        max_points=result.max_points,
        percent=result.percent,
        passed=result.passed,
        started_at=now,
        finished_at=now,
    )
    session.add(review)
    session.flush()
    audit.record(
        session,
        "assessment.reviewed",
        audit.user(me),
        ref,
        role=item.stage,
        percent=str(result.percent),
        passed=result.passed,
    )
    _drop_lock(session, item)
    if item.stage == "appeal":
        assert item.appeal is not None
        appeals.decide(session, item.appeal, review, item.enrolment, item.component)
        return Marked(ref, item.stage, result.percent, result.passed, False, True)
    second = False
    if item.stage == "first":
        mark = pass_mark(rubric, item.component.pass_rule)
        margin = item.assessment.second_marker_margin
        second = request_second or needs_second_marker(result.percent, mark, margin)
    if second:
        audit.record(
            session,
            "assessment.second_marker_needed",
            audit.user(me),
            ref,
            reason="requested" if request_second else "margin",
            percent=str(result.percent),
        )
        return Marked(ref, item.stage, result.percent, result.passed, True, False)
    # The first marking stands, or (second stage) the second marker's decides.
    item.submission.status = "marked"
    session.add(item.submission)
    record_component_result(
        session,
        enrolment=item.enrolment,
        component=item.component,
        percent=result.percent,
        passed=result.passed,
        source="review",
        decided_by_user_id=me,
        submission_id=saved_id(item.submission),
        comment=comment,
        # The work was done when it was handed in (inside the window); marking may follow
        # after the window has closed.
        at=aware(item.submission.submitted_at),
    )
    return Marked(ref, item.stage, result.percent, result.passed, False, True)


def mark_essays(
    session: Session,
    principal: authz.Principal,
    ref: str,
    *,
    marks: dict[str, Any],
    comment: str = "",
) -> Marked:
    """Points for each answered essay of an attempt; then the attempt's result is recorded."""
    item = load_item(session, ref)
    _require_assessor(principal, item)
    if item.kind != "attempt" or item.attempt is None:
        raise InvalidInput("error.assessments.item_not_found")
    _hold_lock(session, principal, item)
    item = load_item(session, ref)
    _may_mark(session, principal, item)
    attempt = item.attempt
    assert attempt is not None
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise InvalidInput("error.assessments.comment_too_long", n=MAX_COMMENT)
    essays = {e.ident: e for e in _essays(session, attempt)}
    if set(map(str, marks)) - set(essays):
        raise InvalidInput("error.assessments.unknown_question")
    clean: dict[str, Decimal] = {}
    for ident, essay in essays.items():
        raw = marks.get(ident)
        try:
            value = Decimal(str(raw).strip().replace(",", "."))
        except (ArithmeticError, ValueError):
            raise InvalidInput("error.assessments.mark_out_of_range", n=essay.max_points) from None
        if not value.is_finite() or not 0 <= value <= essay.max_points:
            raise InvalidInput("error.assessments.mark_out_of_range", n=essay.max_points)
        clean[ident] = value.quantize(CENT, rounding=ROUND_HALF_UP)
    me = principal.user_id
    assert me is not None
    answers = {
        a.question_ident: a
        for a in session.exec(select(QuizAnswer).where(QuizAnswer.attempt_id == attempt.id)).all()
    }
    for ident, value in clean.items():
        row = answers[ident]
        row.points = value
        row.marked_by_user_id = me
        session.add(row)
    idents = [str(p.get("q")) for p in attempt.paper or [] if isinstance(p, dict)]
    questions = [
        {**(q.body or {}), "id": q.ident, "key": q.key or {}}
        for q in session.exec(
            select(AssessmentQuestion).where(
                AssessmentQuestion.component_id == attempt.component_id,
                col(AssessmentQuestion.ident).in_(idents),
            )
        ).all()
    ]
    paper = score_paper(questions, {k: a.answer for k, a in answers.items()}, clean)
    attempt.points = paper.points
    attempt.max_points = paper.max_points
    attempt.percent = paper.percent
    attempt.pending_marking = False
    attempt.status = "marked"
    session.add(attempt)
    rule = item.component.pass_rule or {}
    passed = paper.percent >= Decimal(str(rule.get("min_percent", DEFAULT_PASS_PERCENT)))
    now = utcnow()
    session.add(
        Review(
            component_id=saved_id(item.component),
            enrolment_id=saved_id(item.enrolment),
            attempt_id=saved_id(attempt),
            assessor_user_id=me,
            role="first",
            scores={},
            comments={k: str(v) for k, v in clean.items()},
            comment=comment,
            points=paper.points,
            max_points=paper.max_points,
            percent=paper.percent,
            passed=passed,
            started_at=now,
            finished_at=now,
        )
    )
    _drop_lock(session, item)
    audit.record(
        session,
        "assessment.essays_marked",
        audit.user(me),
        ref,
        percent=str(paper.percent),
        passed=passed,
    )
    record_component_result(
        session,
        enrolment=item.enrolment,
        component=item.component,
        percent=paper.percent,
        passed=passed,
        source="review",
        decided_by_user_id=me,
        supervision=attempt.supervision,
        attempt_id=saved_id(attempt),
        comment=comment,
        at=aware(attempt.finished_at or attempt.started_at),
    )
    return Marked(ref, "first", paper.percent, passed, False, True)


# --------------------------------------------------------------------- the learner's feedback


@dataclass(frozen=True)
class CriterionFeedback:
    title: str
    level: int
    points: int
    descriptor: str
    comment: str


@dataclass(frozen=True)
class Feedback:
    """The marking behind the learner's released result of one part, as they may see it."""

    percent: Decimal | None
    passed: bool
    comment: str
    criteria: list[CriterionFeedback]
    released_at: datetime


def learner_feedback(
    session: Session, *, user_id: int, enrolment_uuid: str, component_uuid: str
) -> Feedback | None:
    """The rubric feedback of the released result that counts; None before release.

    It is the marking that decided the result (the second marker's, or the appeal's when
    the appeal changed it); who marked is not said.
    """
    enrolment = submissions.learner_enrolment(session, user_id, enrolment_uuid)
    _assessment, component = submissions.work_component(session, enrolment, component_uuid)
    result = session.exec(
        select(ComponentResult).where(
            ComponentResult.enrolment_id == enrolment.id,
            ComponentResult.component_id == component.id,
            ComponentResult.current == sa.true(),
            col(ComponentResult.released_at).is_not(None),
        )
    ).first()
    released = aware(result.released_at) if result is not None else None
    if result is None or result.submission_id is None or released is None:
        return None
    decided = session.exec(
        select(Review)
        .where(
            Review.submission_id == result.submission_id,
            Review.assessor_user_id == result.decided_by_user_id,
            col(Review.finished_at).is_not(None),
        )
        .order_by(col(Review.id).desc())
    ).first()
    lines: list[CriterionFeedback] = []
    if decided is not None:
        for criterion in criteria(component.rubric):
            cid = str(criterion["id"])
            index = decided.scores.get(cid)
            if index is None or not 0 <= index < len(criterion["levels"]):
                continue
            level = criterion["levels"][index]
            lines.append(
                CriterionFeedback(
                    title=str(criterion.get("title", cid)),
                    level=index,
                    points=_level_points(level),
                    descriptor=str(level.get("descriptor", "")),
                    comment=decided.comments.get(cid, ""),
                )
            )
    return Feedback(
        percent=result.percent,
        passed=result.passed,
        comment=decided.comment if decided else result.comment,
        criteria=lines,
        released_at=released,
    )
