"""What a crawler or a link preview gets from the first HTML, before any JavaScript.

The server under test is the production stack: `SERVER_MIDDLEWARE` around Reflex's own
static file server (`PrecompressedStaticFiles`, with gzip sidecars and the SPA fallback
for dynamic routes) serving shells shaped like the exported ones.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import anyio
import pytest
from reflex.utils.precompressed_staticfiles import PrecompressedStaticFiles
from sqlalchemy.exc import OperationalError
from sqlmodel import select
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.testclient import TestClient

from microcred_market.api import page_head
from microcred_market.api.app import SERVER_MIDDLEWARE
from microcred_market.catalogue import service as catalogue
from microcred_market.catalogue.models import Offering
from microcred_market.catalogue.search_query import parse_query
from microcred_market.platform import security_headers
from microcred_market.platform.db import reset_engine, session_scope
from microcred_market.platform.page_marks import HYDRATE_AT_ONCE
from microcred_market.settings import reset_settings_cache
from tests.support.limits import small_search_budget

pytestmark = pytest.mark.catalogue

FRONT = "http://front.test"
OFFERING = "uw-analiza-danych-python"
SHELL = (
    '<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/>'
    '<meta content="Short university courses." name="description"/>'
    '<link as="style" href="/assets/s.css" rel="preload"/>'
    "{title}"
    '<meta content="favicon.ico" property="og:image"/>'
    '<script>document.documentElement.classList.add("light")</script>'
    '</head><body><div id="root">{body}</div></body></html>'
)


# What React Router's shell ends with: the modules, preloaded and imported at once.
ROUTER_SCRIPT = (
    '{button}<link rel="modulepreload" href="/assets/root-3.js"/>'
    '<script type="module" async="">import * as route0 from "/assets/root-3.js";\n'
    'window.__reactRouterRouteModules = {{"root":route0}};</script>'
)


class Head(HTMLParser):
    """The tags of `<head>` as a test reads them: titles, metas, links, scripts."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.titles: list[str] = []
        self.meta: dict[str, list[str]] = {}
        self.links: dict[str, list[str]] = {}
        self.ld: list[dict] = []
        self._in: str | None = None
        self._script_type = ""
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "title":
            self._in = "title"
        elif tag == "meta" and ("name" in a or "property" in a):
            self.meta.setdefault(a.get("name") or a["property"], []).append(a.get("content", ""))
        elif tag == "link":
            self.links.setdefault(a.get("rel", ""), []).append(a.get("href", ""))
        elif tag == "script":
            self._in, self._script_type = "script", a.get("type", "")

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.titles.append(data)
        elif self._in == "script" and self._script_type == "application/ld+json":
            self.ld.append(json.loads(data))

    def one(self, name: str) -> str:
        values = self.meta.get(name, [])
        assert len(values) == 1, (name, values)
        return values[0]


def _shell(title: str, body: str) -> str:
    return SHELL.format(title=f"<title>{title}</title>", body=body)


SHELLS = {
    "index.html": _shell("microcred · university micro-credentials", "home"),
    "catalogue/index.html": _shell("Catalogue", "cat"),
    "account/index.html": _shell("My account", "acct"),
    "learning/index.html": _shell("My learning", ROUTER_SCRIPT.format(button="")),
    "signin/index.html": _shell(
        "Sign in", ROUTER_SCRIPT.format(button=f'<button {HYDRATE_AT_ONCE}="true">Go</button>')
    ),
    # The SPA fallback of the routes with a parameter has no title (as Reflex exports it).
    "404.html": SHELL.format(title="", body="spa"),
}


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.with_name(path.name + ".gz").write_bytes(gzip.compress(text.encode()))


def _router(path: str) -> str | None:
    for prefix in ("/offerings/", "/universities/", "/qualifications/", "/credentials/"):
        if path.startswith(prefix) and path.count("/") == 2:
            return prefix + "[slug]"
    return None


