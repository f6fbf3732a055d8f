"""Quiz attempts on the server: start, autosave, submit, the deadline and its closing.

Everything that decides a learner's grade happens here, never in the browser: the paper is
drawn and stored at start (so a reload shows the same questions in the same order), the
deadline is computed once at start (`start + limit + accommodation`, cut at the quiz's or
the assessment window's close, as Moodle's time limit rule does), an answer counts only
when it reached the server in time (with a grace period for answers in flight), and an
attempt whose time ran out is closed with what was saved, with the deadline as its finish
time, whether the learner submits, reloads or never comes back (`close_overdue`, run by
the worker loop).

Concurrency, which a learner with two tabs or a flaky connection produces for real:
- one start at a time per enrolment: the enrolment row is locked (`FOR UPDATE` on
  PostgreSQL) and the attempt number is unique per component and enrolment, so two starts
  at once give one attempt, and the loser resumes it;
- every save and the submit first lock the attempt row with a no-op `UPDATE ... WHERE
  status = 'open'`: a save acknowledged to the learner is therefore in the marking, and a
  save that loses the race against the submit is refused rather than silently dropped;
- one answer row per question (`INSERT ... ON CONFLICT DO UPDATE`), `saves` counting.
"""

from __future__ import annotations

import logging
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from microcred_market.accounts import authz
from microcred_market.accounts.models import User
from microcred_market.assessments import quiz, results
from microcred_market.assessments.accommodations import Terms, accommodation_for
from microcred_market.assessments.models import (
    Assessment,
    AssessmentComponent,
    AssessmentQuestion,
    ComponentResult,
    QuizAnswer,
    QuizAttempt,
)
from microcred_market.catalogue.models import Offering, University
from microcred_market.orders.models import Enrolment
from microcred_market.orders.service import start_assessment
from microcred_market.platform import audit
from microcred_market.platform.clock import aware, utcnow
from microcred_market.platform.db import get_by_uuid, parse_uuid, saved_id, table_of
from microcred_market.platform.errors import DomainError, InvalidInput, NotFound

log = logging.getLogger("microcred.assessments")

DEFAULT_GRACE_SECONDS = 30
DEFAULT_ATTEMPTS = 1
OPEN = "open"
CLOSED = ("submitted", "overdue", "marked")
MISSING = "error.assessments.attempt_not_found"


# ---------------------------------------------------------------- read side


@dataclass(frozen=True)
class AttemptView:
    """What the quiz page shows: the paper as the learner may see it, never the key."""

    uuid: str
    enrolment_uuid: str
    component_uuid: str
    title: str
    instructions: str
    number: int
    status: str  # open, submitted, overdue, marked
    one_per_screen: bool
    # `quiz.public_view` of each question, in paper order.
    questions: list[dict[str, Any]]
    answers: dict[str, Any]
    started_at: datetime
    deadline_at: datetime | None
    finished_at: datetime | None
    seconds_left: int | None  # None: no time limit
    pending_marking: bool
    # Set for a fresh start that resumed an open attempt (a second tab, a reload).
    resumed: bool = False


@dataclass(frozen=True)
class Saved:
    question: str
    answer: Any  # as stored (`quiz.clean_answer`): what the page shows from now on
    saved_at: datetime
    saves: int
    seconds_left: int | None


@dataclass(frozen=True)
class QuizEntry:
    """One quiz of an enrolment, as the learner's pages offer it."""

    enrolment_uuid: str
    component_uuid: str
    title: str
    attempts_used: int
    attempts_allowed: int
    time_limit_minutes: int | None
    open_attempt: str | None  # uuid of the attempt to resume
    last_attempt: str | None
    can_start: bool
    blocked_by: str | None  # the message key saying why not (with `blocked_params`)
    blocked_params: dict[str, Any]


# ---------------------------------------------------------------- settings of a quiz


def _iso(value: Any) -> datetime | None:
    if not value:
        return None
    if isinstance(value, datetime):
        return aware(value)
    try:
        return aware(datetime.fromisoformat(str(value)))
    except ValueError:
        return None


