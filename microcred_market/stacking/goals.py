"""Qualifications a learner pinned as goals, and what in the catalogue counts toward them.

A goal is the learner's own choice, so it needs no staff and no audit; it is personal
data (exported and erased with the account). Only a qualification with a rule can be a
goal: without one nothing could count toward it. A learner may pin at most `MAX_GOALS`,
which bounds the work every catalogue page does for them (one progress judgement per goal).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from microcred_market.catalogue.models import Qualification
from microcred_market.platform import urls
from microcred_market.platform.clock import utcnow
from microcred_market.platform.errors import InvalidInput, NotFound
from microcred_market.stacking import progress as engine
from microcred_market.stacking import service
from microcred_market.stacking.models import QualificationGoal, QualificationRule

MAX_GOALS = 20


def _with_rule(session: Session, slug: str) -> Qualification:
    qualification = session.exec(select(Qualification).where(Qualification.slug == slug)).first()
    if qualification is None or session.get(QualificationRule, qualification.id) is None:
        raise NotFound("error.stacking.no_such_goal")
    return qualification


def pinned_ids(session: Session, user_id: int) -> set[int]:
    return set(
        session.exec(
            select(QualificationGoal.qualification_id).where(QualificationGoal.user_id == user_id)
        ).all()
    )


def is_pinned(session: Session, user_id: int, slug: str) -> bool:
    qualification = session.exec(select(Qualification).where(Qualification.slug == slug)).first()
    return qualification is not None and qualification.id in pinned_ids(session, user_id)


def pin(session: Session, user_id: int, slug: str) -> None:
    """Pin a qualification; pinning one already pinned changes nothing."""
    qualification = _with_rule(session, slug)
    mine = pinned_ids(session, user_id)
    if qualification.id in mine:
        return
    if len(mine) >= MAX_GOALS:
        raise InvalidInput("error.stacking.too_many_goals", limit=MAX_GOALS)
    assert qualification.id is not None
    try:
        with session.begin_nested():
            session.add(
                QualificationGoal(
                    user_id=user_id, qualification_id=qualification.id, created_at=utcnow()
                )
            )
    except IntegrityError:
        # The same pin sent twice at once: the other one made it.
        return


def unpin(session: Session, user_id: int, slug: str) -> None:
    """Unpin; a qualification not pinned (or unknown) is left as it is."""
    qualification = session.exec(select(Qualification).where(Qualification.slug == slug)).first()
    if qualification is None:
        return
    session.execute(
        sa.delete(QualificationGoal).where(
            col(QualificationGoal.user_id) == user_id,
            col(QualificationGoal.qualification_id) == qualification.id,
        )
    )


def offerings_toward_goals(session: Session, user_id: int) -> dict[str, list[str]]:
    """Offering slug -> titles of the learner's goals it would move forward.

    An offering counts toward a goal when the goal's rule names it in a part not met yet
    and the learner does not hold it already (`progress.helpful_refs`): the fourth
    elective of a met "3 of 4" is not suggested.
    """
    rows = session.execute(
        sa.select(QualificationRule, Qualification)
        .join(QualificationGoal, col(QualificationGoal.qualification_id) == Qualification.id)
        .join(QualificationRule, col(QualificationRule.qualification_id) == Qualification.id)
        .where(col(QualificationGoal.user_id) == user_id)
        .order_by(col(Qualification.title))
    ).all()
    if not rows:
        return {}
    held = service.held_credentials(session, user_id)
    today = utcnow().date()
    prefix = urls.offering_page("")
    toward: dict[str, list[str]] = {}
    for row, qualification in rows:
        rule = row.parsed()
        answer = service.judge(rule, held, today, qualification.id)
        for ref in engine.helpful_refs(rule, answer):
            toward.setdefault(ref.removeprefix(prefix), []).append(qualification.title)
    return toward


def export_goals(session: Session, user_id: int) -> list[dict[str, Any]]:
    """ "Download my data": the qualifications pinned and when."""
    return [
        {"qualification": slug, "pinned_at": at.isoformat()}
        for slug, at in session.execute(
            sa.select(col(Qualification.slug), col(QualificationGoal.created_at))
            .join(Qualification, col(Qualification.id) == QualificationGoal.qualification_id)
            .where(col(QualificationGoal.user_id) == user_id)
            .order_by(col(QualificationGoal.created_at))
        ).all()
    ]


def erase_goals(session: Session, user_id: int) -> None:
    session.execute(sa.delete(QualificationGoal).where(col(QualificationGoal.user_id) == user_id))
    session.flush()
