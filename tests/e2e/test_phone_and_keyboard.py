"""A phone-width screen and a keyboard: the catalogue works without a mouse or a wide screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.support import (
    PHONE,
    open_catalogue,
    outline_style,
    scroll_width,
    shot,
    wait_for_results,
)


@pytest.mark.e2e
@pytest.mark.catalogue
def test_phone_catalogue_has_no_sideways_scroll_and_filters_behind_toggle(
    phone_page: Page, expected
) -> None:
    page = phone_page
    total = expected({}).total
    open_catalogue(page, "", total)
    shot(page, "phone-catalogue", full_page=False)
    assert scroll_width(page) <= PHONE["width"]

    toggle = page.locator("button.filters-toggle")
    filters = page.locator("#filters")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_accessible_name("Filters")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(filters).to_be_hidden()

    toggle.click()

    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(filters).to_be_visible()
    expect(page.locator("#f-eqf-6")).to_be_visible()
    assert scroll_width(page) <= PHONE["width"]
    shot(page, "phone-catalogue-filters")

    page.locator("#f-eqf-6").click()
    wait_for_results(page, expected({"eqf": "6"}).total)
    assert scroll_width(page) <= PHONE["width"]

    toggle.click()
    expect(filters).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")


@pytest.mark.e2e
@pytest.mark.catalogue
def test_phone_offering_page_is_readable(phone_page: Page, expected) -> None:
    page = phone_page
    slug = "uw-analiza-danych-python"
    page.goto(f"/offerings/{slug}")
    title = page.locator("h1")
    expect(title).to_have_text("Analiza danych w języku Python")
    expect(page.locator("#facts")).to_be_visible()
    shot(page, "phone-offering")

    assert scroll_width(page) <= PHONE["width"]
    for selector in ("h1", "#facts", "#offering-price", "#outcomes"):
        box = page.locator(selector).bounding_box()
        assert box is not None, selector
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], selector
    body_size = float(
        page.locator("#outcomes li").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    )
    assert body_size >= 14


@pytest.mark.e2e
@pytest.mark.catalogue
def test_keyboard_reaches_skip_link_then_search_with_visible_focus(page: Page, expected) -> None:
    open_catalogue(page, "", expected({}).total)

    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link").first
    expect(skip).to_be_focused()
    expect(skip).to_have_text("Skip to content")
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0, "skip link is off screen"
    assert outline_style(page) != "none"
    shot(page, "desktop-skip-link", full_page=False)

    # Tab onwards from the top: every stop shows where focus is, and the search box comes.
    reached_search = False
    for _ in range(20):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "({id: document.activeElement.id, tag: document.activeElement.tagName})"
        )
        assert outline_style(page) != "none", f"no visible focus on {focused}"
        if focused["id"] == "q":
            reached_search = True
            break
    assert reached_search, "Tab never reached the search input"
    shot(page, "desktop-search-focus", full_page=False)

    # The skip link really skips: Enter on it moves focus past the header.
    page.goto("/catalogue")
    wait_for_results(page, expected({}).total)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#q")).to_be_focused()
    assert outline_style(page) != "none"