def _int(settings: dict[str, Any], name: str, default: int) -> int:
    value = settings.get(name, default)
    if isinstance(value, bool):
        return default
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return default


def _when(moment: datetime) -> str:
    """A moment in a message: to the minute, in UTC (the page shows local time itself)."""
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def grace_seconds(component: AssessmentComponent) -> int:
    return _int(component.settings or {}, "grace_seconds", DEFAULT_GRACE_SECONDS)


def allowed_attempts(component: AssessmentComponent, terms: Terms) -> int:
    return terms.attempts(_int(component.settings or {}, "attempts", DEFAULT_ATTEMPTS))


def time_allowed(component: AssessmentComponent, terms: Terms) -> timedelta | None:
    """The limit plus the learner's extra time (a percentage of the limit and/or minutes)."""
    limit = _int(component.settings or {}, "time_limit_minutes", 0)
    if not limit:
        return None
    return timedelta(seconds=terms.limit_seconds(limit))


def compute_deadline(
    started_at: datetime,
    component: AssessmentComponent,
    assessment: Assessment,
    terms: Terms,
) -> datetime | None:
    """`start + limit + accommodation`, never past the quiz's or the window's close."""
    allowed = time_allowed(component, terms)
    ends = [
        moment
        for moment in (
            started_at + allowed if allowed is not None else None,
            _iso((component.settings or {}).get("closes_at")),
            aware(assessment.window_closes_at),
        )
        if moment is not None
    ]
    return min(ends) if ends else None


def seconds_left(attempt: QuizAttempt, now: datetime) -> int | None:
    deadline = aware(attempt.deadline_at)
    if deadline is None:
        return None
    return max(0, math.ceil((deadline - now).total_seconds()))


# ---------------------------------------------------------------- questions of a quiz


def _question(row: AssessmentQuestion) -> dict[str, Any]:
    """The question in `assessments.quiz`'s format: the stored body, its id and its key."""
    return {**(row.body or {}), "id": row.ident, "key": row.key or {}}


def _questions(session: Session, component_id: int) -> dict[str, dict[str, Any]]:
    rows = session.exec(
        select(AssessmentQuestion)
        .where(AssessmentQuestion.component_id == component_id)
        .order_by(col(AssessmentQuestion.position), col(AssessmentQuestion.id))
    ).all()
    return {row.ident: _question(row) for row in rows}


def _draw_paper(
    component: AssessmentComponent, bank: dict[str, dict[str, Any]], seed: str
) -> list[dict[str, Any]]:
    settings = component.settings or {}
    pools = settings.get("pools") or [{"questions": list(bank), "draw": len(bank)}]
    if settings.get("shuffle_choices", True):
        shuffled = bank
    else:  # ordering items are always shuffled: their authored order is the answer
        shuffled = {k: q for k, q in bank.items() if q.get("kind") in ("ordering", "matching")}
    drawn = quiz.draw(pools, seed.encode("ascii"), shuffled)
    if not drawn or any(d.question_id not in bank for d in drawn):
        raise InvalidInput("error.assessments.pools_invalid")
    return [{"q": d.question_id, "choices": d.choice_order} for d in drawn]


# ---------------------------------------------------------------- starting


def _own_enrolment(session: Session, user_id: int, enrolment_uuid: str) -> Enrolment:
    key = parse_uuid(enrolment_uuid, "error.credentials.enrolment_not_found")
    query = select(Enrolment).where(Enrolment.uuid == key)
    if session.get_bind().dialect.name == "postgresql":
        # One start at a time per enrolment: a second tab's start waits, then resumes.
        query = query.with_for_update()
    enrolment = session.exec(query).first()
    if enrolment is None or enrolment.user_id != user_id:
        raise NotFound("error.credentials.enrolment_not_found")
    if enrolment.status != "active":
        raise InvalidInput("error.credentials.enrolment_cancelled")
    return enrolment


