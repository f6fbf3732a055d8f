"""A learner with one part opens the qualification on a phone: their progress, the tick
on the part that counts, what is missing and the ways to finish, without sideways scroll."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect

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
    # Signing in sends the person on to where they were going (`next`).
    page.wait_for_url(f"**/qualifications/{QUALIFICATION}")
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
    # Pinned as a goal, the qualification's courses say so in the catalogue (not the part
    # already held), and "My progress" charts it.
    page.click("#goal-toggle")
    expect(page.locator("#goal-notice")).to_contain_text("Pinned as your goal")
    expect(page.locator("#goal-toggle")).to_have_attribute("aria-pressed", "true")
    page.goto(f"/catalogue?qualification={QUALIFICATION}")
    cards = page.locator(".offering-card")
    expect(cards.first).to_be_visible()
    marked = page.locator(".offering-card", has=page.locator(".goal-badge"))
    expect(marked.first).to_contain_text("Counts toward your goal")
    held = page.locator(".offering-card", has=page.locator(f"a[href='/offerings/{PART}']"))
    expect(held.locator(".goal-badge")).to_have_count(0)
    assert sideways(page) is None
    page.goto("/progress")
    expect(page.locator("#chart-qualifications .recharts-bar-rectangle").first).to_be_visible()
    goal = page.locator(".progress-card", has_text="Goal")
    expect(goal).to_contain_text("5 of 15 ECTS")
    # A third of the bar, drawn as a value (not Radix's part-filled "indeterminate" bar).
    bar = goal.get_by_role("progressbar")
    expect(bar).to_have_attribute("aria-valuenow", "33")
    expect(bar).to_have_attribute("data-state", "loading")
    expect(page.locator("#numbers-over-time")).to_be_attached()
    assert sideways(page) is None
    goal.locator("button.unpin").click()
    expect(page.locator("#progress-notice")).to_contain_text("No longer one of your goals")
    # Still listed: a credential counts toward it, but it is no longer a goal.
    expect(page.locator(".progress-card", has_text="Goal")).to_have_count(0)
    expect(page.locator(".progress-card")).to_contain_text("5 of 15 ECTS")


# Cybersecurity Foundations (awarded by Politechnika Gdańska): one core module and at least
# 6 ECTS of specialist modules; here the parts come from Gdańsk and from TU München.
CYBER = "cybersecurity-foundations"
CYBER_TITLE = "Cybersecurity Foundations"
JOURNEY_EMAIL = "journey@stacking.example.org"
STAFF_EMAIL = "staff@stacking.example.org"
HELD = ("pg-podstawy-cyberbezpieczenstwa", "tum-secure-software-development")
THIRD = "pg-bezpieczenstwo-sieci"


@dataclass(frozen=True)
class Journey:
    learner_id: int
    assessor_ids: dict[str, int]  # university slug -> an owner there
    enrolments: dict[str, str]  # offering slug -> enrolment uuid


def _journey(url: str) -> Journey:
    """A learner with passes in two of the three parts, from two universities."""
    from sqlmodel import select

    from microcred_market.accounts import passwords
    from microcred_market.accounts.models import StaffRole, User
    from microcred_market.catalogue.models import Offering, University
    from microcred_market.orders.models import Enrolment
    from microcred_market.platform.clock import utcnow
    from microcred_market.platform.db import session_scope

    with session_scope(url) as session:
        learner = User(
            email=JOURNEY_EMAIL,
            display_name="Jordan Journey",
            email_verified_at=utcnow(),
            password_hash=passwords.hash_password(PASSWORD),
        )
        session.add(learner)
        session.flush()
        assessors: dict[str, int] = {}
        enrolments: dict[str, str] = {}
        for slug in (*HELD, THIRD):
            offering = session.exec(select(Offering).where(Offering.slug == slug)).one()
            if offering.start_date is not None:
                # The demo runs these next year: this cohort's assessment window is open now.
                offering.start_date = date.today() - timedelta(days=60)
                offering.end_date = date.today() - timedelta(days=1)
                session.add(offering)
            university = session.get(University, offering.university_id)
            assert university is not None
            if university.slug not in assessors:
                staff = User(
                    email=STAFF_EMAIL
                    if slug == HELD[0]
                    else f"{university.slug}@stacking.example.org",
                    display_name="Staff Member",
                    email_verified_at=utcnow(),
                    password_hash=passwords.hash_password(PASSWORD),
                )
                session.add(staff)
                session.flush()
                session.add(StaffRole(user_id=staff.id, university_id=university.id, role="owner"))
                assessors[university.slug] = int(staff.id or 0)
            enrolment = Enrolment(user_id=learner.id, offering_id=offering.id)
            session.add(enrolment)
            session.flush()
            enrolments[slug] = str(enrolment.uuid)
        return Journey(int(learner.id or 0), assessors, enrolments)


def _pass(url: str, journey: Journey, slug: str) -> None:
    """The assessor's decision, through the real path, then the outbox reacts."""
    from sqlmodel import select

    from microcred_market.accounts import authz
    from microcred_market.assessments import decisions
    from microcred_market.catalogue.models import Offering, University
    from microcred_market.platform.db import session_scope
    from microcred_market.platform.outbox import process_outbox

    with session_scope(url) as session:
        offering = session.exec(select(Offering).where(Offering.slug == slug)).one()
        university = session.get(University, offering.university_id)
        assert university is not None
        decisions.decide(
            session,
            principal=authz.principal_for(session, journey.assessor_ids[university.slug]),
            enrolment_uuid=journey.enrolments[slug],
        )
    for _ in range(4):
        process_outbox(url)


