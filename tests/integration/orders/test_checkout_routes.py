"""Buying through the HTTP routes with the simulated provider, as the pages do."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from microcred_market.accounts import service as accounts
from microcred_market.orders import queries as order_queries
from microcred_market.orders.models import Enrolment, Order
from microcred_market.platform.cookies import SESSION_COOKIE
from microcred_market.platform.db import session_scope
from tests.integration.orders.test_orders import make_world

pytestmark = pytest.mark.payments


@pytest.fixture
def shop(browser, app_env):
    w = make_world(app_env, capacity=3, price=129_000)
    with session_scope(app_env) as session:
        from microcred_market.accounts.models import User

        session.execute(sa.update(User).values(preferred_language="en"))
        token = accounts.create_session(session, w["users"][0])
    browser.client.cookies.set(SESSION_COOKIE, token)
    return w


def checkout(browser, **form) -> str:
    response = browser.post_form("/api/orders", {"offering": "course", **form})
    assert response.status_code == 303, response.text
    return response.headers["location"]


def test_enrol_pay_receipt_and_refund(browser, shop, smtp, app_env) -> None:
    location = checkout(browser, amount_minor="1")  # a tampered amount is ignored
    assert "/checkout/simulated/" in location
    order_uuid = location.rsplit("/", 1)[1]
    with session_scope(app_env) as session:
        order = session.execute(sa.select(Order)).scalar_one()
        assert (order.amount_minor, order.currency, order.state) == (129_000, "PLN", "pending")

    response = browser.post_form(f"/api/payments/simulated/{order_uuid}", {"outcome": "success"})
    path, _, query = browser.landing(response)
    assert path == "/checkout/return" and query["order"] == [order_uuid]
    with session_scope(app_env) as session:
        assert session.execute(sa.select(Order.state)).scalar_one() == "paid"
        assert session.execute(sa.select(sa.func.count()).select_from(Enrolment)).scalar_one() == 1

    mail = smtp.wait_for("b0@example.org")[-1]
    assert mail["Subject"].startswith("Your receipt")
    body = mail.get_payload(decode=True).decode()
    assert "1,290.00" in body and "receipt.pdf" in body
    receipt_url = next(w for w in body.split() if "receipt.pdf" in w)
    pdf = browser.get(urlsplit(receipt_url).path)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")

    # Paying twice for the same order changes nothing.
    browser.post_form(f"/api/payments/simulated/{order_uuid}", {"outcome": "success"})
    # Withdraw within 14 days.
    path, flash, _ = browser.landing(browser.post_form(f"/api/orders/{order_uuid}/refund", {}))
    assert path == "/learning" and flash[0] == "success"
    with session_scope(app_env) as session:
        assert session.execute(sa.select(Order.state)).scalar_one() == "refunded"
        assert session.execute(sa.select(Enrolment.status)).scalar_one() == "cancelled"
    assert smtp.wait_for("b0@example.org", 2)[-1]["Subject"].startswith("Refund for")


def test_declined_payment_keeps_nothing(browser, shop, app_env) -> None:
    order_uuid = checkout(browser).rsplit("/", 1)[1]
    browser.post_form(f"/api/payments/simulated/{order_uuid}", {"outcome": "decline"})
    with session_scope(app_env) as session:
        assert session.execute(sa.select(Order.state)).scalar_one() == "failed"
        assert session.execute(sa.select(sa.func.count()).select_from(Enrolment)).scalar_one() == 0
    assert browser.get(f"/api/orders/{order_uuid}/receipt.pdf").status_code == 409


def test_anonymous_buyers_are_sent_to_sign_in_and_back(browser, shop) -> None:
    browser.client.cookies.clear()
    path, _, query = browser.landing(browser.post_form("/api/orders", {"offering": "course"}))
    assert path == "/signin" and query["next"] == ["/offerings/course"]


def test_someone_elses_order_is_invisible(browser, shop, app_env, new_browser) -> None:
    order_uuid = checkout(browser).rsplit("/", 1)[1]
    browser.post_form(f"/api/payments/simulated/{order_uuid}", {"outcome": "success"})
    stranger = new_browser()
    with session_scope(app_env) as session:
        stranger.client.cookies.set(
            SESSION_COOKIE, accounts.create_session(session, shop["users"][1])
        )
    assert stranger.get(f"/api/orders/{order_uuid}/receipt.pdf").status_code == 404
    flash = stranger.landing(stranger.post_form(f"/api/orders/{order_uuid}/refund", {}))[1]
    assert flash[0] == "error"
    flash = stranger.landing(
        stranger.post_form(f"/api/payments/simulated/{order_uuid}", {"outcome": "cancel"})
    )[1]
    assert flash[0] == "error"


@pytest.mark.parametrize("bad", ["not-a-number", "0", "-3", "100000"])
def test_bad_seat_quantities_get_a_message(browser, shop, bad) -> None:
    path, flash, _ = browser.landing(
        browser.post_form("/api/orders", {"offering": "course", "kind": "seats", "quantity": bad})
    )
    assert path == "/seats/course" and flash[0] == "error" and "between 1 and" in flash[1]


def test_unknown_course_and_sold_out(browser, shop, app_env) -> None:
    flash = browser.landing(browser.post_form("/api/orders", {"offering": "no-such"}))[1]
    assert flash[0] == "error" and "not on sale" in flash[1]
    with session_scope(app_env) as session:
        from microcred_market.catalogue.models import Offering

        session.execute(sa.update(Offering).values(seats_taken=3))
    flash = browser.landing(browser.post_form("/api/orders", {"offering": "course"}))[1]
    assert flash[0] == "error" and "sold out" in flash[1]


def test_operator_refunds_any_order_and_returns_to_the_orders_page(
    browser, shop, app_env, new_browser
) -> None:
    from microcred_market.accounts.models import User

    order_uuid = checkout(browser).rsplit("/", 1)[1]
    browser.post_form(f"/api/payments/simulated/{order_uuid}", {"outcome": "success"})
    with session_scope(app_env) as session:
        session.execute(sa.update(User).where(User.id == shop["users"][2]).values(is_admin=True))
        token = accounts.create_session(session, shop["users"][2])
        rows = order_queries.sales_of(session, None)
    assert [r.uuid for r in rows] == [order_uuid]
    operator = new_browser()
    operator.client.cookies.set(SESSION_COOKIE, token)
    path, flash, _ = operator.landing(
        operator.post_form(f"/api/orders/{order_uuid}/refund", {"back": "/admin/orders"})
    )
    assert path == "/admin/orders" and flash[0] == "success"
    with session_scope(app_env) as session:
        assert session.execute(sa.select(Order.state)).scalar_one() == "refunded"
    # An open redirect is not possible through "back".
    path, _, _ = operator.landing(
        operator.post_form(f"/api/orders/{order_uuid}/refund", {"back": "//evil.example/x"})
    )
    assert path == "/learning"