def _quiz_of(
    session: Session, enrolment: Enrolment, component_uuid: str
) -> tuple[Assessment, AssessmentComponent]:
    component = get_by_uuid(
        session, AssessmentComponent, component_uuid, "error.assessments.not_found"
    )
    assessment = results.assessment_of(session, enrolment)
    if assessment is None or component.assessment_id != assessment.id:
        raise NotFound("error.assessments.not_found")
    if component.kind != "quiz":
        raise InvalidInput("error.assessments.not_a_quiz")
    return assessment, component


def _attempts(session: Session, component_id: int, enrolment_id: int) -> list[QuizAttempt]:
    return list(
        session.exec(
            select(QuizAttempt)
            .where(
                QuizAttempt.component_id == component_id, QuizAttempt.enrolment_id == enrolment_id
            )
            .order_by(col(QuizAttempt.number))
        ).all()
    )


def _passed(session: Session, component_id: int, enrolment_id: int) -> bool:
    return (
        session.exec(
            select(ComponentResult.id).where(
                ComponentResult.component_id == component_id,
                ComponentResult.enrolment_id == enrolment_id,
                ComponentResult.current == sa.true(),
                ComponentResult.passed == sa.true(),
            )
        ).first()
        is not None
    )


def _why_not(
    session: Session,
    *,
    enrolment: Enrolment,
    assessment: Assessment,
    component: AssessmentComponent,
    attempts: list[QuizAttempt],
    terms: Terms,
    now: datetime,
) -> tuple[str, dict[str, Any]] | None:
    """Why no new attempt may start now (a message key and its values), or None."""
    settings = component.settings or {}
    try:
        results.require_window_open(assessment, now)
    except InvalidInput as error:
        return error.key, dict(error.params)
    opens, closes = _iso(settings.get("opens_at")), _iso(settings.get("closes_at"))
    if opens is not None and now < opens:
        return "error.assessments.quiz_not_open", {"opens": _when(opens)}
    if closes is not None and now >= closes:
        return "error.assessments.quiz_closed", {}
    if _passed(session, component.id or 0, enrolment.id or 0):
        return "error.assessments.quiz_already_passed", {}
    if any(a.pending_marking for a in attempts):
        return "error.assessments.quiz_awaiting_marking", {}
    allowed = allowed_attempts(component, terms)
    if len(attempts) >= allowed:
        return "error.assessments.no_attempts_left", {"n": allowed}
    delay = _int(settings, "delay_minutes", 0)
    finished = [aware(a.finished_at) for a in attempts if a.finished_at is not None]
    if delay and finished:
        next_at = max(m for m in finished if m is not None) + timedelta(minutes=delay)
        if now < next_at:
            return "error.assessments.attempt_delay", {"when": _when(next_at)}
    return None


