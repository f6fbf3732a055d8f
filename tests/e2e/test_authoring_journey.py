"""A university's owner writes a new offering in a real browser, on a phone and mostly by
keyboard: a draft, a refused publication that says what is missing next to the field and
at the top, the missing element filled in, an outcome line added and removed, an ESCO
skill chosen, the preview as a learner sees it, publication, the catalogue's search
finding it at once, and a change that makes version 2."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.e2e.conftest import expect
from tests.e2e.steps import (
    Draft,
    add_person,
    fill_basics,
    fits_phone,
    found_by_search,
    open_preview,
    publish,
    save_complete,
    sign_in,
)
from tests.e2e.support import PHONE, shot

pytestmark = [pytest.mark.e2e, pytest.mark.portal, pytest.mark.catalogue]

SLUG = "authoring-e2e"
EMAIL = "owner@authoring-e2e.example.org"
TITLE = "Spółdzielcze magazyny energii"
OUTCOME = "The learner can size a battery store for a housing cooperative."
DRAFT = Draft(
    title=TITLE,
    summary="Battery and heat stores for a housing cooperative, from the first sums to the tender.",
    eqf="6",
    isced="0713",
    ects="2,5",
    price="450",
)
SOLAR = "http://data.europa.eu/esco/skill/ebff077c-c4aa-517e-b436-cc1651838393"


@pytest.fixture(scope="module")
def world(base_url: str, e2e_database_url: str) -> Any:
    from microcred_market.accounts.models import StaffRole
    from microcred_market.platform.db import session_scope
    from tests.support.credential_world import make_world

    made = make_world(e2e_database_url, learners=1, slug=SLUG)
    owner_id = add_person(e2e_database_url, EMAIL, name="Olga Owner")
    with session_scope(e2e_database_url) as session:
        session.add(StaffRole(user_id=owner_id, university_id=made.university_id, role="owner"))
    return made


def test_an_owner_drafts_is_told_what_is_missing_previews_publishes_and_finds_it(
    browse: Any, world: Any
) -> None:
    page = browse.new_page(viewport=PHONE)
    listing = f"/staff/{SLUG}/offerings"
    sign_in(page, EMAIL, listing)
    # The list: the university's offering with its state and version; the staff header
    # links here.
    expect(page.locator("#offerings-table")).to_contain_text("Published")
    expect(page.locator("#staff-nav-offerings")).to_have_attribute("aria-current", "page")
    fits_phone(page)
    page.click("#new-offering")

    # A draft with a title, a level and a workload, but no outcome and no PRK level.
    fill_basics(page, DRAFT)
    fits_phone(page)
    page.click("#au-publish")

    # Refused: in plain words, at the top and next to each field, tied to it.
    problems = page.locator("#au-problems")
    expect(problems).to_contain_text("Not published yet")
    expect(problems).to_contain_text("at least one learning outcome")
    expect(problems).to_contain_text("PRK level")
    expect(problems).to_be_focused()
    expect(page.locator("#au-message")).to_contain_text("Saved as a draft.")
    # The new draft has its own address now.
    expect(page).to_have_url(re.compile(r"/offerings/spoldzielcze-magazyny-energii/?$"))
    prk = page.locator("#au-prk_level")
    expect(page.locator("#au-prk_level-error")).to_contain_text("To publish, add a PRK level")
    expect(prk).to_have_attribute("aria-invalid", "true")
    assert "au-prk_level-error" in (prk.get_attribute("aria-describedby") or "")
    expect(page.locator("#au-outcomes-error")).to_contain_text("at least one learning outcome")
    expect(page.locator("#au-status")).to_contain_text("Draft")
    shot(page, "authoring-refused-phone")
    # The summary's line takes the keyboard to the field.
    problems.get_by_role("link", name="PRK level", exact=False).click()
    expect(prk).to_be_focused()
    prk.select_option("6")

    # Outcomes: type one, add a line, type, remove that line again, by keyboard.
    first = page.locator(".au-outcome-input").first
    first.fill(OUTCOME)
    page.keyboard.press("Tab")
    page.locator("#au-outcome-add").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".au-outcome-input")).to_have_count(2)
    expect(page.locator(".au-outcome-input").nth(1)).to_be_focused()
    page.keyboard.type("A line to take back.")
    page.locator(".au-outcome-remove").nth(1).focus()
    page.keyboard.press("Enter")
    expect(page.locator(".au-outcome-input")).to_have_count(1)
    expect(page.locator(".au-outcome-input").first).to_have_value(OUTCOME)

    # An ESCO skill, found by the search box and chosen with its URI.
    page.get_by_label("Search skills").fill("solar")
    page.keyboard.press("Enter")
    results = page.locator("#au-skill-results")
    expect(results).to_contain_text("solar energy")
    results.get_by_role("button", name="Add: solar energy", exact=True).click()
    expect(page.locator("#au-skills")).to_contain_text(SOLAR)
    expect(page.locator("#au-skill-status")).to_contain_text("Added: solar energy")
    fits_phone(page)

    save_complete(page)

    # The preview: the learner's page, with a banner and the way back.
    open_preview(page, TITLE, OUTCOME, "PRK 6", "2.5")
    fits_phone(page)
    shot(page, "authoring-preview-phone")
    page.click("#preview-back")

    publish(page)

    # In the catalogue's search at once.
    found_by_search(page, "spoldzielcze", TITLE)

    # A change to the published offering is version 2; credentials keep theirs.
    page.goto(f"/staff/{SLUG}/offerings/spoldzielcze-magazyny-energii")
    page.get_by_label("Price", exact=True).fill("490")
    page.click("#au-save")
    expect(page.locator("#au-message")).to_contain_text("Saved as version 2.")
    expect(page.locator("#au-message")).to_contain_text("Credentials already issued keep")
    expect(page.locator("#au-version")).to_contain_text("2")

    # A price in EUR besides the PLN one: a bad amount is named at the field, a good one
    # is added at once (version 3) and what is typed above is neither saved nor lost.
    page.locator("#au-summary").fill("Typed, not saved yet")
    page.get_by_label("Other currency").select_option("EUR")
    page.get_by_label("Amount", exact=True).fill("-5")
    page.click("#au-price-add")
    expect(page.locator("#au-price-error")).to_contain_text("Enter an amount from 0 to")
    expect(page.locator("#au-price-amount")).to_have_attribute("aria-invalid", "true")
    page.locator("#au-price-amount").fill("115,50")
    page.click("#au-price-add")
    expect(page.locator("#au-price-status")).to_contain_text("Price in EUR added.")
    expect(page.locator("#au-price-status")).to_contain_text("version 3")
    expect(page.locator("#au-prices")).to_contain_text("115.50")
    expect(page.locator("#au-prices-all")).to_be_visible()  # PLN and EUR: nothing left
    expect(page.locator("#au-summary")).to_have_value("Typed, not saved yet")
    page.goto("/offerings/spoldzielcze-magazyny-energii")
    expect(page.locator("#fact-price")).to_contain_text("490.00")
    expect(page.locator("#fact-price")).to_contain_text("115.50")
    expect(page.locator("#currency")).to_have_value("PLN")
    page.goto(listing)
    row = page.locator("#offering-spoldzielcze-magazyny-energii")
    expect(row).to_contain_text("Version 3")
    expect(row).to_contain_text("Every EU element is there")
