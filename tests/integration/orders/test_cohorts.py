"""Cohorts through the service layer, on SQLite and PostgreSQL: seats per cohort are never
oversold, a full cohort has a waiting list that moves up exactly once per freed seat
(also with several workers at once), offers lapse to the next in line, staff of another
university can neither read nor change a cohort, and a message to a cohort mails each
learner once in bounded chunks."""

from __future__ import annotations

import threading
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa

from microcred_market.accounts import authz
from microcred_market.accounts.models import User
from microcred_market.catalogue.models import Offering, University
from microcred_market.orders import cohorts
from microcred_market.orders import service as orders
from microcred_market.orders.models import Cohort, Enrolment, Order, WaitlistEntry
from microcred_market.platform.clock import utcnow
from microcred_market.platform.db import session_scope
from microcred_market.platform.errors import InvalidInput, NotFound
from microcred_market.platform.models import AuditEvent, OutboxMessage

pytestmark = [pytest.mark.payments, pytest.mark.portal]


def _world(url: str, *, seats: int | None = 1, buyers: int = 4) -> dict[str, Any]:
    with session_scope(url) as session:
        unis = []
        for slug in ("uni", "other"):
            uni = University(
                slug=slug,
                name=slug.title(),
                country_code="PL",
                city="Kraków",
                website=f"https://{slug}.example",
                approved=True,
            )
            session.add(uni)
            session.flush()
            unis.append(uni.id)
        offering = Offering(
            slug="course",
            university_id=unis[0],
            title="Course",
            ects=Decimal(2),
            eqf_level=6,
            price_minor=49_900,
            currency="PLN",
            status="published",
        )
        session.add(offering)
        users = [
            User(
                email=f"b{i}@example.org",
                email_verified_at=utcnow(),
                display_name=f"B {i}",
                preferred_language="en",
            )
            for i in range(buyers)
        ]
        session.add_all(users)
        session.flush()
        owner = authz.Principal(user_id=users[-1].id, roles={unis[0]: "owner"})
        uuid = cohorts.save_cohort(
            session,
            owner,
            "uni",
            "course",
            label="Spring",
            seats="" if seats is None else str(seats),
        )
        return {
            "uni": unis[0],
            "other": unis[1],
            "offering_id": offering.id,
            "users": [u.id for u in users],
            "cohort": uuid,
            "owner": owner,
        }


def _buy(url: str, user_id: int, cohort: str | None) -> orders.NewOrder:
    with session_scope(url) as session:
        return orders.create_order(
            session,
            user_id=user_id,
            offering_slug="course",
            provider="simulated",
            cohort_uuid=cohort,
        )


def _event(url: str, order_uuid: str, name: str) -> str:
    with session_scope(url) as session:
        order = orders.order_by_uuid(session, order_uuid)
        assert order.id is not None
        return orders.apply_event(session, order.id, name, "test")


def _cohort(url: str) -> Cohort:
    with session_scope(url) as session:
        cohort = session.execute(sa.select(Cohort)).scalar_one()
        session.expunge(cohort)
        return cohort


def _statuses(url: str) -> dict[int, str]:
    with session_scope(url) as session:
        rows = session.execute(sa.select(WaitlistEntry.user_id, WaitlistEntry.status)).all()
        return {uid: status for uid, status in rows}


def _outbox(url: str, kind: str) -> list[dict[str, Any]]:
    with session_scope(url) as session:
        return [
            m.payload
            for m in session.execute(
                sa.select(OutboxMessage)
                .where(OutboxMessage.kind == kind)
                .order_by(OutboxMessage.id)
            ).scalars()
        ]


def _move_up(url: str) -> list[cohorts.MovedUp]:
    with session_scope(url) as session:
        cohort_id = session.execute(sa.select(Cohort.id)).scalar_one()
        cohorts.expire_offers(session, cohort_id)
        return cohorts.move_up(session, cohort_id)


