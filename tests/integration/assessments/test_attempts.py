"""Quiz attempts on the server: the deadline, its grace, limits, resuming and closing.

Every rule runs on SQLite and PostgreSQL (`fresh_url`); the races (two starts, many saves,
a save against the submit) run with threads on PostgreSQL, where requests really overlap.
"""

from __future__ import annotations

import threading
from datetime import timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from microcred_market import worker
from microcred_market.accounts import authz
from microcred_market.accounts.authz import Forbidden
from microcred_market.assessments import attempts
from microcred_market.assessments.models import (
    Accommodation,
    AssessmentComponent,
    ComponentResult,
    QuizAnswer,
    QuizAttempt,
)
from microcred_market.orders.models import Enrolment
from microcred_market.platform.clock import aware, utcnow
from microcred_market.platform.db import session_scope
from microcred_market.platform.errors import InvalidInput, NotFound
from microcred_market.platform.models import AuditEvent
from tests.support.assessment_world import AssessedWorld, make_assessed_world
from tests.support.quiz_world import (
    add_questions,
    question,
    right_answer,
    standard_quiz,
    wrong_answer,
)

pytestmark = pytest.mark.assessments


@pytest.fixture
def aw(fresh_url: str) -> AssessedWorld:
    return make_assessed_world(fresh_url, moderated=False)


def _component_uuid(aw: AssessedWorld) -> str:
    with session_scope(aw.world.url) as session:
        component = session.get(AssessmentComponent, aw.quiz_id)
        assert component is not None
        return str(component.uuid)


def _start(aw: AssessedWorld, i: int = 0, now=None) -> attempts.AttemptView:
    with session_scope(aw.world.url) as session:
        return attempts.start_attempt(
            session,
            user_id=aw.world.learners[i],
            enrolment_uuid=aw.world.enrolments[i],
            component_uuid=_component_uuid(aw),
            now=now,
        )


def _save(aw: AssessedWorld, view, ident: str, raw: Any, i: int = 0, now=None):
    with session_scope(aw.world.url) as session:
        return attempts.save_answer(
            session,
            user_id=aw.world.learners[i],
            attempt_uuid=view.uuid,
            question_ident=ident,
            raw=raw,
            now=now,
        )


def _submit(aw: AssessedWorld, view, i: int = 0, now=None) -> attempts.AttemptView:
    with session_scope(aw.world.url) as session:
        return attempts.submit(
            session, user_id=aw.world.learners[i], attempt_uuid=view.uuid, now=now
        )


def _attempt(session: Session, uuid: str) -> QuizAttempt:
    return session.execute(
        sa.select(QuizAttempt).where(QuizAttempt.uuid == UUID(uuid))
    ).scalar_one()


def _results(session: Session) -> list[ComponentResult]:
    return list(session.execute(sa.select(ComponentResult)).scalars())


def _bank(aw: AssessedWorld, n: int = 4, **settings: Any) -> dict[str, dict[str, Any]]:
    return {q["id"]: q for q in standard_quiz(aw.world.url, aw.quiz_id, n, **settings)}


# ---------------------------------------------------------------- start and resume


def test_start_draws_a_paper_without_the_key_and_a_reload_resumes_it(aw: AssessedWorld) -> None:
    bank = _bank(aw)
    view = _start(aw)
    assert view.status == "open" and view.number == 1 and not view.resumed
    assert sorted(q["id"] for q in view.questions) == sorted(bank)
    assert all("key" not in q for q in view.questions)
    assert "correct" not in repr(view) and "3.14" not in repr(view)
    # 30 minutes, counted on the server from the start.
    assert view.deadline_at == view.started_at + timedelta(minutes=30)
    assert 1790 <= (view.seconds_left or 0) <= 1800
    _save(aw, view, "q0", "q0_a")
    again = _start(aw)  # a reload or a second tab
    assert again.uuid == view.uuid and again.resumed
    assert [q["id"] for q in again.questions] == [q["id"] for q in view.questions]
    assert [q.get("choices") for q in again.questions] == [q.get("choices") for q in view.questions]
    assert again.answers == {"q0": "q0_a"}
    with session_scope(aw.world.url) as session:
        enrolment = session.execute(
            sa.select(Enrolment).where(Enrolment.uuid == UUID(aw.world.enrolments[0]))
        ).scalar_one()
        assert enrolment.assessment_started_at is not None  # the refund rule sees a start
        assert session.execute(sa.select(sa.func.count()).select_from(QuizAttempt)).scalar() == 1


