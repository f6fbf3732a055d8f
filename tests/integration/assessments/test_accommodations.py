"""Accommodations: the owner sets bounded extra time or attempts once, audited; others cannot."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from microcred_market.accounts import authz
from microcred_market.accounts.models import StaffRole, User
from microcred_market.assessments import accommodations as acc
from microcred_market.platform.clock import utcnow
from microcred_market.platform.db import session_scope
from microcred_market.platform.errors import InvalidInput, NotFound
from microcred_market.platform.models import AuditEvent
from tests.support.credential_world import World, make_world

pytestmark = pytest.mark.assessments


@pytest.fixture
def world(fresh_url: str) -> tuple[World, int]:
    w = make_world(fresh_url, learners=1, slug="accuni")
    with session_scope(fresh_url) as session:
        owner = User(
            email="owner@accuni.test", display_name="Olga Owner", email_verified_at=utcnow()
        )
        session.add(owner)
        session.flush()
        session.add(StaffRole(user_id=owner.id, university_id=w.university_id, role="owner"))
        return w, owner.id or 0


def _who(url: str, user_id: int) -> authz.Principal:
    with session_scope(url) as session:
        return authz.principal_for(session, user_id)


def test_owner_sets_changes_and_removes_and_each_change_is_audited(world) -> None:
    w, owner_id = world
    owner = _who(w.url, owner_id)
    with session_scope(w.url) as session:
        line = acc.set_accommodation(
            session, owner, "accuni", " Learner0@AccUni.test ", extra_percent="50", note="dyslexia"
        )
        assert (line.extra_percent, line.extra_minutes, line.email) == (
            50,
            0,
            "learner0@accuni.test",
        )
    with session_scope(w.url) as session:
        acc.set_accommodation(
            session, owner, "accuni", "learner0@accuni.test", extra_minutes=10, extra_attempts=1
        )
        terms = acc.accommodation_for(session, w.university_id, w.learners[0])
        # 30 minutes: +0 % then +10 minutes.
        assert terms.limit_seconds(30) == 40 * 60 and terms.attempts(2) == 3
        assert [x.email for x in acc.list_accommodations(session, owner, "accuni")] == [
            "learner0@accuni.test"
        ]
        # Another university's learners get nothing from it.
        assert acc.accommodation_for(session, w.university_id + 1, w.learners[0]) == acc.NONE
    with session_scope(w.url) as session:
        acc.remove(session, owner, "accuni", "learner0@accuni.test")
        assert acc.accommodation_for(session, w.university_id, w.learners[0]) == acc.NONE
        events = (
            session.execute(
                sa.select(AuditEvent)
                .where(AuditEvent.action.like("assessment.accommodation.%"))  # type: ignore[attr-defined]
                .order_by(AuditEvent.id)
            )
            .scalars()
            .all()
        )
    assert [e.action.rsplit(".", 1)[1] for e in events] == ["set", "set", "remove"]
    assert events[0].detail["before"] is None and events[0].detail["after"]["extra_percent"] == 50
    assert events[1].detail["before"]["extra_percent"] == 50
    assert events[1].detail["after"]["extra_minutes"] == 10
    assert all(e.actor_user_id == owner_id for e in events)


def test_only_the_owner_of_that_university_may(world) -> None:
    w, _ = world
    for user_id in (w.assessor_id, w.outsider_id, w.learners[0]):
        who = _who(w.url, user_id)
        with session_scope(w.url) as session, pytest.raises(authz.Forbidden):
            acc.set_accommodation(session, who, "accuni", "learner0@accuni.test", extra_minutes=5)
        with session_scope(w.url) as session, pytest.raises(authz.Forbidden):
            acc.list_accommodations(session, who, "accuni")
    with session_scope(w.url) as session, pytest.raises(authz.NotSignedIn):
        acc.list_accommodations(session, authz.ANONYMOUS, "accuni")


def test_unknown_learner_or_university_says_so(world) -> None:
    w, owner_id = world
    owner = _who(w.url, owner_id)
    with session_scope(w.url) as session:
        with pytest.raises(NotFound, match="nobody@accuni.test"):
            acc.set_accommodation(session, owner, "accuni", "nobody@accuni.test", extra_minutes=5)
        with pytest.raises(NotFound):
            acc.set_accommodation(
                session, owner, "nowhere", "learner0@accuni.test", extra_minutes=5
            )
        with pytest.raises(NotFound):
            acc.remove(session, owner, "accuni", "learner0@accuni.test")


def test_a_refused_value_writes_nothing(world) -> None:
    w, owner_id = world
    owner = _who(w.url, owner_id)
    with session_scope(w.url) as session, pytest.raises(InvalidInput, match="0 to 600"):
        acc.set_accommodation(session, owner, "accuni", "learner0@accuni.test", extra_minutes=601)
    with session_scope(w.url) as session:
        assert acc.accommodation_for(session, w.university_id, w.learners[0]) == acc.NONE
        assert session.execute(sa.select(sa.func.count()).select_from(AuditEvent)).scalar() == 0


def test_note_is_bounded(world) -> None:
    w, owner_id = world
    owner = _who(w.url, owner_id)
    with session_scope(w.url) as session, pytest.raises(InvalidInput):
        acc.set_accommodation(
            session, owner, "accuni", "learner0@accuni.test", extra_minutes=5, note="x" * 501
        )