@pytest.fixture
def site(
    demo_sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[TestClient]:
    """The front-end server as production wraps it, on shells with generic heads."""
    monkeypatch.setenv("DATABASE_URL", demo_sqlite_url)
    monkeypatch.setenv("PUBLIC_BASE_URL", FRONT)
    reset_settings_cache()
    reset_engine()
    for name, text in SHELLS.items():
        _write(tmp_path / name, text)
    static = PrecompressedStaticFiles(
        directory=tmp_path, html=True, encodings=["gzip"], router=_router
    )
    app = Starlette(
        routes=[*page_head.ROUTES, Mount("/", app=static)], middleware=SERVER_MIDDLEWARE
    )
    with TestClient(app, base_url=FRONT) as client:
        yield client
    reset_settings_cache()
    reset_engine()


def test_an_offering_page_names_the_course_before_any_script(
    site: TestClient, demo_sqlite_url: str
) -> None:
    with session_scope(demo_sqlite_url) as session:
        data = catalogue.offering_detail(session, OFFERING)
    r = site.get(f"/offerings/{OFFERING}", headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200
    assert r.headers["content-encoding"] == "gzip"  # compressed after the rewrite
    assert r.headers["cache-control"] == "no-cache"
    head = Head(r.text)
    assert head.titles == [f"{data.title} · microcred"]
    assert head.one("description") == data.summary
    assert head.links["canonical"] == [f"{FRONT}/offerings/{OFFERING}"]
    assert head.one("og:title") == f"{data.title} · microcred"
    assert head.one("og:description") == data.summary
    assert head.one("og:url") == f"{FRONT}/offerings/{OFFERING}"
    assert head.one("og:type") == "website"
    assert "favicon.ico" not in head.meta.get("og:image", [])
    assert "robots" not in head.meta
    (course,) = head.ld
    assert course["@type"] == "Course"
    assert course["name"] == data.title
    assert course["provider"]["name"] == data.university.name
    assert course["url"] == f"{FRONT}/offerings/{OFFERING}"
    # The page's own script still runs: its hash is in the policy the page was sent with.
    (script_hash,) = security_headers.script_hashes(
        b'<script>document.documentElement.classList.add("light")</script>'
    )
    assert f"'sha256-{script_hash}'" in r.headers["content-security-policy"]
    assert r.text.count("<title>") == 1 and "spa" in r.text


def test_polish_reader_gets_polish_static_heads(site: TestClient) -> None:
    r = site.get("/catalogue/", headers={"Cookie": "lang=pl"})
    assert r.status_code == 200
    head = Head(r.text)
    # The exported title is React's to hydrate (it turns Polish once the page runs);
    # what a link preview reads is Polish at once.
    assert head.titles == ["Catalogue"]
    assert head.one("og:title") == "Katalog · microcred"
    assert "mikropoświadcze" not in head.one("description")  # the catalogue's own words
    assert head.one("description").startswith("Szukaj krótkich kursów")
    assert head.one("og:locale").startswith("pl")
    assert head.links["canonical"] == [f"{FRONT}/catalogue"]
    home = Head(site.get("/").text)
    assert home.titles == ["microcred · university micro-credentials"]
    assert home.links["canonical"] == [f"{FRONT}/"]


@pytest.mark.parametrize(
    ("accept", "cookie", "expected"),
    [
        ("pl-PL,pl;q=0.9,en-US;q=0.8", None, "Katalog · microcred"),
        ("de-DE,de;q=0.9,pl;q=0.4", None, "Katalog · microcred"),  # pl is the one we speak
        ("de-DE,en;q=0.5,pl;q=0.4", None, "Catalogue · microcred"),
        ("pl;q=0,en", None, "Catalogue · microcred"),
        ("pl-PL", "en", "Catalogue · microcred"),  # the reader's own choice wins
        ("x" * 5000, None, "Catalogue · microcred"),
    ],
)
def test_a_first_visit_is_answered_in_the_browsers_language(
    site: TestClient, accept: str, cookie: str | None, expected: str
) -> None:
    headers = {"Accept-Language": accept} | ({"Cookie": f"lang={cookie}"} if cookie else {})
    r = site.get("/catalogue/", headers=headers)
    assert r.status_code == 200
    assert Head(r.text).one("og:title") == expected


def test_university_and_qualification_pages_name_their_subject(
    site: TestClient, demo_sqlite_url: str
) -> None:
    with session_scope(demo_sqlite_url) as session:
        (uni, *_) = catalogue.list_universities(session)
        (qual, *_) = catalogue.list_qualifications(session)
    u = Head(site.get(f"/universities/{uni.university.slug}").text)
    assert u.titles == [f"{uni.university.name} · microcred"]
    assert u.links["canonical"] == [f"{FRONT}/universities/{uni.university.slug}"]
    assert u.one("og:title") == u.titles[0] and u.one("description")
    q = Head(site.get(f"/qualifications/{qual.slug}").text)
    assert q.titles == [f"{qual.title} · microcred"]
    assert q.one("og:url") == f"{FRONT}/qualifications/{qual.slug}"
    assert q.ld == []  # JSON-LD is the offering's
    # Each shows its subject before any script runs (the first view).
    page = site.get(f"/universities/{uni.university.slug}").text
    assert ("h1", uni.university.name) in FirstView(page).texts
    page = site.get(f"/qualifications/{qual.slug}").text
    assert ("h1", qual.title) in FirstView(page).texts


def test_unknown_offering_is_a_404_that_is_not_indexed(site: TestClient) -> None:
    r = site.get("/offerings/no-such-course")
    assert r.status_code == 404
    head = Head(r.text)
    assert head.titles == ["Not found · microcred"]
    assert head.one("og:title") == "Not found · microcred"
    assert head.one("robots") == "noindex"
    assert head.ld == []
    assert "spa" in r.text  # the page itself still renders its friendly message


_CONTENT = re.compile(r'\s*\bcontent="[^"]*"')


@pytest.mark.parametrize(
    ("path", "lang"),
    [(f"/offerings/{OFFERING}", "pl"), ("/catalogue/", "pl"), ("/", "en"), ("/offerings/x", "en")],
)
def test_rewriting_keeps_what_react_hydrates(site: TestClient, path: str, lang: str) -> None:
    """React throws a page away (error #418) when the exported head's elements or texts
    change; only `content` values may differ, and new tags come after the shell's."""
    r = site.get(path, headers={"Cookie": f"lang={lang}"})
    sent = _CONTENT.sub("", r.text.split("</head>")[0])
    name = path.strip("/")
    shell_file = "404.html" if name.startswith("offerings") else f"{name}/index.html".lstrip("/")
    exported = _CONTENT.sub("", SHELLS[shell_file].split("</head>")[0])
    assert sent.startswith(exported), (sent, exported)
    assert len(sent) > len(exported)  # and the server did add its tags


def test_head_request_and_private_pages(site: TestClient) -> None:
    r = site.head(f"/offerings/{OFFERING}")
    assert r.status_code == 200 and r.content == b""
    assert int(r.headers["content-length"]) > len(SHELL)
    # A signed-in page is served as exported (its sidecar, its own title).
    acct = site.get("/account/", headers={"Accept-Encoding": "gzip"})
    assert acct.status_code == 200
    assert Head(acct.text).titles == ["My account"]


def test_sitemap_lists_every_published_offering_university_and_qualification(
    site: TestClient, demo_sqlite_url: str
) -> None:
    with session_scope(demo_sqlite_url) as session:
        total = catalogue.search(session, parse_query({})).total
        universities = {u.university.slug for u in catalogue.list_universities(session)}
        qualifications = {q.slug for q in catalogue.list_qualifications(session)}
        draft = session.get(Offering, 1)
        assert draft is not None
        hidden = draft.slug
        draft.status = "draft"
    try:
        r = site.get("/sitemap.xml")
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("application/xml")
        locs = re.findall(r"<loc>([^<]+)</loc>", r.text)
        offerings = {u.rsplit("/", 1)[1] for u in locs if "/offerings/" in u}
        assert len(offerings) == total - 1 and hidden not in offerings
        assert OFFERING in offerings or hidden == OFFERING
        assert {u.rsplit("/", 1)[1] for u in locs if "/universities/" in u} == universities
        assert {u.rsplit("/", 1)[1] for u in locs if "/qualifications/" in u} == qualifications
        assert f"{FRONT}/catalogue" in locs and all(u.startswith(FRONT) for u in locs)
        assert "<lastmod>" in r.text
    finally:
        with session_scope(demo_sqlite_url) as session:
            back = session.get(Offering, 1)
            assert back is not None
            back.status = "published"


def test_robots_txt_points_to_the_sitemap_and_keeps_out_of_private_pages(
    site: TestClient,
) -> None:
    r = site.get("/robots.txt")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    lines = r.text.splitlines()
    assert "User-agent: *" in lines
    assert {"Disallow: /wallet", "Disallow: /account", "Disallow: /staff/"} <= set(lines)
    assert "Disallow: /offerings/" not in lines
    assert f"Sitemap: {FRONT}/sitemap.xml" in lines


def test_a_page_sent_as_a_file_path_keeps_its_body_and_script_hashes(
    site: TestClient, tmp_path: Path
) -> None:
    """Granian (`make run-prod`) offers `http.response.pathsend`: Starlette then sends a
    static file as its path. The security headers must still read the page."""
    app = site.app
    sent: list[dict] = []

    asked: list[bool] = []

    async def receive() -> dict:
        # As a server does: the request once, then nothing until the client goes away.
        if asked:
            await anyio.sleep_forever()
        asked.append(True)
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/account/",
        "raw_path": b"/account/",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"front.test")],
        "client": ("127.0.0.1", 1),
        "server": ("front.test", 80),
        "extensions": {"http.response.pathsend": {}},
    }
    anyio.run(app, scope, receive, send)
    start, *bodies = sent
    assert start["status"] == 200
    body = b"".join(m.get("body", b"") for m in bodies)
    assert b"My account" in body
    headers = dict(start["headers"])
    (script_hash,) = security_headers.script_hashes(body)
    assert f"'sha256-{script_hash}'".encode() in headers[b"content-security-policy"]