def test_only_the_learner_of_an_active_enrolment_starts_its_quiz(aw: AssessedWorld) -> None:
    _bank(aw)
    with session_scope(aw.world.url) as session, pytest.raises(NotFound):  # not theirs
        attempts.start_attempt(
            session,
            user_id=aw.world.learners[1],
            enrolment_uuid=aw.world.enrolments[0],
            component_uuid=_component_uuid(aw),
        )
    with session_scope(aw.world.url) as session:
        oral = session.get(AssessmentComponent, aw.oral_id)
        with pytest.raises(InvalidInput, match="not a quiz"):
            attempts.start_attempt(
                session,
                user_id=aw.world.learners[0],
                enrolment_uuid=aw.world.enrolments[0],
                component_uuid=str(oral.uuid),
            )
    with session_scope(aw.world.url) as session:
        session.execute(sa.update(Enrolment).values(status="cancelled"))
    with pytest.raises(InvalidInput, match="cancelled"):
        _start(aw)


def test_accommodation_extends_the_deadline_and_adds_attempts(aw: AssessedWorld) -> None:
    _bank(aw, time_limit_minutes=40, attempts=1)
    with session_scope(aw.world.url) as session:
        session.add(
            Accommodation(
                university_id=aw.world.university_id,
                user_id=aw.world.learners[0],
                extra_percent=25,
                extra_minutes=5,
                extra_attempts=1,
            )
        )
    view = _start(aw)
    # 40 + 25 % of 40 + 5 = 55 minutes.
    assert view.deadline_at == view.started_at + timedelta(minutes=55)
    other = _start(aw, i=1)
    assert other.deadline_at == other.started_at + timedelta(minutes=40)
    _submit(aw, view)
    _submit(aw, other, i=1)
    second = _start(aw)  # 1 + 1 extra
    assert second.number == 2
    _submit(aw, second)
    with pytest.raises(InvalidInput, match="all 2 attempts"):
        _start(aw)
    with pytest.raises(InvalidInput, match="your 1 attempt"):
        _start(aw, i=1)


def test_the_delay_between_attempts_counts_from_the_finish(aw: AssessedWorld) -> None:
    _bank(aw, attempts=3, delay_minutes=60)
    t0 = utcnow()
    first = _start(aw, now=t0)
    _submit(aw, first, now=t0 + timedelta(minutes=10))
    with pytest.raises(InvalidInput, match="next attempt"):
        _start(aw, now=t0 + timedelta(minutes=69))
    assert _start(aw, now=t0 + timedelta(minutes=71)).number == 2


def test_open_and_close_dates_and_the_close_cuts_the_time(aw: AssessedWorld) -> None:
    t0 = utcnow()
    closes = t0 + timedelta(minutes=10)
    _bank(
        aw,
        opens_at=(t0 + timedelta(minutes=1)).isoformat(),
        closes_at=closes.isoformat(),
        time_limit_minutes=30,
    )
    with pytest.raises(InvalidInput, match="opens on"):
        _start(aw, now=t0)
    view = _start(aw, now=t0 + timedelta(minutes=2))
    assert view.deadline_at == closes  # 30 minutes would run past the close
    with pytest.raises(InvalidInput, match="closed"):
        _start(aw, i=1, now=closes + timedelta(seconds=1))


def test_no_new_attempt_after_a_pass(aw: AssessedWorld) -> None:
    bank = _bank(aw, attempts=3)
    view = _start(aw)
    for ident, q in bank.items():
        _save(aw, view, ident, right_answer(q))
    done = _submit(aw, view)
    assert done.status == "submitted"
    with session_scope(aw.world.url) as session:
        (result,) = _results(session)
        assert result.passed and result.percent == Decimal("100.00")
        assert result.attempt_id == _attempt(session, view.uuid).id
    with pytest.raises(InvalidInput, match="already passed"):
        _start(aw)


