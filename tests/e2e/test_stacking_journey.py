"""A learner with one part opens the qualification on a phone: their progress, the tick
on the part that counts, what is missing and the ways to finish, without sideways scroll."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.every_page import PASSWORD, sideways
from tests.e2e.support import PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.stacking]

EMAIL = "stacker@stacking.example.org"
QUALIFICATION = "data-analytics-professional"
PART = "tud-data-analysis-with-python"


def _learner_with_one_part(url: str) -> None:
    from sqlmodel import select

    from microcred_market.accounts import authz, passwords
    from microcred_market.accounts.models import StaffRole, User
    from microcred_market.assessments import decisions
    from microcred_market.catalogue.models import Offering
    from microcred_market.orders.models import Enrolment
    from microcred_market.platform.clock import utcnow
    from microcred_market.platform.db import session_scope
    from microcred_market.platform.outbox import process_outbox

    with session_scope(url) as session:
        if session.exec(select(User).where(User.email == EMAIL)).first() is not None:
            return
        offering = session.exec(select(Offering).where(Offering.slug == PART)).one()
        learner = User(
            email=EMAIL,
            display_name="Stacey Stacker",
            email_verified_at=utcnow(),
            password_hash=passwords.hash_password(PASSWORD),
        )
        assessor = User(email="assessor@stacking.example.org", email_verified_at=utcnow())
        session.add_all([learner, assessor])
        session.flush()
        session.add(
            StaffRole(user_id=assessor.id, university_id=offering.university_id, role="owner")
        )
        enrolment = Enrolment(user_id=learner.id, offering_id=offering.id)
        session.add(enrolment)
        session.flush()
        decisions.decide(
            session,
            principal=authz.principal_for(session, assessor.id),
            enrolment_uuid=str(enrolment.uuid),
        )
    for _ in range(4):
        process_outbox(url)


def test_a_learner_sees_their_progress_on_a_phone(
    browse: Any, e2e_database_url: str, base_url: str
) -> None:
    _learner_with_one_part(e2e_database_url)
    page = browse.new_page(PHONE)
    page.goto(f"/signin?next=/qualifications/{QUALIFICATION}")
    page.fill("#field-email", EMAIL)
    page.fill("#field-password", PASSWORD)
    page.click("#signin-submit")
    page.goto(f"/qualifications/{QUALIFICATION}")
    expect(page.locator("#progress-ects")).to_have_text("5 of 15 ECTS")
    expect(page.locator("#progress-missing")).to_have_text("10 of 15 ECTS still needed")
    # The part is ticked and named where it counts; the core group is met by it.
    counted = page.locator(
        "#progress-tree .progress-node[data-done='yes']", has_text="Counts here:"
    )
    expect(counted).to_have_count(1)
    expect(
        page.locator("#progress-tree .progress-node", has_text="Core: any 1 of 2")
    ).to_have_attribute("data-done", "yes")
    expect(page.locator("#way-cheapest")).to_contain_text("Together")
    expect(page.locator("#way-soonest li").first).to_be_visible()
    assert sideways(page) is None
