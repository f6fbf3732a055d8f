"""A university joins the market in a real browser, on a phone: the applicant applies,
an operator approves, the applicant (now its owner) writes the university's page, which
the public page shows, and sets up (simulated) payouts until the university can sell."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.support import PHONE, shot

pytestmark = [pytest.mark.e2e, pytest.mark.portal]

PASSWORD = "plums are purple on tuesdays"
NAME = "Akademia Nauk Stosowanych w Elblągu"
SLUG = "akademia-nauk-stosowanych-w-elblagu"


def _people(url: str) -> None:
    from microcred_market.accounts import passwords
    from microcred_market.accounts.models import User
    from microcred_market.platform.clock import utcnow
    from microcred_market.platform.db import session_scope

    with session_scope(url) as session:
        for email, admin in (
            ("applicant.e2e@example.org", False),
            ("portal.ops@example.org", True),
        ):
            session.add(
                User(
                    email=email,
                    email_verified_at=utcnow(),
                    display_name=email.split(".")[0].title(),
                    is_admin=admin,
                    password_hash=passwords.hash_password(PASSWORD),
                )
            )


def _sign_in(page: Page, email: str, next_path: str) -> None:
    page.goto(f"/signin?next={next_path}")
    page.fill("#field-email", email)
    page.fill("#field-password", PASSWORD)
    page.click("#signin-submit")


def _fits(page: Page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide on a phone"


def test_apply_approve_and_the_owner_writes_the_page_and_sets_up_payouts(
    browse: Any, mailbox: Any, e2e_database_url: str
) -> None:
    _people(e2e_database_url)
    applicant = browse.new_page(viewport=PHONE)
    _sign_in(applicant, "applicant.e2e@example.org", "/join")
    expect(applicant.locator("#join-form")).to_be_visible()
    applicant.fill("#join-name", NAME)
    applicant.select_option("#join-country", "PL")
    applicant.fill("#join-city", "Elbląg")
    applicant.fill("#join-website", "https://www.ans-elblag.example")
    applicant.fill("#join-quality_body", "Polska Komisja Akredytacyjna (PKA)")
    applicant.fill("#join-contact_name", "Jan Kowalski")
    applicant.fill("#join-contact_email", "rektorat@ans-elblag.example")
    _fits(applicant)
    applicant.click("#join-submit")
    expect(applicant.locator("#flash")).to_contain_text("Application sent")
    expect(applicant.locator("#my-applications")).to_contain_text("Waiting for a decision")
    shot(applicant, "portal-join-phone")

    operator = browse.new_page()
    _sign_in(operator, "portal.ops@example.org", "/admin/universities")
    pending = operator.locator("#pending-applications")
    expect(pending).to_contain_text(NAME)
    expect(pending).to_contain_text("Polska Komisja Akredytacyjna")
    pending.get_by_role("button", name="Approve").first.click()
    expect(operator.locator("#flash")).to_contain_text("Approved")
    mail = mailbox.last_link("applicant.e2e@example.org")
    assert mail.endswith(f"/staff/{SLUG}/university")

    applicant.goto(f"/staff/{SLUG}/university")
    expect(applicant.locator("#uni-page-form")).to_be_visible()
    applicant.fill("#uni-description", "Uczelnia zawodowa nad Zalewem Wiślanym.")
    applicant.fill("#uni-quality_assurance", "Akredytacja PKA; coroczny przegląd kursów.")
    _fits(applicant)
    applicant.click("#uni-save")
    expect(applicant.locator("#flash")).to_contain_text("saved")
    applicant.goto(f"/universities/{SLUG}")
    expect(applicant.locator("main")).to_contain_text("nad Zalewem Wiślanym")

    applicant.goto(f"/staff/{SLUG}/payments")
    expect(applicant.locator("#payments-status")).to_contain_text("not set up")
    _fits(applicant)
    applicant.click("#payments-onboard")
    expect(applicant.locator("main")).to_contain_text("simulated payment provider")
    applicant.click("#simulated-payable")
    expect(applicant.locator("#payments-status")).to_contain_text("Ready")
    shot(applicant, "portal-payments-phone")