# ---------------------------------------------------------------- saving


def test_one_row_per_question_and_bad_answers_change_nothing(aw: AssessedWorld) -> None:
    _bank(aw)
    view = _start(aw)
    first = _save(aw, view, "q0", "q0_b")
    second = _save(aw, view, "q0", "q0_a")
    assert (first.saves, second.saves) == (1, 2)
    assert second.seconds_left is not None and second.seconds_left > 1700
    with pytest.raises(InvalidInput):
        _save(aw, view, "q0", "not-a-choice")
    with pytest.raises(InvalidInput, match="not part of your attempt"):
        _save(aw, view, "q99", "x")
    with pytest.raises(NotFound):  # another learner's attempt looks like none
        _save(aw, view, "q0", "q0_c", i=1)
    with session_scope(aw.world.url) as session:
        rows = list(session.execute(sa.select(QuizAnswer)).scalars())
        assert [(r.question_ident, r.answer, r.saves) for r in rows] == [("q0", "q0_a", 2)]


def test_the_grace_takes_answers_in_flight_then_the_deadline_closes(aw: AssessedWorld) -> None:
    bank = _bank(aw, time_limit_minutes=10, grace_seconds=30)
    t0 = utcnow()
    view = _start(aw, now=t0)
    deadline = t0 + timedelta(minutes=10)
    _save(aw, view, "q0", right_answer(bank["q0"]), now=deadline + timedelta(seconds=25))
    with pytest.raises(InvalidInput, match="too late"):
        _save(aw, view, "q1", right_answer(bank["q1"]), now=deadline + timedelta(seconds=31))
    with session_scope(aw.world.url) as session:  # the page reloads its view
        late = deadline + timedelta(seconds=32)
        seen = attempts.attempt_view(session, aw.world.learners[0], view.uuid, now=late)
        assert seen.status == "overdue" and seen.answers == {"q0": "q0_a"}
    with session_scope(aw.world.url) as session:
        attempt = _attempt(session, view.uuid)
        assert attempt.status == "overdue"
        assert aware(attempt.finished_at) == deadline
        assert attempt.points == Decimal("1.00") and attempt.max_points == 4
        (result,) = _results(session)
        assert result.percent == Decimal("25.00") and not result.passed
    with pytest.raises(InvalidInput, match="submitted"):
        _save(aw, view, "q0", "q0_b")


def test_a_submit_in_the_grace_finishes_at_the_deadline(aw: AssessedWorld) -> None:
    _bank(aw, time_limit_minutes=10)
    t0 = utcnow()
    view = _start(aw, now=t0)
    done = _submit(aw, view, now=t0 + timedelta(minutes=10, seconds=5))
    assert done.status == "submitted"
    assert done.finished_at == t0 + timedelta(minutes=10)
    assert _submit(aw, view).status == "submitted"  # a second click changes nothing


# ---------------------------------------------------------------- the worker


def test_the_worker_closes_an_abandoned_attempt_at_its_deadline(aw: AssessedWorld) -> None:
    bank = _bank(aw, time_limit_minutes=5)
    t0 = utcnow() - timedelta(minutes=20)
    view = _start(aw, now=t0)
    _save(aw, view, "q0", right_answer(bank["q0"]), now=t0 + timedelta(minutes=1))
    _save(aw, view, "q1", wrong_answer(bank["q1"]), now=t0 + timedelta(minutes=2))
    other = _start(aw, i=1)  # still running: left alone
    with session_scope(aw.world.url) as session:
        assert attempts.close_overdue(session, now=t0 + timedelta(minutes=5, seconds=10)) == 0
    with session_scope(aw.world.url) as session:
        assert attempts.close_overdue(session) == 1
    with session_scope(aw.world.url) as session:
        attempt = _attempt(session, view.uuid)
        assert attempt.status == "overdue"
        assert aware(attempt.finished_at) == t0 + timedelta(minutes=5)
        assert attempt.percent == Decimal("25.00")
        assert _attempt(session, other.uuid).status == "open"
        (result,) = _results(session)
        assert result.source == "quiz" and result.percent == Decimal("25.00")
        assert attempts.close_overdue(session) == 0  # nothing twice
    # The learner comes back: the page says it was submitted for them.
    with session_scope(aw.world.url) as session:
        seen = attempts.attempt_view(session, aw.world.learners[0], view.uuid)
        assert seen.status == "overdue" and seen.seconds_left == 0


