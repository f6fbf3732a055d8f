"""The whole life of a new university, in one browser: a person applies for it to join the
market, an operator approves, the applicant (now its owner) sets up simulated payouts,
writes an offering with every mandatory EU element, previews it as learners will see it
and publishes it; a learner finds it in the catalogue (by its university and by search)
and buys it at the simulated provider's checkout; the university's analytics show the
enrolment and the sale, in the totals, the numbers behind the charts and per offering."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.steps import (
    Applicant,
    Draft,
    add_person,
    apply_to_join,
    approve_application,
    fill_basics,
    found_by_search,
    open_preview,
    pay_at_simulated_checkout,
    publish,
    save_complete,
    set_up_simulated_payouts,
    sign_in,
    submit_sign_in,
)
from tests.e2e.support import shot, wait_for_results

pytestmark = [pytest.mark.e2e, pytest.mark.portal]

APPLICANT = "rektor@wsgw-torun.example.org"
OPERATOR = "market.ops@example.org"
LEARNER = "learner.journey@example.org"
TORUN = Applicant(
    name="Wyższa Szkoła Gospodarki Wodnej w Toruniu",
    slug="wyzsza-szkola-gospodarki-wodnej-w-toruniu",
    city="Toruń",
    website="https://www.wsgw-torun.example",
    quality_body="Polska Komisja Akredytacyjna (PKA)",
    contact_name="Anna Wiśniewska",
    contact_email="rektorat@wsgw-torun.example",
)
TITLE = "Retencja wody opadowej w mieście"
OUTCOME = "The learner can size a rain garden and a retention tank for a city block."
QA = "Programme reviewed each year by the university's quality board (PKA accredited)."
DRAFT = Draft(
    title=TITLE,
    summary="Rain gardens, green roofs and retention tanks: keeping storm water in the city.",
    eqf="5",
    isced="0521",
    ects="1,5",
    price="380",
)
PRICE = "380.00"


def _write_every_eu_element(page: Page) -> None:
    """The editor of a new offering, every mandatory EU element filled by its label."""
    fill_basics(page, DRAFT)
    page.get_by_label("PRK level (Polish Qualifications Framework)").select_option("5")
    page.get_by_label("Form of participation").select_option("online")
    page.get_by_label("Type of assessment").select_option("project")
    page.get_by_label("Supervision and identity check").select_option("supervised-online-id")
    page.get_by_label("Quality assurance of this offering").fill(QA)
    page.locator(".au-outcome-input").first.fill(OUTCOME)


def _sale_figures(url: str) -> tuple[str, str]:
    """(the month of the sale as the analytics name it, the net amount after our fee),
    from the one paid order of the new university."""
    from sqlmodel import select

    from microcred_market.catalogue.models import University
    from microcred_market.orders.models import Order
    from microcred_market.platform.db import session_scope
    from microcred_market.platform.i18n import fmt_money

    with session_scope(url) as session:
        uni = session.exec(select(University).where(University.slug == TORUN.slug)).one()
        order = session.exec(select(Order).where(Order.university_id == uni.id)).one()
        assert order.state == "paid"
        assert order.paid_at is not None
        net = order.amount_minor - order.platform_fee_minor
        return order.paid_at.strftime("%Y-%m"), fmt_money(net, order.currency, "en")


def test_a_new_university_joins_publishes_sells_and_sees_the_sale(
    browse: Any, mailbox: Any, e2e_database_url: str
) -> None:
    add_person(e2e_database_url, APPLICANT, name="Anna Wiśniewska")
    add_person(e2e_database_url, OPERATOR, admin=True)
    add_person(e2e_database_url, LEARNER, name="Lena Learner")

    # A person applies for their university to join the market.
    owner = browse.new_page()
    sign_in(owner, APPLICANT, "/join")
    apply_to_join(owner, TORUN)

    # An operator approves; the applicant is told where their university's pages are.
    operator = browse.new_page()
    sign_in(operator, OPERATOR, "/admin/universities")
    approve_application(operator, TORUN)
    assert mailbox.last_link(APPLICANT).endswith(f"/staff/{TORUN.slug}/university")

    # Before it can sell, the new owner sets up (simulated) payouts.
    set_up_simulated_payouts(owner, TORUN.slug)

    # The owner writes the university's first offering, with every mandatory EU element.
    owner.goto(f"/staff/{TORUN.slug}/offerings")
    expect(owner.locator("#staff-nav-name")).to_have_text(TORUN.name)
    owner.click("#new-offering")
    _write_every_eu_element(owner)
    save_complete(owner)
    expect(owner.locator("#au-status")).to_contain_text("Draft")

    # The preview is the learner's page: every fact, under a banner that says so.
    open_preview(owner, TITLE, OUTCOME, "PRK 5", "1.5")
    expect(owner.locator("#fact-awarding-body")).to_have_text(TORUN.name)
    expect(owner.locator("#fact-eqf")).to_have_text("EQF 5")
    expect(owner.locator("#fact-form")).to_contain_text("Online")
    expect(owner.locator("#fact-assessment")).to_contain_text("Project")
    expect(owner.locator("#fact-supervision")).to_contain_text("identity check")
    expect(owner.locator("#fact-qa")).to_contain_text(QA)
    expect(owner.locator("#fact-price")).to_contain_text(PRICE)
    shot(owner, "market-journey-preview")
    owner.click("#preview-back")
    publish(owner)

    # A learner finds it: in the catalogue under the new university, and by search.
    learner = browse.new_page()
    learner.goto("/catalogue")
    learner.locator(f"#f-university-{TORUN.slug}").click()
    wait_for_results(learner, 1)
    card = learner.locator(".offering-card")
    expect(card).to_have_count(1)
    expect(card).to_contain_text(TITLE)
    expect(card).to_contain_text(TORUN.name)
    found_by_search(learner, "retencja wody", TITLE)

    # ...opens it, signs in and buys it at the simulated provider's checkout.
    learner.locator(".offering-card .card-title").first.click()
    expect(learner.locator("main h1")).to_have_text(TITLE)
    expect(learner.locator("#preview-banner")).to_have_count(0)
    expect(learner.locator("#offering-price")).to_contain_text(PRICE)
    learner.click("#enrol")
    submit_sign_in(learner, LEARNER)  # and back to the course
    expect(learner.locator("main h1")).to_have_text(TITLE)
    learner.click("#enrol")
    pay_at_simulated_checkout(learner, PRICE)
    learner.click("#go-learning")
    expect(learner.locator(".enrolment").first).to_contain_text(TITLE)
    expect(learner.locator(".order-state").first).to_have_text("paid")

    # The university's analytics show the enrolment and the sale.
    month, net = _sale_figures(e2e_database_url)
    owner.goto(f"/staff/{TORUN.slug}/offerings")
    owner.click("#staff-nav-analytics")
    expect(owner.locator("main h1")).to_have_text("Analytics")
    totals = owner.locator("#analytics-totals")
    expect(totals.locator(".total-enrolments")).to_have_text("1")
    expect(totals.locator(".total-revenue")).to_have_text(net)

    enrolments = owner.locator("#numbers-enrolments")
    owner.locator("details:has(#numbers-enrolments) > summary").click()
    row = enrolments.locator("tr", has_text=month)
    expect(row.locator("[data-label='Enrolments']")).to_have_text("1")

    revenue = owner.locator("#numbers-revenue")
    owner.locator("details:has(#numbers-revenue) > summary").click()
    row = revenue.locator("tr", has_text=month)
    expect(row.locator("[data-label='Sales']")).to_have_text("1")
    expect(row.locator("[data-label='Gross']")).to_contain_text(PRICE)
    expect(row.locator("[data-label='Refunds']")).to_have_text("PLN\xa00.00")  # not "Free"
    expect(row.locator("[data-label='Net revenue']")).to_have_text(net)

    line = owner.locator("#analytics-offerings tr", has_text=TITLE)
    expect(line.locator("[data-label='Enrolments']")).to_have_text("1")
    expect(line.locator("[data-label='Net revenue']")).to_have_text(net)
    shot(owner, "market-journey-analytics")
