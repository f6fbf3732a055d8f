"""The production build's first HTML, as `curl` sees it (no browser, no JavaScript).

Runs against the browser tests' one production build (`app_harness`), whose front-end
server is wrapped like the one-port production server.
"""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from microcred_market.catalogue import service as catalogue
from microcred_market.platform.db import session_scope

OFFERING = "uw-analiza-danych-python"


def _fetch(base_url: str, path: str, **headers: str) -> httpx.Response:
    return httpx.get(base_url + path, headers=headers, follow_redirects=False, timeout=30)


def _titles(html: str) -> list[str]:
    return re.findall(r"<title>([^<]*)</title>", html)


def _meta(html: str, key: str) -> list[str]:
    found = []
    for tag in re.findall(r"<meta [^>]*>", html):
        if f'"{key}"' in tag:
            found += re.findall(r'content="([^"]*)"', tag)
    return found


@pytest.mark.e2e
@pytest.mark.catalogue
def test_offering_first_html_carries_title_description_og_and_course_json_ld(
    base_url: str, e2e_database_url: str
) -> None:
    with session_scope(e2e_database_url) as session:
        data = catalogue.offering_detail(session, OFFERING)
    r = _fetch(base_url, f"/offerings/{OFFERING}", **{"Accept-Encoding": "gzip"})
    assert r.status_code == 200
    assert r.headers["content-encoding"] == "gzip"
    html = r.text
    assert _titles(html) == [f"{data.title} · microcred"]
    assert _meta(html, "description") == [data.summary]
    assert _meta(html, "og:title") == [f"{data.title} · microcred"]
    assert _meta(html, "og:url") == [f"{base_url}/offerings/{OFFERING}"]
    assert f'<link rel="canonical" href="{base_url}/offerings/{OFFERING}"/>' in html
    (ld,) = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html)
    course: dict[str, Any] = json.loads(ld)
    assert course["@type"] == "Course" and course["name"] == data.title
    # The tags are in <head>, before the page's scripts.
    assert html.index("og:title") < html.index("</head>") < html.index("<body")


@pytest.mark.e2e
@pytest.mark.catalogue
def test_static_pages_sitemap_and_robots(base_url: str) -> None:
    home = _fetch(base_url, "/").text
    assert _titles(home) == ["microcred · university micro-credentials"]
    assert _meta(home, "og:description") == _meta(home, "description") != []
    verify = _fetch(base_url, "/verify/").text
    assert _titles(verify) == ["Verify a credential · microcred"]
    assert f'<link rel="canonical" href="{base_url}/verify"/>' in verify
    sitemap = _fetch(base_url, "/sitemap.xml")
    assert sitemap.status_code == 200
    assert f"<loc>{base_url}/offerings/{OFFERING}</loc>" in sitemap.text
    robots = _fetch(base_url, "/robots.txt")
    assert f"Sitemap: {base_url}/sitemap.xml" in robots.text.splitlines()


@pytest.mark.e2e
@pytest.mark.catalogue
def test_title_follows_client_navigation(page: Page) -> None:
    """After the page runs, Reflex keeps the title: also when a link is followed inside
    the app (no new HTML from the server)."""
    page.goto("/universities/uniwersytet-warszawski")
    link = page.locator(f"a[href='/offerings/{OFFERING}']").first
    name = (link.text_content() or "").strip()
    link.click()
    expect(page.locator("h1")).to_have_text(name)
    expect(page).to_have_title(f"{name} · microcred")