def test_an_offering_with_cohorts_needs_one_and_the_enrolment_records_it(fresh_url) -> None:
    w = _world(fresh_url, seats=3)
    with pytest.raises(InvalidInput, match="Choose a cohort"):
        _buy(fresh_url, w["users"][0], None)
    with pytest.raises(NotFound):
        _buy(fresh_url, w["users"][0], "00000000-0000-0000-0000-000000000000")
    new = _buy(fresh_url, w["users"][0], w["cohort"])
    assert _cohort(fresh_url).seats_taken == 1
    _event(fresh_url, new.order_uuid, "paid")
    with session_scope(fresh_url) as session:
        enrolment = session.execute(sa.select(Enrolment)).scalar_one()
        assert enrolment.cohort_id == _cohort(fresh_url).id
    # A declined checkout gives the cohort's seat back.
    declined = _buy(fresh_url, w["users"][1], w["cohort"])
    assert _cohort(fresh_url).seats_taken == 2
    _event(fresh_url, declined.order_uuid, "failed")
    assert _cohort(fresh_url).seats_taken == 1


def test_many_buyers_at_once_never_oversell_a_cohort(fresh_url) -> None:
    w = _world(fresh_url, seats=2, buyers=9)
    results: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(8)

    def attempt(user_id: int) -> None:
        barrier.wait()
        try:
            _buy(fresh_url, user_id, w["cohort"])
            outcome = "held"
        except cohorts.CohortFull:
            outcome = "full"
        except Exception as error:  # SQLite: "database is locked" is a refusal too
            outcome = type(error).__name__
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=attempt, args=(uid,)) for uid in w["users"][:8]]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("held") == 2, results
    with session_scope(fresh_url) as session:
        held = session.execute(
            sa.select(sa.func.count()).select_from(Order).where(Order.seat_held)
        ).scalar_one()
    assert held == 2
    assert _cohort(fresh_url).seats_taken == 2


def test_the_waiting_list_moves_up_when_a_seat_frees_and_keeps_its_order(fresh_url) -> None:
    w = _world(fresh_url, seats=1)
    a, b, c, d = w["users"]
    first = _buy(fresh_url, a, w["cohort"])
    _event(fresh_url, first.order_uuid, "paid")
    with pytest.raises(cohorts.CohortFull):
        _buy(fresh_url, b, w["cohort"])
    with session_scope(fresh_url) as session:
        assert cohorts.join_waitlist(session, b, w["cohort"]).position == 1
        assert cohorts.join_waitlist(session, c, w["cohort"]).position == 2
        # Joining twice keeps the place.
        assert cohorts.join_waitlist(session, b, w["cohort"]).position == 1
        with pytest.raises(InvalidInput):
            cohorts.join_waitlist(session, a, w["cohort"])  # already enrolled
    assert _outbox(fresh_url, cohorts.MOVE_UP_KIND) == []

    # A is refunded by staff: the seat frees, and a move-up is queued in that commit.
    with session_scope(fresh_url) as session:
        orders.request_refund(session, order_uuid=first.order_uuid, principal=w["owner"])
    _event(fresh_url, first.order_uuid, "refunded")
    assert _cohort(fresh_url).seats_taken == 0
    assert len(_outbox(fresh_url, cohorts.MOVE_UP_KIND)) == 1
    # Between the refund and the worker, nobody jumps the line.
    with pytest.raises(cohorts.CohortFull):
        _buy(fresh_url, d, w["cohort"])

    moved = _move_up(fresh_url)
    assert [m.user_id for m in moved] == [b]
    assert _move_up(fresh_url) == []  # the same message handled again moves nobody
    assert _statuses(fresh_url) == {b: "offered", c: "waiting"}
    assert _cohort(fresh_url).seats_taken == 1  # held for B
    offers = [m for m in _outbox(fresh_url, "mail") if m["template"] == "cohort_offer"]
    assert [m["to"] for m in offers] == ["b1@example.org"]
    with session_scope(fresh_url) as session:
        cohort_id = _cohort(fresh_url).id
        assert cohort_id is not None
        place = cohorts.place_of(session, c, cohort_id)
        assert place is not None and place.position == 1

    # B takes the held seat; D still cannot.
    with pytest.raises(cohorts.CohortFull):
        _buy(fresh_url, d, w["cohort"])
    taken = _buy(fresh_url, b, w["cohort"])
    assert _cohort(fresh_url).seats_taken == 1
    _event(fresh_url, taken.order_uuid, "paid")
    assert _statuses(fresh_url)[b] == "claimed"
    with session_scope(fresh_url) as session:
        enrolled = session.execute(
            sa.select(Enrolment.user_id).where(Enrolment.status == "active")
        ).scalars()
        assert list(enrolled) == [b]