def start_attempt(
    session: Session,
    *,
    user_id: int,
    enrolment_uuid: str,
    component_uuid: str,
    now: datetime | None = None,
) -> AttemptView:
    """A new attempt, or the open one again (a reload, a second tab, a double click)."""
    now = now or utcnow()
    enrolment = _own_enrolment(session, user_id, enrolment_uuid)
    assessment, component = _quiz_of(session, enrolment, component_uuid)
    attempts = _attempts(session, component.id or 0, enrolment.id or 0)
    for attempt in attempts:
        if attempt.status == OPEN:
            if _overdue(attempt, component, now):
                _close(session, attempt, component, now, overdue=True)
                continue
            return _view(session, attempt, component, enrolment, now, resumed=True)
    offering = session.get(Offering, enrolment.offering_id)
    university_id = offering.university_id if offering else 0
    terms = accommodation_for(session, university_id, user_id)
    refusal = _why_not(
        session,
        enrolment=enrolment,
        assessment=assessment,
        component=component,
        attempts=attempts,
        terms=terms,
        now=now,
    )
    if refusal is not None:
        raise InvalidInput(refusal[0], **refusal[1])
    bank = _questions(session, component.id or 0)
    if not bank:
        raise InvalidInput("error.assessments.quiz_has_no_questions")
    seed = secrets.token_hex(16)
    attempt = QuizAttempt(
        component_id=component.id or 0,
        enrolment_id=enrolment.id or 0,
        user_id=user_id,
        number=max((a.number for a in attempts), default=0) + 1,
        status=OPEN,
        started_at=now,
        deadline_at=compute_deadline(now, component, assessment, terms),
        seed=seed,
        paper=_draw_paper(component, bank, seed),
    )
    try:
        with session.begin_nested():
            session.add(attempt)
    except IntegrityError:
        # Another start for this enrolment got the number first (SQLite has no row lock
        # to wait on): its attempt is the one to resume.
        for other in _attempts(session, component.id or 0, enrolment.id or 0):
            if other.status == OPEN:
                return _view(session, other, component, enrolment, now, resumed=True)
        raise InvalidInput("error.assessments.attempt_conflict") from None
    start_assessment(enrolment)
    session.add(enrolment)
    session.flush()
    audit.record(
        session,
        "assessment.attempt_started",
        audit.user(user_id),
        str(attempt.uuid),
        enrolment=str(enrolment.uuid),
        component=str(component.uuid),
        number=attempt.number,
    )
    return _view(session, attempt, component, enrolment, now)


# ---------------------------------------------------------------- the page's view


def _view(
    session: Session,
    attempt: QuizAttempt,
    component: AssessmentComponent,
    enrolment: Enrolment,
    now: datetime,
    *,
    resumed: bool = False,
) -> AttemptView:
    bank = _questions(session, component.id or 0)
    questions = [
        quiz.public_view(bank[item["q"]], item.get("choices"))
        for item in attempt.paper
        if item["q"] in bank
    ]
    answers = {
        row.question_ident: row.answer
        for row in session.exec(select(QuizAnswer).where(QuizAnswer.attempt_id == attempt.id)).all()
    }
    settings = component.settings or {}
    return AttemptView(
        uuid=str(attempt.uuid),
        enrolment_uuid=str(enrolment.uuid),
        component_uuid=str(component.uuid),
        title=component.title,
        instructions=component.instructions,
        number=attempt.number,
        status=attempt.status,
        one_per_screen=bool(settings.get("one_per_screen", False)),
        questions=questions,
        answers=answers,
        started_at=aware(attempt.started_at),
        deadline_at=aware(attempt.deadline_at),
        finished_at=aware(attempt.finished_at),
        seconds_left=seconds_left(attempt, now) if attempt.status == OPEN else 0,
        pending_marking=attempt.pending_marking,
        resumed=resumed,
    )


def _own_attempt(session: Session, user_id: int, attempt_uuid: str) -> QuizAttempt:
    attempt = get_by_uuid(session, QuizAttempt, attempt_uuid, MISSING)
    if attempt.user_id != user_id:
        raise NotFound(MISSING)  # someone else's attempt looks like no attempt
    return attempt


def _parts(session: Session, attempt: QuizAttempt) -> tuple[AssessmentComponent, Enrolment]:
    component = session.get(AssessmentComponent, attempt.component_id)
    enrolment = session.get(Enrolment, attempt.enrolment_id)
    if component is None or enrolment is None:
        raise NotFound(MISSING)
    return component, enrolment


def attempt_view(
    session: Session, user_id: int, attempt_uuid: str, now: datetime | None = None
) -> AttemptView:
    """The attempt as its learner sees it; one past its deadline and grace is closed first."""
    now = now or utcnow()
    attempt = _own_attempt(session, user_id, attempt_uuid)
    component, enrolment = _parts(session, attempt)
    if (
        attempt.status == OPEN
        and _overdue(attempt, component, now)
        and _lock_open(session, attempt)
    ):
        _close(session, attempt, component, now, overdue=True)
    return _view(session, attempt, component, enrolment, now)


# ---------------------------------------------------------------- saving and closing