class FirstView(HTMLParser):
    """The text of `#first-view`, by tag, as a reader without scripts sees it."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.found = False
        self.texts: list[tuple[str, str]] = []
        self._depth = 0
        self._tag = ""
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if dict(attrs).get("id") == "first-view":
            self.found, self._depth = True, 0
        if self.found and self._depth >= 0:
            self._depth += tag == "div"
            self._tag = tag

    def handle_endtag(self, tag: str) -> None:
        if self.found and tag == "div" and self._depth > 0:
            self._depth -= 1
            if self._depth == 0:
                self._depth = -1

    def handle_data(self, data: str) -> None:
        if self.found and self._depth > 0 and data.strip():
            self.texts.append((self._tag, data))


def test_a_course_page_shows_the_course_before_any_script(
    site: TestClient, demo_sqlite_url: str
) -> None:
    with session_scope(demo_sqlite_url) as session:
        data = catalogue.offering_detail(session, OFFERING)
    r = site.get(f"/offerings/{OFFERING}", headers={"Cookie": "lang=pl"})
    view = FirstView(r.text)
    assert view.found
    assert ("h1", data.title) in view.texts
    assert ("p", data.university.name) in view.texts
    assert ("p", data.summary) in view.texts
    # After everything React drew (which it hydrates unchanged), before the body ends.
    body = r.text.split("<body>", 1)[1]
    assert body.startswith('<div id="root">spa</div>')
    assert body.index('id="first-view"') < body.index("</body>")


def test_first_view_text_is_escaped_and_only_on_pages_with_content_of_their_own(
    site: TestClient, demo_sqlite_url: str
) -> None:
    with session_scope(demo_sqlite_url) as session:
        offering = session.exec(select(Offering).where(Offering.slug == OFFERING)).one()
        offering.title = '<img src=x onerror="alert(1)"> & Python'
        session.add(offering)
        session.commit()
    r = site.get(f"/offerings/{OFFERING}")
    shown = r.text[r.text.index('id="first-view"') : r.text.rindex("</body>")]
    assert "<img src=x" not in shown and "&lt;img src=x" in shown
    assert ("h1", '<img src=x onerror="alert(1)"> & Python') in FirstView(r.text).texts
    listed = site.get("/catalogue/?q=python").text
    assert "&lt;img src=x" in listed and "<img src=x" not in listed
    for path in ("/", "/account/", "/offerings/no-such-course", "/catalogue/?q=zzzqqqxxx"):
        assert 'id="first-view"' not in site.get(path).text, path


def test_scripts_wait_for_the_first_paint_only_where_the_page_is_right_without_them(
    site: TestClient,
) -> None:
    painted = site.get("/learning/", headers={"Cookie": "lang=en"}).text
    assert "modulepreload" not in painted.split("<script")[0]
    assert "requestAnimationFrame" in painted
    # A Polish reader's page is prerendered in English until it runs: it runs at once.
    polish = site.get("/learning/", headers={"Cookie": "lang=pl"}).text
    assert '<link rel="modulepreload" href="/assets/root-3.js"/>' in polish
    assert "requestAnimationFrame" not in polish
    # The sign-in button waits for its State: that page runs at once for everyone.
    form = site.get("/signin/", headers={"Cookie": "lang=en"}).text
    assert "requestAnimationFrame" not in form and "modulepreload" in form


def test_the_catalogue_shows_its_first_results_before_any_script(
    site: TestClient, demo_sqlite_url: str
) -> None:
    with session_scope(demo_sqlite_url) as session:
        found = catalogue.search(
            session, parse_query({"q": "data", "language": "pl"}), lang="pl", with_facets=False
        )
    assert found.items
    r = site.get("/catalogue/?q=data&language=pl", headers={"Cookie": "lang=pl"})
    assert r.status_code == 200
    view = FirstView(r.text)
    texts = [text for _tag, text in view.texts]
    # The page's own search, in its order: each course named, with its summary.
    assert texts[1] == "Katalog"
    assert [t for t in texts if t in {i.title for i in found.items}] == [
        item.title for item in found.items
    ]
    assert all(item.summary in texts for item in found.items)
    # For the eye only: the page beneath has the heading, the search box and a status.
    shown = r.text[r.text.index('<div id="first-view"') :]
    assert shown.split(">", 1)[0].endswith('aria-hidden="true"')
    assert "<h1" not in shown and "<a " not in shown
    # Whatever the address says, the page is answered; a query it cannot read has no view.
    crowded = "&".join(f"f{i}=x" for i in range(500))
    r = site.get(f"/catalogue/?{crowded}")
    assert r.status_code == 200 and 'id="first-view"' not in r.text
    assert site.get("/catalogue/?eqf=99&page=-3&q=%00").status_code == 200


def test_a_failing_search_leaves_the_catalogue_page_without_its_preview(
    site: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def timed_out(*_args: object, **_kwargs: object) -> None:
        raise OperationalError("SELECT ...", {}, Exception("canceling statement due to timeout"))

    monkeypatch.setattr(catalogue, "search", timed_out)
    r = site.get("/catalogue/?q=data")
    assert r.status_code == 200
    assert 'id="first-view"' not in r.text
    assert Head(r.text).one("og:title") == "Catalogue · microcred"


def test_past_its_search_budget_an_address_gets_the_catalogue_without_its_preview(
    site: TestClient, demo_sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    small_search_budget(monkeypatch, demo_sqlite_url, 2)
    seen = [site.get("/catalogue/?q=data") for _ in range(3)]
    assert [r.status_code for r in seen] == [200, 200, 200]
    assert ['id="first-view"' in r.text for r in seen] == [True, True, False]
    assert Head(seen[2].text).one("og:title") == "Catalogue · microcred"  # the page still comes