def test_an_offer_nobody_takes_lapses_to_the_next_in_line(fresh_url) -> None:
    w = _world(fresh_url, seats=1)
    a, b, c, _d = w["users"]
    first = _buy(fresh_url, a, w["cohort"])
    with session_scope(fresh_url) as session:
        cohorts.join_waitlist(session, b, w["cohort"])
        cohorts.join_waitlist(session, c, w["cohort"])
    _event(fresh_url, first.order_uuid, "failed")
    assert [m.user_id for m in _move_up(fresh_url)] == [b]
    # B opens a checkout and abandons it: the seat goes back to B's offer, not to C.
    abandoned = _buy(fresh_url, b, w["cohort"])
    _event(fresh_url, abandoned.order_uuid, "expired")
    assert _statuses(fresh_url) == {b: "offered", c: "waiting"}
    assert _cohort(fresh_url).seats_taken == 1
    # Two days later B has not come back: the offer lapses and C moves up.
    with session_scope(fresh_url) as session:
        lapsed = cohorts.expire_offers(session, now=utcnow() + timedelta(hours=49))
    assert lapsed == 1
    assert [m.user_id for m in _move_up(fresh_url)] == [c]
    assert _statuses(fresh_url) == {b: "expired", c: "offered"}
    assert _cohort(fresh_url).seats_taken == 1
    # C leaves: the seat frees and, with nobody waiting, anyone may buy it.
    with session_scope(fresh_url) as session:
        cohorts.leave_waitlist(session, c, w["cohort"])
    assert _cohort(fresh_url).seats_taken == 0
    _buy(fresh_url, a, w["cohort"])


def test_several_workers_move_each_learner_up_exactly_once(fresh_url) -> None:
    w = _world(fresh_url, seats=1, buyers=8)
    buyer, *waiting = w["users"][:7]
    _buy(fresh_url, buyer, w["cohort"])
    with session_scope(fresh_url) as session:
        for uid in waiting:
            cohorts.join_waitlist(session, uid, w["cohort"])
        # Two more seats: two of the six move up, whatever number of workers run.
        cohorts.save_cohort(
            session, w["owner"], "uni", "course", cohort_uuid=w["cohort"], label="Spring", seats="3"
        )
    moved: list[int] = []
    lock = threading.Lock()
    barrier = threading.Barrier(6)

    def worker() -> None:
        barrier.wait()
        for _attempt in range(20):
            try:
                got = _move_up(fresh_url)
                break
            except sa.exc.OperationalError:  # SQLite: locked, retried like the outbox does
                continue
        with lock:
            moved.extend(m.user_id for m in got)

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(moved) == sorted(waiting[:2]), moved
    statuses = _statuses(fresh_url)
    assert [statuses[uid] for uid in waiting] == ["offered"] * 2 + ["waiting"] * 4
    assert _cohort(fresh_url).seats_taken == 3
    offers = [m["to"] for m in _outbox(fresh_url, "mail") if m["template"] == "cohort_offer"]
    assert sorted(offers) == ["b1@example.org", "b2@example.org"]