def _overdue(attempt: QuizAttempt, component: AssessmentComponent, now: datetime) -> bool:
    deadline = aware(attempt.deadline_at)
    return deadline is not None and now > deadline + timedelta(seconds=grace_seconds(component))


def _lock_open(session: Session, attempt: QuizAttempt) -> bool:
    """Take the attempt row's write lock while it is open; False once it has been closed.

    A no-op UPDATE is a row lock on PostgreSQL and the write lock on SQLite, taken before
    anything is read, so a save and the submit (or the worker) never interleave.
    """
    table = table_of(QuizAttempt)
    locked = session.execute(
        sa.update(table)
        .where(table.c.id == attempt.id, table.c.status == OPEN)
        .values(status=table.c.status)
    )
    if locked.rowcount != 1:  # type: ignore[attr-defined]
        session.refresh(attempt)
        return False
    session.refresh(attempt)
    return True


def _upsert_answer(
    session: Session, attempt_id: int, ident: str, answer: Any, now: datetime
) -> int:
    table = table_of(QuizAnswer)
    dialect = session.get_bind().dialect.name
    values = {
        "attempt_id": attempt_id,
        "question_ident": ident,
        "answer": answer,
        "saved_at": now,
        "saves": 1,
    }
    if dialect == "postgresql":
        pg = postgresql.insert(table).values(**values)
        stmt: Any = pg.on_conflict_do_update(
            index_elements=["attempt_id", "question_ident"],
            set_={"answer": pg.excluded.answer, "saved_at": now, "saves": table.c.saves + 1},
        )
    else:
        lite = sqlite.insert(table).values(**values)
        stmt = lite.on_conflict_do_update(
            index_elements=["attempt_id", "question_ident"],
            set_={"answer": lite.excluded.answer, "saved_at": now, "saves": table.c.saves + 1},
        )
    saves = session.execute(stmt.returning(table.c.saves)).scalar_one()
    return int(saves)


def save_answer(
    session: Session,
    *,
    user_id: int,
    attempt_uuid: str,
    question_ident: str,
    raw: Any,
    now: datetime | None = None,
) -> Saved:
    """Keep the latest answer to one question; refused once the time (and grace) is up.

    The hot path of a quiz (every click of every learner), so it is four statements: lock
    and read the open attempt (`UPDATE ... RETURNING`), read the question with its quiz's
    settings, upsert the answer returning its count, commit.
    """
    now = now or utcnow()
    key = parse_uuid(attempt_uuid, MISSING)
    table = table_of(QuizAttempt)
    locked = session.execute(
        sa.update(table)
        .where(table.c.uuid == key, table.c.user_id == user_id, table.c.status == OPEN)
        .values(status=table.c.status)
        .returning(table.c.id, table.c.component_id, table.c.deadline_at, table.c.paper)
    ).first()
    if locked is None:
        _own_attempt(session, user_id, attempt_uuid)  # not theirs: not found
        raise InvalidInput("error.assessments.attempt_closed")
    ident = str(question_ident)[:64]
    if ident not in {item["q"] for item in locked.paper or []}:
        raise InvalidInput("error.assessments.question_not_on_paper")
    questions, components = table_of(AssessmentQuestion), table_of(AssessmentComponent)
    found = session.execute(
        sa.select(questions.c.body, questions.c.key, components.c.settings)
        .join(components, components.c.id == questions.c.component_id)
        .where(questions.c.component_id == locked.component_id, questions.c.ident == ident)
    ).first()
    if found is None:
        raise InvalidInput("error.assessments.question_not_on_paper")
    deadline = aware(locked.deadline_at)
    grace = _int(found.settings or {}, "grace_seconds", DEFAULT_GRACE_SECONDS)
    if deadline is not None and now > deadline + timedelta(seconds=grace):
        # Too late for this answer. The refusal rolls this unit of work back, so the
        # closing with what was saved before is the next view's or the worker's.
        raise InvalidInput("error.assessments.time_up")
    question = {**(found.body or {}), "id": ident, "key": found.key or {}}
    answer = quiz.clean_answer(question, raw)
    saves = _upsert_answer(session, int(locked.id), ident, answer, now)
    left = None if deadline is None else max(0, math.ceil((deadline - now).total_seconds()))
    return Saved(question=ident, answer=answer, saved_at=now, saves=saves, seconds_left=left)


