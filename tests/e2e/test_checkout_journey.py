"""Buying in a real browser: offering → enrol → simulated checkout → My learning."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import add_person, pay_at_simulated_checkout, sign_in, submit_sign_in
from tests.e2e.support import PHONE, eur_price, scroll_width, shot

pytestmark = [pytest.mark.e2e, pytest.mark.payments]


@pytest.fixture(scope="module")
def learner(e2e_database_url: str) -> str:
    email = "buyer@example.org"
    add_person(e2e_database_url, email, name="Kasia Kupująca")
    return email


def test_enrol_pay_and_find_it_in_my_learning(browse: Any, mailbox: Any, learner: str) -> None:
    page = browse.new_page()
    page.goto("/offerings/uw-analiza-danych-python")
    expect(page.locator("#offering-price")).to_have_text(re.compile("1,490.00"))
    page.click("#enrol")
    # Not signed in: sent to sign in, then back to the course.
    submit_sign_in(page, learner)
    expect(page.locator("#enrol")).to_be_visible()
    page.click("#enrol")

    pay_at_simulated_checkout(page, "1,490.00", shot_name="checkout-simulated")
    page.click("#go-learning")
    expect(page.locator(".enrolment")).to_contain_text("Analiza danych w języku Python")
    expect(page.locator(".order-state").first).to_have_text("paid")
    receipt = page.locator(".receipt-link").first
    href = receipt.get_attribute("href")
    assert href and href.endswith("/receipt.pdf")
    response = page.request.get(href)
    assert response.status == 200 and response.body().startswith(b"%PDF")
    shot(page, "my-learning")
    assert mailbox.wait_for(learner)[-1]["Subject"].startswith("Your receipt")

    # Withdraw within 14 days, in two steps: the first click only says what will happen.
    page.locator(".refund-button").first.click()
    panel = page.locator(".refund-panel").first
    expect(panel).to_be_visible()
    expect(panel.locator(".refund-amount-preview")).to_have_text(re.compile("1,490.00"))
    expect(panel).to_contain_text("Your enrolment will be cancelled")
    expect(page.locator(".order-state").first).to_have_text("paid")
    panel.locator(".refund-confirm-button").click()
    expect(page.locator("#flash")).to_contain_text("Refund requested")
    expect(page.locator(".order-state").first).to_have_text("refunded")


def test_a_declined_card_enrols_nobody(browse: Any, mailbox: Any, learner: str) -> None:
    page = browse.new_page(PHONE)
    sign_in(page, learner, "/offerings/pg-sql-bazy-danych")
    page.click("#enrol")
    page.click("#pay-decline")
    expect(page.locator("#order-result")).to_contain_text("did not go through")
    assert scroll_width(page) <= PHONE["width"]
    page.goto("/learning")
    expect(page.locator(".order-state").first).to_have_text("failed")
    shot(page, "phone-my-learning")


def test_operator_pages_for_operators_only(
    browse: Any, mailbox: Any, learner: str, e2e_database_url: str
) -> None:
    add_person(e2e_database_url, "ops@example.org", name="Ops", admin=True)
    page = browse.new_page()
    sign_in(page, learner, "/admin/orders")
    expect(page.locator("#denied")).to_be_visible()

    operator = browse.new_page()
    sign_in(operator, "ops@example.org", "/admin/orders")
    expect(operator.locator("#sales-table")).to_contain_text("Analiza danych w języku Python")
    operator.click("#admin-orders-link")
    operator.goto("/admin/outbox")
    expect(operator.locator("#outbox-table")).to_contain_text("Your receipt")
    shot(operator, "admin-outbox")


def test_pay_in_euro_when_the_course_has_a_euro_price(
    browse: Any, mailbox: Any, e2e_database_url: str
) -> None:
    """A course priced in PLN and EUR: the address asks for EUR, the select changes it,
    and the checkout charges the EUR price the university set."""
    import sqlalchemy as sa

    from microcred_market.catalogue.models import Offering
    from microcred_market.platform.db import session_scope

    slug = "uw-analiza-danych-python"
    with session_scope(e2e_database_url) as session:
        offering_id = session.execute(
            sa.select(Offering.id).where(Offering.slug == slug)
        ).scalar_one()
        assert eur_price(session, offering_id) == 34_900
    add_person(e2e_database_url, "euro@example.org", name="Eva Euro")
    page = browse.new_page()
    sign_in(page, "euro@example.org", "/learning")
    page.wait_for_url("**/learning")
    # The catalogue asked for EUR finds this PLN course by its EUR price and prices its
    # card in EUR; the card opens the course in EUR.
    page.goto("/catalogue?currency=EUR&price_max=350&q=python")
    link = page.locator(f"a.card-title[href='/offerings/{slug}?currency=EUR']")
    expect(link).to_be_visible()
    card = page.locator(".rt-Card", has=link)
    expect(card.locator(".price")).to_have_text(re.compile("349.00"))
    link.click()
    page.wait_for_url(re.compile(rf"/offerings/{slug}\?currency=EUR"))
    expect(page.locator("#offering-price")).to_have_text(re.compile("349.00"))
    expect(page.locator("#other-prices")).to_contain_text("1,490.00")
    expect(page.locator("#fact-price")).to_contain_text("349.00")
    expect(page.locator("#currency")).to_have_value("EUR")
    page.select_option("#currency", "PLN")
    expect(page.locator("#offering-price")).to_have_text(re.compile("1,490.00"))
    page.select_option("#currency", "EUR")
    expect(page.locator("#offering-price")).to_have_text(re.compile("349.00"))
    page.click("#enrol")
    expect(page.locator("#checkout-amount")).to_have_text(re.compile("€.?349.00"))
    pay_at_simulated_checkout(page, "349.00")

    # Team seats can be bought in EUR too: the page's link keeps the currency chosen.
    page.goto(f"/offerings/{slug}")
    expect(page.locator("#currency")).to_have_value("PLN")
    expect(page.locator("#buy-seats")).to_have_attribute("href", re.compile(r"currency=PLN$"))
    page.select_option("#currency", "EUR")
    expect(page.locator("#buy-seats")).to_have_attribute("href", re.compile(r"currency=EUR$"))
    page.click("#buy-seats")
    page.wait_for_url(re.compile(r"/seats/.*currency=EUR"))
    expect(page.locator("#seats-currency")).to_have_value("EUR")
    expect(page.locator("#seats-currency")).to_contain_text("1,490.00")
