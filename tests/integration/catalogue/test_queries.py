"""The read side pages are built from: frozen snapshots holding the right rows."""

from __future__ import annotations

import dataclasses
from uuid import uuid4

import pytest

from microcred_market.accounts import queries as account_queries
from microcred_market.catalogue import queries as catalogue_queries
from microcred_market.catalogue.prices import Price
from microcred_market.credentials import issuing
from microcred_market.credentials import queries as credential_queries
from microcred_market.orders import queries as order_queries
from microcred_market.orders import service as orders
from microcred_market.orders.models import Order
from microcred_market.platform import queries as platform_queries
from microcred_market.platform.db import get_by_uuid, session_scope
from microcred_market.platform.errors import NotFound
from microcred_market.platform.models import OutboxMessage
from tests.integration.credentials.test_credentials import pass_and_issue
from tests.integration.credentials.test_credentials import world as credential_world  # noqa: F401
from tests.integration.orders.test_orders import buy, event, make_world
from tests.support.credential_world import World


def assert_frozen(item: object) -> None:
    assert dataclasses.is_dataclass(item) and not isinstance(item, type)
    field = dataclasses.fields(item)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(item, field, "changed")


@pytest.mark.payments
def test_a_buyer_sees_their_orders_enrolments_and_seat_codes(fresh_url: str) -> None:
    shop = make_world(fresh_url, capacity=20)
    learner, employer, other = shop["users"]
    paid = buy(fresh_url, learner)
    event(fresh_url, paid.order_uuid, "paid")
    seats = buy(fresh_url, employer, quantity=3, kind="seats")
    event(fresh_url, seats.order_uuid, "paid")
    with session_scope(fresh_url) as session:
        mine = order_queries.orders_of(session, learner)
        enrolled = order_queries.enrolments_of(session, learner)
        codes = order_queries.seat_codes_of(session, employer)
        nobody = order_queries.seat_codes_of(session, other)
        sales = order_queries.sales_of(session, shop["university_id"])
        own = order_queries.own_order(session, paid.order_uuid, learner)
        with pytest.raises(NotFound):
            order_queries.own_order(session, paid.order_uuid, other)
        with pytest.raises(NotFound):
            order_queries.own_order(session, "not-a-uuid", learner)
    assert [(o.uuid, o.state, o.offering_title, o.university) for o in mine] == [
        (paid.order_uuid, "paid", "Course", "Uni")
    ]
    assert [(e.status, e.offering_slug, e.self_paced, e.order_uuid) for e in enrolled] == [
        ("active", "course", True, paid.order_uuid)
    ]
    assert len(codes) == 3 and {c.offering_title for c in codes} == {"Course"}
    assert not any(c.used for c in codes) and nobody == []
    assert [(s.uuid, s.kind, s.quantity, s.buyer) for s in sales] == [
        (seats.order_uuid, "seats", 3, "B 1"),
        (paid.order_uuid, "learner", 1, "B 0"),
    ]
    assert (own.state, own.offering_title, own.provider) == ("paid", "Course", "simulated")
    for item in (mine[0], enrolled[0], codes[0], sales[0], own):
        assert_frozen(item)


@pytest.mark.payments
def test_the_return_page_reads_a_pending_simulated_order_as_it_is(fresh_url: str) -> None:
    shop = make_world(fresh_url)
    new = buy(fresh_url, shop["users"][0])
    with session_scope(fresh_url) as session:
        order = orders.settle_on_return(session, new.order_uuid, shop["users"][0])
        with pytest.raises(NotFound):
            orders.settle_on_return(session, new.order_uuid, shop["users"][1])
    assert (order.state, order.offering_slug) == ("pending", "course")


@pytest.mark.catalogue
def test_small_catalogue_facts(fresh_url: str) -> None:
    shop = make_world(fresh_url)
    with session_scope(fresh_url) as session:
        uni = catalogue_queries.university_by_slug(session, "uni")
        price = catalogue_queries.published_offering_price(session, "course")
        assert catalogue_queries.university_by_slug(session, "nope") is None
        assert catalogue_queries.published_offering_price(session, "nope") is None
    assert uni == catalogue_queries.UniversityRef(id=shop["university_id"], slug="uni", name="Uni")
    assert price == catalogue_queries.OfferingPrice(
        "course", "Course", 49_900, "PLN", prices=(Price("PLN", 49_900, primary=True),)
    )
    assert_frozen(uni)
    assert_frozen(price)