def submit(
    session: Session, *, user_id: int, attempt_uuid: str, now: datetime | None = None
) -> AttemptView:
    """The learner hands the attempt in; after the grace it is the deadline's closing."""
    now = now or utcnow()
    attempt = _own_attempt(session, user_id, attempt_uuid)
    component, enrolment = _parts(session, attempt)
    if not _lock_open(session, attempt):
        if attempt.status in CLOSED:
            return _view(session, attempt, component, enrolment, now)  # a second click
        raise InvalidInput("error.assessments.attempt_closed")
    _close(session, attempt, component, now, overdue=_overdue(attempt, component, now))
    return _view(session, attempt, component, enrolment, now)


def finish_if_due(
    session: Session, *, user_id: int, attempt_uuid: str, now: datetime | None = None
) -> AttemptView:
    """The page's countdown reached zero: close now if the server agrees the time is up.

    The page's own saves were handled before this event (a client's events run in
    order), so nothing of that tab is in flight; an early call (a fast clock, a crafted
    event) changes nothing and answers the server's time left.
    """
    now = now or utcnow()
    attempt = _own_attempt(session, user_id, attempt_uuid)
    component, enrolment = _parts(session, attempt)
    deadline = aware(attempt.deadline_at)
    if (
        attempt.status == OPEN
        and deadline is not None
        and now >= deadline
        and _lock_open(session, attempt)
    ):
        _close(session, attempt, component, now, overdue=True)
    return _view(session, attempt, component, enrolment, now)


def _close(
    session: Session,
    attempt: QuizAttempt,
    component: AssessmentComponent,
    now: datetime,
    *,
    overdue: bool,
) -> None:
    """Close with what was saved and mark it; the caller holds the row (`_lock_open`)."""
    deadline = aware(attempt.deadline_at)
    attempt.status = "overdue" if overdue else "submitted"
    # The deadline, not the moment we noticed: a submit in the grace, a save too late,
    # or the worker minutes later all record the time the answers were due.
    attempt.finished_at = min(now, deadline) if deadline is not None else now
    bank = _questions(session, component.id or 0)
    paper = [bank[item["q"]] for item in attempt.paper if item["q"] in bank]
    answers = {
        row.question_ident: row.answer
        for row in session.exec(select(QuizAnswer).where(QuizAnswer.attempt_id == attempt.id)).all()
    }
    for row in session.exec(select(QuizAnswer).where(QuizAnswer.attempt_id == attempt.id)).all():
        q = bank.get(row.question_ident)
        if q is not None and q.get("kind") != "essay":
            row.points = quiz.grade(q, row.answer).points
            session.add(row)
    score = quiz.score_paper(paper, answers)
    attempt.points = score.points
    attempt.max_points = score.max_points
    attempt.percent = score.percent
    attempt.pending_marking = score.pending_marking
    session.add(attempt)
    session.flush()
    audit.record(
        session,
        "assessment.attempt_closed",
        audit.user(attempt.user_id) if not overdue else audit.SYSTEM,
        str(attempt.uuid),
        status=attempt.status,
        finished_at=attempt.finished_at.isoformat() if attempt.finished_at else None,
        answers=len(answers),
    )
    if score.pending_marking:
        return  # the assessor queue picks it up ("attempt:<id>"); the result follows there
    enrolment = session.get(Enrolment, attempt.enrolment_id)
    if enrolment is None or enrolment.status != "active":
        return
    try:
        with session.begin_nested():
            results.record_component_result(
                session,
                enrolment=enrolment,
                component=component,
                percent=score.percent,
                passed=None,
                source="quiz",
                decided_by_user_id=None,
                supervision=attempt.supervision,
                attempt_id=attempt.id,
                at=attempt.finished_at,
            )
    except DomainError as error:
        # The attempt stays closed and marked (a worker retrying it forever would stop
        # every other closing); staff see the score and decide.
        log.warning("attempt %s closed without a result: %s", attempt.uuid, error.key)


