"""A university joins the market in a real browser, on a phone: the applicant applies,
an operator approves, the applicant (now its owner) writes the university's page, which
the public page shows, and sets up (simulated) payouts until the university can sell."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import (
    Applicant,
    add_person,
    apply_to_join,
    approve_application,
    fits_phone,
    set_up_simulated_payouts,
    sign_in,
)
from tests.e2e.support import PHONE, shot

pytestmark = [pytest.mark.e2e, pytest.mark.portal]

ELBLAG = Applicant(
    name="Akademia Nauk Stosowanych w Elblągu",
    slug="akademia-nauk-stosowanych-w-elblagu",
    city="Elbląg",
    website="https://www.ans-elblag.example",
    quality_body="Polska Komisja Akredytacyjna (PKA)",
    contact_name="Jan Kowalski",
    contact_email="rektorat@ans-elblag.example",
)


def test_apply_approve_and_the_owner_writes_the_page_and_sets_up_payouts(
    browse: Any, mailbox: Any, e2e_database_url: str
) -> None:
    add_person(e2e_database_url, "applicant.e2e@example.org")
    add_person(e2e_database_url, "portal.ops@example.org", admin=True)
    applicant = browse.new_page(viewport=PHONE)
    sign_in(applicant, "applicant.e2e@example.org", "/join")
    apply_to_join(applicant, ELBLAG, on_phone=True)
    shot(applicant, "portal-join-phone")

    operator = browse.new_page()
    sign_in(operator, "portal.ops@example.org", "/admin/universities")
    approve_application(operator, ELBLAG)
    mail = mailbox.last_link("applicant.e2e@example.org")
    assert mail.endswith(f"/staff/{ELBLAG.slug}/university")

    applicant.goto(f"/staff/{ELBLAG.slug}/university")
    expect(applicant.locator("#uni-page-form")).to_be_visible()
    applicant.fill("#uni-description", "Uczelnia zawodowa nad Zalewem Wiślanym.")
    applicant.fill("#uni-quality_assurance", "Akredytacja PKA; coroczny przegląd kursów.")
    fits_phone(applicant)
    applicant.click("#uni-save")
    expect(applicant.locator("#flash")).to_contain_text("saved")
    applicant.goto(f"/universities/{ELBLAG.slug}")
    expect(applicant.locator("main")).to_contain_text("nad Zalewem Wiślanym")

    set_up_simulated_payouts(applicant, ELBLAG.slug, on_phone=True)
    shot(applicant, "portal-payments-phone")
