"""Accommodations: extra time or attempts for one learner, set once per university.

A learner who needs more time (a disability, a second language) tells the university
once; the owner records it here and every timed part of every assessment of that
university applies it (`accommodation_for`, read when an attempt starts). The values are
bounded like the table's check constraints, so a typo cannot give a learner ten hours,
and every change is audited with the values before and after: it changes how a result
was reached.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from microcred_market.accounts import authz
from microcred_market.accounts.models import User
from microcred_market.assessments.models import Accommodation
from microcred_market.catalogue.models import University
from microcred_market.platform import audit
from microcred_market.platform.clock import utcnow
from microcred_market.platform.errors import InvalidInput, NotFound

ACTION = "university.accommodations.manage"
# The same bounds as the table's check constraints (ck_accommodation_*).
MAX_PERCENT = 300
MAX_MINUTES = 600
MAX_ATTEMPTS = 10
MAX_NOTE = 500


@dataclass(frozen=True)
class Terms:
    """What applies to one learner's timed parts (all zero when nothing was set)."""

    extra_percent: int = 0
    extra_minutes: int = 0
    extra_attempts: int = 0

    def limit_seconds(self, limit_minutes: int | float) -> int:
        """The time a learner gets for a part of `limit_minutes`: percent first, then minutes.

        Whole seconds, rounded down: a deadline is a moment, and the server's clock is the
        only one that counts.
        """
        base = float(limit_minutes) * 60
        return int(base * (100 + self.extra_percent) / 100 + self.extra_minutes * 60)

    def attempts(self, allowed: int) -> int:
        return allowed + self.extra_attempts


NONE = Terms()


@dataclass(frozen=True)
class AccommodationLine:
    email: str
    name: str
    extra_percent: int
    extra_minutes: int
    extra_attempts: int
    note: str
    set_at: datetime


def accommodation_for(session: Session, university_id: int, user_id: int) -> Terms:
    """The terms for this learner at this university (no permission: the caller starts
    the learner's own attempt and only needs the numbers)."""
    row = session.exec(
        select(Accommodation).where(
            Accommodation.university_id == university_id, Accommodation.user_id == user_id
        )
    ).first()
    if row is None:
        return NONE
    return Terms(row.extra_percent, row.extra_minutes, row.extra_attempts)


def _university(session: Session, principal: authz.Principal, slug: str) -> University:
    uni = session.exec(select(University).where(University.slug == slug)).first()
    if uni is None or uni.id is None:
        raise NotFound("error.assessments.university_unknown")
    authz.require(principal, ACTION, uni.id)
    return uni


def _learner(session: Session, email: str) -> User:
    # A lookup, not a sign-up: the address as stored (lower-cased), whatever its domain.
    address = (email or "").strip().lower()[:254]
    user = session.exec(select(User).where(User.email == address)).first()
    if user is None or user.id is None or user.deleted_at is not None:
        raise NotFound("error.assessments.learner_unknown", email=address)
    return user


def _bounded(value: object, hi: int, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(str(value).strip() or "0")
        except ValueError:
            raise InvalidInput(key, hi=hi) from None
    if not 0 <= value <= hi:
        raise InvalidInput(key, hi=hi)
    return value


def check_terms(extra_percent: object, extra_minutes: object, extra_attempts: object) -> Terms:
    """The terms as typed into a form or given on the command line, or why not."""
    terms = Terms(
        _bounded(extra_percent, MAX_PERCENT, "error.assessments.extra_percent_range"),
        _bounded(extra_minutes, MAX_MINUTES, "error.assessments.extra_minutes_range"),
        _bounded(extra_attempts, MAX_ATTEMPTS, "error.assessments.extra_attempts_range"),
    )
    if terms == NONE:
        raise InvalidInput("error.assessments.accommodation_empty")
    return terms


def _values(row: Accommodation | None) -> dict[str, object] | None:
    if row is None:
        return None
    return {
        "extra_percent": row.extra_percent,
        "extra_minutes": row.extra_minutes,
        "extra_attempts": row.extra_attempts,
        "note": row.note,
    }


def _row(session: Session, university_id: int, user_id: int) -> Accommodation | None:
    return session.exec(
        select(Accommodation).where(
            Accommodation.university_id == university_id, Accommodation.user_id == user_id
        )
    ).first()


def set_accommodation(
    session: Session,
    principal: authz.Principal,
    university_slug: str,
    learner_email: str,
    *,
    extra_percent: object = 0,
    extra_minutes: object = 0,
    extra_attempts: object = 0,
    note: str = "",
) -> AccommodationLine:
    """Record (or change) one learner's terms; all values checked before anything is written."""
    uni = _university(session, principal, university_slug)
    terms = check_terms(extra_percent, extra_minutes, extra_attempts)
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise InvalidInput("error.assessments.note_too_long", n=MAX_NOTE)
    percent, minutes, attempts = terms.extra_percent, terms.extra_minutes, terms.extra_attempts
    learner = _learner(session, learner_email)
    row = _row(session, uni.id or 0, learner.id or 0)
    before = _values(row)
    row = row or Accommodation(university_id=uni.id or 0, user_id=learner.id or 0)
    row.extra_percent, row.extra_minutes, row.extra_attempts = percent, minutes, attempts
    row.note = note
    row.set_by_user_id = principal.user_id
    row.set_at = utcnow()
    session.add(row)
    session.flush()
    audit.record(
        session,
        "assessment.accommodation.set",
        audit.user(principal.user_id),
        str(learner.uuid),
        before=before,
        after=_values(row),
        university=uni.slug,
    )
    return _line(row, learner)


def remove_accommodation(
    session: Session, principal: authz.Principal, university_slug: str, learner_email: str
) -> None:
    uni = _university(session, principal, university_slug)
    learner = _learner(session, learner_email)
    row = _row(session, uni.id or 0, learner.id or 0)
    if row is None:
        raise NotFound("error.assessments.accommodation_unknown")
    before = _values(row)
    session.delete(row)
    session.flush()
    audit.record(
        session,
        "assessment.accommodation.remove",
        audit.user(principal.user_id),
        str(learner.uuid),
        before=before,
        after={},
        university=uni.slug,
    )


remove = remove_accommodation


def _line(row: Accommodation, user: User) -> AccommodationLine:
    return AccommodationLine(
        email=user.email or "",
        name=user.display_name,
        extra_percent=row.extra_percent,
        extra_minutes=row.extra_minutes,
        extra_attempts=row.extra_attempts,
        note=row.note,
        set_at=row.set_at,
    )


def list_accommodations(
    session: Session, principal: authz.Principal, university_slug: str
) -> list[AccommodationLine]:
    uni = _university(session, principal, university_slug)
    rows = session.exec(
        select(Accommodation, User)
        .join(User, col(User.id) == col(Accommodation.user_id))
        .where(Accommodation.university_id == uni.id)
        .order_by(col(User.email))
    ).all()
    return [_line(row, user) for row, user in rows]