def _stacked_uuid(url: str, journey: Journey) -> str:
    from sqlmodel import col, select

    from microcred_market.credentials.models import IssuedCredential
    from microcred_market.platform.db import session_scope

    with session_scope(url) as session:
        row = session.exec(
            select(IssuedCredential).where(
                IssuedCredential.user_id == journey.learner_id,
                col(IssuedCredential.qualification_id).is_not(None),
            )
        ).one()
        return str(row.uuid)


def _sign_in(page: Page, email: str, next_path: str) -> None:
    page.goto(f"/signin?next={quote(next_path)}")
    page.fill("#field-email", email)
    page.fill("#field-password", PASSWORD)
    page.click("#signin-submit")
    expect(page).to_have_url(re.compile(re.escape(next_path) + "$"))


def test_two_universities_stack_into_a_qualification_until_a_part_is_revoked(
    browse: Any, e2e_database_url: str, base_url: str
) -> None:
    from microcred_market.platform import urls
    from microcred_market.platform.outbox import process_outbox

    journey = _journey(e2e_database_url)
    for slug in HELD:
        _pass(e2e_database_url, journey, slug)

    # Two parts from two universities: the qualification page shows how far they are.
    learner = browse.new_page()
    _sign_in(learner, JOURNEY_EMAIL, f"/qualifications/{CYBER}")
    expect(learner.locator("#progress-ects")).to_contain_text("7")
    counted = learner.locator(
        "#progress-tree .progress-node[data-done='yes']", has_text="Counts here:"
    )
    expect(counted).to_have_count(2)
    expect(learner.locator("#progress-missing")).to_be_visible()
    learner.goto("/wallet")
    expect(learner.locator(".wallet-credential")).to_have_count(2)
    expect(learner.locator(".wallet-credential", has_text=CYBER_TITLE)).to_have_count(0)

    # The third part is passed: the qualification is awarded and lands in the wallet.
    _pass(e2e_database_url, journey, THIRD)
    learner.goto(f"/qualifications/{CYBER}")
    expect(learner.locator("#progress-done")).to_be_visible()
    expect(counted).to_have_count(3)
    learner.goto("/wallet")
    expect(learner.locator(".wallet-credential")).to_have_count(4)
    stacked = learner.locator(".wallet-credential", has_text=CYBER_TITLE)
    expect(stacked).to_have_count(1)
    expect(stacked.locator(".credential-state")).to_have_text("Valid")
    stacked_uuid = _stacked_uuid(e2e_database_url, journey)

    employer = browse.new_page()
    employer.goto(urls.verify_page(stacked_uuid).removeprefix(base_url))
    expect(employer.locator("#verdict")).to_have_attribute("data-verdict", "valid")
    expect(employer.locator("#parts .part")).to_have_count(3)
    expect(employer.locator("#parts .part[data-state='active']")).to_have_count(3)

    # Gdańsk's staff member revokes the core module in the roster.
    staff = browse.new_page()
    _sign_in(staff, STAFF_EMAIL, "/staff/politechnika-gdanska/learners")
    row = staff.locator(f"#enrolment-{journey.enrolments[HELD[0]]}")
    expect(row.locator(".roster-state")).to_have_text("Valid")
    row.locator("input[name=reason]").fill("The exam was sat by someone else.")
    row.locator("button.revoke").click()
    expect(staff.locator("#flash")).to_contain_text("Revoked")
    row = staff.locator(f"#enrolment-{journey.enrolments[HELD[0]]}")
    expect(row.locator(".roster-state")).to_have_text("Revoked")
    for _ in range(4):
        process_outbox(e2e_database_url)

    # The qualification no longer holds: suspended, its revoked part named as such.
    employer.reload()
    expect(employer.locator("#verdict")).to_have_attribute("data-verdict", "suspended")
    expect(employer.locator("#verdict-title")).to_have_text("Suspended")
    parts = employer.locator("#parts .part")
    expect(parts).to_have_count(3)
    revoked = employer.locator("#parts .part[data-state='revoked']")
    expect(revoked).to_have_count(1)
    expect(revoked.locator(".part-state")).to_have_text("revoked")
    expect(employer.locator("#parts .part[data-state='active']")).to_have_count(2)
    learner.reload()
    stacked = learner.locator(".wallet-credential", has_text=CYBER_TITLE)
    expect(stacked.locator(".credential-state")).to_have_text("Suspended")

    # The awarding staff's builder checks a rule as it is typed, before anything is saved.
    staff.goto("/staff/politechnika-gdanska/qualifications")
    rule_box = staff.locator(f"#q-rule-{CYBER}")
    saved = rule_box.input_value()
    preview = staff.locator(f"#q-preview-{CYBER}")
    rule_box.fill(saved[:-3])
    expect(preview.locator(".rule-preview-text")).to_have_attribute("data-kind", "error")
    expect(preview).to_contain_text("not valid JSON")
    tightened = json.loads(saved)
    tightened["root"]["id"] = "whole"
    rule_box.fill(json.dumps(tightened, indent=2))
    expect(preview.locator(".rule-preview-text")).to_have_attribute("data-kind", "success")
    expect(preview).to_contain_text("Not saved yet.")
    expect(preview.locator(".rule-words")).to_contain_text("ECTS")
    staff.reload()
    expect(staff.locator(f"#q-rule-{CYBER}")).to_have_value(saved)
