"""Moderation and the learner's results: batches per offering, released by the owner alone.

Releasing makes results count (a pass queues the credential), mails every learner their
result with what comes next, and keeps who decided and who released; the learner's page
shows released results only, with rubric feedback, and what may be retaken.
"""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from microcred_market.accounts import authz
from microcred_market.accounts.models import StaffRole, User
from microcred_market.assessments import overview, release, results
from microcred_market.assessments.models import (
    AssessmentComponent,
    ComponentResult,
    Review,
    Submission,
)
from microcred_market.orders.models import Enrolment
from microcred_market.platform.clock import utcnow
from microcred_market.platform.db import session_scope
from microcred_market.platform.errors import InvalidInput
from microcred_market.platform.models import AuditEvent, OutboxMessage
from tests.support.assessment_world import AssessedWorld, make_assessed_world

pytestmark = pytest.mark.assessments


@pytest.fixture
def aw(fresh_url: str) -> AssessedWorld:
    return make_assessed_world(fresh_url, slug="releaseuni")


def _owner(url: str, aw: AssessedWorld) -> int:
    with session_scope(url) as session:
        owner = User(email="owner@releaseuni.test", display_name="Olga Owner")
        session.add(owner)
        session.flush()
        session.add(StaffRole(user_id=owner.id, university_id=aw.world.university_id, role="owner"))
        return owner.id or 0


def _enrolment(session: Session, aw: AssessedWorld, i: int) -> Enrolment:
    return session.exec(
        select(Enrolment).where(Enrolment.uuid == UUID(aw.world.enrolments[i]))
    ).one()


def _decide(session: Session, aw: AssessedWorld, i: int, component_id: int, percent, by=None):
    return results.record_component_result(
        session,
        enrolment=_enrolment(session, aw, i),
        component=session.get(AssessmentComponent, component_id),
        percent=percent,
        passed=None if percent is not None else True,
        source="quiz" if percent is not None else "decision",
        decided_by_user_id=by,
        supervision="supervised-online-id",
    )


def _mails(session: Session) -> dict[str, dict]:
    rows = session.exec(select(OutboxMessage).where(OutboxMessage.kind == "mail")).all()
    return {row.payload["to"]: row.payload for row in rows}


def test_the_owner_releases_a_batch_and_each_learner_hears_what_comes_next(
    aw: AssessedWorld,
) -> None:
    url = aw.world.url
    owner_id = _owner(url, aw)
    with session_scope(url) as session:
        _decide(session, aw, 0, aw.quiz_id, Decimal("80"))
        _decide(session, aw, 0, aw.oral_id, None, by=aw.world.assessor_id)
        _decide(session, aw, 1, aw.quiz_id, Decimal("30"))
        _decide(session, aw, 1, aw.oral_id, None, by=aw.world.assessor_id)
    with session_scope(url) as session:
        # The learner sees "awaiting release", never the score, before release.
        seen = overview.overview(
            session, user_id=aw.world.learners[1], enrolment_uuid=aw.world.enrolments[1]
        )
        assert [p.status for p in seen.parts] == ["awaiting_release", "awaiting_release"]
        assert all(p.percent is None for p in seen.parts)
        assessor = authz.principal_for(session, aw.world.assessor_id)
        with pytest.raises(authz.Forbidden):
            release.pending(session, assessor, aw.world.slug)
        owner = authz.principal_for(session, owner_id)
        (batch,) = release.pending(session, owner, aw.world.slug)
        assert (len(batch.lines), batch.learners) == (4, 2)
        assert {line.decided_by for line in batch.lines} == {"", "Anna Assessor"}
        with pytest.raises(authz.Forbidden):
            release.release_batch(session, assessor, aw.world.slug, batch.offering_uuid)
        done = release.release_batch(session, owner, aw.world.slug, batch.offering_uuid)
        assert (done.results, done.learners, done.passes) == (4, 2, 1)
    with session_scope(url) as session:
        assert _enrolment(session, aw, 0).passed_at is not None
        assert _enrolment(session, aw, 1).passed_at is None
        mails = _mails(session)
        passed = mails["learner0@releaseuni.test"]
        assert passed["template"] == "result_released_passed"
        assert "Quiz: 80% Passed" in passed["context"]["parts"]
        failed = mails["learner1@releaseuni.test"]
        assert failed["template"] == "result_released_not_passed"
        assert "Quiz: You may try again now: 2 attempts left." in failed["context"]["retake"]
        assert failed["context"]["link"].endswith(f"/assess/{aw.world.enrolments[1]}")
        owner = authz.principal_for(session, owner_id)
        assert release.pending(session, owner, aw.world.slug) == []
        recent = release.recent(session, owner, aw.world.slug)
        assert len(recent) == 4 and {r.released_by for r in recent} == {"Olga Owner"}
        assert session.exec(
            select(AuditEvent).where(AuditEvent.action == "assessment.release")
        ).first()
        with pytest.raises(InvalidInput):
            release.release_batch(session, owner, aw.world.slug, batch.offering_uuid)
        seen = overview.overview(
            session, user_id=aw.world.learners[1], enrolment_uuid=aw.world.enrolments[1]
        )
        assert [p.status for p in seen.parts] == ["not_passed", "passed"]
        assert seen.complete and not seen.passed
        assert overview.retake_of(seen.parts[0]).how == "now"


