"""The interface language: a switch that sticks, while course content keeps its own."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.support import open_catalogue, shot, wait_for_results

ENGLISH_COURSE = "tud-data-analysis-with-python"
POLISH_COURSE = "uw-analiza-danych-python"


def lang_cookie(page: Page) -> str | None:
    return next((c["value"] for c in page.context.cookies() if c["name"] == "lang"), None)


def interface_lang(page: Page) -> str:
    """The language assistive technology reads the page chrome in."""
    return str(page.locator("#main").evaluate("e => e.closest('[lang]').lang"))


@pytest.mark.e2e
@pytest.mark.catalogue
def test_switch_to_polish_sticks_and_content_keeps_its_language(page: Page, expected) -> None:
    total = expected({}).total
    open_catalogue(page, "", total)
    expect(page.locator("h1")).to_have_text("Catalogue")
    expect(page.locator("#lang-en")).to_have_attribute("aria-pressed", "true")

    page.locator("#lang-pl").click()

    expect(page.locator("h1")).to_have_text("Katalog")
    expect(page.get_by_role("button", name="Szukaj", exact=True)).to_be_visible()
    expect(page.locator("#nav-catalogue")).to_have_text("Katalog")
    expect(page.locator("#lang-pl")).to_have_attribute("aria-pressed", "true")
    assert interface_lang(page) == "pl"
    wait_for_results(page, total)
    expect(page.locator("#result-count").locator("xpath=..")).to_contain_text("wyników")
    assert lang_cookie(page) == "pl"
    # Levels are named as a Polish reader knows them (ERK), in the facets as on the cards.
    expect(page.locator("label[for='f-eqf-6']")).to_contain_text("ERK 6")
    shot(page, "desktop-catalogue-pl", full_page=False)

    page.reload()
    expect(page.locator("h1")).to_have_text("Katalog")
    wait_for_results(page, total)

    # Another page: the interface is Polish, an English course stays English and says so.
    page.goto(f"/offerings/{ENGLISH_COURSE}")
    title = page.locator("h1")
    expect(title).to_have_attribute("lang", "en")
    expect(page.locator("#content-lang")).to_have_text("Treść kursu w języku: angielski")
    expect(page.get_by_role("heading", name="Najważniejsze informacje")).to_be_visible()
    expect(page.locator("#facts")).to_contain_text("Nakład pracy")
    expect(page.locator("#fact-eqf")).to_have_text("ERK 6")
    # Facts the interface words are Polish; what the university wrote keeps its language.
    expect(page.locator("#fact-form")).to_have_attribute("lang", "pl")
    expect(page.locator("#fact-prereq")).to_have_attribute("lang", "en")
    expect(title).to_contain_text("Data Analysis with Python")
    shot(page, "desktop-offering-pl")

    page.goto(f"/offerings/{POLISH_COURSE}")
    expect(page.locator("h1")).to_have_text("Analiza danych w języku Python")
    expect(page.locator("h1")).to_have_attribute("lang", "pl")
    expect(page.locator("#content-lang")).to_have_text("Treść kursu w języku: polski")

    page.locator("#lang-en").click()

    expect(page.locator("#content-lang")).to_have_text("Course content in: Polish")
    expect(page.get_by_role("heading", name="Key facts")).to_be_visible()
    expect(page.locator("h1")).to_have_text("Analiza danych w języku Python")
    assert lang_cookie(page) == "en"
    page.goto("/catalogue")
    expect(page.locator("h1")).to_have_text("Catalogue")
    assert interface_lang(page) == "en"


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("browser_locale", "heading", "lang"),
    [("pl-PL", "Katalog", "pl"), ("de-DE", "Catalogue", "en"), ("en-US", "Catalogue", "en")],
)
def test_a_first_visit_follows_the_browsers_language_and_the_switch_still_wins(
    browse: Any, browser_locale: str, heading: str, lang: str
) -> None:
    page = browse.new_page(locale=browser_locale)
    page.goto("/catalogue")
    expect(page.locator("h1")).to_have_text(heading)
    expect(page.locator(f"#lang-{lang}")).to_have_attribute("aria-pressed", "true")
    assert interface_lang(page) == lang
    assert lang_cookie(page) == (lang if lang != "en" else None)
    if lang == "pl":
        # What the reader picks stays picked, whatever the browser asks for.
        page.locator("#lang-en").click()
        expect(page.locator("h1")).to_have_text("Catalogue")
        page.goto("/")
        expect(page.locator("#lang-en")).to_have_attribute("aria-pressed", "true")
        assert lang_cookie(page) == "en"
