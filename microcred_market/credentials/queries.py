"""The read side of credentials: a learner's wallet and a university's roster."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from microcred_market.accounts.models import User
from microcred_market.catalogue.models import Offering, University
from microcred_market.credentials import issuing
from microcred_market.credentials.models import IssuedCredential
from microcred_market.orders.models import Enrolment, Order
from microcred_market.platform import urls
from microcred_market.platform.db import parse_uuid
from microcred_market.platform.errors import DomainError


@dataclass(frozen=True)
class WalletItem:
    """One credential the learner holds, with the addresses they can share."""

    uuid: str
    title: str
    university: str
    issued: str
    state: str
    reason: str
    public: bool
    verify_url: str
    json_url: str
    share_url: str


@dataclass(frozen=True)
class RosterLine:
    """An enrolment at a university (cancelled ones too: a refunded learner may still
    hold a credential staff must see), with its order, pass and credential state."""

    enrolment: str
    learner: str
    offering: str
    passed: str
    grade: str
    credential: str
    state: str
    reason: str
    enrolment_status: str = "active"
    order_state: str = ""
    refunded_minor: int = 0
    currency: str = ""


def wallet(session: Session, user_id: int) -> list[WalletItem]:
    rows = session.exec(
        select(IssuedCredential, University.name)
        .join(University, col(University.id) == IssuedCredential.university_id)
        .where(IssuedCredential.user_id == user_id)
        .order_by(col(IssuedCredential.issued_at).desc())
    ).all()
    return [
        WalletItem(
            uuid=str(row.uuid),
            title=row.title,
            university=university_name,
            issued=row.issued_at.date().isoformat(),
            state=row.state,
            reason=row.state_reason or "",
            public=bool(row.public),
            verify_url=urls.verify_page(row.uuid),
            json_url=urls.credential_json(row.uuid),
            share_url=urls.credential_share_page(row.uuid),
        )
        for row, university_name in rows
    ]


def university_roster(session: Session, university_id: int) -> list[RosterLine]:
    """Enrolments of a university's offerings with order, pass and credential state.

    Withdrawn and refunded learners stay listed (with what became of their order and
    credential), so staff can still see and act on a credential a refund left behind.
    """
    # More columns than sqlmodel's select is typed for, so SQLAlchemy's own.
    rows = session.execute(
        sa.select(
            Enrolment,
            col(Offering.title),
            col(User.display_name),
            col(User.email),
            IssuedCredential,
            Order,
        )
        .join(Offering, col(Offering.id) == Enrolment.offering_id)
        .join(User, col(User.id) == Enrolment.user_id)
        .join(
            IssuedCredential,
            col(IssuedCredential.enrolment_id) == Enrolment.id,
            isouter=True,
        )
        .join(Order, col(Order.id) == Enrolment.order_id, isouter=True)
        .where(col(Offering.university_id) == university_id)
        .order_by(col(Enrolment.created_at).desc(), col(Enrolment.id).desc())
        .limit(500)
    ).all()
    return [
        RosterLine(
            enrolment=str(enrolment.uuid),
            learner=name or (email or "—"),
            offering=title,
            passed=enrolment.passed_at.date().isoformat() if enrolment.passed_at else "",
            grade=enrolment.grade or "",
            credential=str(credential.uuid) if credential else "",
            state=credential.state if credential else ("pending" if enrolment.passed_at else ""),
            reason=(credential.state_reason or "") if credential else "",
            enrolment_status=enrolment.status,
            order_state=order.state if order else "",
            refunded_minor=order.refunded_minor if order else 0,
            currency=order.currency if order else "",
        )
        for enrolment, title, name, email, credential, order in rows
    ]


@dataclass(frozen=True)
class RefundOutlook:
    """What refunding an order would do to its credential, for the confirmation step."""

    credential_state: str  # "", active, suspended, revoked, or pending (passed, not issued)


def refund_outlook(session: Session, order_uuids: list[str]) -> dict[str, RefundOutlook]:
    """Per order: the credential a full refund would revoke (if any)."""
    if not order_uuids:
        return {}
    keys = [parse_uuid(u, "error.orders.order_not_found") for u in order_uuids]
    rows = session.execute(
        sa.select(col(Order.uuid), Enrolment, col(IssuedCredential.state))
        .join(Enrolment, col(Enrolment.order_id) == Order.id)
        .join(
            IssuedCredential,
            col(IssuedCredential.enrolment_id) == Enrolment.id,
            isouter=True,
        )
        .where(col(Order.uuid).in_(keys))
    ).all()
    found: dict[str, RefundOutlook] = {}
    for order_uuid, enrolment, state in rows:
        if state is None and enrolment.passed_at is not None:
            state = "pending"
        found[str(order_uuid)] = RefundOutlook(credential_state=state or "")
    return found


@dataclass(frozen=True)
class SharedCredential:
    """A credential its owner made public: what the public page verifies live."""

    uuid: str
    document: dict[str, Any]


def shared_credential(session: Session, credential_uuid: str) -> SharedCredential | None:
    """The public credential, or None for an unknown and a private one alike, so the
    public page never tells which UUIDs exist."""
    try:
        row = issuing.credential_by_uuid(session, credential_uuid)
    except DomainError:
        return None
    if not row.public:
        return None
    return SharedCredential(uuid=str(row.uuid), document=issuing.document_of(row))