def test_the_worker_loop_tick_closes_overdue_attempts(
    aw: AssessedWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    from microcred_market.settings import reset_settings_cache

    monkeypatch.setenv("DATABASE_URL", aw.world.url)
    reset_settings_cache()
    _bank(aw, time_limit_minutes=1)
    view = _start(aw, now=utcnow() - timedelta(minutes=5))
    worker.tick()
    with session_scope(aw.world.url) as session:
        assert _attempt(session, view.uuid).status == "overdue"
    reset_settings_cache()


def test_the_window_closing_after_the_deadline_still_records_the_result(
    aw: AssessedWorld,
) -> None:
    from microcred_market.assessments.models import Assessment

    _bank(aw, time_limit_minutes=5)
    t0 = utcnow() - timedelta(minutes=20)
    with session_scope(aw.world.url) as session:
        assessment = session.get(Assessment, aw.assessment_id)
        assessment.window_closes_at = t0 + timedelta(minutes=6)
        session.add(assessment)
    view = _start(aw, now=t0)
    with session_scope(aw.world.url) as session:
        assert attempts.close_overdue(session) == 1
        assert len(_results(session)) == 1
        assert aware(_attempt(session, view.uuid).finished_at) == t0 + timedelta(minutes=5)


def test_an_essay_waits_for_an_assessor(aw: AssessedWorld) -> None:
    add_questions(aw.world.url, aw.quiz_id, [question("q0"), question("e1", "essay", 5)])
    view = _start(aw)
    _save(aw, view, "e1", "  My essay.  ")
    done = _submit(aw, view)
    assert done.pending_marking
    with session_scope(aw.world.url) as session:
        assert _results(session) == []
        assert _attempt(session, view.uuid).pending_marking
    with pytest.raises(InvalidInput, match="waiting for an assessor"):
        _start(aw)


# ---------------------------------------------------------------- supervision


def test_supervision_is_recorded_by_an_assessor_and_carried_into_the_result(
    aw: AssessedWorld,
) -> None:
    _bank(aw)
    view = _start(aw)
    with session_scope(aw.world.url) as session:
        outsider = authz.principal_for(session, aw.world.outsider_id)
        with pytest.raises(Forbidden):
            attempts.record_supervision(session, outsider, view.uuid, "supervised-online-id")
        learner = authz.principal_for(session, aw.world.learners[0])
        with pytest.raises(Forbidden):
            attempts.record_supervision(session, learner, view.uuid, "supervised-online-id")
    with session_scope(aw.world.url) as session:
        assessor = authz.principal_for(session, aw.world.assessor_id)
        with pytest.raises(InvalidInput):
            attempts.record_supervision(session, assessor, view.uuid, "trust-me")
        attempts.record_supervision(session, assessor, view.uuid, "supervised-online-id")
    _submit(aw, view)
    with session_scope(aw.world.url) as session:
        (result,) = _results(session)
        assert result.supervision == "supervised-online-id"
        (event,) = session.execute(
            sa.select(AuditEvent).where(AuditEvent.action == "assessment.supervision")
        ).scalars()
        assert event.actor_user_id == aw.world.assessor_id
        assessor = authz.principal_for(session, aw.world.assessor_id)
        with pytest.raises(InvalidInput, match="released"):  # not moderated: released at once
            attempts.record_supervision(session, assessor, view.uuid, "supervised-onsite-id")


def test_quiz_entries_say_what_the_learner_can_do(aw: AssessedWorld) -> None:
    _bank(aw, attempts=1)
    with session_scope(aw.world.url) as session:
        (entry,) = attempts.quiz_entries(session, aw.world.learners[0])
        assert entry.can_start and entry.attempts_allowed == 1 and entry.time_limit_minutes == 30
    view = _start(aw)
    with session_scope(aw.world.url) as session:
        (entry,) = attempts.quiz_entries(session, aw.world.learners[0])
        assert entry.open_attempt == view.uuid and not entry.can_start
    _submit(aw, view)
    with session_scope(aw.world.url) as session:
        (entry,) = attempts.quiz_entries(session, aw.world.learners[0])
        assert not entry.can_start and entry.blocked_by == "error.assessments.no_attempts_left"
        assert entry.last_attempt == view.uuid


# ---------------------------------------------------------------- races (PostgreSQL)


def _together(n: int, fn) -> list[Any]:
    barrier = threading.Barrier(n)
    out: list[Any] = [None] * n

    def run(k: int) -> None:
        barrier.wait()
        try:
            out[k] = fn(k)
        except Exception as error:  # noqa: BLE001 (the test inspects it)
            out[k] = error

    threads = [threading.Thread(target=run, args=(k,)) for k in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


@pytest.mark.postgres
def test_starts_at_once_make_one_attempt(empty_postgres_url: str) -> None:
    from tests.conftest import migrated

    aw = make_assessed_world(migrated(empty_postgres_url), moderated=False)
    _bank(aw, attempts=5)
    views = _together(6, lambda k: _start(aw))
    assert all(isinstance(v, attempts.AttemptView) for v in views), views
    assert len({v.uuid for v in views}) == 1
    with session_scope(aw.world.url) as session:
        assert session.execute(sa.select(sa.func.count()).select_from(QuizAttempt)).scalar() == 1


@pytest.mark.postgres
def test_saves_and_a_submit_at_once_lose_no_acknowledged_answer(empty_postgres_url: str) -> None:
    from tests.conftest import migrated

    aw = make_assessed_world(migrated(empty_postgres_url), moderated=False)
    bank = _bank(aw, n=12)
    view = _start(aw)
    idents = sorted(bank)
    # Every question saved twice at once (the same question from two tabs), and the
    # submit racing them: whatever the server acknowledged is in the marking.
    jobs = [("save", ident) for ident in idents for _ in range(2)] + [("submit", "")]

    def run(k: int):
        kind, ident = jobs[k]
        if kind == "submit":
            return _submit(aw, view)
        return _save(aw, view, ident, right_answer(bank[ident]))

    out = _together(len(jobs), run)
    acknowledged = {o.question for o in out if isinstance(o, attempts.Saved)}
    refused = [o for o in out if isinstance(o, Exception)]
    assert all(isinstance(o, InvalidInput) for o in refused), refused
    with session_scope(aw.world.url) as session:
        rows = list(session.execute(sa.select(QuizAnswer)).scalars())
        assert len(rows) == len({r.question_ident for r in rows})  # one row per question
        assert acknowledged <= {r.question_ident for r in rows}
        attempt = _attempt(session, view.uuid)
        assert attempt.status == "submitted"
        # Marked with every stored answer (all right): nothing was saved after marking.
        assert attempt.points == Decimal(len(rows))


def test_the_proctor_lists_the_universitys_attempts_open_first(aw: AssessedWorld) -> None:
    _bank(aw, attempts=2)
    done = _start(aw, i=1)
    _submit(aw, done, i=1)
    running = _start(aw)
    with session_scope(aw.world.url) as session:
        assessor = authz.principal_for(session, aw.world.assessor_id)
        lines = attempts.sittings(session, assessor, aw.world.slug)
        assert [(line.uuid, line.status) for line in lines] == [
            (running.uuid, "open"),
            (done.uuid, "submitted"),
        ]
        assert lines[0].learner.startswith("Łucja") and lines[1].released  # not moderated
        outsider = authz.principal_for(session, aw.world.outsider_id)
        with pytest.raises(Forbidden):
            attempts.sittings(session, outsider, aw.world.slug)
