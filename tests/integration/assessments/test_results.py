"""Results count once released, under the version the learner is assessed by; a pass issues."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from uuid import UUID

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from microcred_market.assessments import results
from microcred_market.assessments.models import Assessment, AssessmentComponent
from microcred_market.orders.models import Enrolment
from microcred_market.platform.clock import utcnow
from microcred_market.platform.db import session_scope
from microcred_market.platform.errors import InvalidInput
from microcred_market.platform.models import OutboxMessage
from tests.support.assessment_world import AssessedWorld, make_assessed_world

pytestmark = pytest.mark.assessments


@pytest.fixture
def aw(fresh_url: str) -> AssessedWorld:
    return make_assessed_world(fresh_url)


def _enrolment(session: Session, aw: AssessedWorld, i: int = 0) -> Enrolment:
    return session.execute(
        sa.select(Enrolment).where(Enrolment.uuid == UUID(aw.world.enrolments[i]))
    ).scalar_one()


def _issue_rows(session: Session) -> int:
    return session.execute(
        sa.select(sa.func.count())
        .select_from(OutboxMessage)
        .where(OutboxMessage.kind == "credential.issue")
    ).scalar_one()


def _record(session: Session, aw: AssessedWorld, component_id: int, percent, passed=None, i=0):
    return results.record_component_result(
        session,
        enrolment=_enrolment(session, aw, i),
        component=session.get(AssessmentComponent, component_id),
        percent=percent,
        passed=passed,
        source="quiz" if passed is None else "decision",
        decided_by_user_id=aw.world.assessor_id,
        supervision="supervised-online-id",
    )


def test_a_pass_counts_only_once_released_and_then_issues_once(aw: AssessedWorld) -> None:
    url = aw.world.url
    with session_scope(url) as session:
        quiz = _record(session, aw, aw.quiz_id, Decimal("80"))
        oral = _record(session, aw, aw.oral_id, None, passed=True)
        enrolment = _enrolment(session, aw)
        assert enrolment.passed_at is None  # moderated: nothing counts before release
        assert enrolment.assessment_started_at is not None  # the refund rule sees it
        assert _issue_rows(session) == 0
        passed = results.release_results(
            session, [quiz, oral], released_by_user_id=aw.world.assessor_id
        )
        assert [e.id for e in passed] == [enrolment.id]
        assert _issue_rows(session) == 1
        outcome = results.overall(session, enrolment, session.get(Assessment, aw.assessment_id))
        # 80 × 60 with the oral carrying no percentage: the weighted score is the quiz's.
        assert outcome.passed and outcome.percent == Decimal("80.00")
        assert outcome.supervision == "supervised-online-id"
        # Releasing again changes nothing and queues nothing more.
        assert results.release_results(session, [quiz, oral], released_by_user_id=None) == []
        assert _issue_rows(session) == 1


def test_a_failed_part_blocks_the_pass_and_a_retake_replaces_it(aw: AssessedWorld) -> None:
    with session_scope(aw.world.url) as session:
        low = _record(session, aw, aw.quiz_id, Decimal("30"))
        oral = _record(session, aw, aw.oral_id, None, passed=True)
        assert not low.passed
        assert results.release_results(session, [low, oral], released_by_user_id=None) == []
        retake = _record(session, aw, aw.quiz_id, Decimal("55"))
        session.flush()
        session.refresh(low)
        assert not low.current and retake.current
        assert len(results.release_results(session, [retake], released_by_user_id=None)) == 1


def test_staged_parts_on_separate_days_are_kept(aw: AssessedWorld) -> None:
    with session_scope(aw.world.url) as session:
        oral = _record(session, aw, aw.oral_id, None, passed=True)
        results.release_results(session, [oral], released_by_user_id=None)
    with session_scope(aw.world.url) as session:
        quiz = _record(session, aw, aw.quiz_id, Decimal("70"))
        assert len(results.release_results(session, [quiz], released_by_user_id=None)) == 1


def test_no_result_before_the_window_opens(aw: AssessedWorld) -> None:
    with session_scope(aw.world.url) as session:
        assessment = session.get(Assessment, aw.assessment_id)
        assessment.window_opens_at = utcnow() + timedelta(days=3)
        session.add(assessment)
    with session_scope(aw.world.url) as session:
        with pytest.raises(InvalidInput) as refused:
            _record(session, aw, aw.quiz_id, Decimal("90"))
        assert refused.value.key == "error.assessments.window_not_open"


def test_a_result_under_another_version_is_refused(aw: AssessedWorld) -> None:
    with session_scope(aw.world.url) as session:
        _record(session, aw, aw.quiz_id, Decimal("70"))
        newer = Assessment(offering_id=aw.world.offering_id, version=2, status="published")
        session.add(newer)
        session.flush()
        part = AssessmentComponent(
            assessment_id=newer.id, kind="decision", title="Oral", pass_rule={"decision": True}
        )
        session.add(part)
        session.flush()
        with pytest.raises(InvalidInput):
            results.record_component_result(
                session,
                enrolment=_enrolment(session, aw),
                component=part,
                percent=None,
                passed=True,
                source="decision",
                decided_by_user_id=None,
            )
        # A learner who has not started yet is assessed by the newest version.
        assert results.assessment_of(session, _enrolment(session, aw, 1)).version == 2
        assert results.assessment_of(session, _enrolment(session, aw, 0)).version == 1
