"""Steps that several browser journeys take, each asserting what the person sees.

A person is made straight in the database (signing up has its own journey); everything
else goes through the pages: signing in, applying for a university to join, an operator's
approval, simulated payouts, writing an offering, its preview, publishing, finding it in
the catalogue and paying at the simulated provider's checkout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from playwright.sync_api import Page, expect

from tests.e2e.support import PHONE, shot

PASSWORD = "plums are purple on tuesdays"


def add_person(url: str, email: str, *, name: str = "", admin: bool = False) -> int:
    """A verified account with `PASSWORD` (an operator's when `admin`); its id."""
    from microcred_market.accounts import passwords
    from microcred_market.accounts.models import User
    from microcred_market.platform.clock import utcnow
    from microcred_market.platform.db import session_scope

    with session_scope(url) as session:
        user = User(
            email=email,
            email_verified_at=utcnow(),
            display_name=name or email.split(".")[0].title(),
            is_admin=admin,
            password_hash=passwords.hash_password(PASSWORD),
        )
        session.add(user)
        session.flush()
        assert user.id is not None
        return user.id


def submit_sign_in(page: Page, email: str) -> None:
    """On the sign-in form (where a page sent a visitor who must sign in first)."""
    expect(page.locator("#signin-form")).to_be_visible()
    page.fill("#field-email", email)
    page.fill("#field-password", PASSWORD)
    page.click("#signin-submit")


def sign_in(page: Page, email: str, next_path: str) -> None:
    page.goto(f"/signin?next={quote(next_path)}")
    submit_sign_in(page, email)


def fits_phone(page: Page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide on a phone"


# ---------------------------------------------------------------- a university joins


@dataclass(frozen=True)
class Applicant:
    """What a person writes on /join for their university."""

    name: str
    slug: str  # the address the approved university gets
    city: str
    website: str
    quality_body: str
    contact_name: str
    contact_email: str
    country: str = "PL"


def apply_to_join(page: Page, who: Applicant, *, on_phone: bool = False) -> None:
    """On /join (signed in): the form filled and sent; the application waits."""
    expect(page.locator("#join-form")).to_be_visible()
    page.fill("#join-name", who.name)
    page.select_option("#join-country", who.country)
    page.fill("#join-city", who.city)
    page.fill("#join-website", who.website)
    page.fill("#join-quality_body", who.quality_body)
    page.fill("#join-contact_name", who.contact_name)
    page.fill("#join-contact_email", who.contact_email)
    if on_phone:
        fits_phone(page)
    page.click("#join-submit")
    expect(page.locator("#flash")).to_contain_text("Application sent")
    expect(page.locator("#my-applications")).to_contain_text("Waiting for a decision")


def approve_application(operator: Page, who: Applicant) -> None:
    """On /admin/universities: the pending application, with its quality body, approved."""
    pending = operator.locator("#pending-applications")
    expect(pending).to_contain_text(who.name)
    expect(pending).to_contain_text(who.quality_body)
    pending.get_by_role("button", name="Approve").first.click()
    expect(operator.locator("#flash")).to_contain_text("Approved")


def set_up_simulated_payouts(page: Page, slug: str, *, on_phone: bool = False) -> None:
    """The owner connects the simulated payment provider until the university can sell."""
    page.goto(f"/staff/{slug}/payments")
    expect(page.locator("#payments-status")).to_contain_text("not set up")
    if on_phone:
        fits_phone(page)
    page.click("#payments-onboard")
    expect(page.locator("main")).to_contain_text("simulated payment provider")
    page.click("#simulated-payable")
    expect(page.locator("#payments-status")).to_contain_text("Ready")


# ---------------------------------------------------------------- an offering


@dataclass(frozen=True)
class Draft:
    """The basics of a new offering, as the editor's labels ask for them."""

    title: str
    summary: str
    eqf: str
    isced: str
    ects: str  # as typed (e.g. "2,5")
    price: str


def fill_basics(page: Page, draft: Draft) -> None:
    """On the editor of a new offering: title, summary, level, field, workload, price."""
    expect(page.locator("#au-heading")).to_contain_text("New offering")
    page.get_by_label("Title", exact=True).fill(draft.title)
    page.get_by_label("Summary (one or two sentences)").fill(draft.summary)
    page.get_by_label("EQF level").select_option(draft.eqf)
    page.get_by_label("Field of education (ISCED-F)").select_option(draft.isced)
    page.get_by_label("Workload in ECTS (e.g. 2.5)").fill(draft.ects)
    page.get_by_label("Price", exact=True).fill(draft.price)


def save_complete(page: Page) -> None:
    """Save; the checklist says nothing is missing any more."""
    page.click("#au-save")
    expect(page.locator("#au-message")).to_contain_text("Saved.")
    expect(page.locator("#au-ready")).to_contain_text("Every mandatory EU element is there")
    expect(page.locator("#au-problems")).to_have_count(0)


def open_preview(page: Page, title: str, outcome: str, nqf: str, ects: str) -> None:
    """The preview: the learner's page of the offering, under a banner."""
    page.click("#au-preview")
    expect(page.locator("#preview-banner")).to_contain_text("Preview")
    expect(page.locator("main h1")).to_contain_text(title)
    expect(page.locator("#outcomes")).to_contain_text(outcome)
    expect(page.locator("#fact-nqf")).to_contain_text(nqf)
    expect(page.locator("#fact-ects")).to_contain_text(ects)


def publish(page: Page) -> None:
    """Back from the preview, publish: version 1 is out."""
    page.click("#au-publish")
    expect(page.locator("#au-message")).to_contain_text("Published as version 1")
    expect(page.locator("#au-version")).to_contain_text("1")
    expect(page.locator("#au-status")).to_contain_text("Published")


def found_by_search(page: Page, words: str, title: str) -> None:
    """The catalogue's search, opened with `words`, shows the offering first."""
    page.goto(f"/catalogue?q={quote(words)}")
    expect(page.locator(".offering-card .card-title").first).to_contain_text(title)


# ---------------------------------------------------------------- buying


def pay_at_simulated_checkout(page: Page, amount: str, shot_name: str = "") -> None:
    """On the simulated provider's checkout: the amount due, paid; the learner is in."""
    expect(page.locator("#checkout-amount")).to_have_text(re.compile(re.escape(amount)))
    if shot_name:
        shot(page, shot_name)
    page.click("#pay-success")
    expect(page.locator("#order-result")).to_contain_text("You are enrolled")
