"""While a page waits for the server it shows a skeleton, and says only what is true.

The server's answers are slowed down (`SlowSocket`) and every text `<main>` showed on the
way is recorded, so a message that was on screen for a moment before the real answer
("0 results", "the link may be old", the previous university) fails the test.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.slow_server import SlowSocket, record_main, seen
from tests.e2e.support import PHONE, TIMEOUT_MS, wait_for_results

pytestmark = pytest.mark.e2e

PASSWORD = "plums are purple on tuesdays"
UW = "uniwersytet-warszawski"
UW_WORDS = "The largest public university in Poland"
OFFERING = "uw-analiza-danych-python"


def _texts(page: Page) -> list[str]:
    return [entry["text"] for entry in seen(page)]


def _showed_skeleton(page: Page) -> bool:
    return any(entry["skeleton"] for entry in seen(page))


@pytest.fixture(scope="module")
def waiting_learner(e2e_database_url: str) -> str:
    from microcred_market.accounts import passwords
    from microcred_market.accounts.models import User
    from microcred_market.platform.clock import utcnow
    from microcred_market.platform.db import session_scope

    email = "patient@example.org"
    with session_scope(e2e_database_url) as session:
        session.add(
            User(
                email=email,
                email_verified_at=utcnow(),
                display_name="Pat Patient",
                password_hash=passwords.hash_password(PASSWORD),
            )
        )
    return email


@pytest.mark.catalogue
def test_catalogue_shows_a_skeleton_not_zero_results_while_it_searches(
    page: Page, expected
) -> None:
    total = expected({}).total
    record_main(page)
    slow = SlowSocket(page)
    slow.hold()
    page.goto("/catalogue")
    slow.trickle()
    wait_for_results(page, total)

    texts = _texts(page)
    assert not [t for t in texts if re.search(r"(^|\s)0\s+results", t)], texts
    assert not [t for t in texts if "No course matches" in t], texts
    assert _showed_skeleton(page), texts
    expect(page.locator("main .skeleton")).to_have_count(0)


@pytest.mark.payments
def test_checkout_does_not_call_a_good_link_old_while_it_looks(
    browse: Any, waiting_learner: str
) -> None:
    page = browse.new_page()
    page.goto(f"/signin?next=/offerings/{OFFERING}")
    page.fill("#field-email", waiting_learner)
    page.fill("#field-password", PASSWORD)
    page.click("#signin-submit")
    expect(page.locator("#enrol")).to_be_visible()
    page.click("#enrol")
    expect(page.locator("#checkout-amount")).to_be_visible()
    checkout_url = page.url

    again = page.context.new_page()
    record_main(again)
    slow = SlowSocket(again)
    slow.hold()
    again.goto(checkout_url)
    slow.trickle()
    expect(again.locator("#checkout-amount")).to_be_visible()
    texts = _texts(again)
    assert not [t for t in texts if "link may be old" in t], texts
    assert _showed_skeleton(again), texts

    # A link that really is wrong says so, once the server has answered.
    again.goto(checkout_url.rsplit("/", 1)[0] + "/00000000-0000-0000-0000-000000000000")
    expect(again.locator("#checkout-missing")).to_contain_text("link may be old")


@pytest.mark.catalogue
def test_an_unknown_university_never_shows_the_previous_one(page: Page) -> None:
    page.goto(f"/universities/{UW}")
    expect(page.locator("main")).to_contain_text(UW_WORDS)

    record_main(page)
    slow = SlowSocket(page)
    slow.hold()
    page.goto("/universities/no-such-university")
    slow.trickle()
    expect(page.locator("#not-found")).to_be_visible()
    texts = _texts(page)
    assert not [t for t in texts if UW_WORDS in t], texts
    assert _showed_skeleton(page), texts


@pytest.mark.catalogue
def test_moving_between_universities_never_shows_the_one_left(page: Page) -> None:
    page.goto(f"/universities/{UW}")
    expect(page.locator("main")).to_contain_text(UW_WORDS)
    page.goto("/")
    link = page.locator("main a[href='/universities/politechnika-gdanska']")
    expect(link).to_be_visible()

    # A click moves within the app on the open socket: record from here on.
    page.evaluate(
        "window.__seen = []; new MutationObserver(() => {"
        " const m = document.querySelector('main'); if (m) window.__seen.push("
        " {text: m.innerText, skeleton: !!m.querySelector('.skeleton')}); })"
        ".observe(document, {subtree: true, childList: true, characterData: true})"
    )
    link.click()
    expect(page.locator("h1")).to_have_text("Politechnika Gdańska")
    texts = _texts(page)
    assert not [t for t in texts if UW_WORDS in t], texts


@pytest.mark.catalogue
def test_offering_page_shows_its_facts_on_a_phone(browse: Any, base_url: str) -> None:
    context = browse.browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, base_url=base_url, locale="en-GB"
    )
    browse.contexts.append(context)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.on("pageerror", lambda exc: browse.page_errors.append(str(exc)))
    page.goto(f"/offerings/{OFFERING}")
    expect(page.locator("#facts")).to_be_visible(timeout=5_000)
    expect(page.locator("h1")).to_have_text("Analiza danych w języku Python")

    # Another offering, slowly: a skeleton, never the previous course, never "Loading…".
    record_main(page)
    slow = SlowSocket(page)
    slow.hold()
    page.goto("/offerings/uw-big-data-wizualizacja")
    slow.trickle()
    expect(page.locator("#facts")).to_be_visible()
    texts = _texts(page)
    assert not [t for t in texts if "Analiza danych w języku Python" in t], texts
    assert _showed_skeleton(page), texts
