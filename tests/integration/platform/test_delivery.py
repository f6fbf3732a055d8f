"""How the front end's files travel: a page answers at the address we link to, at once,
and the hashed build files are cached for good.

The server under test is the production stack (`SERVER_MIDDLEWARE` around Reflex's own
static file server) on a directory shaped like the export.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from reflex.utils.precompressed_staticfiles import PrecompressedStaticFiles
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.testclient import TestClient

from microcred_market.api.app import SERVER_MIDDLEWARE

pytestmark = pytest.mark.catalogue

PAGE = '<!DOCTYPE html><html><head><meta charSet="utf-8"/></head><body>{}</body></html>'


@pytest.fixture
def site(tmp_path: Path) -> TestClient:
    for name, text in {
        "account/index.html": PAGE.format("my account"),
        "wallet/index.html": PAGE.format("my wallet"),
        "404.html": PAGE.format("not here"),
        "assets/root-CrWifvB0.js": "export default 1;" * 100,
        "assets/__reflex_global_styles-QjR_D-oa.css": "a{color:red}",
        "favicon.ico": "icon",
    }.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    static = PrecompressedStaticFiles(directory=tmp_path, html=True, encodings=["gzip"])
    app = Starlette(routes=[Mount("/", app=static)], middleware=SERVER_MIDDLEWARE)
    return TestClient(app, base_url="http://front.test", follow_redirects=False)


def test_a_page_answers_at_its_own_address_without_a_redirect(site: TestClient) -> None:
    r = site.get("/account?tab=email")
    assert r.status_code == 200
    assert "my account" in r.text
    assert "location" not in r.headers
    assert "content-security-policy" in r.headers  # still the whole stack's answer
    head = site.head("/wallet")
    assert head.status_code == 200 and head.content == b""
    # The slashed address works as before, and an unknown one is still a 404.
    assert site.get("/wallet/").text.count("my wallet") == 1
    assert site.get("/no-such-page").status_code == 404


def test_hashed_build_files_are_cached_for_good_and_others_are_not(site: TestClient) -> None:
    for path in ("/assets/root-CrWifvB0.js", "/assets/__reflex_global_styles-QjR_D-oa.css"):
        r = site.get(path)
        assert r.status_code == 200
        assert r.headers["cache-control"] == "public, max-age=31536000, immutable"
        again = site.get(path, headers={"if-none-match": r.headers["etag"]})
        assert again.status_code == 304
        assert again.headers["cache-control"] == "public, max-age=31536000, immutable"
    # A page or an unhashed file may change under its name: never cached for good.
    for path in ("/favicon.ico", "/account/"):
        assert "immutable" not in site.get(path).headers.get("cache-control", "")
