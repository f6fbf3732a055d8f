"""Stripe Checkout and webhooks, with the real `stripe` library against a local fake API.

Every test runs on SQLite and PostgreSQL (the `app_env` fixture). Orders are made with
the domain functions (`orders.create_order` + `StripeProvider.create_checkout` +
`orders.attach_checkout`), one through the POST /api/orders route, and the fake's test
controls (`complete`, `expire`, `fail`, `refund`) produce the events Stripe would send,
which are signed like Stripe signs them and POSTed to /api/webhooks/stripe.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from sqlmodel import func, select

from microcred_market.accounts import authz
from microcred_market.accounts import service as accounts
from microcred_market.accounts.models import User
from microcred_market.catalogue.models import Offering, University
from microcred_market.credentials import issuing
from microcred_market.credentials.models import IssuedCredential
from microcred_market.orders import service as orders
from microcred_market.orders.models import (
    Enrolment,
    Order,
    OrderEvent,
    PayoutAccount,
    PlatformSetting,
    ProviderEvent,
    Voucher,
)
from microcred_market.orders.payments.base import CheckoutRequest, ProviderError
from microcred_market.orders.payments.stripe_provider import StripeProvider, checkout_expiry
from microcred_market.platform.clock import utcnow
from microcred_market.platform.cookies import SESSION_COOKIE
from microcred_market.platform.db import session_scope
from microcred_market.platform.models import AuditEvent
from microcred_market.platform.outbox import process_outbox
from microcred_market.settings import reset_settings_cache
from tests.support.fake_stripe import FakeStripe, signed_webhook, start_fake_stripe

pytestmark = pytest.mark.payments

SECRET_KEY = "sk_test_x"
WEBHOOK_SECRET = "whsec_test"
WEBHOOK = "/api/webhooks/stripe"
PRICE = 12000  # 120.00 PLN
FEE_BPS = 1500  # 15 %
FEE = 1800
CAPACITY = 5


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def fake_stripe_server() -> Iterator[FakeStripe]:
    fake = start_fake_stripe()
    yield fake
    fake.stop()


@pytest.fixture
def fake(fake_stripe_server: FakeStripe) -> FakeStripe:
    fake_stripe_server.reset()
    return fake_stripe_server


@dataclass
class Shop:
    fake: FakeStripe
    university_id: int
    offering_id: int
    slug: str
    title: str
    users: list[int]

    def provider(self) -> StripeProvider:
        return StripeProvider(SECRET_KEY, api_base=self.fake.url)


@pytest.fixture
def shop(app_env: str, fake: FakeStripe, monkeypatch: pytest.MonkeyPatch) -> Shop:
    """An approved university with a Stripe account, a published course, three buyers."""
    monkeypatch.setenv("STRIPE_SECRET_KEY", SECRET_KEY)
    monkeypatch.setenv("STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET)
    monkeypatch.setenv("STRIPE_API_BASE", fake.url)
    reset_settings_cache()
    with session_scope() as session:
        university = University(
            slug="uni-pay",
            name="University of Payments",
            country_code="PL",
            city="Warsaw",
            website="https://pay.example",
            approved=True,
        )
        session.add(university)
        session.flush()
        offering = Offering(
            university_id=university.id,  # type: ignore[arg-type]
            slug="stripe-basics",
            title="Stripe basics",
            ects=Decimal("2.00"),
            eqf_level=6,
            price_minor=PRICE,
            currency="PLN",
            seat_capacity=CAPACITY,
            status="published",
        )
        session.add(offering)
        session.add(
            PlatformSetting(
                university_id=university.id,
                fee_basis_points=FEE_BPS,
            )
        )
        # Onboarded: Stripe said the account can take charges.
        session.add(
            PayoutAccount(
                university_id=university.id,  # type: ignore[arg-type]
                provider="stripe",
                account_id="acct_123",
                charges_enabled=True,
                payouts_enabled=True,
                details_submitted=True,
            )
        )
        users = []
        for n in range(3):
            user = User(
                email=f"buyer{n}@example.org",
                email_verified_at=utcnow(),
                display_name=f"Buyer {n}",
            )
            session.add(user)
            users.append(user)
        session.flush()
        return Shop(
            fake=fake,
            university_id=university.id,  # type: ignore[arg-type]
            offering_id=offering.id,  # type: ignore[arg-type]
            slug=offering.slug,
            title=offering.title,
            users=[u.id for u in users],  # type: ignore[misc]
        )


def checkout_request(shop: Shop, order_uuid: str, user_index: int = 0) -> CheckoutRequest:
    with session_scope() as session:
        order = orders.order_by_uuid(session, order_uuid)
        return CheckoutRequest(
            order_uuid=order_uuid,
            description=shop.title,
            amount_minor=order.amount_minor,
            currency=order.currency,
            quantity=1,
            platform_fee_minor=order.platform_fee_minor,
            destination_account="acct_123",
            customer_email=f"buyer{user_index}@example.org",
            success_url=f"http://front.test/checkout/return?order={order_uuid}",
            cancel_url=f"http://front.test/checkout/return?order={order_uuid}&cancelled=1",
        )


def place_order(
    shop: Shop, user_index: int = 0, voucher_code: str | None = None
) -> tuple[str, str]:
    """A pending Stripe order with its Checkout Session: (order uuid, session id)."""
    with session_scope() as session:
        new = orders.create_order(
            session,
            user_id=shop.users[user_index],
            offering_slug=shop.slug,
            provider="stripe",
            voucher_code=voucher_code,
        )
    checkout = shop.provider().create_checkout(checkout_request(shop, new.order_uuid, user_index))
    with session_scope() as session:
        orders.attach_checkout(session, new.order_uuid, checkout.ref, checkout.url)
    return new.order_uuid, checkout.ref


def deliver(browser, event: dict[str, Any], secret: str = WEBHOOK_SECRET, timestamp=None):
    body, headers = signed_webhook(event, secret, timestamp)
    return browser.client.post(WEBHOOK, content=body, headers=headers)


def snapshot(shop: Shop, order_uuid: str) -> dict[str, Any]:
    """Everything a webhook may change for one order."""
    with session_scope() as session:
        order = orders.order_by_uuid(session, order_uuid)
        enrolments = session.exec(select(Enrolment).where(Enrolment.order_id == order.id)).all()
        offering = session.get(Offering, shop.offering_id)
        assert offering is not None
        return {
            "state": order.state,
            "seat_held": order.seat_held,
            "enrolments": sorted(e.status for e in enrolments),
            "seats_taken": offering.seats_taken,
            "order_events": sorted(
                session.exec(select(OrderEvent.event).where(OrderEvent.order_id == order.id)).all()
            ),
            "provider_events": session.exec(select(func.count()).select_from(ProviderEvent)).one(),
        }


# ---------------------------------------------------------------- creating a checkout


def test_checkout_sends_amount_currency_fee_destination_and_idempotency_key(shop: Shop) -> None:
    before = int(time.time())
    order_uuid, ref = place_order(shop)

    created = shop.fake.requests_to("POST", "/v1/checkout/sessions")
    assert len(created) == 1
    sent = created[0]
    assert sent.idempotency_key == f"checkout-{order_uuid}"
    params = sent.params
    assert params["mode"] == "payment"
    assert params["client_reference_id"] == order_uuid
    assert params["metadata"] == {"order_uuid": order_uuid}
    assert params["customer_email"] == "buyer0@example.org"
    assert params["success_url"].endswith(f"order={order_uuid}")
    (line,) = params["line_items"]
    assert line["quantity"] == "1"
    assert line["price_data"] == {
        "currency": "pln",
        "unit_amount": str(PRICE),
        "product_data": {"name": "Stripe basics"},
    }
    intent = params["payment_intent_data"]
    assert intent["application_fee_amount"] == str(FEE)
    assert intent["transfer_data"] == {"destination": "acct_123"}
    assert intent["metadata"] == {"order_uuid": order_uuid}
    assert 30 * 60 <= int(params["expires_at"]) - before <= 37 * 60

    with session_scope() as session:
        order = orders.order_by_uuid(session, order_uuid)
        assert (order.provider, order.provider_ref, order.platform_fee_minor) == (
            "stripe",
            ref,
            FEE,
        )
        assert order.checkout_url == f"https://checkout.stripe.com/c/pay/{ref}"

    # The same request again (a retry after a lost answer): the same session, no new one.
    again = shop.provider().create_checkout(checkout_request(shop, order_uuid))
    assert again.ref == ref
    assert len(shop.fake.sessions) == 1
    retry = shop.fake.requests_to("POST", "/v1/checkout/sessions")[-1]
    assert retry.replayed and retry.idempotency_key == f"checkout-{order_uuid}"
    session = shop.fake.sessions[ref]
    assert (session["amount_total"], session["currency"]) == (PRICE, "pln")


def test_a_retry_across_the_expiry_grid_line_still_gets_the_same_session(
    shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    order_uuid, ref = place_order(shop)
    first_expiry = int(
        shop.fake.requests_to("POST", "/v1/checkout/sessions")[0].params["expires_at"]
    )
    from microcred_market.orders.payments import stripe_provider

    # Five minutes later the grid has moved on: the first try is refused as different
    # parameters, the second repeats the original exactly.
    monkeypatch.setattr(stripe_provider, "checkout_expiry", lambda: first_expiry + 300)
    assert shop.provider().create_checkout(checkout_request(shop, order_uuid)).ref == ref
    statuses = [r.status for r in shop.fake.requests_to("POST", "/v1/checkout/sessions")]
    assert statuses == [200, 400, 200]
    assert len(shop.fake.sessions) == 1


def test_expiry_is_on_a_grid_at_least_31_minutes_ahead() -> None:
    for now in (1_000_000_000, 1_000_000_001, 1_000_000_299, 1_000_000_300):
        expiry = checkout_expiry(now)
        assert expiry % 300 == 0
        assert 31 * 60 <= expiry - now < 36 * 60


def test_line_items_split_evenly_or_one_line(fake: FakeStripe) -> None:
    provider = StripeProvider(SECRET_KEY, api_base=fake.url)

    def request(uuid: str, amount: int, quantity: int, destination: str | None) -> CheckoutRequest:
        return CheckoutRequest(
            order_uuid=uuid,
            description="Seats",
            amount_minor=amount,
            currency="EUR",
            quantity=quantity,
            platform_fee_minor=100,
            destination_account=destination,
            customer_email=None,
            success_url="http://front.test/ok",
            cancel_url="http://front.test/cancel",
        )

    provider.create_checkout(request("00000000-0000-4000-8000-000000000001", 900, 3, None))
    provider.create_checkout(request("00000000-0000-4000-8000-000000000002", 1000, 3, "acct_9"))
    even, uneven = (r.params for r in fake.requests_to("POST", "/v1/checkout/sessions"))
    assert even["line_items"][0]["quantity"] == "3"
    assert even["line_items"][0]["price_data"]["unit_amount"] == "300"
    assert even["line_items"][0]["price_data"]["currency"] == "eur"
    assert "customer_email" not in even
    assert "application_fee_amount" not in even["payment_intent_data"]
    assert "transfer_data" not in even["payment_intent_data"]
    assert uneven["line_items"][0]["quantity"] == "1"
    assert uneven["line_items"][0]["price_data"]["unit_amount"] == "1000"


def test_provider_errors_become_provider_error(fake: FakeStripe) -> None:
    request = CheckoutRequest(
        order_uuid="00000000-0000-4000-8000-000000000003",
        description="x",
        amount_minor=500,
        currency="PLN",
        quantity=1,
        platform_fee_minor=0,
        destination_account=None,
        customer_email=None,
        success_url="http://front.test/ok",
        cancel_url="http://front.test/cancel",
    )
    # A bad key: 401 from the API.
    with pytest.raises(ProviderError):
        StripeProvider("rk_live_nope", api_base=fake.url).create_checkout(request)
    provider = StripeProvider(SECRET_KEY, api_base=fake.url)
    provider.create_checkout(request)
    # The same key with other parameters: Stripe's idempotency_error.
    with pytest.raises(ProviderError):
        provider.create_checkout(
            CheckoutRequest(**{**request.__dict__, "amount_minor": 700})  # type: ignore[arg-type]
        )
    with pytest.raises(ProviderError):
        provider.events_for("cs_test_missing")
    # Nobody listening: a connection error, after the library's retries.
    with pytest.raises(ProviderError):
        StripeProvider(
            SECRET_KEY, api_base="http://127.0.0.1:9", max_network_retries=0
        ).create_checkout(request)


def test_checkout_through_the_orders_route(shop: Shop, browser) -> None:
    with session_scope() as session:
        token = accounts.create_session(session, shop.users[1])
    browser.client.cookies.set(SESSION_COOKIE, token)
    response = browser.post_form("/api/orders", {"offering": shop.slug})
    assert response.status_code == 303, response.text
    (sent,) = shop.fake.requests_to("POST", "/v1/checkout/sessions")
    ref = next(iter(shop.fake.sessions))
    assert response.headers["location"] == f"https://checkout.stripe.com/c/pay/{ref}"
    with session_scope() as session:
        order = orders.order_by_ref(session, "stripe", ref)
        assert order is not None and order.state == "pending"
        order_uuid = str(order.uuid)
    assert sent.idempotency_key == f"checkout-{order_uuid}"
    assert sent.params["payment_intent_data"]["application_fee_amount"] == str(FEE)
    assert sent.params["payment_intent_data"]["transfer_data"] == {"destination": "acct_123"}

    assert deliver(browser, shop.fake.complete(ref)).status_code == 200
    assert snapshot(shop, order_uuid)["state"] == "paid"


# ---------------------------------------------------------------- webhooks


def test_completed_session_pays_and_enrols_exactly_once(shop: Shop, browser) -> None:
    order_uuid, ref = place_order(shop)
    assert snapshot(shop, order_uuid)["seats_taken"] == 1
    event = shop.fake.complete(ref)

    for _ in range(3):
        response = deliver(browser, event)
        assert response.status_code == 200, response.text
    after = snapshot(shop, order_uuid)
    assert after["state"] == "paid"
    assert after["enrolments"] == ["active"]
    assert after["seats_taken"] == 1
    assert after["order_events"] == ["paid"]
    assert after["provider_events"] == 1
    with session_scope() as session:
        (recorded,) = session.exec(select(ProviderEvent)).all()
        assert (recorded.provider, recorded.event_id) == ("stripe", event["id"])
        (paid,) = session.exec(select(OrderEvent)).all()
        assert paid.source == f"webhook:{event['id']}"

    # The same news under another event id (async_payment_succeeded) changes nothing either.
    late = shop.fake.event("checkout.session.async_payment_succeeded", shop.fake.sessions[ref])
    assert deliver(browser, late).status_code == 200
    assert snapshot(shop, order_uuid) | {"provider_events": 1} == after


@pytest.mark.parametrize(
    "case", ["missing", "wrong_secret", "ten_minutes_old", "garbage_header", "not_json"]
)
def test_a_bad_signature_is_400_and_changes_nothing(shop: Shop, browser, case: str) -> None:
    order_uuid, ref = place_order(shop)
    before = snapshot(shop, order_uuid)
    event = shop.fake.complete(ref)
    body, headers = signed_webhook(event, WEBHOOK_SECRET)
    if case == "missing":
        del headers["Stripe-Signature"]
    elif case == "wrong_secret":
        body, headers = signed_webhook(event, "whsec_someone_else")
    elif case == "ten_minutes_old":
        body, headers = signed_webhook(event, WEBHOOK_SECRET, timestamp=int(time.time()) - 600)
    elif case == "garbage_header":
        headers["Stripe-Signature"] = "t=yesterday,v1="
    elif case == "not_json":
        import hashlib
        import hmac

        body = b"{not json"
        t = int(time.time())
        mac = hmac.new(WEBHOOK_SECRET.encode(), f"{t}.".encode() + body, hashlib.sha256)
        headers["Stripe-Signature"] = f"t={t},v1={mac.hexdigest()}"
    response = browser.client.post(WEBHOOK, content=body, headers=headers)
    assert response.status_code == 400, response.text
    assert set(response.json()) == {"error", "message"}
    assert snapshot(shop, order_uuid) == before


def test_an_oversized_body_is_refused(shop: Shop, browser) -> None:
    response = browser.client.post(
        WEBHOOK, content=b"x" * (1024 * 1024 + 1), headers={"Stripe-Signature": "t=1,v1=00"}
    )
    assert response.status_code == 413
    assert set(response.json()) == {"error", "message"}


def test_refund_through_the_api_then_charge_refunded(shop: Shop, browser) -> None:
    order_uuid, ref = place_order(shop)
    assert deliver(browser, shop.fake.complete(ref)).status_code == 200
    assert snapshot(shop, order_uuid)["enrolments"] == ["active"]

    provider = shop.provider()
    provider.refund(ref, PRICE, f"refund-{order_uuid}")
    provider.refund(ref, PRICE, f"refund-{order_uuid}")  # a retry: replayed, not repeated
    first, second = shop.fake.requests_to("POST", "/v1/refunds")
    assert first.idempotency_key == second.idempotency_key == f"refund-{order_uuid}"
    assert second.replayed
    intent_id = shop.fake.sessions[ref]["payment_intent"]
    assert first.params["payment_intent"] == intent_id
    assert first.params["amount"] == str(PRICE)
    assert first.params["refund_application_fee"] == "true"
    assert first.params["reverse_transfer"] == "true"
    assert len(shop.fake.refunds) == 1

    event = shop.fake.charge_event(intent_id)
    for _ in range(2):
        assert deliver(browser, event).status_code == 200
    after = snapshot(shop, order_uuid)
    assert after["state"] == "refunded"
    assert after["enrolments"] == ["cancelled"]
    assert after["seats_taken"] == 0
    assert after["seat_held"] is False
    assert after["provider_events"] == 2


def test_a_partial_refund_does_not_refund_the_order(shop: Shop, browser) -> None:
    order_uuid, ref = place_order(shop)
    assert deliver(browser, shop.fake.complete(ref)).status_code == 200
    intent_id = shop.fake.sessions[ref]["payment_intent"]
    assert deliver(browser, shop.fake.refund(intent_id, amount=1000)).status_code == 200
    after = snapshot(shop, order_uuid)
    assert (after["state"], after["enrolments"]) == ("paid", ["active"])


def test_expired_session_expires_the_order_and_releases_the_seat(shop: Shop, browser) -> None:
    order_uuid, ref = place_order(shop)
    response = deliver(browser, shop.fake.expire(ref))
    assert response.status_code == 200, response.text
    after = snapshot(shop, order_uuid)
    assert after["state"] == "expired"
    assert after["seats_taken"] == 0
    assert after["enrolments"] == []


def test_declined_card_fails_the_order_and_a_later_payment_still_wins(shop: Shop, browser) -> None:
    order_uuid, ref = place_order(shop)
    assert deliver(browser, shop.fake.fail(ref)).status_code == 200
    failed = snapshot(shop, order_uuid)
    assert (failed["state"], failed["seats_taken"]) == ("failed", 0)

    assert deliver(browser, shop.fake.complete(ref)).status_code == 200
    paid = snapshot(shop, order_uuid)
    assert (paid["state"], paid["enrolments"], paid["seats_taken"]) == ("paid", ["active"], 1)


def test_refund_before_payment_ends_as_in_order(shop: Shop, browser) -> None:
    """Stripe delivers `charge.refunded` before `checkout.session.completed`."""
    results = {}
    for user_index, reverse in ((0, False), (1, True)):
        order_uuid, ref = place_order(shop, user_index)
        completed = shop.fake.complete(ref)
        refunded = shop.fake.refund(shop.fake.sessions[ref]["payment_intent"])
        sequence = [refunded, completed] if reverse else [completed, refunded]
        for event in sequence:
            assert deliver(browser, event).status_code == 200
        after = snapshot(shop, order_uuid)
        results[reverse] = (after["state"], after["seat_held"], after["enrolments"])
    assert results[False] == results[True] == ("refunded", False, ["cancelled"])
    with session_scope() as session:
        offering = session.get(Offering, shop.offering_id)
        assert offering is not None and offering.seats_taken == 0


def test_a_forged_paid_event_for_an_open_session_does_not_pay(shop: Shop, browser) -> None:
    order_uuid, ref = place_order(shop)
    forged_session = dict(shop.fake.sessions[ref], status="complete", payment_status="paid")
    forged = shop.fake.event("checkout.session.completed", forged_session)
    assert shop.fake.sessions[ref]["status"] == "open"  # what Stripe really says

    response = deliver(browser, forged)
    assert response.status_code == 200
    after = snapshot(shop, order_uuid)
    assert (after["state"], after["enrolments"], after["order_events"]) == ("pending", [], [])


def test_an_event_pointing_at_another_order_uses_that_orders_own_session(
    shop: Shop, browser
) -> None:
    victim_uuid, _open_ref = place_order(shop, 0)
    payer_uuid, paid_ref = place_order(shop, 1)
    shop.fake.complete(paid_ref)
    # A genuine paid session, relabelled to name the other (unpaid) order.
    relabelled = dict(
        shop.fake.sessions[paid_ref],
        metadata={"order_uuid": victim_uuid},
        client_reference_id=victim_uuid,
    )
    assert (
        deliver(browser, shop.fake.event("checkout.session.completed", relabelled)).status_code
        == 200
    )
    assert snapshot(shop, victim_uuid)["state"] == "pending"
    assert snapshot(shop, payer_uuid)["state"] == "pending"  # its own event has not come yet


def test_unknown_types_and_orders_are_acknowledged(shop: Shop, browser) -> None:
    order_uuid, ref = place_order(shop)
    before = snapshot(shop, order_uuid)
    other = shop.fake.event("customer.created", {"id": "cus_1", "object": "customer"})
    response = deliver(browser, other)
    assert (response.status_code, response.json().get("ignored")) == (200, "event_type")

    stranger = {
        "id": "cs_test_not_ours",
        "object": "checkout.session",
        "metadata": {"order_uuid": "00000000-0000-4000-8000-00000000dead"},
        "client_reference_id": None,
        "payment_intent": None,
    }
    response = deliver(browser, shop.fake.event("checkout.session.completed", stranger))
    assert (response.status_code, response.json().get("ignored")) == (200, "unknown_order")
    garbage = {"id": "evt_1", "type": "checkout.session.completed", "data": "nope"}
    assert deliver(browser, garbage).status_code == 400
    assert snapshot(shop, order_uuid) == before


def test_stripe_unreachable_is_503_and_a_redelivery_then_works(
    shop: Shop, browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    order_uuid, ref = place_order(shop)
    event = shop.fake.complete(ref)
    monkeypatch.setenv("STRIPE_API_BASE", "http://127.0.0.1:9")
    reset_settings_cache()
    response = deliver(browser, event)
    assert response.status_code == 503, response.text
    assert snapshot(shop, order_uuid)["provider_events"] == 0

    monkeypatch.setenv("STRIPE_API_BASE", shop.fake.url)
    reset_settings_cache()
    assert deliver(browser, event).status_code == 200
    assert snapshot(shop, order_uuid)["state"] == "paid"


def test_an_order_that_has_not_recorded_its_session_yet(shop: Shop, browser) -> None:
    """The checkout exists at Stripe but attach_checkout never ran (a crash in between)."""
    with session_scope() as session:
        new = orders.create_order(
            session, user_id=shop.users[2], offering_slug=shop.slug, provider="stripe"
        )
    checkout = shop.provider().create_checkout(checkout_request(shop, new.order_uuid, 2))
    assert deliver(browser, shop.fake.complete(checkout.ref)).status_code == 200
    with session_scope() as session:
        order = orders.order_by_uuid(session, new.order_uuid)
        assert (order.state, order.provider_ref) == ("paid", checkout.ref)


def test_orders_are_one_per_event_even_for_seat_counts(shop: Shop, browser) -> None:
    """Paying several orders leaves exactly one enrolment each and counts the seats."""
    refs = [place_order(shop, i) for i in range(3)]
    for _uuid, ref in refs:
        assert deliver(browser, shop.fake.complete(ref)).status_code == 200
    with session_scope() as session:
        assert session.exec(select(func.count()).select_from(Enrolment)).one() == 3
        assert session.exec(select(func.count()).select_from(Order)).one() == 3
        offering = session.get(Offering, shop.offering_id)
        assert offering is not None and offering.seats_taken == 3


def test_a_voucher_paid_for_after_a_declined_card_stays_used(shop: Shop, browser) -> None:
    """A decline returns the voucher; the payment that follows must take it again."""
    with session_scope() as session:
        session.add(Voucher(code="SAVE10", kind="percent", percent_off=10, max_uses=1))

    def voucher_used() -> int:
        with session_scope() as session:
            voucher = session.exec(select(Voucher).where(Voucher.code == "SAVE10")).one()
            return voucher.used

    order_uuid, ref = place_order(shop, 0, voucher_code="SAVE10")
    assert shop.fake.sessions[ref]["amount_total"] == PRICE - PRICE // 10
    assert voucher_used() == 1
    assert deliver(browser, shop.fake.fail(ref)).status_code == 200
    assert snapshot(shop, order_uuid)["state"] == "failed"
    assert voucher_used() == 0

    assert deliver(browser, shop.fake.complete(ref)).status_code == 200
    assert snapshot(shop, order_uuid)["state"] == "paid"
    assert voucher_used() == 1  # the discount was paid for, so the use counts
    with session_scope() as session, pytest.raises(orders.VoucherProblem):
        orders.create_order(
            session,
            user_id=shop.users[1],
            offering_slug=shop.slug,
            provider="stripe",
            voucher_code="SAVE10",
        )


@pytest.mark.parametrize(("field", "value"), [("amount_total", 1), ("currency", "usd")])
def test_a_payment_of_another_amount_or_currency_does_not_enrol(
    shop: Shop, browser, field: str, value: Any
) -> None:
    order_uuid, ref = place_order(shop)
    event = shop.fake.complete(ref)
    shop.fake.sessions[ref][field] = value  # Stripe now reports a different payment
    assert deliver(browser, event).status_code == 200
    after = snapshot(shop, order_uuid)
    assert after["state"] == "pending" and after["enrolments"] == []


# ---------------------------------------------------------------- refunds and credentials


def _pass_and_issue(shop: Shop, order_uuid: str) -> str:
    """Record a pass for the order's enrolment and issue its credential: its uuid."""
    with session_scope() as session:
        order = orders.order_by_uuid(session, order_uuid)
        enrolment = session.exec(select(Enrolment).where(Enrolment.order_id == order.id)).one()
        issuing.record_pass(session, enrolment, grade="90", actor_user_id=None)
    process_outbox()
    with session_scope() as session:
        order = orders.order_by_uuid(session, order_uuid)
        enrolment = session.exec(select(Enrolment).where(Enrolment.order_id == order.id)).one()
        row = session.exec(
            select(IssuedCredential).where(IssuedCredential.enrolment_id == enrolment.id)
        ).one()
        assert row.state == "active"
        return str(row.uuid)


