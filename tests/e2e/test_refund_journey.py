"""Refunds in a real browser: a confirmation step, and what a refund does to a credential.

A university owner refunds the order of a learner who already passed: the first click
only opens what will happen (the amount, and that the credential will be revoked), the
second one does it; the roster then still lists the learner, with the order refunded and
the credential revoked for that reason. A learner who passed is told why they can no
longer withdraw, and gets no button. (The learner's own two-step withdrawal is walked in
`test_checkout_journey.py`.)
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from tests.e2e import steps
from tests.e2e.steps import add_person

pytestmark = [pytest.mark.e2e, pytest.mark.payments, pytest.mark.credentials]

SLUG = "e2e-refund"
PRICE = 49_900


@dataclass
class Shop:
    owner: str
    refunded: str  # passed, and refunded by the owner in the test
    assessed: str  # passed, keeps the order: may not withdraw
    refunded_credential: str


@pytest.fixture(scope="module")
def shop(base_url: str, e2e_database_url: str) -> Shop:
    from sqlmodel import select

    from microcred_market.accounts.models import StaffRole
    from microcred_market.catalogue.models import Offering
    from microcred_market.credentials import issuing
    from microcred_market.credentials.models import IssuedCredential
    from microcred_market.orders import service as orders
    from microcred_market.orders.models import Enrolment
    from microcred_market.platform.db import session_scope
    from microcred_market.platform.outbox import process_outbox
    from tests.support.credential_world import make_world

    world = make_world(e2e_database_url, learners=0, slug=SLUG)
    people = {
        name: add_person(
            e2e_database_url, f"{name}@{SLUG}.example.org", name=f"{name.title()} Person"
        )
        for name in ("owner", "refunded", "assessed")
    }
    with session_scope(e2e_database_url) as session:
        offering = session.get(Offering, world.offering_id)
        assert offering is not None
        offering.price_minor, offering.currency = PRICE, "PLN"
        session.add(offering)
        session.add(
            StaffRole(user_id=people["owner"], university_id=world.university_id, role="owner")
        )
        slug = offering.slug
    for name in ("refunded", "assessed"):
        with session_scope(e2e_database_url) as session:
            new = orders.create_order(
                session, user_id=people[name], offering_slug=slug, provider="simulated"
            )
            order = orders.order_by_uuid(session, new.order_uuid)
            assert order.id is not None
            orders.apply_event(session, order.id, "paid", "e2e")
            enrolment = session.exec(select(Enrolment).where(Enrolment.order_id == order.id)).one()
            issuing.record_pass(session, enrolment, grade="88", actor_user_id=world.assessor_id)
    process_outbox(e2e_database_url)
    with session_scope(e2e_database_url) as session:
        row = session.exec(
            select(IssuedCredential).where(IssuedCredential.user_id == people["refunded"])
        ).one()
        assert row.state == "active"
        credential_uuid = str(row.uuid)
    return Shop(
        owner=f"owner@{SLUG}.example.org",
        refunded=f"refunded@{SLUG}.example.org",
        assessed=f"assessed@{SLUG}.example.org",
        refunded_credential=credential_uuid,
    )


def sign_in(page: Page, email: str, next_path: str) -> None:
    steps.sign_in(page, email, next_path)
    expect(page.locator("#account-link")).to_be_visible()


def credential_state(e2e_database_url: str, credential_uuid: str) -> tuple[str, str]:
    from microcred_market.credentials import issuing
    from microcred_market.platform.db import session_scope

    with session_scope(e2e_database_url) as session:
        row = issuing.credential_by_uuid(session, credential_uuid)
        return row.state, row.state_reason


def test_a_staff_refund_asks_first_then_revokes_and_the_roster_keeps_the_learner(
    browse, shop: Shop, e2e_database_url: str
) -> None:
    page = browse.new_page()
    sign_in(page, shop.owner, f"/staff/{SLUG}")
    page.goto(f"/staff/{SLUG}")
    row = page.locator("#sales-table tr", has_text="Refunded Person")
    expect(row).to_have_count(1)
    panel = row.locator(".refund-panel")
    expect(panel).to_be_hidden()

    # First click: only what will happen.
    row.locator("summary.refund-button").click()
    expect(panel).to_be_visible()
    expect(panel.locator(".refund-amount-preview")).to_have_text(re.compile(r"499\.00"))
    expect(panel.locator(".refund-revokes")).to_contain_text("revokes the learner's credential")
    time.sleep(0.5)
    assert credential_state(e2e_database_url, shop.refunded_credential) == ("active", "")

    # Second, explicit click: done.
    panel.locator(".refund-confirm-button").click()
    expect(page.locator("#flash")).to_contain_text("Refund requested")
    deadline = time.monotonic() + 20
    while credential_state(e2e_database_url, shop.refunded_credential)[0] != "revoked":
        assert time.monotonic() < deadline, "the refund never revoked the credential"
        time.sleep(0.3)
    assert credential_state(e2e_database_url, shop.refunded_credential) == ("revoked", "refunded")

    # The roster still lists the learner, with what became of order and credential.
    page.goto(f"/staff/{SLUG}/learners")
    card = page.locator(".roster-row", has_text="Refunded Person")
    expect(card).to_have_count(1)
    expect(card.locator(".roster-state")).to_have_text("Revoked")
    expect(card.locator(".roster-order")).to_contain_text("refunded")
    expect(card.locator(".roster-reason")).to_contain_text("refunded in full")


def test_a_learner_who_passed_is_told_why_there_is_no_withdrawal(browse, shop: Shop) -> None:
    page = browse.new_page()
    sign_in(page, shop.assessed, "/learning")
    page.goto("/learning")
    expect(page.locator(".withdraw-closed")).to_contain_text("result has been recorded")
    expect(page.locator(".refund-confirm")).to_have_count(0)
