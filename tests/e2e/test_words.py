"""The right words: Polish pages in Polish, labels that fit who reads them, forged facts
shown as claims, and a sign-up form that keeps what was typed.

The Polish scan reads every text the page itself says is Polish (its nearest `lang` is
`pl`; course content in English is tagged `lang="en"` and left alone) and looks for the
English of our catalogue: every English entry whose Polish differs and that has a word
no Polish entry uses, and the bare codes of our vocabularies (roles, order states).
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.every_page import (
    BusyWorld,
    address,
    busy_world,
    every_route,
    settle,
    sign_in,
)
from tests.e2e.support import PHONE

pytestmark = pytest.mark.e2e

# Codes that must never reach a page as they are: each has words in the catalogue.
CODES = ("owner", "editor", "assessor", "pending", "paid", "refunded", "delivered")
_WORD = re.compile(r"[^\W\d_][^\W\d_'-]+")
_PLACEHOLDER = re.compile(r"\{[^}]*\}")

_POLISH_TEXTS = """() => {
  const found = new Set();
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walk.nextNode(); node; node = walk.nextNode()) {
    const el = node.parentElement;
    const text = node.textContent.trim();
    if (!el || !text || el.closest('script, style, noscript')) continue;
    if (!el.checkVisibility({visibilityProperty: true})) continue;
    const lang = (el.closest('[lang]')?.getAttribute('lang') || '').toLowerCase();
    if (lang.startsWith('pl')) found.add(text);
  }
  return [...found];
}"""


def _forms(entry: str | dict[str, str]) -> list[str]:
    return [entry] if isinstance(entry, str) else list(entry.values())


def _english_patterns() -> list[tuple[str, re.Pattern[str]]]:
    from microcred_market.platform import i18n

    en, pl = i18n.catalogue("en"), i18n.catalogue("pl")
    polish_words = {
        w.lower()
        for entry in pl.values()
        for text in _forms(entry)
        for w in _WORD.findall(_PLACEHOLDER.sub(" ", text))
    }
    patterns = []
    for key, entry in en.items():
        if not key.startswith(("ui.", "vocab.", "error.", "api.")) or entry == pl.get(key):
            continue
        for text in _forms(entry):
            words = _WORD.findall(_PLACEHOLDER.sub(" ", text))
            if not any(len(w) >= 3 and w.lower() not in polish_words for w in words):
                continue
            pieces = [re.escape(p.strip()) for p in _PLACEHOLDER.split(text)]
            body = r".{0,80}?".join(p for p in pieces if p)
            if len(body) < 4:
                continue
            if len(words) < 2:
                # One word ("University") is our label only when it is the whole text: a
                # university's own sentence may use the word.
                patterns.append((text, re.compile(rf"\s*{body}\s*:?\s*")))
            else:
                patterns.append((text, re.compile(rf"(?<![^\W\d_]){body}(?![^\W\d_])")))
    patterns += [(code, re.compile(rf"\s*{code}\s*")) for code in CODES]
    return patterns


@pytest.fixture(scope="module")
def world(app_harness: Any, e2e_database_url: str) -> BusyWorld:
    return busy_world(e2e_database_url)


def _english_on_polish_pages(page: Page, world: BusyWorld) -> dict[str, list[str]]:
    patterns = _english_patterns()
    found: dict[str, list[str]] = {}
    for route in every_route():
        path = address(route, world)
        settle(page, path)
        for text in page.evaluate(_POLISH_TEXTS):
            for english, pattern in patterns:
                if pattern.fullmatch(text) or (" " in english and pattern.search(text)):
                    found.setdefault(path, []).append(f"{english!r} in {text[:120]!r}")
    return found


def _polish(page: Page, base_url: str) -> None:
    page.context.add_cookies([{"name": "lang", "value": "pl", "url": base_url}])


def test_polish_pages_have_no_english_signed_out(browse: Any, world: BusyWorld, base_url) -> None:
    page = browse.new_page()
    _polish(page, base_url)
    found = _english_on_polish_pages(page, world)
    print(
        f"\nsigned out, PL: {sum(map(len, found.values()))} English strings on {len(found)} pages"
    )
    assert found == {}


def test_polish_pages_have_no_english_signed_in(browse: Any, world: BusyWorld, base_url) -> None:
    page = browse.new_page()
    sign_in(page, world.email)  # signing in sets the person's own language: Polish after
    _polish(page, base_url)
    found = _english_on_polish_pages(page, world)
    print(found)
    print(f"\nsigned in, PL: {sum(map(len, found.values()))} English strings on {len(found)} pages")
    assert found == {}


def test_staff_and_buyers_are_labelled_as_what_they_are(browse: Any, world: BusyWorld) -> None:
    page = browse.new_page()
    sign_in(page, world.email)
    settle(page, f"/staff/{world.staff_slug}")
    staff_headers = page.locator("#staff-table th").all_inner_texts()
    sales_headers = page.locator("#sales-table th").all_inner_texts()
    assert "Name" in staff_headers and "Role" in staff_headers, staff_headers
    assert "Buyer" in sales_headers and "Course" in sales_headers, sales_headers
    everything = " ".join(staff_headers + sales_headers)
    assert "Name on your credentials" not in everything
    expect(page.locator("#staff-table .staff-role").first).to_have_text(
        re.compile("^(Owner|Editor|Assessor)$")
    )


def _forged(e2e_database_url: str, world: BusyWorld) -> str:
    from uuid import UUID

    from sqlmodel import select

    from microcred_market.credentials.models import IssuedCredential
    from microcred_market.platform.db import session_scope

    with session_scope(e2e_database_url) as session:
        row = session.exec(
            select(IssuedCredential).where(IssuedCredential.uuid == UUID(world.credential))
        ).one()
        document = json.loads(row.document)
    document["name"] = "Doctor of Forged Arts"
    document["credentialSubject"]["achievement"]["name"] = "Doctor of Forged Arts"
    return json.dumps(document)


@pytest.mark.credentials
@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_a_tampered_credentials_facts_are_shown_as_unverified_claims(
    browse: Any, world: BusyWorld, e2e_database_url: str, viewport
) -> None:
    page = browse.new_page(viewport)
    page.goto("/verify")
    expect(page.locator("#verify-paste")).to_be_enabled()
    page.fill("#credential-json", _forged(e2e_database_url, world))
    page.click("#verify-paste")
    expect(page.locator("#verdict")).to_have_attribute("data-verdict", "invalid")
    block = page.locator("#facts-block")
    expect(block).to_have_attribute("data-verified", "false")
    expect(page.locator("#unverified-note")).to_be_visible()
    title = page.locator("#credential-title")
    expect(title).to_have_text("Doctor of Forged Arts")
    assert "line-through" in title.evaluate("e => getComputedStyle(e).textDecorationLine")
    if viewport == PHONE:
        checks = page.locator("#checks").bounding_box()
        facts = page.locator("#facts").bounding_box()
        assert checks and facts and checks["y"] < facts["y"], "on a phone the checks come first"


@pytest.mark.accounts
def test_sign_up_keeps_the_name_after_a_refused_password(browse: Any) -> None:
    page = browse.new_page()
    page.goto("/signup")
    page.fill("#field-display_name", "Ola Nowak")
    page.fill("#field-email", "ola.nowak@example.org")
    page.fill("#field-password", "password123")  # long enough for the browser, too common
    page.click("#signup-submit")
    expect(page.locator("#flash")).to_be_visible()
    expect(page.locator("#field-display_name")).to_have_value("Ola Nowak")
    expect(page.locator("#field-email")).to_have_value("ola.nowak@example.org")
    expect(page.locator("#field-password")).to_have_value("")