def _credential_and_audit(credential_uuid: str) -> tuple[str, str, list[AuditEvent]]:
    with session_scope() as session:
        row = issuing.credential_by_uuid(session, credential_uuid)
        rows = session.exec(select(AuditEvent).where(AuditEvent.subject == credential_uuid)).all()
        return row.state, row.state_reason, list(rows)


def test_charge_refunded_in_full_revokes_the_assessed_credential(shop: Shop, browser) -> None:
    """A refund made in Stripe's dashboard after the pass: before, the credential stayed
    valid; now the webhook's transaction revokes it, with an audit row naming the event."""
    order_uuid, ref = place_order(shop)
    assert deliver(browser, shop.fake.complete(ref)).status_code == 200
    credential_uuid = _pass_and_issue(shop, order_uuid)
    intent_id = shop.fake.sessions[ref]["payment_intent"]
    event = shop.fake.refund(intent_id)
    assert deliver(browser, event).status_code == 200
    assert deliver(browser, event).status_code == 200  # redelivered: nothing twice
    assert snapshot(shop, order_uuid)["state"] == "refunded"
    state, reason, rows = _credential_and_audit(credential_uuid)
    assert (state, reason) == ("revoked", "refunded")
    (row,) = [r for r in rows if r.action == "credential.revoked_on_refund"]
    assert row.actor_user_id is None and row.detail["source"] == f"webhook:{event['id']}"
    assert row.detail["before"]["credential_state"] == "active"
    assert row.detail["after"]["credential_state"] == "revoked"


