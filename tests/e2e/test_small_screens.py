"""Every page on a 360 px phone and a 1280 px window: no sideways scroll, a compact header.

Signed out and signed in as the person who sees the most (operator, owner, learner with
orders and a credential, and a long name), every route the app registers is opened at
360 px and must fit the window (`scrollWidth <= innerWidth`); the header takes one row
on a phone and at 1280 px, and the phone's menu opens with every link reachable.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.every_page import (
    LONG_NAME,
    BusyWorld,
    address,
    busy_world,
    every_route,
    header_rows,
    settle,
    sideways,
    sign_in,
)
from tests.e2e.support import DESKTOP, PHONE

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def world(app_harness: Any, e2e_database_url: str) -> BusyWorld:
    return busy_world(e2e_database_url)


def _check_every_page(page: Page, world: BusyWorld) -> tuple[dict[str, Any], dict[str, int]]:
    too_wide: dict[str, Any] = {}
    rows: dict[str, int] = {}
    for route in every_route():
        path = address(route, world)
        settle(page, path)
        over = sideways(page)
        if over:
            too_wide[path] = over
        rows[path] = header_rows(page)
    return too_wide, rows


def test_no_page_scrolls_sideways_on_a_phone_signed_out(browse: Any, world: BusyWorld) -> None:
    page = browse.new_page(PHONE)
    too_wide, rows = _check_every_page(page, world)
    print(f"\nsigned out, 360 px: {len(too_wide)} of {len(rows)} pages scroll sideways")
    assert too_wide == {}
    assert {p: n for p, n in rows.items() if n > 1} == {}


def test_no_page_scrolls_sideways_on_a_phone_signed_in(browse: Any, world: BusyWorld) -> None:
    page = browse.new_page(PHONE)
    sign_in(page, world.email)
    too_wide, rows = _check_every_page(page, world)
    print(f"\nsigned in, 360 px: {len(too_wide)} of {len(rows)} pages scroll sideways")
    assert too_wide == {}
    assert {p: n for p, n in rows.items() if n > 1} == {}


def test_phone_menu_opens_with_every_link_and_my_orders_show_receipt_and_withdraw(
    browse: Any, world: BusyWorld
) -> None:
    page = browse.new_page(PHONE)
    sign_in(page, world.email)
    settle(page, "/learning")
    toggle = page.locator("#menu-toggle")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#learning-link")).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    for link in (
        "#nav-catalogue",
        "#nav-verify",
        "#learning-link",
        "#wallet-link",
        "#account-link",
        "#signout",
        "#admin-link",
        "#staff-link",
    ):
        expect(page.locator(link)).to_be_visible()
        box = page.locator(link).bounding_box()
        assert box is not None and box["x"] + box["width"] <= PHONE["width"], link
    assert sideways(page) is None
    toggle.click()
    expect(page.locator("#learning-link")).to_be_hidden()

    # The orders table: Receipt and Withdraw inside the screen, not beyond its edge.
    for selector in (".receipt-link", ".refund-button"):
        target = page.locator(f"#orders {selector}").first
        expect(target).to_be_visible()
        box = target.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


@pytest.mark.parametrize("width", [DESKTOP["width"], 1024])
def test_signed_in_header_is_one_row_with_a_long_name(
    browse: Any, world: BusyWorld, width: int
) -> None:
    page = browse.new_page({"width": width, "height": 900})
    sign_in(page, world.email)
    for path in ("/", "/learning", f"/staff/{world.staff_slug}"):
        settle(page, path)
        assert header_rows(page) == 1, path
        name = page.locator("#account-link")
        expect(name).to_have_attribute("title", LONG_NAME)
        assert sideways(page) is None, path
    # The staff header under the site header: this university's team page is the current
    # one, and the owner's own pages are offered (no page the role could not open).
    nav = page.locator("#staff-nav")
    expect(nav).to_be_visible()
    expect(nav.locator("#staff-nav-team")).to_have_attribute("aria-current", "page")
    expect(nav.locator("#staff-nav-payments")).to_be_visible()
    nav.locator("#staff-nav-payments").click()
    page.wait_for_url(f"**/staff/{world.staff_slug}/payments")
    expect(nav.locator("#staff-nav-payments")).to_have_attribute("aria-current", "page")
