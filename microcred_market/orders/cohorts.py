"""Cohorts of an offering: seats per cohort, the waiting list, and mail to a cohort.

Seats of a cohort are taken like the offering's: one conditional UPDATE
(`... WHERE seats_taken + 1 <= seat_capacity`), atomic on SQLite and PostgreSQL, so no
cohort is ever oversold. A seat that frees (a refund, an expired checkout, a lapsed
offer, more seats) queues `cohort.move_up` in the same transaction; its handler gives
free seats to the first in line, each entry moved up by a conditional UPDATE of its own
status (`waiting` -> `offered`), so two workers at once move each learner up exactly
once. The seat is then held for that learner for `OFFER_HOURS`; their checkout takes it.
While anyone waits, nobody else may take a freed seat before them.

A message to a cohort is one outbox message that fans out in chunks of `FANOUT_CHUNK`
mails, each chunk queueing the next one: no single transaction grows with the cohort.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from microcred_market.accounts import authz
from microcred_market.accounts.models import User
from microcred_market.catalogue.models import Offering, University
from microcred_market.orders.models import Cohort, Enrolment, Order, WaitlistEntry
from microcred_market.platform import audit, urls
from microcred_market.platform.clock import aware, utcnow
from microcred_market.platform.db import session_scope
from microcred_market.platform.errors import DomainError, InvalidInput, NotFound
from microcred_market.platform.i18n import default_language, fmt_date
from microcred_market.platform.mail import queue_mail
from microcred_market.platform.models import OutboxMessage

MOVE_UP_KIND = "cohort.move_up"
MESSAGE_KIND = "cohort.message"
OFFER_HOURS = 48
FANOUT_CHUNK = 100
MAX_SEATS = 100_000
MAX_SUBJECT = 150
MAX_BODY = 5_000
STATUSES = ("open", "closed")


class CohortFull(DomainError):
    code = "cohort_full"


# ---------------------------------------------------------------- seats


def take_seat(session: Session, cohort_id: int) -> bool:
    """One seat of the cohort, if one is free (atomic; never oversells)."""
    return (
        session.exec(
            sa.update(Cohort)
            .where(
                col(Cohort.id) == cohort_id,
                sa.or_(
                    col(Cohort.seat_capacity).is_(None),
                    col(Cohort.seats_taken) + 1 <= col(Cohort.seat_capacity),
                ),
            )
            .values(seats_taken=Cohort.seats_taken + 1)
        ).rowcount
        == 1
    )


def release_seat(session: Session, cohort_id: int) -> None:
    """Give one seat back and let the waiting list move up (after this commit)."""
    session.execute(
        sa.update(Cohort)
        .where(col(Cohort.id) == cohort_id, col(Cohort.seats_taken) > 0)
        .values(seats_taken=Cohort.seats_taken - 1)
    )
    queue_move_up(session, cohort_id)


def queue_move_up(session: Session, cohort_id: int) -> None:
    waiting = session.exec(
        select(WaitlistEntry.id).where(
            WaitlistEntry.cohort_id == cohort_id, WaitlistEntry.status == "waiting"
        )
    ).first()
    if waiting is not None:
        session.add(OutboxMessage(kind=MOVE_UP_KIND, payload={"cohort_id": cohort_id}))


def has_cohorts(session: Session, offering_id: int) -> bool:
    return (
        session.exec(select(Cohort.id).where(Cohort.offering_id == offering_id)).first() is not None
    )


def _someone_waits(session: Session, cohort_id: int) -> bool:
    return (
        session.exec(
            select(WaitlistEntry.id).where(
                WaitlistEntry.cohort_id == cohort_id, WaitlistEntry.status == "waiting"
            )
        ).first()
        is not None
    )


def seat_for_order(session: Session, offering_id: int, cohort_uuid: str, user_id: int) -> int:
    """Hold a seat of the chosen cohort for a new order; returns the cohort's id.

    A learner moved up from the waiting list takes the seat held for them; anyone else
    takes a free seat, unless people are waiting for it.
    """
    cohort = _cohort_of_offering(session, offering_id, cohort_uuid)
    assert cohort.id is not None  # read from the database
    if cohort.status != "open":
        raise CohortFull("error.cohorts.closed", cohort=cohort.label)
    expire_offers(session, cohort.id)
    offered = session.exec(
        select(WaitlistEntry).where(
            WaitlistEntry.cohort_id == cohort.id,
            WaitlistEntry.user_id == user_id,
            WaitlistEntry.status == "offered",
        )
    ).first()
    if offered is not None:
        moved = session.exec(
            sa.update(WaitlistEntry)
            .where(col(WaitlistEntry.id) == offered.id, col(WaitlistEntry.status) == "offered")
            .values(status="claimed")
        ).rowcount
        if moved == 1:
            return cohort.id
    if _someone_waits(session, cohort.id) or not take_seat(session, cohort.id):
        raise CohortFull("error.cohorts.full", cohort=cohort.label)
    return cohort.id


def order_claimed(session: Session, order: Order) -> None:
    """The order that took a held seat is known now: remember it on the entry."""
    if order.cohort_id is None or order.id is None:
        return
    session.execute(
        sa.update(WaitlistEntry)
        .where(
            col(WaitlistEntry.cohort_id) == order.cohort_id,
            col(WaitlistEntry.user_id) == order.user_id,
            col(WaitlistEntry.status) == "claimed",
            col(WaitlistEntry.claimed_order_id).is_(None),
        )
        .values(claimed_order_id=order.id)
    )


def order_gave_up(session: Session, order: Order) -> None:
    """An order that held a cohort seat failed, expired, was cancelled or refunded.

    A seat the learner was offered from the waiting list goes back to their offer while
    it lasts (an abandoned checkout does not lose them their place); otherwise it frees.
    """
    if order.cohort_id is None:
        return
    if order.state in ("failed", "expired", "cancelled"):
        back = session.exec(
            sa.update(WaitlistEntry)
            .where(
                col(WaitlistEntry.claimed_order_id) == order.id,
                col(WaitlistEntry.status) == "claimed",
                col(WaitlistEntry.offer_expires_at) > utcnow(),
            )
            .values(status="offered", claimed_order_id=None)
        ).rowcount
        if back == 1:
            return
    release_seat(session, order.cohort_id)


def expire_offers(
    session: Session, cohort_id: int | None = None, now: datetime | None = None
) -> int:
    """Offers nobody took in time: their seats free (and go to the next in line)."""
    now = now or utcnow()
    stmt = select(WaitlistEntry.id, WaitlistEntry.cohort_id).where(
        WaitlistEntry.status == "offered",
        col(WaitlistEntry.offer_expires_at) < now,
    )
    if cohort_id is not None:
        stmt = stmt.where(WaitlistEntry.cohort_id == cohort_id)
    lapsed = 0
    for entry_id, entry_cohort in session.exec(stmt).all():
        moved = session.exec(
            sa.update(WaitlistEntry)
            .where(col(WaitlistEntry.id) == entry_id, col(WaitlistEntry.status) == "offered")
            .values(status="expired")
        ).rowcount
        if moved == 1:
            release_seat(session, entry_cohort)
            lapsed += 1
    return lapsed


# ---------------------------------------------------------------- the waiting list


@dataclass(frozen=True)
class MovedUp:
    entry_id: int
    user_id: int


def move_up(session: Session, cohort_id: int) -> list[MovedUp]:
    """Give the cohort's free seats to the first in line, each one exactly once."""
    cohort = session.get(Cohort, cohort_id)
    if cohort is None or cohort.status != "open":
        return []
    moved: list[MovedUp] = []
    skipped: list[int] = []
    for _ in range(MAX_SEATS):
        first = session.exec(
            select(WaitlistEntry.id, WaitlistEntry.user_id)
            .where(
                WaitlistEntry.cohort_id == cohort_id,
                WaitlistEntry.status == "waiting",
                col(WaitlistEntry.id).not_in(skipped or [-1]),
            )
            .order_by(col(WaitlistEntry.joined_at), col(WaitlistEntry.id))
            .limit(1)
        ).first()
        if first is None:
            break
        entry_id, user_id = first
        assert entry_id is not None  # a primary key is never NULL
        if not take_seat(session, cohort_id):
            break
        now = utcnow()
        won = session.exec(
            sa.update(WaitlistEntry)
            .where(col(WaitlistEntry.id) == entry_id, col(WaitlistEntry.status) == "waiting")
            .values(
                status="offered",
                offered_at=now,
                offer_expires_at=now + timedelta(hours=OFFER_HOURS),
            )
        ).rowcount
        if won != 1:  # another worker moved this one up (or they left): give the seat back
            session.execute(
                sa.update(Cohort)
                .where(col(Cohort.id) == cohort_id, col(Cohort.seats_taken) > 0)
                .values(seats_taken=Cohort.seats_taken - 1)
            )
            skipped.append(entry_id)
            continue
        _mail_offer(session, cohort, user_id, now + timedelta(hours=OFFER_HOURS))
        moved.append(MovedUp(entry_id=entry_id, user_id=user_id))
    return moved


