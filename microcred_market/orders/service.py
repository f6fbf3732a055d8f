"""Buying a seat: checkout, seat holds, vouchers, enrolment exactly once, refunds.

Seats are counted in `offering.seats_taken` and taken with one conditional UPDATE
(`... WHERE seats_taken + n <= seat_capacity`), which is atomic on SQLite and PostgreSQL
alike: fifty buyers racing for five seats get five holds and forty-five clear "sold out"
answers, without application-level locks. A pending order holds its seats until its
checkout expires; payment turns the hold into an enrolment.

Events from the provider go through `apply_event`, which records each distinct event once
and derives the state with `order_machine.state_of`; side effects run only on an actual
change of state, so duplicates and reordering cannot enrol twice or refund twice.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from microcred_market.accounts import authz
from microcred_market.accounts.models import User
from microcred_market.catalogue import prices
from microcred_market.catalogue.models import Offering, University
from microcred_market.orders import cohorts, payouts
from microcred_market.orders import machine as order_machine
from microcred_market.orders.models import Enrolment, Order, OrderEvent, PlatformSetting, Voucher
from microcred_market.orders.payments.registry import provider_named
from microcred_market.orders.queries import OwnOrder, own_order
from microcred_market.platform.clock import aware, utcnow
from microcred_market.platform.db import get_by_uuid
from microcred_market.platform.errors import DomainError, InvalidInput, NotFound
from microcred_market.platform.models import OutboxMessage

HOLD_MINUTES = (
    40  # outlives the provider's checkout (Stripe: 31-36 min), so its expiry event comes first
)
WITHDRAWAL_DAYS = order_machine.WITHDRAWAL_DAYS
MAX_SEAT_ORDER = 200


class SoldOut(DomainError):
    code = "sold_out"


class AlreadyEnrolled(DomainError):
    code = "already_enrolled"


class VoucherProblem(DomainError):
    code = "voucher"


class RefundNotAllowed(DomainError):
    code = "refund_not_allowed"


# ---------------------------------------------------------------- money


DEFAULT_FEE_BASIS_POINTS = 1000  # 10 %, until the operator sets another


def fee_basis_points(session: Session, university_id: int) -> int:
    """The platform fee: the university's own setting, else the platform default (10 %)."""
    own = session.exec(
        select(PlatformSetting).where(PlatformSetting.university_id == university_id)
    ).first()
    if own is not None:
        return own.fee_basis_points
    default = session.exec(
        select(PlatformSetting).where(col(PlatformSetting.university_id).is_(None))
    ).first()
    return default.fee_basis_points if default else DEFAULT_FEE_BASIS_POINTS