def test_the_outbox_lists_newest_first(fresh_url: str) -> None:
    with session_scope(fresh_url) as session:
        session.add(OutboxMessage(kind="mail", payload={"to": "a@example.org", "subject": "First"}))
        session.flush()
        session.add(
            OutboxMessage(kind="mail", payload={"to": "b@example.org", "subject": "Second"})
        )
    with session_scope(fresh_url) as session:
        lines = platform_queries.recent_outbox(session)
    assert [(m.to, m.subject, m.delivered) for m in lines] == [
        ("b@example.org", "Second", False),
        ("a@example.org", "First", False),
    ]
    assert_frozen(lines[0])


@pytest.mark.credentials
def test_wallet_roster_and_staff_list(credential_world: World) -> None:  # noqa: F811
    issued = pass_and_issue(credential_world, 0, grade="91")
    with session_scope(credential_world.url) as session:
        wallet = credential_queries.wallet(session, credential_world.learners[0])
        empty = credential_queries.wallet(session, credential_world.learners[1])
        roster = credential_queries.university_roster(session, credential_world.university_id)
        staff = account_queries.staff_of(session, credential_world.university_id)
    assert [(w.uuid, w.state, w.public, w.university) for w in wallet] == [
        (str(issued.uuid), "active", False, "Uniwersytet Krakowski")
    ]
    assert str(issued.uuid) in wallet[0].verify_url
    assert empty == []
    by_enrolment = {r.enrolment: r for r in roster}
    first = by_enrolment[credential_world.enrolments[0]]
    second = by_enrolment[credential_world.enrolments[1]]
    assert (first.grade, first.credential, first.state) == ("91", str(issued.uuid), "active")
    assert (second.passed, second.credential, second.state) == ("", "", "")
    assert [m.role for m in staff] == ["assessor"]
    for item in (wallet[0], first, staff[0]):
        assert_frozen(item)


@pytest.mark.credentials
def test_only_a_credential_made_public_is_shared(credential_world: World) -> None:  # noqa: F811
    issued = pass_and_issue(credential_world, 0)
    learner = credential_world.learners[0]
    with session_scope(credential_world.url) as session:
        assert credential_queries.shared_credential(session, str(issued.uuid)) is None
        assert credential_queries.shared_credential(session, "not-a-uuid") is None
        issuing.set_public(session, user_id=learner, credential_uuid=str(issued.uuid), public=True)
    with session_scope(credential_world.url) as session:
        shared = credential_queries.shared_credential(session, str(issued.uuid))
    assert shared is not None and shared.uuid == str(issued.uuid)
    assert shared.document["id"].endswith(str(issued.uuid))
    assert_frozen(shared)


@pytest.mark.payments
def test_a_mistyped_or_unknown_link_is_not_found_for_every_lookup(fresh_url: str) -> None:
    """Orders, credentials and enrolments share one look-up by public UUID."""
    shop = make_world(fresh_url)
    paid = buy(fresh_url, shop["users"][0])
    with session_scope(fresh_url) as session:
        assert str(orders.order_by_uuid(session, paid.order_uuid).uuid) == paid.order_uuid
        assert str(get_by_uuid(session, Order, paid.order_uuid, "x").uuid) == paid.order_uuid
        lookups = {
            "error.orders.order_not_found": orders.order_by_uuid,
            "error.credentials.credential_not_found": issuing.credential_by_uuid,
            "error.credentials.enrolment_not_found": issuing._enrolment,
        }
        for raw in ("not-a-uuid", "", str(uuid4())):
            for key, lookup in lookups.items():
                with pytest.raises(NotFound) as raised:
                    lookup(session, raw)
                assert raised.value.key == key, (raw, key)
                assert "could not find" in raised.value.text("en"), (raw, key)
