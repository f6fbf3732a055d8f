"""Wrong links and bad input get a friendly page or a notice, never an error screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.support import shot, wait_for_results


def assert_friendly_not_found(page: Page) -> None:
    heading = page.locator("#not-found")
    expect(heading).to_be_visible()
    expect(heading).to_have_text("We could not find that page")
    expect(page.get_by_role("link", name="Go to the catalogue")).to_be_visible()
    expect(page.locator("#nav-catalogue")).to_be_visible()


@pytest.mark.e2e
@pytest.mark.catalogue
def test_unknown_path_shows_friendly_404(page: Page) -> None:
    page.goto("/this/page/does-not-exist")
    assert_friendly_not_found(page)
    shot(page, "desktop-404", full_page=False)

    page.get_by_role("link", name="Go to the catalogue").click()
    expect(page.locator("h1")).to_have_text("Catalogue")


@pytest.mark.e2e
@pytest.mark.catalogue
def test_unknown_offering_shows_friendly_404(page: Page) -> None:
    page.goto("/offerings/no-such-course")
    assert_friendly_not_found(page)
    expect(page.locator("#facts")).to_have_count(0)
    expect(page.locator("script#course-jsonld")).to_have_count(0)


@pytest.mark.e2e
@pytest.mark.catalogue
def test_bad_catalogue_input_shows_notices_not_an_error(page: Page, expected) -> None:
    long_q = ("data " * 400)[:2000]
    params = {"eqf": "99", "page": "abc", "price_min": "x", "q": long_q}
    want = expected(params)
    assert len(want.notices) >= 4

    page.goto(f"/catalogue?eqf=99&page=abc&price_min=x&q={long_q.replace(' ', '+')}")

    notices = page.locator(".notice")
    expect(notices).to_have_count(len(want.notices))
    for notice in want.notices:
        expect(notices.filter(has_text=notice.text("en"))).to_have_count(1)
    expect(page.locator(".notice").first).to_contain_text("only its first words")
    wait_for_results(page, want.total)
    expect(page.locator("h1")).to_have_text("Catalogue")
    expect(page.locator("#not-found")).to_have_count(0)
    search_words = page.locator("#q").input_value()
    assert 0 < len(search_words) <= 200
    shot(page, "desktop-catalogue-bad-input", full_page=False)
