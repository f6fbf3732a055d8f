"""Orders through the service layer: seats, enrolment once, vouchers, refunds."""

from __future__ import annotations

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microcred_market.accounts import authz
from microcred_market.accounts.models import User
from microcred_market.catalogue.models import Offering, University
from microcred_market.orders import service as orders
from microcred_market.orders.models import Enrolment, Order, OrderEvent, Voucher
from microcred_market.platform.clock import utcnow
from microcred_market.platform.db import session_scope

pytestmark = pytest.mark.payments


def make_world(url: str, capacity: int | None = 5, price: int = 49_900, buyers: int = 3) -> dict:
    with session_scope(url) as session:
        uni = University(
            slug="uni",
            name="Uni",
            country_code="PL",
            city="Kraków",
            website="https://u.example",
            approved=True,
        )
        session.add(uni)
        session.flush()
        offering = Offering(
            slug="course",
            university_id=uni.id,
            title="Course",
            ects=Decimal(2),
            eqf_level=6,
            price_minor=price,
            currency="PLN",
            self_paced=True,
            seat_capacity=capacity,
            status="published",
        )
        session.add(offering)
        users = [
            User(email=f"b{i}@example.org", email_verified_at=utcnow(), display_name=f"B {i}")
            for i in range(buyers)
        ]
        session.add_all(users)
        session.flush()
        return {"offering_id": offering.id, "university_id": uni.id, "users": [u.id for u in users]}


def counts(url: str) -> dict:
    with session_scope(url) as session:

        def n(table, *where):
            return session.execute(
                sa.select(sa.func.count()).select_from(table).where(*where)
            ).scalar_one()

        taken = session.execute(sa.select(Offering.seats_taken)).scalar_one()
        return {
            "active_enrolments": n(Enrolment, Enrolment.status == "active"),
            "paid": n(Order, Order.state == "paid"),
            "seats_taken": taken,
        }


@pytest.fixture
def world(fresh_url: str) -> tuple[str, dict]:
    return fresh_url, make_world(fresh_url)


def buy(url: str, user_id: int, **kwargs) -> orders.NewOrder:
    with session_scope(url) as session:
        return orders.create_order(
            session, user_id=user_id, offering_slug="course", provider="simulated", **kwargs
        )


def event(url: str, order_uuid: str, name: str, source: str = "test") -> str:
    with session_scope(url) as session:
        order = orders.order_by_uuid(session, order_uuid)
        return orders.apply_event(session, order.id, name, source)


def test_pay_enrols_once_and_refund_gives_the_seat_back(world) -> None:
    url, w = world
    new = buy(url, w["users"][0])
    assert new.state == "pending" and new.amount_minor == 49_900
    assert counts(url) == {"active_enrolments": 0, "paid": 0, "seats_taken": 1}
    for _ in range(3):
        event(url, new.order_uuid, "paid", "webhook")
    event(url, new.order_uuid, "paid", "return")
    assert counts(url) == {"active_enrolments": 1, "paid": 1, "seats_taken": 1}
    with pytest.raises(orders.AlreadyEnrolled):
        buy(url, w["users"][0])
    with session_scope(url) as session:
        orders.request_refund(
            session,
            order_uuid=new.order_uuid,
            principal=authz.Principal(user_id=w["users"][0]),
        )
    event(url, new.order_uuid, "refunded")
    assert counts(url) == {"active_enrolments": 0, "paid": 0, "seats_taken": 0}
    with session_scope(url) as session:
        trail = session.execute(
            sa.select(OrderEvent.event, OrderEvent.state_after).order_by(OrderEvent.id)
        ).all()
    assert [tuple(r) for r in trail] == [
        ("paid", "paid"),
        ("refund_requested", "refund_requested"),
        ("refunded", "refunded"),
    ]


def test_a_declined_or_expired_checkout_releases_the_seat(world) -> None:
    url, w = world
    declined = buy(url, w["users"][0])
    event(url, declined.order_uuid, "failed")
    assert counts(url)["seats_taken"] == 0
    stale = buy(url, w["users"][1])
    with session_scope(url) as session:
        assert orders.expire_holds(session, utcnow() + timedelta(hours=1)) == 1
    assert counts(url)["seats_taken"] == 0
    # A late payment still counts: the seat is taken again and the learner enrolled.
    event(url, stale.order_uuid, "paid")
    assert counts(url) == {"active_enrolments": 1, "paid": 1, "seats_taken": 1}