def test_charge_refunded_in_part_keeps_the_credential_and_records_it(shop: Shop, browser) -> None:
    order_uuid, ref = place_order(shop)
    assert deliver(browser, shop.fake.complete(ref)).status_code == 200
    credential_uuid = _pass_and_issue(shop, order_uuid)
    intent_id = shop.fake.sessions[ref]["payment_intent"]
    assert deliver(browser, shop.fake.refund(intent_id, amount=1000)).status_code == 200
    with session_scope() as session:
        order = orders.order_by_uuid(session, order_uuid)
        assert (order.state, order.refunded_minor) == ("paid", 1000)
    state, _reason, rows = _credential_and_audit(credential_uuid)
    assert state == "active"
    (row,) = [r for r in rows if r.action == "credential.kept_on_partial_refund"]
    assert row.detail["amount_minor"] == 1000
    assert (row.detail["before"]["refunded_minor"], row.detail["after"]["refunded_minor"]) == (
        0,
        1000,
    )
    # A learner cannot withdraw the rest: they were assessed.
    with session_scope() as session, pytest.raises(orders.RefundNotAllowed):
        orders.request_refund(
            session, order_uuid=order_uuid, principal=authz.Principal(user_id=shop.users[0])
        )
    # The rest refunded in Stripe later: a full refund now, and the credential goes.
    assert deliver(browser, shop.fake.refund(intent_id)).status_code == 200
    state, reason, rows = _credential_and_audit(credential_uuid)
    assert (state, reason) == ("revoked", "refunded")
    (full,) = [r for r in rows if r.action == "credential.revoked_on_refund"]
    assert full.detail["amount_minor"] == PRICE - 1000