def close_overdue(session: Session, now: datetime | None = None, limit: int = 200) -> int:
    """The worker's part: close every open attempt past its deadline and grace.

    Uses the largest grace any quiz may have as a cheap filter in SQL, then each
    component's own grace; returns how many were closed.
    """
    now = now or utcnow()
    candidates = session.exec(
        select(QuizAttempt)
        .where(
            QuizAttempt.status == OPEN,
            col(QuizAttempt.deadline_at).is_not(None),
            col(QuizAttempt.deadline_at) < now,
        )
        .order_by(col(QuizAttempt.deadline_at))
        .limit(limit)
    ).all()
    closed = 0
    for attempt in candidates:
        component = session.get(AssessmentComponent, attempt.component_id)
        if component is None or not _overdue(attempt, component, now):
            continue
        if not _lock_open(session, attempt):
            continue  # the learner's submit got there first
        _close(session, attempt, component, now, overdue=True)
        closed += 1
    return closed


# ---------------------------------------------------------------- supervision


@dataclass(frozen=True)
class Sitting:
    """One attempt as a proctor or assessor sees it: who, what, when, how supervised."""

    uuid: str
    learner: str
    email: str
    offering: str
    quiz: str
    number: int
    status: str
    started_at: datetime
    supervision: str
    released: bool


def sittings(
    session: Session, principal: authz.Principal, university_slug: str, limit: int = 200
) -> list[Sitting]:
    """The university's quiz attempts, open ones first, newest first.

    The proctor checks identity, so the learner's name and address are shown even where
    marking is blind: supervision is about the person in the room, not the answers.
    """
    uni = session.exec(select(University).where(University.slug == university_slug)).first()
    if uni is None:
        raise NotFound("error.assessments.not_found")
    authz.require(principal, "university.assess", uni.id)
    rows = session.exec(
        select(QuizAttempt, User, Offering, AssessmentComponent)
        .join(AssessmentComponent, col(AssessmentComponent.id) == QuizAttempt.component_id)
        .join(Assessment, col(Assessment.id) == AssessmentComponent.assessment_id)
        .join(Offering, col(Offering.id) == Assessment.offering_id)
        .join(User, col(User.id) == QuizAttempt.user_id)
        .where(Offering.university_id == uni.id)
        .order_by(
            sa.case((col(QuizAttempt.status) == OPEN, 0), else_=1),
            col(QuizAttempt.started_at).desc(),
        )
        .limit(limit)
    ).all()
    results_table = table_of(ComponentResult)
    released = {
        int(r)
        for r in session.execute(
            sa.select(results_table.c.attempt_id).where(
                results_table.c.attempt_id.in_([a.id for a, *_ in rows]),
                results_table.c.released_at.is_not(None),
            )
        ).scalars()
        if r is not None
    }
    return [
        Sitting(
            uuid=str(attempt.uuid),
            learner=user.display_name,
            email=user.email or "",
            offering=offering.title,
            quiz=component.title,
            number=attempt.number,
            status=attempt.status,
            started_at=aware(attempt.started_at),
            supervision=attempt.supervision,
            released=attempt.id in released,
        )
        for attempt, user, offering, component in rows
    ]