def test_staff_of_another_university_or_another_role_cannot_touch_a_cohort(fresh_url) -> None:
    w = _world(fresh_url, seats=5)
    editor_a = authz.Principal(user_id=w["users"][0], roles={w["uni"]: "editor"})
    owner_b = authz.Principal(user_id=w["users"][1], roles={w["other"]: "owner"})
    assessor_a = authz.Principal(user_id=w["users"][2], roles={w["uni"]: "assessor"})
    operator = authz.Principal(user_id=w["users"][2], is_admin=True)
    with session_scope(fresh_url) as session:
        assert cohorts.cohorts_page(session, editor_a, "uni", "course").cohorts[0].label == "Spring"
        for intruder in (owner_b, assessor_a, operator, authz.ANONYMOUS):
            with pytest.raises((authz.Forbidden, authz.NotSignedIn)):
                cohorts.cohorts_page(session, intruder, "uni", "course")
            with pytest.raises((authz.Forbidden, authz.NotSignedIn)):
                cohorts.save_cohort(
                    session, intruder, "uni", "course", cohort_uuid=w["cohort"], label="Mine"
                )
            with pytest.raises((authz.Forbidden, authz.NotSignedIn)):
                cohorts.message_cohort(
                    session, intruder, "uni", "course", w["cohort"], subject="Hi", body="Hi"
                )
        # Owner of B names its own university with A's offering: not found there.
        with pytest.raises(NotFound):
            cohorts.cohorts_page(session, owner_b, "other", "course")
    assert _cohort(fresh_url).label == "Spring"


def test_bad_cohort_input_is_refused_with_a_reason_and_nothing_is_written(fresh_url) -> None:
    w = _world(fresh_url, seats=2)
    _buy(fresh_url, w["users"][0], w["cohort"])
    _buy(fresh_url, w["users"][1], w["cohort"])
    cases = [
        ({"label": "  "}, "name"),
        ({"label": "x" * 121}, "longer"),
        ({"start": "2027-13-01"}, "not a date"),
        ({"start": "2027-05-01", "end": "2027-04-01"}, "ends before"),
        ({"seats": "-1"}, "whole number"),
        ({"seats": "1"}, "already taken"),
        ({"status": "deleted"}, "open or closed"),
    ]
    for change, words in cases:
        fields = {"label": "Spring", **change}
        with pytest.raises(InvalidInput, match=words), session_scope(fresh_url) as session:
            cohorts.save_cohort(
                session, w["owner"], "uni", "course", cohort_uuid=w["cohort"], **fields
            )
    cohort = _cohort(fresh_url)
    assert (cohort.label, cohort.seat_capacity, cohort.status) == ("Spring", 2, "open")
    with session_scope(fresh_url) as session:
        saved = cohorts.save_cohort(
            session,
            w["owner"],
            "uni",
            "course",
            cohort_uuid=w["cohort"],
            label="Spring 2027",
            start="2027-03-01",
            end="2027-06-30",
            seats="4",
        )
        assert saved == w["cohort"]
        audit_row = session.execute(
            sa.select(AuditEvent).where(AuditEvent.action == "cohort.update")
        ).scalar_one()
        assert audit_row.detail["before"]["seat_capacity"] == 2
        assert audit_row.detail["after"]["seat_capacity"] == 4
        assert audit_row.actor_user_id == w["owner"].user_id