def platform_fee(amount_minor: int, basis_points: int) -> int:
    """Rounded half up to the minor unit, never more than the amount."""
    return min(amount_minor, (amount_minor * basis_points + 5000) // 10000)


@dataclass(frozen=True)
class Quote:
    unit_price_minor: int
    quantity: int
    discount_minor: int
    amount_minor: int
    currency: str
    platform_fee_minor: int
    voucher_id: int | None


def _voucher_discount(voucher: Voucher, subtotal: int, currency: str) -> int:
    if voucher.kind == "percent":
        percent = max(0, min(100, voucher.percent_off or 0))
        return (subtotal * percent + 50) // 100
    # An amount means nothing in another currency (and one of unknown currency, nowhere):
    # never converted, refused for an order in any currency but its own.
    if voucher.currency != currency:
        raise VoucherProblem("error.orders.voucher_other_currency")
    return min(subtotal, voucher.amount_off_minor or 0)


def _find_voucher(session: Session, code: str, offering: Offering) -> Voucher:
    voucher = session.exec(select(Voucher).where(Voucher.code == code.strip().upper()[:40])).first()
    if voucher is None:
        raise VoucherProblem("error.orders.voucher_unknown")
    if voucher.disabled_at is not None:
        raise VoucherProblem("error.orders.voucher_disabled")
    expires = aware(voucher.expires_at)
    if expires is not None and expires < utcnow():
        raise VoucherProblem("error.orders.voucher_expired")
    if voucher.scope == "offering" and voucher.offering_id != offering.id:
        raise VoucherProblem("error.orders.voucher_other_course")
    if voucher.scope == "university" and voucher.university_id != offering.university_id:
        raise VoucherProblem("error.orders.voucher_other_university")
    if voucher.max_uses is not None and voucher.used >= voucher.max_uses:
        raise VoucherProblem("error.orders.voucher_used_up")
    return voucher


class CurrencyNotOffered(InvalidInput):
    code = "currency_not_offered"


def unit_price(session: Session, offering: Offering, currency: str | None) -> prices.Price:
    """The offering's price in the currency the learner chose (none: its own), read here,
    never taken from the request; a currency it has no price in is refused by name."""
    price = prices.price_in(session, offering, currency)
    if price is None:
        offered = ", ".join(p.currency for p in prices.prices_of(session, offering))
        raise CurrencyNotOffered(
            "error.orders.currency_not_offered",
            currency=str(currency or "").strip().upper()[:8],
            currencies=offered,
        )
    return price


def quote(
    session: Session,
    offering: Offering,
    quantity: int,
    voucher_code: str | None,
    currency: str | None = None,
) -> Quote:
    price = unit_price(session, offering, currency)
    subtotal = price.amount_minor * quantity
    voucher = _find_voucher(session, voucher_code, offering) if voucher_code else None
    # A fixed voucher is in one currency and refused for an order in another.
    discount = _voucher_discount(voucher, subtotal, price.currency) if voucher else 0
    amount = subtotal - discount
    return Quote(
        unit_price_minor=price.amount_minor,
        quantity=quantity,
        discount_minor=discount,
        amount_minor=amount,
        currency=price.currency,
        platform_fee_minor=platform_fee(amount, fee_basis_points(session, offering.university_id)),
        voucher_id=voucher.id if voucher else None,
    )


# ---------------------------------------------------------------- seats and vouchers


def take_seats(session: Session, offering_id: int, n: int) -> bool:
    taken = session.exec(
        sa.update(Offering)
        .where(
            col(Offering.id) == offering_id,
            sa.or_(
                col(Offering.seat_capacity).is_(None),
                col(Offering.seats_taken) + n <= col(Offering.seat_capacity),
            ),
        )
        .values(seats_taken=Offering.seats_taken + n)
    ).rowcount
    return taken == 1


def release_seats(session: Session, offering_id: int, n: int) -> None:
    session.execute(
        sa.update(Offering)
        .where(col(Offering.id) == offering_id)
        .values(
            seats_taken=sa.case(
                (col(Offering.seats_taken) >= n, col(Offering.seats_taken) - n), else_=0
            )
        )
    )


def _use_voucher(session: Session, voucher_id: int) -> bool:
    return (
        session.exec(
            sa.update(Voucher)
            .where(
                col(Voucher.id) == voucher_id,
                col(Voucher.disabled_at).is_(None),
                sa.or_(col(Voucher.max_uses).is_(None), col(Voucher.used) < col(Voucher.max_uses)),
            )
            .values(used=Voucher.used + 1)
        ).rowcount
        == 1
    )


def _return_voucher(session: Session, voucher_id: int) -> None:
    session.execute(
        sa.update(Voucher)
        .where(col(Voucher.id) == voucher_id, col(Voucher.used) > 0)
        .values(used=Voucher.used - 1)
    )


# ---------------------------------------------------------------- checkout


@dataclass(frozen=True)
class NewOrder:
    order_uuid: str
    state: str
    amount_minor: int
    currency: str


def _offering_by_slug(session: Session, slug: str) -> Offering:
    offering = session.exec(
        select(Offering)
        .join(University, col(University.id) == Offering.university_id)
        .where(
            Offering.slug == slug[:120],
            Offering.status == "published",
            col(University.approved).is_(True),
        )
    ).first()
    if offering is None:
        raise NotFound("error.orders.not_on_sale")
    return offering


def active_enrolment(session: Session, user_id: int, offering_id: int) -> Enrolment | None:
    return session.exec(
        select(Enrolment).where(
            Enrolment.user_id == user_id,
            Enrolment.offering_id == offering_id,
            Enrolment.status == "active",
        )
    ).first()


def create_order(
    session: Session,
    *,
    user_id: int,
    offering_slug: str,
    provider: str,
    quantity: int = 1,
    kind: str = "learner",
    voucher_code: str | None = None,
    cohort_uuid: str | None = None,
    currency: str | None = None,
) -> NewOrder:
    """Hold the seats and write a pending order (or enrol at once when nothing is due).

    `currency`: the one the buyer chose among the offering's prices (None: its own); the
    amount is the offering's price in it (`catalogue.prices`).

    An offering that runs in cohorts needs one (`cohort_uuid`): the seat is held in it
    too. The caller commits, then asks the provider for a checkout (see `attach_checkout`).
    """
    if kind not in ("learner", "seats"):
        raise InvalidInput("error.orders.kind_unknown")
    if kind == "learner":
        quantity = 1
    if not 1 <= quantity <= MAX_SEAT_ORDER:
        raise InvalidInput("error.orders.seat_quantity", max=MAX_SEAT_ORDER)
    offering = _offering_by_slug(session, offering_slug)
    assert offering.id is not None  # read from the database
    if kind == "learner" and active_enrolment(session, user_id, offering.id) is not None:
        raise AlreadyEnrolled("error.orders.already_enrolled")
    if kind == "seats" and voucher_code:
        raise InvalidInput("error.orders.voucher_for_seats")
    q = quote(session, offering, quantity, voucher_code, currency)
    if q.amount_minor > 0:
        # Nowhere to pay the university's share: refuse before any seat or voucher moves.
        payouts.require_payable(session, offering.university_id, provider)
    if q.voucher_id is not None and not _use_voucher(session, q.voucher_id):
        raise VoucherProblem("error.orders.voucher_used_up")
    # Seats for an employer's codes are taken when each code is redeemed, not now.
    if kind == "learner":
        # Abandoned checkouts give their seats back before we count what is left.
        expire_holds(session, offering_id=offering.id)
    cohort_id: int | None = None
    if kind == "learner" and cohorts.has_cohorts(session, offering.id):
        if not cohort_uuid:
            raise InvalidInput("error.cohorts.choose")
        cohort_id = cohorts.seat_for_order(session, offering.id, cohort_uuid, user_id)
    free = q.amount_minor == 0
    order = Order(
        user_id=user_id,
        offering_id=offering.id,
        university_id=offering.university_id,
        kind=kind,
        quantity=quantity,
        unit_price_minor=q.unit_price_minor,
        discount_minor=q.discount_minor,
        amount_minor=q.amount_minor,
        currency=q.currency,
        platform_fee_minor=q.platform_fee_minor,
        voucher_id=q.voucher_id,
        provider="none" if free else provider,
        seat_held=kind == "learner",
        cohort_id=cohort_id,
        hold_expires_at=None if free else utcnow() + timedelta(minutes=HOLD_MINUTES),
    )
    session.add(order)
    session.flush()
    assert order.id is not None  # the flush gave it one
    cohorts.order_claimed(session, order)
    # The seat last: its UPDATE locks the offering's row until the commit, and every
    # checkout of a popular course waits on that row, so nothing else may come after it
    # but the commit (a sold-out course raises, and the caller rolls the order back).
    if kind == "learner" and not take_seats(session, offering.id, 1):
        raise SoldOut("error.orders.sold_out")
    if free:
        apply_event(session, order.id, "paid", "free")
    return NewOrder(str(order.uuid), order.state, order.amount_minor, order.currency)


def attach_checkout(session: Session, order_uuid: str, ref: str, url: str) -> None:
    order = order_by_uuid(session, order_uuid)
    order.provider_ref = ref
    order.checkout_url = url
    session.add(order)


def order_by_uuid(session: Session, order_uuid: str) -> Order:
    return get_by_uuid(session, Order, order_uuid, "error.orders.order_not_found")


def order_by_ref(session: Session, provider: str, ref: str) -> Order | None:
    return session.exec(
        select(Order).where(Order.provider == provider, Order.provider_ref == ref)
    ).first()


# ---------------------------------------------------------------- events


def apply_event(session: Session, order_id: int, event: str, source: str) -> str:
    """Record one event (once) and carry out what the change of state requires."""
    order = session.get(
        Order, order_id, with_for_update=session.get_bind().dialect.name == "postgresql"
    )
    if order is None:
        raise NotFound("error.orders.order_not_found")
    seen = session.exec(select(OrderEvent.event).where(OrderEvent.order_id == order_id)).all()
    if event in seen:
        return order.state
    before, after = order_machine.next_state(seen, event)
    try:
        with session.begin_nested():
            session.add(
                OrderEvent(
                    order_id=order_id,
                    event=event,
                    source=source[:60],
                    state_before=before,
                    state_after=after,
                )
            )
    except IntegrityError:
        return order.state  # a concurrent delivery of the same event won
    if after != before:
        order.state = after
        _on_transition(session, order, before, after, source)
        session.add(order)
        session.flush()
    return order.state


def _on_transition(session: Session, order: Order, before: str, after: str, source: str) -> None:
    learner = order.kind == "learner"
    if after == "paid" and before in ("pending", "failed", "expired", "cancelled"):
        order.paid_at = order.paid_at or utcnow()
        if order.voucher_id and before != "pending":
            # The voucher went back when the order gave up; the money arrived at the
            # discounted price after all, so the use counts again (even past max_uses).
            session.execute(
                sa.update(Voucher)
                .where(col(Voucher.id) == order.voucher_id)
                .values(used=Voucher.used + 1)
            )
        if learner:
            if active_enrolment(session, order.user_id, order.offering_id) is not None:
                # A second checkout for a course the learner already has (two tabs): refund it.
                if order.seat_held:
                    _release_order_seat(session, order)
                _refund_automatically(session, order, "already_enrolled")
                return
            if not order.seat_held:
                if not _retake_order_seat(session, order):
                    # The money arrived after the hold lapsed and the seat went to someone else.
                    _refund_automatically(session, order, "sold_out")
                    return
                order.seat_held = True
            _enrol(session, order)
        else:
            _issue_seat_codes(session, order)
        _queue(session, "receipt", order)
    elif after in ("failed", "expired", "cancelled"):
        if learner and order.seat_held:
            _release_order_seat(session, order)
        if order.voucher_id and before == "pending":
            _return_voucher(session, order.voucher_id)
    elif after == "refunded":
        order.refunded_at = utcnow()
        given_back = order.amount_minor - order.refunded_minor
        order.refunded_minor = order.amount_minor
        if before in ("paid", "refund_requested"):
            _cancel_enrolment(session, order)
        if learner and order.seat_held:
            _release_order_seat(session, order)
        _queue(session, "refund_notice", order)
        actor, said_by = _requested_by(session, order, source)
        _announce_refund(
            session,
            order,
            full=True,
            amount_minor=given_back,
            state_before=before,
            actor_user_id=actor,
            source=said_by,
        )


def _release_order_seat(session: Session, order: Order) -> None:
    """The order's seat goes back: the offering's, and its cohort's (whose waiting list
    then moves up)."""
    release_seats(session, order.offering_id, 1)
    cohorts.order_gave_up(session, order)
    order.seat_held = False


def _retake_order_seat(session: Session, order: Order) -> bool:
    """Money for an order whose hold had lapsed: its seat again, if still free."""
    if order.cohort_id is not None and not cohorts.take_seat(session, order.cohort_id):
        return False
    if take_seats(session, order.offering_id, 1):
        return True
    if order.cohort_id is not None:
        cohorts.release_seat(session, order.cohort_id)
    return False


def _refund_automatically(session: Session, order: Order, reason: str) -> None:
    assert order.id is not None  # only a stored order changes state
    session.add(
        OrderEvent(
            order_id=order.id,
            event="refund_requested",
            source=f"auto:{reason}",
            state_before="paid",
            state_after="refund_requested",
        )
    )
    order.state = "refund_requested"
    _queue(session, "refund", order, reason=reason)


def _enrol(session: Session, order: Order) -> None:
    exists = session.exec(select(Enrolment).where(Enrolment.order_id == order.id)).first()
    if exists is None:
        session.add(
            Enrolment(
                user_id=order.user_id,
                offering_id=order.offering_id,
                order_id=order.id,
                cohort_id=order.cohort_id,
            )
        )


def _cancel_enrolment(session: Session, order: Order) -> None:
    session.execute(
        sa.update(Enrolment)
        .where(col(Enrolment.order_id) == order.id, col(Enrolment.status) == "active")
        .values(status="cancelled", cancelled_at=utcnow())
    )
    if order.kind == "seats":
        session.execute(
            sa.update(Voucher)
            .where(col(Voucher.source_order_id) == order.id)
            .values(max_uses=Voucher.used)
        )


def _issue_seat_codes(session: Session, order: Order) -> None:
    existing = session.exec(select(Voucher).where(Voucher.source_order_id == order.id)).all()
    for _ in range(order.quantity - len(existing)):
        session.add(
            Voucher(
                code="SEAT-" + secrets.token_hex(5).upper(),
                kind="percent",
                percent_off=100,
                scope="offering",
                offering_id=order.offering_id,
                max_uses=1,
                source_order_id=order.id,
            )
        )


def _queue(session: Session, kind: str, order: Order, **extra: Any) -> None:
    session.add(
        OutboxMessage(kind=f"order.{kind}", payload={"order_uuid": str(order.uuid), **extra})
    )


# ---------------------------------------------------------------- refunds and expiry


@dataclass(frozen=True)
class RefundRecorded:
    """A refund, told in its own transaction to the capabilities above orders.

    Credentials decide what a refund does to a credential (a full one revokes it, a
    partial one keeps it): orders cannot import them, so `wiring.py` registers them here.
    """

    order_uuid: str
    enrolment_id: int | None
    full: bool
    amount_minor: int  # given back by this refund
    refunded_minor: int  # given back in all, this refund included
    order_amount_minor: int
    currency: str
    order_state_before: str
    order_state_after: str
    actor_user_id: int | None
    source: str


RefundListener = Callable[[Session, RefundRecorded], None]
_REFUND_LISTENERS: list[RefundListener] = []


def on_refund(listener: RefundListener) -> None:
    """Run `listener` inside every transaction that records a refund (wiring calls this)."""
    if listener not in _REFUND_LISTENERS:
        _REFUND_LISTENERS.append(listener)


def _actor_of(source: str) -> int | None:
    """The person behind an event source such as `staff:12` (a webhook has none)."""
    kind, _, number = source.partition(":")
    if kind in ("staff", "admin", "learner") and number.isdigit() and int(number) > 0:
        return int(number)
    return None


def _requested_by(session: Session, order: Order, source: str) -> tuple[int | None, str]:
    """Who asked for the refund being completed, and the event source that says so."""
    asked = session.exec(
        select(OrderEvent.source).where(
            OrderEvent.order_id == order.id, OrderEvent.event == "refund_requested"
        )
    ).first()
    if asked is not None and _actor_of(asked) is not None:
        return _actor_of(asked), asked
    return _actor_of(source), source


def _announce_refund(
    session: Session,
    order: Order,
    *,
    full: bool,
    amount_minor: int,
    state_before: str,
    actor_user_id: int | None,
    source: str,
) -> None:
    if not _REFUND_LISTENERS:
        # A refund that nobody above hears could leave a valid credential behind.
        raise RuntimeError("refunds are not wired: call microcred_market.wiring.wire() first")
    enrolment_id = session.exec(select(Enrolment.id).where(Enrolment.order_id == order.id)).first()
    facts = RefundRecorded(
        order_uuid=str(order.uuid),
        enrolment_id=enrolment_id,
        full=full,
        amount_minor=amount_minor,
        refunded_minor=order.refunded_minor,
        order_amount_minor=order.amount_minor,
        currency=order.currency,
        order_state_before=state_before,
        order_state_after=order.state,
        actor_user_id=actor_user_id,
        source=source[:60],
    )
    for listener in _REFUND_LISTENERS:
        listener(session, facts)


def start_assessment(enrolment: Enrolment) -> None:
    """The learner began an assessment (or a result was recorded): withdrawal ends here.

    Every path that starts or decides an assessment calls this: a quiz attempt started,
    work or an evidence portfolio handed in, any result recorded (an assessor's decision
    from staff "pass" or the results file included).
    """
    if enrolment.assessment_started_at is None:
        enrolment.assessment_started_at = utcnow()


def record_partial_refund(
    session: Session,
    *,
    order_id: int,
    source: str,
    refunded_total_minor: int | None = None,
    add_minor: int | None = None,
) -> int | None:
    """Part of the money went back (staff, or the provider's dashboard): the order stays
    paid and the learner enrolled. Returns the new total given back, or None when nothing
    was recorded (a total already reached: a redelivered webhook; or not partial).

    The total moves by compare-and-set on the row, so two refunds at once (two staff
    tabs, staff and a webhook) both count on SQLite as on PostgreSQL.
    """
    order = session.get(
        Order, order_id, with_for_update=session.get_bind().dialect.name == "postgresql"
    )
    if order is None:
        raise NotFound("error.orders.order_not_found")
    if order.state not in ("paid", "refund_requested"):
        return None
    for _attempt in range(5):
        seen = session.execute(
            sa.select(col(Order.refunded_minor)).where(col(Order.id) == order_id)
        ).scalar_one()
        total = seen + add_minor if add_minor is not None else refunded_total_minor or 0
        if not seen < total < order.amount_minor:
            return None
        moved = session.exec(
            sa.update(Order)
            .where(col(Order.id) == order_id, col(Order.refunded_minor) == seen)
            .values(refunded_minor=total)
        ).rowcount
        if moved == 1:
            break
    else:
        return None
    set_committed_value(order, "refunded_minor", total)
    _announce_refund(
        session,
        order,
        full=False,
        amount_minor=total - seen,
        state_before=order.state,
        actor_user_id=_actor_of(source),
        source=source,
    )
    return total


def learner_may_withdraw(session: Session, order: Order) -> str | None:
    """Why the buyer may not withdraw from `order` now (a message key), or None."""
    if order.state != "paid":
        return "error.orders.not_refundable"
    enrolment = session.exec(select(Enrolment).where(Enrolment.order_id == order.id)).first()
    return order_machine.withdrawal_refusal(
        paid_at=aware(order.paid_at) or utcnow(),
        now=utcnow(),
        assessment_started=enrolment is not None and enrolment.assessment_started_at is not None,
        result_recorded=enrolment is not None and enrolment.passed_at is not None,
    )


def refund_amount_from_text(text: str) -> int | None:
    """An amount typed by staff ("50", "49,90") in minor units; empty means all of it."""
    text = text.strip().replace(" ", "").replace("\u00a0", "").replace(",", ".")[:20]
    if not text:
        return None
    try:
        value = Decimal(text)
        whole_cents = value.is_finite() and value > 0 and value == value.quantize(Decimal("0.01"))
    except (InvalidOperation, ArithmeticError):
        whole_cents = False
    if not whole_cents:
        raise InvalidInput("error.orders.refund_amount_invalid")
    return int(value * 100)


def request_refund(
    session: Session,
    *,
    order_uuid: str,
    principal: authz.Principal,
    amount_minor: int | None = None,
) -> str:
    """Give money back: the whole order (a learner's withdrawal is always whole) or,
    for staff and operators, part of it (`amount_minor`), which keeps the enrolment."""
    order = order_by_uuid(session, order_uuid)
    if session.get_bind().dialect.name == "postgresql":
        # Two refunds of one order at once (two staff tabs) must see each other's amount.
        session.refresh(order, with_for_update=True)
    if order.state not in ("paid",):
        raise RefundNotAllowed("error.orders.not_refundable")
    source = authz.refund_as(principal, order.university_id, order.user_id)
    if source not in ("admin", "staff"):
        if source is None:
            raise RefundNotAllowed("error.orders.not_your_order")
        refusal = learner_may_withdraw(session, order)
        if refusal is not None:
            raise RefundNotAllowed(refusal, days=WITHDRAWAL_DAYS)
        amount_minor = None
    left = order.amount_minor - order.refunded_minor
    if amount_minor is not None and not 0 < amount_minor <= left:
        raise InvalidInput("error.orders.refund_amount_invalid")
    actor = f"{source}:{principal.user_id or 0}"
    assert order.id is not None  # read from the database
    if amount_minor is not None and amount_minor < left:
        total = record_partial_refund(
            session, order_id=order.id, add_minor=amount_minor, source=actor
        )
        if total is None:  # another refund got there first and left less than this
            raise InvalidInput("error.orders.refund_amount_invalid")
        _queue(
            session,
            "refund",
            order,
            reason=source,
            amount_minor=amount_minor,
            key=f"refund-{order.uuid}-{total}",
        )
        return order.state
    state = apply_event(session, order.id, "refund_requested", actor)
    if order.amount_minor == 0 or order.provider == "none":
        return apply_event(session, order.id, "refunded", "free")
    _queue(session, "refund", order, reason=source)
    return state


def expire_holds(
    session: Session, now: datetime | None = None, offering_id: int | None = None
) -> int:
    """Pending orders whose checkout window passed give their seats back."""
    now = now or utcnow()
    stmt = select(Order.id)
    if offering_id is not None:
        stmt = stmt.where(Order.offering_id == offering_id)
    stale = session.exec(
        stmt.where(
            Order.state == "pending",
            col(Order.hold_expires_at).is_not(None),
            col(Order.hold_expires_at) < now,
        )
    ).all()
    for order_id in stale:
        assert order_id is not None  # a primary key is never NULL
        apply_event(session, order_id, "expired", "hold_expired")
    return len(stale)


def user_email(session: Session, user_id: int) -> str | None:
    user = session.get(User, user_id)
    return user.email if user else None


def settle_on_return(session: Session, order_uuid: str, user_id: int | None) -> OwnOrder:
    """The buyer's order after they come back from the provider, asking it first.

    Whichever comes first, the webhook or the learner: a pending order with a real
    provider is settled from the provider's own record, so the page never shows
    "awaiting payment" for money that has already moved.
    """
    order = own_order(session, order_uuid, user_id)
    if (
        order.state == "pending"
        and order.provider_ref
        and order.provider not in ("simulated", "none")
    ):
        row = order_by_uuid(session, order.uuid)
        assert row.id is not None  # read from the database
        for event in provider_named(order.provider).events_for(order.provider_ref):
            apply_event(session, row.id, event, "return")
        order = own_order(session, order_uuid, user_id)
    return order