def handle_move_up(payload: dict[str, Any]) -> None:
    with session_scope() as session:
        cohort_id = int(payload["cohort_id"])
        expire_offers(session, cohort_id)
        move_up(session, cohort_id)


def _mail_offer(session: Session, cohort: Cohort, user_id: int, until: datetime) -> None:
    user = session.get(User, user_id)
    offering = session.get(Offering, cohort.offering_id)
    if user is None or not user.email or offering is None:
        return
    lang = user.preferred_language or default_language()
    queue_mail(
        session,
        to=user.email,
        template="cohort_offer",
        lang=lang,
        name=user.display_name,
        title=offering.title,
        cohort=cohort.label,
        until=fmt_date(until.date(), lang),
        link=urls.offering_page(offering.slug),
    )


@dataclass(frozen=True)
class Place:
    """Where a learner stands on a cohort's waiting list."""

    status: str  # waiting, offered
    position: int  # 1 = next in line (0 once offered)
    offer_expires_at: datetime | None


def join_waitlist(session: Session, user_id: int, cohort_uuid: str) -> Place:
    cohort = _open_cohort(session, cohort_uuid)
    assert cohort.id is not None  # read from the database
    enrolled = session.exec(
        select(Enrolment.id).where(
            Enrolment.user_id == user_id,
            Enrolment.offering_id == cohort.offering_id,
            Enrolment.status == "active",
        )
    ).first()
    if enrolled is not None:
        raise InvalidInput("error.cohorts.already_enrolled")
    full = cohort.seat_capacity is not None and cohort.seats_taken >= cohort.seat_capacity
    if not full and not _someone_waits(session, cohort.id):
        raise InvalidInput("error.cohorts.seats_free", cohort=cohort.label)
    entry = session.exec(
        select(WaitlistEntry).where(
            WaitlistEntry.cohort_id == cohort.id, WaitlistEntry.user_id == user_id
        )
    ).first()
    if entry is None:
        try:
            with session.begin_nested():
                session.add(WaitlistEntry(cohort_id=cohort.id, user_id=user_id))
        except IntegrityError:
            pass  # the same person's second tab got there first
    elif entry.status not in ("waiting", "offered"):
        entry.status, entry.joined_at = "waiting", utcnow()
        entry.offered_at = entry.offer_expires_at = entry.claimed_order_id = None
        session.add(entry)
    session.flush()
    place = place_of(session, user_id, cohort.id)
    assert place is not None  # just written
    return place