def test_the_results_page_shows_rubric_feedback_and_only_ones_own(aw: AssessedWorld) -> None:
    url = aw.world.url
    with session_scope(url) as session:
        oral = session.get(AssessmentComponent, aw.oral_id)
        oral.kind, oral.mode = "task", ""
        oral.pass_rule = {"min_level": 1}
        oral.rubric = {
            "criteria": [
                {
                    "id": "clean",
                    "title": "Cleaning",
                    "levels": [
                        {"points": 0, "descriptor": "Not yet"},
                        {"points": 3, "descriptor": "Clean and documented"},
                    ],
                }
            ]
        }
        session.add(oral)
        enrolment = _enrolment(session, aw, 0)
        work = Submission(
            component_id=aw.oral_id, enrolment_id=enrolment.id, user_id=enrolment.user_id
        )
        session.add(work)
        session.flush()
        session.add(
            Review(
                component_id=aw.oral_id,
                enrolment_id=enrolment.id,
                submission_id=work.id,
                assessor_user_id=aw.world.assessor_id,
                scores={"clean": 1},
                comments={"clean": "Every step is explained."},
                comment="Well done.",
                finished_at=utcnow(),
            )
        )
        row = results.record_component_result(
            session,
            enrolment=enrolment,
            component=oral,
            percent=Decimal("100"),
            passed=True,
            source="review",
            decided_by_user_id=aw.world.assessor_id,
            submission_id=work.id,
        )
        results.release_results(session, [row], released_by_user_id=None)
    with session_scope(url) as session:
        seen = overview.overview(
            session, user_id=aw.world.learners[0], enrolment_uuid=aw.world.enrolments[0]
        )
        quiz, task = seen.parts
        assert quiz.status == "not_started" and quiz.quiz is not None and quiz.quiz.can_start
        assert task.status == "passed" and task.percent == Decimal("100")
        (line,) = task.feedback
        assert (line.title, line.level, line.points, line.max_points) == (
            "Cleaning",
            "Clean and documented",
            3,
            3,
        )
        assert line.comment == "Every step is explained." and "Well done." in task.comment
        assert not seen.complete
        with pytest.raises(Exception, match="could not find"):
            overview.overview(
                session, user_id=aw.world.learners[1], enrolment_uuid=aw.world.enrolments[0]
            )
        rows = session.execute(sa.select(sa.func.count()).select_from(ComponentResult)).scalar()
        assert rows == 1


def test_a_started_quiz_ends_the_learners_full_refund(fresh_url: str) -> None:
    """The refund rule: a started attempt counts as "assessment started"."""
    from microcred_market.assessments import attempts
    from microcred_market.orders import service as orders
    from microcred_market.orders.models import Order
    from tests.support.quiz_world import standard_quiz

    aw = make_assessed_world(fresh_url, slug="refunduni", moderated=False)
    standard_quiz(fresh_url, aw.quiz_id, 3)
    with session_scope(fresh_url) as session:
        enrolment = _enrolment(session, aw, 0)
        order = Order(
            user_id=enrolment.user_id,
            offering_id=enrolment.offering_id,
            university_id=aw.world.university_id,
            unit_price_minor=10_000,
            amount_minor=10_000,
            currency="PLN",
            provider="simulated",
            state="paid",
            paid_at=utcnow(),
        )
        session.add(order)
        session.flush()
        enrolment.order_id = order.id
        session.add(enrolment)
        order_uuid = str(order.uuid)
        learner = authz.Principal(user_id=enrolment.user_id)
        assert orders.learner_may_withdraw(session, order) is None  # nothing started yet
        quiz = session.get(AssessmentComponent, aw.quiz_id)
        attempts.start_attempt(
            session,
            user_id=enrolment.user_id,
            enrolment_uuid=aw.world.enrolments[0],
            component_uuid=str(quiz.uuid),
        )
    with (
        pytest.raises(orders.RefundNotAllowed, match="started the assessment"),
        session_scope(fresh_url) as session,
    ):
        orders.request_refund(session, order_uuid=order_uuid, principal=learner)
    with session_scope(fresh_url) as session:
        assert session.exec(select(Order)).one().state == "paid"
