"""Finding a course: search as you type, filters, an offering page and the way back."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.support import card_titles, open_catalogue, shot, url_pattern, wait_for_results


def same_page(url: str, other: str) -> bool:
    a, b = urlsplit(url), urlsplit(other)
    return (a.path.rstrip("/"), parse_qs(a.query)) == (b.path.rstrip("/"), parse_qs(b.query))


@pytest.mark.e2e
@pytest.mark.catalogue
def test_typing_a_search_updates_results_and_url(page: Page, expected) -> None:
    everything = expected({}).total
    open_catalogue(page, "", everything)

    page.locator("#q").press_sequentially("zarzadzanie", delay=40)

    want = expected({"q": "zarzadzanie"})
    assert 0 < want.total < everything
    expect(page).to_have_url(url_pattern("q=zarzadzanie"))
    wait_for_results(page, want.total)
    titles = card_titles(page)
    assert len(titles) == want.total
    # Titles that hold the word come first; the others teach a skill named so in Polish
    # ("zarządzanie łańcuchem dostaw") and are found by it.
    holding = ["Zarządzanie" in title for title in titles]
    assert holding[0] and holding == sorted(holding, reverse=True), titles
    assert sorted(titles) == sorted(item.title for item in want.items)
    # Typing never took the words or the caret away from the reader.
    expect(page.locator("#q")).to_have_value("zarzadzanie")
    expect(page.locator("#q")).to_be_focused()
    shot(page, "desktop-catalogue-search")


@pytest.mark.e2e
@pytest.mark.catalogue
def test_filter_open_offering_and_back_keeps_filters(page: Page, expected, base_url: str) -> None:
    everything = expected({}).total
    open_catalogue(page, "", everything)

    page.locator("#f-eqf-6").click()

    want = expected({"eqf": "6"})
    assert 0 < want.total < everything
    expect(page).to_have_url(url_pattern("eqf=6"))
    wait_for_results(page, want.total)
    expect(page.locator("#f-eqf-6")).to_be_checked()
    expect(page.locator("#clear-filters")).to_be_visible()
    cards = page.locator(".offering-card")
    assert cards.count() == min(want.total, len(want.items))
    for i in range(cards.count()):
        expect(cards.nth(i)).to_contain_text("EQF 6")
    filtered_url = page.url
    filtered_titles = card_titles(page)
    shot(page, "desktop-catalogue-eqf6")

    link = page.locator(".offering-card .card-title").first
    slug = (link.get_attribute("href") or "").rsplit("/", 1)[-1]
    first = next(item for item in want.items if item.slug == slug)
    link.click()
    expect(page).to_have_url(re.compile(f"/offerings/{slug}$"))
    expect(page.locator("h1")).to_have_text(first.title)
    facts = page.locator("#facts")
    expect(facts).to_be_visible()
    expect(page.locator("#fact-ects")).to_have_text(f"{first.ects} ECTS")
    expect(page.locator("#fact-eqf")).to_have_text("EQF 6")
    for fact in ("awarding-body", "assessment", "qa", "form", "supervision", "price"):
        assert page.locator(f"#fact-{fact}").inner_text().strip(), fact
    for label in ("Workload", "Level", "Type of assessment", "Quality assurance"):
        expect(facts).to_contain_text(label)
    ld = json.loads(page.locator("script#course-jsonld").text_content() or "")
    assert ld["@type"] == "Course"
    assert ld["name"] == first.title
    assert ld["educationalLevel"] == "EQF 6"
    assert ld["provider"]["name"]
    assert ld["url"] == f"{base_url}/offerings/{slug}"
    shot(page, "desktop-offering")

    page.go_back()

    expect(page).to_have_url(filtered_url)
    wait_for_results(page, want.total)
    expect(page.locator("#f-eqf-6")).to_be_checked()
    assert card_titles(page) == filtered_titles


@pytest.mark.e2e
@pytest.mark.catalogue
def test_back_restores_search_words_and_filters(page: Page, expected) -> None:
    open_catalogue(page, "", expected({}).total)
    page.locator("#q").press_sequentially("zarzadzanie", delay=40)
    wait_for_results(page, expected({"q": "zarzadzanie"}).total)
    page.locator("#f-eqf-6").click()
    want = expected({"q": "zarzadzanie", "eqf": "6"})
    expect(page).to_have_url(url_pattern("q=zarzadzanie", "eqf=6"))
    wait_for_results(page, want.total)
    url = page.url

    page.locator(".offering-card .card-title").first.click()
    expect(page.locator("#facts")).to_be_visible()
    page.go_back()

    expect(page).to_have_url(url)
    wait_for_results(page, want.total)
    expect(page.locator("#q")).to_have_value("zarzadzanie")
    expect(page.locator("#f-eqf-6")).to_be_checked()


@pytest.mark.e2e
@pytest.mark.catalogue
def test_copied_link_reproduces_the_page(browse, page: Page, expected) -> None:
    open_catalogue(page, "", expected({}).total)
    page.locator("#q").press_sequentially("data", delay=40)
    wait_for_results(page, expected({"q": "data"}).total)
    page.locator("#f-eqf-6").click()
    wait_for_results(page, expected({"q": "data", "eqf": "6"}).total)
    page.locator("#sort").select_option("price_asc")

    want = expected({"q": "data", "eqf": "6", "sort": "price_asc"})
    expect(page).to_have_url(url_pattern("q=data", "eqf=6", "sort=price_asc"))
    expect(page.locator(".offering-card .card-title").first).to_have_text(want.items[0].title)
    wait_for_results(page, want.total)
    seen_titles = card_titles(page)
    assert seen_titles == [item.title for item in want.items]
    copied = page.url

    # Someone else opens the link: a new browser context, no shared state or history.
    other = browse.new_page()
    other.goto(copied)
    wait_for_results(other, want.total)
    assert card_titles(other) == seen_titles
    expect(other.locator("#q")).to_have_value("data")
    expect(other.locator("#f-eqf-6")).to_be_checked()
    expect(other.locator("#sort")).to_have_value("price_asc")
    # The static file server may add a trailing slash to the path; the query is unchanged.
    assert same_page(other.url, copied)