def leave_waitlist(session: Session, user_id: int, cohort_uuid: str) -> None:
    cohort = _cohort_by_uuid(session, cohort_uuid)
    entry = session.exec(
        select(WaitlistEntry).where(
            WaitlistEntry.cohort_id == cohort.id, WaitlistEntry.user_id == user_id
        )
    ).first()
    if entry is None or entry.status not in ("waiting", "offered"):
        return
    was = entry.status
    moved = session.exec(
        sa.update(WaitlistEntry)
        .where(col(WaitlistEntry.id) == entry.id, col(WaitlistEntry.status) == was)
        .values(status="left")
    ).rowcount
    if moved == 1 and was == "offered":
        assert cohort.id is not None  # read from the database
        release_seat(session, cohort.id)


def place_of(session: Session, user_id: int, cohort_id: int) -> Place | None:
    entry = session.exec(
        select(WaitlistEntry).where(
            WaitlistEntry.cohort_id == cohort_id, WaitlistEntry.user_id == user_id
        )
    ).first()
    if entry is None or entry.status not in ("waiting", "offered"):
        return None
    if entry.status == "offered":
        return Place("offered", 0, aware(entry.offer_expires_at))
    ahead = session.exec(
        select(sa.func.count())
        .select_from(WaitlistEntry)
        .where(
            WaitlistEntry.cohort_id == cohort_id,
            WaitlistEntry.status == "waiting",
            sa.or_(
                col(WaitlistEntry.joined_at) < entry.joined_at,
                sa.and_(
                    col(WaitlistEntry.joined_at) == entry.joined_at,
                    col(WaitlistEntry.id) < entry.id,
                ),
            ),
        )
    ).one()
    return Place("waiting", int(ahead) + 1, None)