def record_supervision(
    session: Session, principal: authz.Principal, attempt_uuid: str, supervision: str
) -> str:
    """The proctor or assessor says how this attempt was supervised and identity checked.

    It travels with the attempt's result into the credential; a result already released
    keeps what it was released with (a new fact would need a new result).
    """
    if supervision not in results.SUPERVISION_ORDER:
        raise InvalidInput("error.assessments.bad_supervision")
    attempt = get_by_uuid(session, QuizAttempt, attempt_uuid, MISSING)
    component = session.get(AssessmentComponent, attempt.component_id)
    if component is None:
        raise NotFound(MISSING)
    offering = results.offering_of(session, component)
    authz.require(principal, "university.assess", offering.university_id)
    before = attempt.supervision
    unreleased = session.exec(
        select(ComponentResult).where(
            ComponentResult.attempt_id == attempt.id,
            ComponentResult.released_at.is_(None),  # type: ignore[union-attr]
        )
    ).all()
    released = session.exec(
        select(ComponentResult.id).where(
            ComponentResult.attempt_id == attempt.id,
            ComponentResult.released_at.is_not(None),  # type: ignore[union-attr]
        )
    ).first()
    if released is not None:
        raise InvalidInput("error.assessments.supervision_after_release")
    attempt.supervision = supervision
    attempt.supervised_by_user_id = principal.user_id
    session.add(attempt)
    for row in unreleased:
        row.supervision = supervision
        session.add(row)
    session.flush()
    audit.record(
        session,
        "assessment.supervision",
        audit.user(principal.user_id),
        str(attempt.uuid),
        before={"supervision": before},
        after={"supervision": supervision},
    )
    return supervision


# ---------------------------------------------------------------- what the learner may start


def quiz_entries(session: Session, user_id: int, now: datetime | None = None) -> list[QuizEntry]:
    """Every quiz of the learner's active enrolments, with what they can do about it."""
    now = now or utcnow()
    enrolments = session.exec(
        select(Enrolment)
        .where(Enrolment.user_id == user_id, Enrolment.status == "active")
        .order_by(col(Enrolment.id))
    ).all()
    entries: list[QuizEntry] = []
    for enrolment in enrolments:
        entries.extend(_entries_of(session, enrolment, now))
    return entries


def quiz_entries_of(
    session: Session, user_id: int, enrolment_uuid: str, now: datetime | None = None
) -> list[QuizEntry]:
    """The quizzes of one enrolment of this learner (the assessment overview page)."""
    key = parse_uuid(enrolment_uuid, "error.credentials.enrolment_not_found")
    enrolment = session.exec(select(Enrolment).where(Enrolment.uuid == key)).first()
    if enrolment is None or enrolment.user_id != user_id:
        raise NotFound("error.credentials.enrolment_not_found")
    return _entries_of(session, enrolment, now or utcnow())


def _entries_of(session: Session, enrolment: Enrolment, now: datetime) -> list[QuizEntry]:
    assessment = results.assessment_of(session, enrolment)
    if assessment is None:
        return []
    offering = session.get(Offering, enrolment.offering_id)
    terms = accommodation_for(session, offering.university_id if offering else 0, enrolment.user_id)
    entries = []
    for component in results.components(session, saved_id(assessment)):
        if component.kind != "quiz":
            continue
        attempts = _attempts(session, component.id or 0, enrolment.id or 0)
        open_attempt = next((a for a in attempts if a.status == OPEN), None)
        refusal = (
            None
            if open_attempt
            else _why_not(
                session,
                enrolment=enrolment,
                assessment=assessment,
                component=component,
                attempts=attempts,
                terms=terms,
                now=now,
            )
        )
        limit = _int(component.settings or {}, "time_limit_minutes", 0)
        entries.append(
            QuizEntry(
                enrolment_uuid=str(enrolment.uuid),
                component_uuid=str(component.uuid),
                title=component.title,
                attempts_used=len(attempts),
                attempts_allowed=allowed_attempts(component, terms),
                time_limit_minutes=limit or None,
                open_attempt=str(open_attempt.uuid) if open_attempt else None,
                last_attempt=str(attempts[-1].uuid) if attempts else None,
                can_start=open_attempt is None and refusal is None,
                blocked_by=refusal[0] if refusal else None,
                blocked_params=refusal[1] if refusal else {},
            )
        )
    return entries
