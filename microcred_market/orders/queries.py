"""The read side of orders: what pages show about orders, enrolments, sales and seat codes.

Functions take a session and plain arguments and return frozen dataclasses, so a page
can format them but never change a row or lazy-load another one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from microcred_market.accounts.models import User
from microcred_market.catalogue.models import Offering, University
from microcred_market.orders import machine
from microcred_market.orders.models import Enrolment, Order, Voucher
from microcred_market.platform.clock import aware, utcnow
from microcred_market.platform.db import parse_uuid
from microcred_market.platform.errors import NotFound


@dataclass(frozen=True)
class OrderLine:
    """One of a learner's own orders."""

    uuid: str
    state: str
    kind: str
    quantity: int
    amount_minor: int
    currency: str
    created_at: datetime
    paid_at: datetime | None
    offering_title: str
    offering_slug: str
    university: str
    refunded_minor: int = 0
    # Why the buyer may not withdraw now (a message key), or None: they may.
    withdraw_refusal: str | None = "error.orders.not_refundable"


@dataclass(frozen=True)
class EnrolmentLine:
    uuid: str
    status: str
    offering_title: str
    offering_slug: str
    university: str
    start_date: date | None
    self_paced: bool
    order_uuid: str | None
    order_state: str | None
    enrolled_at: datetime


@dataclass(frozen=True)
class Sale:
    """An order as the seller (a university's staff or the operator) sees it."""

    uuid: str
    state: str
    kind: str
    quantity: int
    amount_minor: int
    currency: str
    fee_minor: int
    created_at: datetime
    offering_title: str
    buyer: str
    refunded_minor: int = 0


@dataclass(frozen=True)
class SeatCode:
    code: str
    offering_title: str
    used: bool


@dataclass(frozen=True)
class OwnOrder:
    """One order of the signed-in buyer, for the checkout and return pages."""

    uuid: str
    state: str
    kind: str
    amount_minor: int
    currency: str
    provider: str
    provider_ref: str | None
    offering_title: str
    offering_slug: str


def _withdraw_refusal(order: Order, enrolment: Enrolment | None) -> str | None:
    if order.state != "paid" or order.kind != "learner":
        return "error.orders.not_refundable"
    return machine.withdrawal_refusal(
        paid_at=aware(order.paid_at) or utcnow(),
        now=utcnow(),
        assessment_started=enrolment is not None and enrolment.assessment_started_at is not None,
        result_recorded=enrolment is not None and enrolment.passed_at is not None,
    )


def orders_of(session: Session, user_id: int) -> list[OrderLine]:
    rows = session.exec(
        select(Order, Offering, University, Enrolment)
        .join(Offering, col(Offering.id) == Order.offering_id)
        .join(University, col(University.id) == Order.university_id)
        .join(Enrolment, col(Enrolment.order_id) == Order.id, isouter=True)
        .where(Order.user_id == user_id)
        .order_by(col(Order.id).desc())
    ).all()
    return [
        OrderLine(
            uuid=str(o.uuid),
            state=o.state,
            kind=o.kind,
            quantity=o.quantity,
            amount_minor=o.amount_minor,
            currency=o.currency,
            created_at=o.created_at,
            paid_at=o.paid_at,
            offering_title=off.title,
            offering_slug=off.slug,
            university=uni.name,
            refunded_minor=o.refunded_minor,
            withdraw_refusal=_withdraw_refusal(o, e),
        )
        for o, off, uni, e in rows
    ]


def enrolments_of(session: Session, user_id: int) -> list[EnrolmentLine]:
    rows = session.exec(
        select(Enrolment, Offering, University, Order)
        .join(Offering, col(Offering.id) == Enrolment.offering_id)
        .join(University, col(University.id) == Offering.university_id)
        .join(Order, col(Order.id) == Enrolment.order_id, isouter=True)
        .where(Enrolment.user_id == user_id)
        .order_by(col(Enrolment.id).desc())
    ).all()
    return [
        EnrolmentLine(
            uuid=str(e.uuid),
            status=e.status,
            offering_title=off.title,
            offering_slug=off.slug,
            university=uni.name,
            start_date=off.start_date,
            self_paced=bool(off.self_paced),
            order_uuid=str(o.uuid) if o else None,
            order_state=o.state if o else None,
            enrolled_at=e.created_at,
        )
        for e, off, uni, o in rows
    ]


def sales_of(session: Session, university_id: int | None, limit: int = 200) -> list[Sale]:
    """Orders newest first: one university's for its staff, or all (None) for operators."""
    stmt = (
        select(Order, Offering, User)
        .join(Offering, col(Offering.id) == Order.offering_id)
        .join(User, col(User.id) == Order.user_id)
        .where(Order.state != "pending")
    )
    if university_id is not None:
        stmt = stmt.where(Order.university_id == university_id)
    rows = session.exec(stmt.order_by(col(Order.id).desc()).limit(limit)).all()
    return [
        Sale(
            uuid=str(o.uuid),
            state=o.state,
            kind=o.kind,
            quantity=o.quantity,
            amount_minor=o.amount_minor,
            currency=o.currency,
            fee_minor=o.platform_fee_minor,
            created_at=o.created_at,
            offering_title=off.title,
            buyer=u.display_name or "—",
            refunded_minor=o.refunded_minor,
        )
        for o, off, u in rows
    ]


def seat_codes_of(session: Session, user_id: int) -> list[SeatCode]:
    """The single-use codes produced by the seat orders a buyer (an employer) paid for."""
    rows = session.exec(
        select(Voucher, Offering)
        .join(Offering, col(Offering.id) == Voucher.offering_id)
        .where(
            col(Voucher.source_order_id).in_(
                select(Order.id).where(Order.user_id == user_id, Order.kind == "seats")
            )
        )
        .order_by(col(Voucher.id))
    ).all()
    return [SeatCode(code=v.code, offering_title=off.title, used=bool(v.used)) for v, off in rows]


def own_order(session: Session, order_uuid: str, user_id: int | None) -> OwnOrder:
    """The buyer's order; anyone else's (or none) is the same NotFound, so UUIDs stay secret."""
    key = parse_uuid(order_uuid, "error.orders.order_not_found")
    row = session.exec(
        select(Order, Offering)
        .join(Offering, col(Offering.id) == Order.offering_id)
        .where(Order.uuid == key)
    ).first()
    if row is None or user_id is None or row[0].user_id != user_id:
        raise NotFound("error.orders.order_not_found")
    order, offering = row
    return OwnOrder(
        uuid=str(order.uuid),
        state=order.state,
        kind=order.kind,
        amount_minor=order.amount_minor,
        currency=order.currency,
        provider=order.provider,
        provider_ref=order.provider_ref,
        offering_title=offering.title,
        offering_slug=offering.slug,
    )