# ---------------------------------------------------------------- what learners see


@dataclass(frozen=True)
class CohortChoice:
    """A cohort on the offering page, with the viewer's place on its waiting list."""

    uuid: str
    label: str
    start_date: date | None
    end_date: date | None
    seats_left: int | None  # None: no limit
    open: bool
    waiting: int
    place: Place | None


def choices_for(session: Session, offering_slug: str, user_id: int | None) -> list[CohortChoice]:
    """The cohorts of a published offering, in date order ([] when it has none)."""
    offering = session.exec(
        select(Offering).where(Offering.slug == offering_slug[:120], Offering.status == "published")
    ).first()
    if offering is None:
        return []
    cohorts = session.exec(
        select(Cohort)
        .where(Cohort.offering_id == offering.id)
        .order_by(col(Cohort.start_date), col(Cohort.id))
    ).all()
    waiting = _counts(session, [c.id for c in cohorts if c.id is not None], "waiting")
    out = []
    for c in cohorts:
        assert c.id is not None  # read from the database
        left = None if c.seat_capacity is None else max(0, c.seat_capacity - c.seats_taken)
        out.append(
            CohortChoice(
                uuid=str(c.uuid),
                label=c.label,
                start_date=c.start_date,
                end_date=c.end_date,
                seats_left=left,
                open=c.status == "open",
                waiting=waiting.get(c.id, 0),
                place=place_of(session, user_id, c.id) if user_id is not None else None,
            )
        )
    return out


def _counts(session: Session, cohort_ids: list[int], status: str) -> dict[int, int]:
    if not cohort_ids:
        return {}
    rows = session.exec(
        select(WaitlistEntry.cohort_id, sa.func.count())
        .where(col(WaitlistEntry.cohort_id).in_(cohort_ids), WaitlistEntry.status == status)
        .group_by(col(WaitlistEntry.cohort_id))
    ).all()
    return {cid: int(n) for cid, n in rows}


# ---------------------------------------------------------------- staff


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    since: datetime
    status: str  # enrolled: active; waiting list: waiting, offered


@dataclass(frozen=True)
class CohortView:
    uuid: str
    label: str
    start_date: date | None
    end_date: date | None
    seat_capacity: int | None
    seats_taken: int
    status: str
    learners: list[Person]
    waitlist: list[Person]


@dataclass(frozen=True)
class CohortsPage:
    university_slug: str
    university: str
    offering_slug: str
    offering: str
    cohorts: list[CohortView]