def test_a_staff_refund_through_stripe_revokes_once_the_money_is_back(shop: Shop, browser) -> None:
    order_uuid, ref = place_order(shop)
    assert deliver(browser, shop.fake.complete(ref)).status_code == 200
    credential_uuid = _pass_and_issue(shop, order_uuid)
    with session_scope() as session:
        orders.request_refund(
            session,
            order_uuid=order_uuid,
            principal=authz.Principal(user_id=shop.users[1], roles={shop.university_id: "owner"}),
        )
    process_outbox()  # asks Stripe for the money back, then records `refunded`
    assert len(shop.fake.refunds) == 1
    state, reason, rows = _credential_and_audit(credential_uuid)
    assert (state, reason) == ("revoked", "refunded")
    (row,) = [r for r in rows if r.action == "credential.revoked_on_refund"]
    assert row.actor_user_id == shop.users[1]
    # Stripe's own charge.refunded that follows changes nothing more.
    event = shop.fake.charge_event(shop.fake.sessions[ref]["payment_intent"])
    assert deliver(browser, event).status_code == 200
    assert len(_credential_and_audit(credential_uuid)[2]) == len(rows)


def test_an_order_in_eur_asks_stripe_for_the_stored_eur_price(shop: Shop, browser) -> None:
    """The course also sells in EUR: Stripe is asked for the EUR price the university set,
    with the fee on it, and the EUR payment it reports pays the order."""
    from microcred_market.catalogue.models import OfferingPrice

    with session_scope() as session:
        session.add(OfferingPrice(offering_id=shop.offering_id, currency="EUR", amount_minor=4_990))
        token = accounts.create_session(session, shop.users[2])
    browser.client.cookies.set(SESSION_COOKIE, token)
    response = browser.post_form(
        "/api/orders", {"offering": shop.slug, "currency": "EUR", "amount_minor": "1"}
    )
    assert response.status_code == 303, response.text
    (sent,) = shop.fake.requests_to("POST", "/v1/checkout/sessions")
    (line,) = sent.params["line_items"]
    assert line["price_data"]["currency"] == "eur"
    assert line["price_data"]["unit_amount"] == "4990"
    fee = orders.platform_fee(4_990, FEE_BPS)
    assert sent.params["payment_intent_data"]["application_fee_amount"] == str(fee)
    ref = next(iter(shop.fake.sessions))
    assert (shop.fake.sessions[ref]["amount_total"], shop.fake.sessions[ref]["currency"]) == (
        4_990,
        "eur",
    )
    with session_scope() as session:
        order = orders.order_by_ref(session, "stripe", ref)
        assert order is not None
        assert (order.amount_minor, order.currency, order.platform_fee_minor) == (4_990, "EUR", fee)
        order_uuid = str(order.uuid)
    assert deliver(browser, shop.fake.complete(ref)).status_code == 200
    assert snapshot(shop, order_uuid)["state"] == "paid"