def test_a_late_payment_for_a_sold_out_course_is_refunded(fresh_url) -> None:
    w = make_world(fresh_url, capacity=1)
    first = buy(fresh_url, w["users"][0])
    event(fresh_url, first.order_uuid, "expired")
    second = buy(fresh_url, w["users"][1])
    event(fresh_url, second.order_uuid, "paid")
    assert event(fresh_url, first.order_uuid, "paid") == "refund_requested"
    assert counts(fresh_url) == {"active_enrolments": 1, "paid": 1, "seats_taken": 1}
    with pytest.raises(orders.SoldOut):
        buy(fresh_url, w["users"][2])


def test_learners_withdraw_within_14_days_unless_the_assessment_started(world) -> None:
    url, w = world
    new = buy(url, w["users"][0])
    event(url, new.order_uuid, "paid")
    with session_scope(url) as session:
        session.execute(sa.update(Enrolment).values(assessment_started_at=utcnow()))
    with (
        pytest.raises(orders.RefundNotAllowed, match="started the assessment"),
        session_scope(url) as session,
    ):
        orders.request_refund(
            session,
            order_uuid=new.order_uuid,
            principal=authz.Principal(user_id=w["users"][0]),
        )
    with session_scope(url) as session:
        session.execute(sa.update(Enrolment).values(assessment_started_at=None))
        session.execute(sa.update(Order).values(paid_at=utcnow() - timedelta(days=15)))
    with pytest.raises(orders.RefundNotAllowed, match="14-day"), session_scope(url) as session:
        orders.request_refund(
            session,
            order_uuid=new.order_uuid,
            principal=authz.Principal(user_id=w["users"][0]),
        )
    with (
        pytest.raises(orders.RefundNotAllowed, match="not your order"),
        session_scope(url) as session,
    ):
        orders.request_refund(
            session,
            order_uuid=new.order_uuid,
            principal=authz.Principal(user_id=w["users"][1]),
        )
    # Staff of the university may refund after the period.
    with session_scope(url) as session:
        state = orders.request_refund(
            session,
            order_uuid=new.order_uuid,
            principal=authz.Principal(user_id=w["users"][1], roles={w["university_id"]: "owner"}),
        )
    assert state == "refund_requested"


def test_vouchers_percent_fixed_scope_limits_and_free(world) -> None:
    url, w = world
    with session_scope(url) as session:
        other = University(
            slug="other",
            name="Other",
            country_code="DE",
            city="Berlin",
            website="https://o.example",
            approved=True,
        )
        session.add(other)
        session.flush()
        session.add_all(
            [
                Voucher(code="HALF", kind="percent", percent_off=50, max_uses=1),
                Voucher(code="MINUS100", kind="fixed", amount_off_minor=10_000, currency="PLN"),
                Voucher(code="EURO", kind="fixed", amount_off_minor=1_000, currency="EUR"),
                Voucher(
                    code="OTHERUNI",
                    kind="percent",
                    percent_off=10,
                    scope="university",
                    university_id=other.id,
                ),
                Voucher(
                    code="OLD",
                    kind="percent",
                    percent_off=10,
                    expires_at=utcnow() - timedelta(days=1),
                ),
                Voucher(
                    code="FREE",
                    kind="percent",
                    percent_off=100,
                    scope="offering",
                    offering_id=w["offering_id"],
                ),
            ]
        )
    assert buy(url, w["users"][0], voucher_code="half").amount_minor == 24_950
    with pytest.raises(orders.VoucherProblem, match="used up"):
        buy(url, w["users"][1], voucher_code="HALF")
    assert buy(url, w["users"][1], voucher_code="MINUS100").amount_minor == 39_900
    for code, fragment in (
        ("EURO", "currency"),
        ("OTHERUNI", "another university"),
        ("OLD", "expired"),
        ("NOPE", "do not know"),
    ):
        with pytest.raises(orders.VoucherProblem, match=fragment):
            buy(url, w["users"][2], voucher_code=code)
    free = buy(url, w["users"][2], voucher_code="FREE")
    assert free.state == "paid" and free.amount_minor == 0
    assert counts(url)["active_enrolments"] == 1


