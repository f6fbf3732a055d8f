"""Getting paid with Stripe Connect: onboarding through Account Links, payable only once
Stripe says `charges_enabled` (asked again after every `account.updated`), monthly
statements with the payouts Stripe lists, and the same flow offline with the simulated
provider. The real `stripe` library talks to the local fake Stripe; webhooks are signed
as Stripe signs them."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from microcred_market.accounts import authz
from microcred_market.accounts.models import User
from microcred_market.catalogue.models import Offering
from microcred_market.orders import operator, payouts
from microcred_market.orders.models import Order, PayoutAccount
from microcred_market.orders.payments.registry import connect_provider
from microcred_market.platform.cookies import SESSION_COOKIE
from microcred_market.platform.db import session_scope
from microcred_market.platform.models import AuditEvent
from microcred_market.settings import reset_settings_cache
from tests.integration.conftest import API, FRONT
from tests.support.fake_stripe import FakeStripe, signed_webhook, start_fake_stripe
from tests.support.portal_world import person, university

pytestmark = [pytest.mark.portal, pytest.mark.payments]

WEBHOOK_SECRET = "whsec_platform"
# The Connect endpoint (connected accounts' events) has a secret of its own.
CONNECT_SECRET = "whsec_connect"
NOT_PAYABLE = "This university cannot take payments yet"


@pytest.fixture(scope="module")
def fake_stripe_server() -> Iterator[FakeStripe]:
    fake = start_fake_stripe()
    yield fake
    fake.stop()


@pytest.fixture
def stripe(app_env: str, fake_stripe_server: FakeStripe, monkeypatch) -> FakeStripe:
    fake_stripe_server.reset()
    monkeypatch.setenv("STRIPE_SECRET_KEY", "sk_test_connect")
    monkeypatch.setenv("STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET)
    monkeypatch.setenv("STRIPE_CONNECT_WEBHOOK_SECRET", CONNECT_SECRET)
    monkeypatch.setenv("STRIPE_API_BASE", fake_stripe_server.url)
    reset_settings_cache()
    return fake_stripe_server


@pytest.fixture
def owner(browser, app_env: str):
    """The owner of uni-a (signed in on `browser`), and a buyer on another browser."""
    browser.client.cookies.set(SESSION_COOKIE, person(app_env, "owner@uni-a.example"))
    university(app_env, "uni-a", owner="owner@uni-a.example")
    return browser


def _buyer(app_env: str, new_browser):
    buyer = new_browser()
    buyer.client.cookies.set(SESSION_COOKIE, person(app_env, "buyer@example.org"))
    return buyer


def _buy(buyer, slug: str = "course-uni-a"):
    return buyer.post_form("/api/orders", {"offering": slug})


def _account(app_env: str, provider: str = "stripe") -> PayoutAccount | None:
    with session_scope(app_env) as session:
        found = session.execute(
            sa.select(PayoutAccount).where(PayoutAccount.provider == provider)
        ).scalar_one_or_none()
        if found is not None:
            session.expunge(found)
        return found


def _deliver(browser, event, secret: str = WEBHOOK_SECRET):
    body, headers = signed_webhook(event, secret)
    return browser.client.post("/api/webhooks/stripe", content=body, headers=headers)


def test_onboarding_through_account_links_then_payable_once_stripe_says_so(
    owner, new_browser, stripe: FakeStripe, app_env: str
) -> None:
    buyer = _buyer(app_env, new_browser)
    _, flash, _ = buyer.landing(_buy(buyer))
    assert flash is not None and flash[0] == "error" and NOT_PAYABLE in flash[1]

    started = owner.post_form("/api/staff/uni-a/payments/onboarding", {})
    assert started.status_code == 303
    link = started.headers["location"]
    assert link.startswith("https://connect.stripe.com/setup/e/acct_")
    (created,) = stripe.requests_to("POST", "/v1/accounts")
    assert created.params["type"] == "express" and created.params["country"] == "PL"
    assert created.idempotency_key and created.idempotency_key.startswith("account-")
    account_id = stripe.account_links[0]["account"]
    assert stripe.account_links[0]["refresh_url"] == f"{API}/api/staff/uni-a/payments/onboarding"
    assert stripe.account_links[0]["return_url"] == f"{FRONT}/staff/uni-a/payments?returned=1"
    account = _account(app_env)
    assert account is not None and account.account_id == account_id
    assert not account.charges_enabled

    # The link expired: Stripe sends the owner to refresh_url, which makes a new one for
    # the same account.
    refreshed = owner.get("/api/staff/uni-a/payments/onboarding")
    assert refreshed.status_code == 303 and refreshed.headers["location"] != link
    assert len(stripe.accounts) == 1 and len(stripe.account_links) == 2
    assert NOT_PAYABLE in buyer.landing(_buy(buyer))[1][1]

    # A forged signature changes nothing; a correctly signed event whose body claims
    # charges_enabled changes nothing either, as Stripe, asked again, says otherwise.
    lying = stripe.event(
        "account.updated", {**stripe.accounts[account_id], "charges_enabled": True}
    )
    assert _deliver(owner, lying, secret="whsec_forged").status_code == 400
    assert _deliver(owner, lying).json()["changed"] is False
    assert stripe.requests_to("GET", f"/v1/accounts/{account_id}")
    assert not _account(app_env).charges_enabled  # type: ignore[union-attr]

    done = stripe.finish_onboarding(account_id)
    answer = _deliver(owner, done, secret=CONNECT_SECRET)
    assert answer.status_code == 200 and answer.json()["changed"] is True
    assert _deliver(owner, done).json() == {"received": True, "duplicate": True}
    assert _account(app_env).charges_enabled  # type: ignore[union-attr]
    with session_scope(app_env) as session:
        audit = session.execute(
            sa.select(AuditEvent).where(AuditEvent.action == "payout.account_status")
        ).scalar_one()
    assert audit.detail["before"]["charges_enabled"] is False
    assert audit.detail["after"]["charges_enabled"] is True
    assert audit.detail["after"]["account_id"] == account_id

    paying = _buy(buyer)
    assert paying.status_code == 303
    assert paying.headers["location"].startswith("https://checkout.stripe.com/")
    (data,) = stripe.intent_data.values()
    assert data["transfer_data"] == {"destination": account_id}

    # Stripe needs more from the university: checkout closes again.
    _deliver(owner, stripe.restrict(account_id))
    other = _buyer_two(app_env, new_browser)
    assert NOT_PAYABLE in other.landing(_buy(other))[1][1]


def _buyer_two(app_env: str, new_browser):
    buyer = new_browser()
    buyer.client.cookies.set(SESSION_COOKIE, person(app_env, "second@example.org"))
    return buyer


def test_the_return_from_onboarding_asks_stripe_again(
    owner, stripe: FakeStripe, app_env: str
) -> None:
    owner.post_form("/api/staff/uni-a/payments/onboarding", {})
    account_id = stripe.account_links[0]["account"]
    stripe.finish_onboarding(account_id)  # no webhook arrives (yet)
    state = owner.get("/api/staff/uni-a/payments").json()
    assert state["started"] is True and state["payable"] is False

    with session_scope(app_env) as session:
        user_id = session.execute(
            sa.select(User.id).where(User.email == "owner@uni-a.example")
        ).scalar_one()
        principal = authz.principal_for(session, user_id)
        assert payouts.refresh_for(session, connect_provider(), principal, "uni-a").payable
    assert owner.get("/api/staff/uni-a/payments").json()["payable"] is True


def _paid(app_env: str, amount: int, fee: int, paid: datetime, refunded: int = 0, refunded_at=None):
    with session_scope(app_env) as session:
        offering = session.execute(sa.select(Offering)).scalars().first()
        buyer = session.execute(
            sa.select(User).where(User.email == "owner@uni-a.example")
        ).scalar_one()
        session.add(
            Order(
                user_id=buyer.id,  # type: ignore[arg-type]
                offering_id=offering.id,  # type: ignore[union-attr]
                university_id=offering.university_id,  # type: ignore[union-attr]
                unit_price_minor=amount,
                amount_minor=amount,
                platform_fee_minor=fee,
                currency="PLN",
                provider="stripe",
                state="refunded" if refunded == amount and refunded else "paid",
                paid_at=paid,
                refunded_minor=refunded,
                refunded_at=refunded_at,
            )
        )


def test_statements_per_month_with_the_payouts_stripe_lists(
    owner, stripe: FakeStripe, app_env: str
) -> None:
    owner.post_form("/api/staff/uni-a/payments/onboarding", {})
    account_id = stripe.account_links[0]["account"]
    now = datetime.now(UTC)
    this_month = now.replace(day=1, hour=12)
    _paid(app_env, 12_000, 1_800, this_month)
    _paid(app_env, 10_000, 1_500, this_month, refunded=10_000, refunded_at=this_month)
    stripe.add_payout(account_id, 8_000, "pln", int(this_month.timestamp()))
    body = owner.get("/api/staff/uni-a/payments").json()
    (line,) = body["months"]
    assert line["month"] == this_month.strftime("%Y-%m") and line["sales"] == 2
    assert (line["gross_minor"], line["fee_minor"], line["refunds_minor"]) == (
        22_000,
        1_800,
        10_000,
    )
    assert line["net_minor"] == 22_000 - 1_800 - 10_000
    assert line["payouts_minor"] == 8_000 and body["payouts_known"] is True
    (listed,) = stripe.requests_to("GET", "/v1/payouts")
    assert "arrival_date" in listed.params

    download = owner.get("/api/staff/uni-a/payments/statements.csv")
    assert download.status_code == 200 and download.headers["content-type"].startswith("text/csv")
    assert "attachment" in download.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Month", "Currency", "Sales"]
    assert rows[1] == [line["month"], "PLN", "2", "220.00", "18.00", "100.00", "102.00", "80.00"]


def test_the_simulated_provider_has_the_same_flow_offline(owner, new_browser, app_env: str) -> None:
    buyer = _buyer(app_env, new_browser)
    # Never onboarded: offline, nothing is paid out, so demos still sell.
    assert "/checkout/simulated/" in _buy(buyer).headers["location"]
    started = owner.post_form("/api/staff/uni-a/payments/onboarding", {})
    assert started.headers["location"] == f"{FRONT}/staff/uni-a/payments/simulated"
    other = _buyer_two(app_env, new_browser)
    assert NOT_PAYABLE in other.landing(_buy(other))[1][1]
    _, flash, _ = owner.landing(
        owner.post_form("/api/staff/uni-a/payments/simulated", {"payable": "1"})
    )
    assert flash is not None and flash[0] == "success"
    assert owner.get("/api/staff/uni-a/payments").json()["payable"] is True
    assert "/checkout/simulated/" in _buy(other).headers["location"]
    owner.post_form("/api/staff/uni-a/payments/simulated", {"payable": "0"})
    third = new_browser()
    third.client.cookies.set(SESSION_COOKIE, person(app_env, "third@example.org"))
    assert NOT_PAYABLE in third.landing(_buy(third))[1][1]


def test_staff_of_one_university_never_see_or_change_another_s_payments(
    owner, new_browser, app_env: str
) -> None:
    person(app_env, "owner@uni-b.example")
    university(app_env, "uni-b", owner="owner@uni-b.example")
    for path in ("/api/staff/uni-b/payments", "/api/staff/uni-b/payments/statements.csv"):
        assert owner.get(path).status_code == 403, path
    _, flash, _ = owner.landing(owner.post_form("/api/staff/uni-b/payments/onboarding", {}))
    assert flash is not None and flash[0] == "error"
    _, flash, _ = owner.landing(owner.get("/api/staff/uni-b/payments/onboarding"))
    assert flash is not None and flash[0] == "error"
    # The provider's refresh link only makes new links: it opens no account.
    _, flash, _ = owner.landing(owner.get("/api/staff/uni-a/payments/onboarding"))
    assert flash == ("error", "Start setting up payouts first.")
    assert _account(app_env, "simulated") is None
    owner.post_form("/api/staff/uni-a/payments/onboarding", {})
    _, flash, _ = owner.landing(
        owner.post_form("/api/staff/uni-b/payments/simulated", {"payable": "1"})
    )
    assert flash is not None and flash[0] == "error"
    with session_scope(app_env) as session:
        accounts = session.execute(sa.select(PayoutAccount)).scalars().all()
    assert [(a.university_id, a.charges_enabled) for a in accounts] == [
        (accounts[0].university_id, False)
    ]
    assert owner.get("/api/staff/uni-a/payments").status_code == 200
    operator_browser = new_browser()
    operator_browser.client.cookies.set(
        SESSION_COOKIE, person(app_env, "ops@example.org", admin=True)
    )
    assert operator_browser.get("/api/staff/uni-b/payments").status_code == 200
    # The operator looks but does not onboard for the university.
    _, flash, _ = operator_browser.landing(
        operator_browser.post_form("/api/staff/uni-b/payments/onboarding", {})
    )
    assert flash is not None and flash[0] == "error"


def test_an_operator_with_an_account_id_still_connects_it_from_the_command_line(
    stripe: FakeStripe, app_env: str
) -> None:
    university(app_env, "uni-a")
    _, created = stripe._account_params({"type": "standard", "country": "PL"})
    stripe.finish_onboarding(created["id"])
    with session_scope(app_env) as session:
        state = operator.connect_university(session, "uni-a", created["id"])
    assert state.payable
    assert stripe.requests_to("GET", f"/v1/accounts/{created['id']}")