@dataclass(frozen=True)
class CohortRow:
    """One cohort in the university's list of all its cohorts."""

    uuid: str
    offering_slug: str
    offering: str
    label: str
    start_date: date | None
    end_date: date | None
    seat_capacity: int | None  # None: no limit
    seats_taken: int
    waiting: int  # on the waiting list (waiting or offered a seat)
    status: str


@dataclass(frozen=True)
class UniversityCohorts:
    university_slug: str
    university: str
    cohorts: list[CohortRow]


def university_cohorts(
    session: Session, principal: authz.Principal, university_slug: str
) -> UniversityCohorts:
    """Every cohort of the university's offerings, by start date; the same check as an
    offering's cohorts page (`university.cohorts.manage` at this university)."""
    university = session.exec(
        select(University).where(University.slug == university_slug[:120])
    ).first()
    if university is None:
        raise NotFound("error.cohorts.offering_not_found")
    authz.require(principal, "university.cohorts.manage", university.id)
    found = session.exec(
        select(Cohort, Offering)
        .join(Offering, col(Offering.id) == Cohort.offering_id)
        .where(Offering.university_id == university.id)
        .order_by(col(Cohort.start_date), col(Offering.title), col(Cohort.id))
    ).all()
    ids = [c.id for c, _o in found if c.id is not None]
    waiting = _counts(session, ids, "waiting")
    offered = _counts(session, ids, "offered")
    return UniversityCohorts(
        university_slug=university.slug,
        university=university.name,
        cohorts=[
            CohortRow(
                uuid=str(c.uuid),
                offering_slug=o.slug,
                offering=o.title,
                label=c.label,
                start_date=c.start_date,
                end_date=c.end_date,
                seat_capacity=c.seat_capacity,
                seats_taken=c.seats_taken,
                waiting=waiting.get(c.id or 0, 0) + offered.get(c.id or 0, 0),
                status=c.status,
            )
            for c, o in found
        ],
    )


def _staff_offering(
    session: Session, principal: authz.Principal, university_slug: str, offering_slug: str
) -> tuple[University, Offering]:
    university = session.exec(
        select(University).where(University.slug == university_slug[:120])
    ).first()
    if university is None:
        raise NotFound("error.cohorts.offering_not_found")
    authz.require(principal, "university.cohorts.manage", university.id)
    offering = session.exec(
        select(Offering).where(
            Offering.slug == offering_slug[:120], Offering.university_id == university.id
        )
    ).first()
    if offering is None:
        raise NotFound("error.cohorts.offering_not_found")
    return university, offering


def cohorts_page(
    session: Session, principal: authz.Principal, university_slug: str, offering_slug: str
) -> CohortsPage:
    university, offering = _staff_offering(session, principal, university_slug, offering_slug)
    cohorts = session.exec(
        select(Cohort)
        .where(Cohort.offering_id == offering.id)
        .order_by(col(Cohort.start_date), col(Cohort.id))
    ).all()
    ids = [c.id for c in cohorts if c.id is not None]
    learners: dict[int, list[Person]] = {i: [] for i in ids}
    waitlist: dict[int, list[Person]] = {i: [] for i in ids}
    if ids:
        for e, u in session.exec(
            select(Enrolment, User)
            .join(User, col(User.id) == Enrolment.user_id)
            .where(col(Enrolment.cohort_id).in_(ids), Enrolment.status == "active")
            .order_by(col(User.display_name))
        ).all():
            learners[e.cohort_id or 0].append(
                Person(u.display_name, u.email or "", aware(e.created_at) or e.created_at, "active")
            )
        for w, u in session.exec(
            select(WaitlistEntry, User)
            .join(User, col(User.id) == WaitlistEntry.user_id)
            .where(
                col(WaitlistEntry.cohort_id).in_(ids),
                col(WaitlistEntry.status).in_(("waiting", "offered")),
            )
            .order_by(col(WaitlistEntry.joined_at), col(WaitlistEntry.id))
        ).all():
            waitlist[w.cohort_id].append(
                Person(u.display_name, u.email or "", aware(w.joined_at) or w.joined_at, w.status)
            )
    return CohortsPage(
        university_slug=university.slug,
        university=university.name,
        offering_slug=offering.slug,
        offering=offering.title,
        cohorts=[
            CohortView(
                uuid=str(c.uuid),
                label=c.label,
                start_date=c.start_date,
                end_date=c.end_date,
                seat_capacity=c.seat_capacity,
                seats_taken=c.seats_taken,
                status=c.status,
                learners=learners.get(c.id or 0, []),
                waitlist=waitlist.get(c.id or 0, []),
            )
            for c in cohorts
        ],
    )