def test_employer_buys_seats_and_codes_enrol_without_payment(fresh_url) -> None:
    w = make_world(fresh_url, capacity=10, buyers=4)
    employer, *staff = w["users"]
    new = buy(fresh_url, employer, kind="seats", quantity=3)
    assert new.amount_minor == 3 * 49_900
    event(fresh_url, new.order_uuid, "paid")
    with session_scope(fresh_url) as session:
        codes = (
            session.execute(sa.select(Voucher.code).where(Voucher.source_order_id.is_not(None)))
            .scalars()
            .all()
        )
    assert len(codes) == 3 and len(set(codes)) == 3
    for person, code in zip(staff, codes, strict=True):
        assert buy(fresh_url, person, voucher_code=code).state == "paid"
    with pytest.raises(orders.VoucherProblem):
        buy(fresh_url, employer, voucher_code=codes[0])  # single use
    assert counts(fresh_url)["active_enrolments"] == 3


def test_money_adds_up(world) -> None:
    url, w = world
    new = buy(url, w["users"][0])
    with session_scope(url) as session:
        order = orders.order_by_uuid(session, new.order_uuid)
        assert order.platform_fee_minor == 4_990  # 10 % default
        assert order.unit_price_minor * order.quantity - order.discount_minor == order.amount_minor
        assert isinstance(order.amount_minor, int)


@given(
    st.lists(
        st.tuples(
            st.integers(0, 2),
            st.sampled_from(["paid", "failed", "expired", "cancelled", "refunded"]),
        ),
        min_size=1,
        max_size=25,
    )
)
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
def test_random_event_storms_keep_the_invariants(tmp_path_factory, events) -> None:
    from tests.conftest import migrated, sqlite_url

    url = migrated(sqlite_url(tmp_path_factory.mktemp("storm") / "s.db"))
    w = make_world(url, capacity=2)
    uuids = []
    for user_id in w["users"]:
        try:
            uuids.append(buy(url, user_id).order_uuid)
        except orders.SoldOut:
            uuids.append(None)
    for index, name in events:
        if uuids[index]:
            event(url, uuids[index], name)
    with session_scope(url) as session:
        all_orders = session.execute(sa.select(Order)).scalars().all()
        enrolments = (
            session.execute(sa.select(Enrolment).where(Enrolment.status == "active"))
            .scalars()
            .all()
        )
        taken = session.execute(sa.select(Offering.seats_taken)).scalar_one()
    paid = [o for o in all_orders if o.state == "paid"]
    assert len(enrolments) == len(
        paid
    )  # no paid order without enrolment, no enrolment without payment
    assert {e.order_id for e in enrolments} == {o.id for o in paid}
    assert len({e.user_id for e in enrolments}) == len(enrolments)  # no double enrolment
    assert taken == sum(1 for o in all_orders if o.seat_held) <= 2
    from microcred_market.platform.db import reset_engine

    reset_engine()


@pytest.mark.postgres
def test_fifty_buyers_for_five_seats(empty_postgres_url) -> None:
    from tests.conftest import migrated

    url = migrated(empty_postgres_url)
    w = make_world(url, capacity=5, buyers=50)
    results: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(50)

    def attempt(user_id: int) -> None:
        barrier.wait()
        try:
            new = buy(url, user_id)
            outcome = event(url, new.order_uuid, "paid")
        except orders.SoldOut as error:
            outcome = "sold out: " + error.message
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=attempt, args=(uid,)) for uid in w["users"]]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("paid") == 5
    assert sum(r.startswith("sold out") for r in results) == 45
    assert counts(url) == {"active_enrolments": 5, "paid": 5, "seats_taken": 5}
    with session_scope(url) as session:
        # Nobody who was told "sold out" has an order that could be charged.
        assert session.execute(sa.select(sa.func.count()).select_from(Order)).scalar_one() == 5


def test_two_tabs_two_payments_one_enrolment_and_a_refund(world) -> None:
    url, w = world
    first = buy(url, w["users"][0])
    second = buy(url, w["users"][0])  # a second tab before the first was paid
    assert event(url, first.order_uuid, "paid") == "paid"
    assert event(url, second.order_uuid, "paid") == "refund_requested"
    assert counts(url) == {"active_enrolments": 1, "paid": 1, "seats_taken": 1}