def test_a_message_reaches_each_learner_of_the_cohort_once_in_bounded_chunks(fresh_url) -> None:
    w = _world(fresh_url, seats=None, buyers=1)
    n = cohorts.FANOUT_CHUNK * 2 + 37
    with session_scope(fresh_url) as session:
        cohort_id = session.execute(sa.select(Cohort.id)).scalar_one()
        people = [
            User(email=f"l{i}@example.org", display_name=f"L {i}", email_verified_at=utcnow())
            for i in range(n + 1)
        ]
        session.add_all(people)
        session.flush()
        session.add_all(
            Enrolment(
                user_id=p.id or 0,
                offering_id=w["offering_id"],
                cohort_id=cohort_id,
                status="cancelled" if i == n else "active",  # a refunded one hears nothing
            )
            for i, p in enumerate(people)
        )
    with session_scope(fresh_url) as session:
        with pytest.raises(InvalidInput, match="sign-in link"):
            cohorts.message_cohort(
                session, w["owner"], "uni", "course", w["cohort"], subject="Hi", body="?token=x"
            )
        count = cohorts.message_cohort(
            session,
            w["owner"],
            "uni",
            "course",
            w["cohort"],
            subject="Room change",
            body="We meet in room 101.",
        )
    assert count == n
    handled = 0
    while True:
        with session_scope(fresh_url) as session:
            pending = (
                session.execute(
                    sa.select(OutboxMessage)
                    .where(
                        OutboxMessage.kind == cohorts.MESSAGE_KIND,
                        sa.column("processed_at").is_(None),
                    )
                    .order_by(OutboxMessage.id)
                )
                .scalars()
                .first()
            )
            if pending is None:
                break
            before = len(_outbox(fresh_url, "mail"))
            mailed = cohorts.fan_out(session, dict(pending.payload))
            pending.processed_at = utcnow()
            session.flush()
            assert mailed <= cohorts.FANOUT_CHUNK
            handled += 1
        assert len(_outbox(fresh_url, "mail")) - before <= cohorts.FANOUT_CHUNK
    assert handled == 3
    mails = [m for m in _outbox(fresh_url, "mail") if m["template"] == "cohort_message"]
    recipients = [m["to"] for m in mails]
    assert len(recipients) == len(set(recipients)) == n
    assert f"l{n}@example.org" not in recipients
    assert mails[0]["subject"] == "Uni: Room change"
    assert mails[0]["context"]["body"] == "We meet in room 101."


def test_the_cohorts_index_lists_every_cohort_of_the_university_and_no_one_elses(
    fresh_url,
) -> None:
    w = _world(fresh_url, seats=1, buyers=3)
    with session_scope(fresh_url) as session:
        cohort = session.execute(sa.select(Cohort)).scalar_one()
        cohort.seats_taken = 1
        session.add(WaitlistEntry(cohort_id=cohort.id, user_id=w["users"][0], status="waiting"))
        session.add(WaitlistEntry(cohort_id=cohort.id, user_id=w["users"][1], status="offered"))
        cohorts.save_cohort(session, w["owner"], "uni", "course", label="Autumn", seats="")
    with session_scope(fresh_url) as session:
        page = cohorts.university_cohorts(session, w["owner"], "uni")
    by_label = {c.label: c for c in page.cohorts}
    assert set(by_label) == {"Spring", "Autumn"}
    spring = by_label["Spring"]
    assert (spring.offering, spring.offering_slug) == ("Course", "course")
    assert (spring.seats_taken, spring.seat_capacity, spring.waiting) == (1, 1, 2)
    assert (by_label["Autumn"].seat_capacity, by_label["Autumn"].waiting) == (None, 0)

    # Staff of another university (and no one signed in) get nothing; their own list is empty.
    stranger = authz.Principal(user_id=w["users"][0], roles={w["other"]: "owner"})
    with session_scope(fresh_url) as session:
        with pytest.raises(authz.Forbidden):
            cohorts.university_cohorts(session, stranger, "uni")
        with pytest.raises((authz.Forbidden, authz.NotSignedIn)):
            cohorts.university_cohorts(session, authz.Principal(user_id=None), "uni")
        with pytest.raises(NotFound):
            cohorts.university_cohorts(session, w["owner"], "no-such-uni")
        assert cohorts.university_cohorts(session, stranger, "other").cohorts == []
