"""The read side of accounts: who works for a university."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from microcred_market.accounts.models import StaffRole, User


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