def _date(text: str, field: str) -> date | None:
    text = text.strip()[:10]
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput("error.cohorts.bad_date", field=field) from None


def _facts(c: Cohort) -> dict[str, Any]:
    return {
        "label": c.label,
        "start_date": c.start_date.isoformat() if c.start_date else None,
        "end_date": c.end_date.isoformat() if c.end_date else None,
        "seat_capacity": c.seat_capacity,
        "status": c.status,
    }


def save_cohort(
    session: Session,
    principal: authz.Principal,
    university_slug: str,
    offering_slug: str,
    *,
    cohort_uuid: str = "",
    label: str,
    start: str = "",
    end: str = "",
    seats: str = "",
    status: str = "open",
) -> str:
    """Create a cohort (no `cohort_uuid`) or change one; returns its uuid."""
    _university, offering = _staff_offering(session, principal, university_slug, offering_slug)
    label = " ".join(label.split())[:121]
    if not label:
        raise InvalidInput("error.cohorts.label_needed")
    if len(label) > 120:
        raise InvalidInput("error.cohorts.label_too_long", max=120)
    start_date, end_date = _date(start, "start"), _date(end, "end")
    if start_date and end_date and end_date < start_date:
        raise InvalidInput("error.cohorts.end_before_start")
    seats = seats.strip()[:12]
    capacity: int | None = None
    if seats:
        if not seats.isdigit() or not 1 <= int(seats) <= MAX_SEATS:
            raise InvalidInput("error.cohorts.bad_seats", max=MAX_SEATS)
        capacity = int(seats)
    if status not in STATUSES:
        raise InvalidInput("error.cohorts.bad_status")
    if cohort_uuid:
        cohort = _cohort_of_offering(session, offering.id or 0, cohort_uuid)
        if session.get_bind().dialect.name == "postgresql":
            session.refresh(cohort, with_for_update=True)
        if capacity is not None and capacity < cohort.seats_taken:
            raise InvalidInput("error.cohorts.seats_below_taken", taken=cohort.seats_taken)
        before = _facts(cohort)
    else:
        cohort = Cohort(offering_id=offering.id or 0, label=label)
        before = None
    cohort.label, cohort.start_date, cohort.end_date = label, start_date, end_date
    cohort.seat_capacity, cohort.status, cohort.updated_at = capacity, status, utcnow()
    session.add(cohort)
    session.flush()
    assert cohort.id is not None  # flushed
    audit.record(
        session,
        "cohort.update" if before else "cohort.create",
        audit.user(principal.user_id),
        f"cohort:{cohort.uuid}",
        before=before,
        after=_facts(cohort),
        offering=offering.slug,
    )
    if status == "open":
        queue_move_up(session, cohort.id)  # more seats, or open again: the line moves
    return str(cohort.uuid)


