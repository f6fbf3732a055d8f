"""The read side of accounts: who works for a university, and who changed what."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from microcred_market.accounts.models import StaffRole, User
from microcred_market.catalogue.models import University
from microcred_market.platform.errors import InvalidInput
from microcred_market.platform.models import AuditEvent


@dataclass(frozen=True)
class StaffMember:
    name: str
    email: str
    role: str


def staff_of(session: Session, university_id: int) -> list[StaffMember]:
    rows = session.exec(
        select(StaffRole, User)
        .join(User, col(User.id) == StaffRole.user_id)
        .where(StaffRole.university_id == university_id)
        .order_by(User.display_name)
    ).all()
    return [StaffMember(name=u.display_name, email=u.email or "", role=r.role) for r, u in rows]


@dataclass(frozen=True)
class UniversityTeam:
    """A university as the operator sees it: does it have anyone to run it yet?"""

    slug: str
    name: str
    owners: int
    staff: int


def university_teams(session: Session) -> list[UniversityTeam]:
    counts: dict[int, list[int]] = {}
    for university_id, role in session.exec(select(StaffRole.university_id, StaffRole.role)).all():
        entry = counts.setdefault(university_id, [0, 0])
        entry[0] += role == "owner"
        entry[1] += 1
    universities = session.exec(select(University).order_by(col(University.name))).all()
    return [
        UniversityTeam(
            slug=u.slug,
            name=u.name,
            owners=counts.get(u.id or 0, [0, 0])[0],
            staff=counts.get(u.id or 0, [0, 0])[1],
        )
        for u in universities
    ]


def staff_area(session: Session, user_id: int | None) -> str:
    """The staff page of the first university this person works for, or "" if none."""
    if user_id is None:
        return ""
    slug = session.exec(
        select(University.slug)
        .join(StaffRole, col(StaffRole.university_id) == University.id)
        .where(StaffRole.user_id == user_id)
        .order_by(col(University.name))
    ).first()
    return f"/staff/{slug}" if slug else ""


@dataclass(frozen=True)
class StaffUniversity:
    """A university this person holds a role at (the staff header's switcher)."""

    id: int
    slug: str
    name: str
    role: str


def staff_universities(session: Session, user_id: int | None) -> list[StaffUniversity]:
    """Every university this person works for, by name."""
    if user_id is None:
        return []
    rows = session.exec(
        select(University, StaffRole.role)
        .join(StaffRole, col(StaffRole.university_id) == University.id)
        .where(StaffRole.user_id == user_id)
        .order_by(col(University.name))
    ).all()
    return [StaffUniversity(id=u.id or 0, slug=u.slug, name=u.name, role=role) for u, role in rows]


# ---------------------------------------------------------------- the audit log

AUDIT_PAGE_SIZE = 50


@dataclass(frozen=True)
class AuditFilter:
    """What the operator searches the audit log by; empty strings mean "any"."""

    actor: str = ""
    subject: str = ""
    action: str = ""
    date_from: str = ""  # YYYY-MM-DD, inclusive
    date_to: str = ""  # YYYY-MM-DD, inclusive
    page: int = 1

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> AuditFilter:
        """From a page's or route's query parameters (both use the same names)."""
        raw_page = str(params.get("page", "1") or "1")[:6]
        return cls(
            actor=str(params.get("actor", "") or "")[:200],
            subject=str(params.get("subject", "") or "")[:200],
            action=str(params.get("action", "") or "")[:60],
            date_from=str(params.get("from", "") or "")[:10],
            date_to=str(params.get("to", "") or "")[:10],
            page=int(raw_page) if raw_page.isdigit() else 1,
        )

    def params(self, page: int | None = None) -> dict[str, str]:
        """The non-empty filters as query parameters (links to other pages keep them)."""
        values = {
            "actor": self.actor,
            "subject": self.subject,
            "action": self.action,
            "from": self.date_from,
            "to": self.date_to,
            "page": str(page or self.page),
        }
        return {k: v for k, v in values.items() if v and not (k == "page" and v == "1")}


@dataclass(frozen=True)
class AuditLine:
    at: datetime
    actor: str
    action: str
    subject: str
    before: str
    after: str
    detail: str


@dataclass(frozen=True)
class AuditPage:
    lines: list[AuditLine]
    total: int
    page: int
    pages: int


def _day(value: str, name: str) -> date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise InvalidInput("error.accounts.audit_date_invalid", field=name) from None


def _contains(column: Any, text: str) -> Any:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return sa.func.lower(column).like(f"%{escaped}%", escape="\\")


def _json(value: Any) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def audit_log(session: Session, search: AuditFilter) -> AuditPage:
    """The newest changes first, filtered in SQL and paged, for the operator's audit page.

    The actor is matched against the acting account's address and the command line's
    login name alike, so "alice" finds both alice@uni.example and cli:alice.
    """
    start, end = _day(search.date_from, "from"), _day(search.date_to, "to")
    conditions: list[Any] = []
    actor = search.actor.strip()[:200]
    if actor:
        conditions.append(
            sa.or_(_contains(col(User.email), actor), _contains(col(AuditEvent.actor_name), actor))
        )
    if search.subject.strip():
        conditions.append(_contains(col(AuditEvent.subject), search.subject.strip()[:200]))
    if search.action.strip():
        conditions.append(_contains(col(AuditEvent.action), search.action.strip()[:60]))
    if start is not None:
        conditions.append(
            col(AuditEvent.created_at) >= datetime.combine(start, time.min, tzinfo=UTC)
        )
    if end is not None:
        conditions.append(
            col(AuditEvent.created_at)
            < datetime.combine(end + timedelta(days=1), time.min, tzinfo=UTC)
        )
    base = (
        sa.select(AuditEvent, col(User.email))
        .select_from(AuditEvent)
        .outerjoin(User, col(User.id) == col(AuditEvent.actor_user_id))
        .where(*conditions)
    )
    total = session.execute(
        sa.select(sa.func.count()).select_from(
            base.with_only_columns(col(AuditEvent.id)).subquery()
        )
    ).scalar_one()
    pages = max(1, -(-total // AUDIT_PAGE_SIZE))
    page = min(max(1, search.page), pages)
    rows = session.execute(
        base.order_by(col(AuditEvent.created_at).desc(), col(AuditEvent.id).desc())
        .limit(AUDIT_PAGE_SIZE)
        .offset((page - 1) * AUDIT_PAGE_SIZE)
    ).all()
    lines = []
    for event, email in rows:
        detail = dict(event.detail or {})
        before, after = detail.pop("before", None), detail.pop("after", None)
        who = email or ""
        if event.actor_name:
            who = f"{who} ({event.actor_name})" if who else event.actor_name
        lines.append(
            AuditLine(
                at=event.created_at,
                actor=who or "system",
                action=event.action,
                subject=event.subject,
                before=_json(before),
                after=_json(after),
                detail=_json(detail) if detail else "",
            )
        )
    return AuditPage(lines=lines, total=total, page=page, pages=pages)
