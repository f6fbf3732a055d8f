"""Security headers on every response, in every way the app is served, and pages that
still work under the Content-Security-Policy.

Real HTTP against running servers: the browser tests' production front end and backend
(the harness), and the one-port production server (`make run-prod`: the compiled front end
mounted inside our API app, as Reflex does it with --single-port) started here on a free
port from the same build. Then Chromium opens the pages and must meet no CSP violation.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import uvicorn
from playwright.sync_api import Page, expect

from microcred_market.platform.security_headers import script_hashes
from tests.e2e.harness import free_port
from tests.e2e.support import open_catalogue

pytestmark = [pytest.mark.e2e, pytest.mark.security]

PAGES = ["/", "/catalogue", "/verify", "/signin", "/this/page/does-not-exist"]
COMMON = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
}


def assert_secured(response: httpx.Response) -> str:
    """The response carries every header; returns its CSP."""
    for name, value in COMMON.items():
        assert response.headers.get(name) == value, (response.url, name, response.headers)
    csp = response.headers.get("content-security-policy", "")
    assert "frame-ancestors 'none'" in csp, (response.url, csp)
    return csp


def assert_page_secured(response: httpx.Response) -> None:
    csp = assert_secured(response)
    assert response.headers["content-type"].startswith("text/html"), response.url
    scripts = csp.split("script-src ", 1)[1].split(";", 1)[0]
    assert "'unsafe-inline'" not in scripts, (response.url, scripts)
    for digest in script_hashes(response.content):  # every inline script allowed by hash
        assert f"'sha256-{digest}'" in scripts, (response.url, digest)


def first_asset(html: str) -> str:
    match = re.search(r'(/assets/[^"]+\.js)', html)
    assert match, "no script asset in the page"
    return match.group(1)


def check_server(pages_base: str, api_base: str) -> None:
    with httpx.Client(timeout=15, follow_redirects=True) as client:
        for path in PAGES:
            response = client.get(pages_base + path)
            assert response.status_code in (200, 404), (path, response.status_code)
            assert_page_secured(response)
            for hop in response.history:  # /catalogue -> /catalogue/
                assert_secured(hop)
        home = client.get(pages_base + "/")
        etag = home.headers.get("etag")
        if etag:  # revalidating keeps the cached page's policy: a 304 brings none
            again = client.get(pages_base + "/", headers={"if-none-match": etag})
            assert again.status_code == 304
            assert "content-security-policy" not in again.headers
        asset = client.get(pages_base + first_asset(home.text))
        assert asset.status_code == 200
        assert "default-src 'none'" in assert_secured(asset)
        missing_asset = client.get(pages_base + "/assets/no-such-file.js")
        assert missing_asset.status_code == 404
        assert_secured(missing_asset)
        for path, status in [
            ("/api/offerings", 200),
            ("/api/offerings/no-such-course", 404),
            ("/api/no-such-thing", 404),
            ("/api/verify", 405),
            ("/api/openapi.json", 200),
        ]:
            response = client.get(api_base + path)
            assert response.status_code == status, (path, response.text[:200])
            assert "default-src 'none'" in assert_secured(response)
        posted = client.post(api_base + "/api/verify", content=b"[" * 100_000)
        assert posted.status_code == 422
        assert_secured(posted)


def test_harness_pages_assets_api_and_errors_carry_the_headers(app_harness: Any) -> None:
    import reflex as rx

    check_server(app_harness.frontend_url.rstrip("/"), rx.config.get_config().api_url)


@pytest.fixture(scope="module")
def single_port(app_harness: Any) -> Iterator[str]:
    """The compiled front end mounted in the API app on one port, like `make run-prod`."""
    from reflex.utils.exec import get_frontend_mount

    from microcred_market.wiring import build_api

    app = build_api()
    app.mount("", get_frontend_mount())
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


def test_single_port_production_pages_assets_and_errors_carry_the_headers(
    single_port: str,
) -> None:
    check_server(single_port, single_port)


def test_https_public_address_adds_hsts(monkeypatch: pytest.MonkeyPatch) -> None:
    from starlette.testclient import TestClient

    from microcred_market.settings import reset_settings_cache
    from microcred_market.wiring import build_api

    monkeypatch.setenv("PUBLIC_BASE_URL", "https://microcred.example")
    reset_settings_cache()
    try:
        response = TestClient(build_api()).get("/api/health")
        assert response.headers["strict-transport-security"].startswith("max-age=")
    finally:
        monkeypatch.undo()
        reset_settings_cache()
    assert "strict-transport-security" not in TestClient(build_api()).get("/api/health").headers


CSP_WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(
  e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sample || '')));
"""


def test_pages_render_in_chromium_with_no_csp_violation(page: Page, expected) -> None:
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(CSP_WATCH)
    for path, heading in [
        ("/", None),
        ("/catalogue", "Catalogue"),
        ("/verify", None),
        ("/signin", None),
        ("/this/page/does-not-exist", "We could not find that page"),
    ]:
        page.goto(path)
        expect(page.locator("#main")).to_be_visible()
        expect(page.locator("h1").first).to_be_visible()
        if heading:
            expect(page.locator("h1").first).to_have_text(heading)
        page.wait_for_load_state("networkidle")
        violations = page.evaluate("window.__csp")
        assert violations == [], (path, violations)
    # The results come over the websocket (connect-src); the language switch runs through
    # Reflex's call_script (eval): both must still work.
    try:
        open_catalogue(page, "", expected({}).total)
    except AssertionError as error:
        csp = page.evaluate("window.__csp")
        raise AssertionError(f"{error}\nconsole: {console}\nCSP: {csp}") from error
    page.locator("#lang-pl").click()
    expect(page.locator("h1")).to_have_text("Katalog")
    assert page.evaluate("window.__csp") == []
    refused = [m for m in console if "Content Security Policy" in m or "Refused to" in m]
    assert refused == [], refused