def message_cohort(
    session: Session,
    principal: authz.Principal,
    university_slug: str,
    offering_slug: str,
    cohort_uuid: str,
    *,
    subject: str,
    body: str,
) -> int:
    """Mail every learner of the cohort (through the outbox); returns how many."""
    university, offering = _staff_offering(session, principal, university_slug, offering_slug)
    cohort = _cohort_of_offering(session, offering.id or 0, cohort_uuid)
    subject = " ".join(subject.split())
    body = body.replace("\r\n", "\n").strip()
    if not subject or not body:
        raise InvalidInput("error.cohorts.message_needed")
    if len(subject) > MAX_SUBJECT or len(body) > MAX_BODY:
        raise InvalidInput("error.cohorts.message_too_long", subject=MAX_SUBJECT, body=MAX_BODY)
    if "token=" in subject + body:
        # Mail never carries a one-time link written into the outbox.
        raise InvalidInput("error.cohorts.message_link")
    count = session.exec(
        select(sa.func.count())
        .select_from(Enrolment)
        .where(Enrolment.cohort_id == cohort.id, Enrolment.status == "active")
    ).one()
    sender = session.get(User, principal.user_id) if principal.user_id else None
    audit.record(
        session,
        "cohort.message",
        audit.user(principal.user_id),
        f"cohort:{cohort.uuid}",
        message_subject=subject,
        recipients=int(count),
    )
    session.add(
        OutboxMessage(
            kind=MESSAGE_KIND,
            payload={
                "cohort_id": cohort.id,
                "after_enrolment_id": 0,
                "subject": subject,
                "body": body,
                "sender": sender.display_name if sender else university.name,
            },
        )
    )
    return int(count)


def handle_message(payload: dict[str, Any]) -> None:
    """Mail the next `FANOUT_CHUNK` learners of the cohort, then queue the rest."""
    with session_scope() as session:
        fan_out(session, payload)


def fan_out(session: Session, payload: dict[str, Any]) -> int:
    cohort = session.get(Cohort, int(payload["cohort_id"]))
    if cohort is None:
        return 0
    offering = session.get(Offering, cohort.offering_id)
    university = session.get(University, offering.university_id) if offering else None
    after = int(payload.get("after_enrolment_id", 0))
    rows = session.exec(
        select(Enrolment.id, User)
        .join(User, col(User.id) == Enrolment.user_id)
        .where(
            Enrolment.cohort_id == cohort.id,
            Enrolment.status == "active",
            col(Enrolment.id) > after,
        )
        .order_by(col(Enrolment.id))
        .limit(FANOUT_CHUNK + 1)
    ).all()
    for _enrolment_id, user in rows[:FANOUT_CHUNK]:
        if not user.email or user.deleted_at is not None:
            continue
        queue_mail(
            session,
            to=user.email,
            template="cohort_message",
            lang=user.preferred_language or default_language(),
            name=user.display_name,
            subject=str(payload["subject"]),
            body=str(payload["body"]),
            sender=str(payload["sender"]),
            title=offering.title if offering else "",
            cohort=cohort.label,
            university=university.name if university else "",
        )
    if len(rows) > FANOUT_CHUNK:
        last = rows[FANOUT_CHUNK - 1][0]
        session.add(
            OutboxMessage(kind=MESSAGE_KIND, payload={**payload, "after_enrolment_id": last})
        )
    return min(len(rows), FANOUT_CHUNK)


HANDLERS = {MOVE_UP_KIND: handle_move_up, MESSAGE_KIND: handle_message}


# ---------------------------------------------------------------- lookups


def _cohort_by_uuid(session: Session, cohort_uuid: str) -> Cohort:
    try:
        wanted = UUID(str(cohort_uuid).strip()[:40])
    except ValueError:
        raise NotFound("error.cohorts.not_found") from None
    cohort = session.exec(select(Cohort).where(col(Cohort.uuid) == wanted)).first()
    if cohort is None:
        raise NotFound("error.cohorts.not_found")
    return cohort


def _cohort_of_offering(session: Session, offering_id: int, cohort_uuid: str) -> Cohort:
    cohort = _cohort_by_uuid(session, cohort_uuid)
    if cohort.offering_id != offering_id:
        raise NotFound("error.cohorts.not_found")
    return cohort


def _open_cohort(session: Session, cohort_uuid: str) -> Cohort:
    cohort = _cohort_by_uuid(session, cohort_uuid)
    offering = session.get(Offering, cohort.offering_id)
    if offering is None or offering.status != "published":
        raise NotFound("error.cohorts.not_found")
    if cohort.status != "open":
        raise CohortFull("error.cohorts.closed", cohort=cohort.label)
    return cohort
