"""What a public page's first HTML says about it, before any JavaScript runs.

The production build exports one static HTML shell per route; for `/offerings/[slug]`
that shell knows no course, so search engines and link previews saw "Course ·
microcred" and nothing else. `PageHead` wraps the server that sends those shells (the
one-port production server and the browser tests' front-end server alike) and, for the
public routes below, replaces the shell's `<title>` and description and adds the
canonical address, Open Graph tags and, for an offering, the schema.org `Course`
JSON-LD, read from the catalogue in the reader's language (`lang` cookie). An unknown
slug is answered 404 (the page still renders its friendly "not found") and never
indexed. `/sitemap.xml` lists every published offering, approved university and
qualification; `/robots.txt` keeps crawlers out of the signed-in pages.

Once the page runs, Reflex keeps the title itself (`ui.i18n.page_title`), also after a
client-side navigation. The rewriting never changes what React hydrates (`with_head`).
"""

from __future__ import annotations

import html
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import parse_qs
from xml.sax.saxutils import escape as xml_escape

import anyio
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from microcred_market.api.deps import lang_of
from microcred_market.catalogue import queries as catalogue_queries
from microcred_market.catalogue import service as catalogue
from microcred_market.catalogue import vocab
from microcred_market.catalogue.search_query import parse_query
from microcred_market.catalogue.structured_data import course_json_ld
from microcred_market.credentials import queries as credential_queries
from microcred_market.platform import i18n, ratelimit, urls
from microcred_market.platform.db import session_scope
from microcred_market.platform.errors import DomainError
from microcred_market.platform.page_marks import HYDRATE_AT_ONCE

log = logging.getLogger("microcred.page_head")

DESCRIPTION_LIMIT = 200
# How much of a catalogue address's query its first view reads (the page reads the rest).
QUERY_LIMIT = 2000
QUERY_FIELDS = 40
# The pages a crawler has no business in (they all ask for a sign-in or a token). A shared
# credential stays crawlable, so link previews work; its page says "noindex" instead.
PRIVATE_PREFIXES = (
    "/account",
    "/admin/",
    "/api/",
    "/assess/",
    "/checkout/",
    "/invitation",
    "/join",
    "/learning",
    "/progress",
    "/reset-password",
    "/seats/",
    "/staff/",
    "/wallet",
)


@dataclass(frozen=True)
class FirstItem:
    """One result of the catalogue's first view: a course's card, as plain text."""

    title: str
    kicker: str  # its university and country
    text: str  # its summary
    content_lang: str


@dataclass(frozen=True)
class FirstView:
    """What a page shows before its scripts run (`first_view_html`)."""

    title: str
    kicker: str = ""  # the line above the title: the university of a course
    lead: str = ""  # the summary, in the page's larger type
    body: str = ""
    content_lang: str = ""  # the language the texts are written in
    items: tuple[FirstItem, ...] = ()  # the catalogue's first results


@dataclass(frozen=True)
class Head:
    """The facts a page's `<head>` states; `found=False` answers 404 and is not indexed."""

    title: str
    description: str
    path: str
    lang: str
    og_type: str = "website"
    image: str | None = None
    json_ld: dict[str, Any] | None = None
    index: bool = True
    found: bool = True
    first_view: FirstView | None = None


def _brand(name: str, lang: str) -> str:
    return f"{name} · {i18n.t('ui.brand', lang)}"


def _short(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """One paragraph of plain text, cut at a word when longer than `limit`."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",.;:")
    return cut + "…"


def _static(name: str, description: str | None = None) -> Callable[..., Head]:
    def head(_session: Session, path: str, _param: str, lang: str) -> Head:
        key = f"ui.meta.{description or name}"
        text = i18n.t(key if i18n.has(key) else "ui.meta.home", lang)
        return Head(i18n.t(f"ui.title.{name}", lang), text, path, lang)

    return head


def _catalogue(session: Session, path: str, query: str, lang: str, client: str = "") -> Head:
    """The catalogue's head, and its first page of results for the address's query.

    The results are what the page's largest paint waited for over the socket (3.6 s in
    Lighthouse's mobile simulation). The search is the page's own (same parsing, so the
    same bounds on words and filters), without the facets, which are the costly part and
    which the page fetches itself. It draws on the address's search budget (`search:ip`),
    as the page's own search and the JSON API do: past it, the page comes without preview.
    """
    head = _static("catalogue")(session, path, "", lang)
    try:
        params = parse_qs(query[:QUERY_LIMIT], max_num_fields=QUERY_FIELDS)
        ratelimit.check(session, "search:ip", client or "unknown")
        found = catalogue.search(session, parse_query(params), lang=lang, with_facets=False)
    except (ValueError, DomainError):  # too many fields, a query refused, over the limit
        return head
    except SQLAlchemyError:  # a slow or failing search: the page still comes, and searches
        log.warning("catalogue first view skipped: the search failed", exc_info=True)
        return head
    if not found.items:
        return head
    items = tuple(
        FirstItem(
            card.title,
            f"{card.university_name} · {vocab.label(vocab.COUNTRIES, card.country_code, lang)}",
            card.summary,
            card.language,
        )
        for card in found.items
    )
    view = FirstView(i18n.t("ui.nav_catalogue", lang), items=items)
    return replace(head, first_view=view)


def _not_found(path: str, lang: str) -> Head:
    return Head(
        i18n.t("ui.title.not-found", lang),
        i18n.t("ui.meta.home", lang),
        path,
        lang,
        index=False,
        found=False,
    )


def _offering(session: Session, path: str, slug: str, lang: str) -> Head:
    try:
        data = catalogue.offering_detail(session, slug[:200])
    except DomainError:
        return _not_found(path, lang)
    fallback = i18n.t(
        "ui.meta.offering",
        lang,
        title=data.title,
        university=data.university.name,
        ects=data.ects,
        eqf=data.eqf_level,
    )
    return Head(
        _brand(data.title, lang),
        _short(data.summary or data.description or fallback),
        path,
        lang,
        image=_absolute(data.university.logo),
        json_ld=course_json_ld(data),
        first_view=FirstView(
            data.title, data.university.name, data.summary, data.description, data.language
        ),
    )


def _university(session: Session, path: str, slug: str, lang: str) -> Head:
    try:
        uni = catalogue.university_detail(session, slug[:120]).university
    except DomainError:
        return _not_found(path, lang)
    text = uni.description or i18n.t("ui.meta.university", lang, name=uni.name)
    view = FirstView(uni.name, uni.city, body=uni.description)
    return Head(
        _brand(uni.name, lang), _short(text), path, lang, image=_absolute(uni.logo), first_view=view
    )


def _qualification(session: Session, path: str, slug: str, lang: str) -> Head:
    try:
        q = catalogue.qualification_detail(session, slug[:120])
    except DomainError:
        return _not_found(path, lang)
    fallback = i18n.t(
        "ui.meta.qualification", lang, title=q.title, eqf=q.eqf_level, ects=q.ects_required
    )
    view = FirstView(q.title, body=q.description, content_lang=q.language)
    return Head(
        _brand(q.title, lang), _short(q.description or fallback), path, lang, first_view=view
    )


def _credential(session: Session, path: str, uuid: str, lang: str) -> Head:
    """A credential its owner shared: named for link previews, never indexed (it is
    about a person). An unknown and a private one look the same, as on the page."""
    shared = credential_queries.shared_credential(session, uuid[:64])
    subject = (shared.document.get("credentialSubject") or {}) if shared else {}
    achievement = subject.get("achievement") if isinstance(subject, dict) else None
    name = achievement.get("name") if isinstance(achievement, dict) else None
    if shared is None or not isinstance(name, str):
        head = _static("credential")(session, path, "", lang)
        return Head(head.title, head.description, path, lang, index=False)
    issuer = shared.document.get("issuer")
    issuer_name = issuer.get("name") if isinstance(issuer, dict) else None
    text = i18n.t("ui.meta.credential", lang, issuer=str(issuer_name or ""))
    return Head(_brand(name, lang), _short(text), path, lang, index=False)


def _absolute(address: str | None) -> str | None:
    if not address:
        return None
    return address if "://" in address else urls.page(address)


# Path -> how to say what the page is. Static routes first, then one parameter.
STATIC_PAGES: dict[str, Callable[..., Head]] = {
    "/": _static("home"),
    "/catalogue": _catalogue,
    "/verify": _static("verify"),
    "/signin": _static("sign-in"),
    "/signup": _static("sign-up", "sign-in"),
    "/forgot-password": _static("forgot-password", "sign-in"),
}
DYNAMIC_PAGES: tuple[tuple[re.Pattern[str], Callable[..., Head]], ...] = (
    (re.compile(r"/offerings/([^/]+)"), _offering),
    (re.compile(r"/universities/([^/]+)"), _university),
    (re.compile(r"/qualifications/([^/]+)"), _qualification),
    (re.compile(r"/credentials/([^/]+)"), _credential),
)


def page_of(path: str) -> tuple[Callable[..., Head], str] | None:
    """The head builder and its parameter for a request path, or None (not ours)."""
    bare = path.rstrip("/") or "/"
    if bare in STATIC_PAGES:
        return STATIC_PAGES[bare], ""
    for pattern, build in DYNAMIC_PAGES:
        if match := pattern.fullmatch(bare):
            return build, match.group(1)
    return None


def head_for(path: str, lang: str, query: str = "", client: str = "") -> Head | None:
    """The head of the page at `path` for a reader of `lang`, None if not a public page.

    A page without a parameter in its path (the catalogue) is given the query string;
    the catalogue, which searches, is also told who asks (`client`, their address)."""
    found = page_of(path)
    if found is None:
        return None
    build, param = found
    canonical = path.rstrip("/") or "/"
    with session_scope() as session:
        if build is _catalogue:
            return _catalogue(session, canonical, query, lang, client)
        return build(session, canonical, param or query, lang)


# ---------------------------------------------------------------- the HTML


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def head_tags(head: Head) -> dict[str, str]:
    """Each tag that goes into `<head>`, by what it is, every value escaped."""
    url = urls.page(head.path)
    og = {
        "og:type": head.og_type,
        "og:site_name": i18n.t("ui.brand", head.lang),
        "og:title": head.title,
        "og:description": head.description,
        "og:url": url,
        "og:locale": i18n.locale_of(head.lang),
    }
    # The exported shell names a relative "favicon.ico", which no link preview can fetch.
    og["og:image"] = head.image or urls.page("/favicon.ico")
    tags = {
        "title": f"<title>{html.escape(head.title, quote=False)}</title>",
        "description": f'<meta name="description" content="{_attr(head.description)}"/>',
        "canonical": f'<link rel="canonical" href="{_attr(url)}"/>',
        **{k: f'<meta property="{k}" content="{_attr(v)}"/>' for k, v in og.items()},
        "twitter:card": '<meta name="twitter:card" content="summary"/>',
    }
    if not head.index:
        tags["robots"] = '<meta name="robots" content="noindex"/>'
    if head.json_ld is not None:
        # "</" cannot close the script element once it is escaped.
        data = json.dumps(head.json_ld, ensure_ascii=False).replace("</", "<\\/")
        tags["json-ld"] = (
            f'<script type="application/ld+json" id="course-jsonld-head">{data}</script>'
        )
    return tags


_TITLE = re.compile(r"<title>.*?</title>", re.S | re.I)
# A shell's own description and Open Graph tags, whose `content` is set to the server's.
_CONTENT_TAGS = re.compile(
    r"<meta(?=[^>]*\b(?:name|property)=\"(description|og:[^\"]*)\")[^>]*?/?>", re.I
)
_CONTENT_ATTR = re.compile(r'\bcontent="[^"]*"', re.I)


def with_head(page: str, head: Head) -> str:
    """The page with `head`'s title, description, canonical and Open Graph tags.

    React hydrates the exported `<head>` as it rendered it, and a changed text or a
    missing element makes it throw the page away and draw it again (React error #418,
    visible as elements that vanish under the reader's hands). So nothing the shell has
    is removed or moved, and no text in it changes: a description or Open Graph tag it
    has gets the server's value in its `content` attribute (attributes are not
    compared), a `<title>` it has is kept (the page names itself once it runs), and the
    tags it lacks go last, just before `</head>`, where React skips what it did not draw.
    """
    end = page.find("</head>")
    if end < 0:
        return page
    shell, rest = page[:end], page[end:]
    tags = head_tags(head)

    def set_content(match: re.Match[str]) -> str:
        tag = tags.pop(match.group(1).lower(), None)
        if tag is None:
            return match.group(0)
        value = _CONTENT_ATTR.search(tag)
        return _CONTENT_ATTR.sub(value.group(0) if value else 'content=""', match.group(0), 1)

    shell = _CONTENT_TAGS.sub(set_content, shell)
    if _TITLE.search(shell):
        tags.pop("title")
    return shell + "".join(tags.values()) + rest


# ---------------------------------------------------------------- the first view

# Shown over the page until the page shows its own content, then removed for good (a
# later load's skeleton must not bring back the course of an earlier address).
_FIRST_VIEW_SCRIPT = (
    "<script>(function(){var v=document.getElementById('first-view');if(!v)return;"
    "var o=new MutationObserver(function(){var m=document.getElementById('main');"
    "if(m&&!m.querySelector('.skeleton')){o.disconnect();v.remove();}});"
    "o.observe(document.body,{childList:true,subtree:true});})();</script>"
)


def _lang_attr(code: str) -> str:
    """` lang="…"` for text written in `code`, nothing when its language is unknown."""
    return f' lang="{_attr(code)}"' if code else ""


def first_view_html(head: Head) -> str:
    """The course (university, qualification) as plain HTML in the site's own type.

    A course, university or qualification page is one route for every slug, so its
    prerendered HTML is an empty frame: a phone showed nothing until 300 KB of script
    had run and the page had asked the server over its socket (Lighthouse mobile: first
    paint 2.3 s, largest paint 3.7 s), and a reader without scripts nothing at all.
    This view goes after React's own markup, which React leaves alone when it hydrates,
    and covers the screen until the page has drawn its content.
    """
    view = head.first_view
    if view is None:
        return ""
    lang = _lang_attr(view.content_lang)
    esc = html.escape
    # The catalogue's prerendered page already has its heading, search box and a
    # "loading" status beneath: its preview is for the eye only, so a screen reader
    # (and a tap) meets one page, not two.
    preview = bool(view.items)
    hidden = ' aria-hidden="true"' if preview else ""
    title_tag = "p" if preview else "h1"
    parts = [
        '<div id="first-view" class="first-view radix-themes" data-accent-color="indigo"'
        f' data-gray-color="slate" data-radius="medium" data-scaling="100%"{hidden}>',
        '<div class="first-view-bar"><p class="rt-Text rt-r-size-5 rt-r-weight-bold">'
        f"{esc(i18n.t('ui.brand', head.lang))}</p></div>",
        '<div class="first-view-page">',
    ]
    if view.kicker:
        parts.append(f'<p class="rt-Text rt-r-size-2">{esc(view.kicker)}</p>')
    parts.append(
        f'<{title_tag} class="rt-Heading rt-r-size-6 md:rt-r-size-8"{lang}>'
        f"{esc(view.title)}</{title_tag}>"
    )
    for item in view.items:
        item_lang = _lang_attr(item.content_lang)
        parts.append(
            '<div class="first-view-item">'
            f'<p class="rt-Text rt-r-size-5 rt-r-weight-bold first-view-title"{item_lang}>'
            f"{esc(item.title)}</p>"
            f'<p class="rt-Text rt-r-size-2">{esc(item.kicker)}</p>'
            f'<p class="rt-Text rt-r-size-3"{item_lang}>{esc(item.text)}</p></div>'
        )
    if view.lead:
        parts.append(f'<p class="rt-Text rt-r-size-4"{lang}>{esc(view.lead)}</p>')
    if view.body:
        parts.append(f'<p class="rt-Text rt-r-size-3"{lang}>{esc(view.body)}</p>')
    parts.append("</div></div>")
    return "".join(parts) + _FIRST_VIEW_SCRIPT


def with_first_view(page: str, head: Head) -> str:
    view = first_view_html(head)
    end = page.rfind("</body>")
    if not view or end < 0:
        return page
    return page[:end] + view + page[end:]


# ---------------------------------------------------------------- paint first

_MODULE_PRELOAD = re.compile(r'<link rel="modulepreload" href="([^"]*)"/?>')
_ROUTER_MODULES = re.compile(r'(<script type="module"[^>]*>)(.*?)(</script>)', re.S)
_STATIC_IMPORT = re.compile(r'^\s*import\s+(?:\*\s+as\s+(\w+)\s+from\s+)?("[^"]+");', re.M)
# Until the page is on the screen (a timeout inside an animation frame runs after that
# frame is painted); at once in a tab opened in the background, which draws no frames.
# Then every module is asked for at once, as the links would have (the imports alone
# would find them one level of the module graph at a time).
_AFTER_PAINT = (
    'if (document.visibilityState === "visible") '
    "await new Promise((go) => requestAnimationFrame(() => setTimeout(go, 0)));\n"
    "for (const href of %s) {\n"
    '  const link = document.createElement("link");\n'
    '  link.rel = "modulepreload"; link.href = href; document.head.append(link);\n'
    "}\n"
)


def paint_first(page: str) -> str:
    """The page with its scripts fetched after its first paint, not before.

    Every page is prerendered, so the HTML and the stylesheet are all a phone needs to
    show it; React Router's shell lists the page's ~35 script modules as
    `modulepreload` links and imports the first of them at once, so on a slow
    connection the 300 KB of script shared the line with the stylesheet and the page
    stayed blank until all of it had arrived (Lighthouse mobile: first paint 3.7 s,
    where the HTML and the CSS alone take about 1 s). Here the preload links go (React
    adds them back as it hydrates; they are hints, not part of the page it compares),
    and the module script waits for the first frame, then asks for every module at once
    and imports them in the same order. The script element itself stays, so what React
    hydrates is unchanged.
    """
    if "__reactRouterRouteModules" not in page:
        return page
    preloads = json.dumps(_MODULE_PRELOAD.findall(page)).replace("</", "<\\/")

    def deferred(match: re.Match[str]) -> str:
        body = match.group(2)
        if "__reactRouterRouteModules" not in body:
            return match.group(0)

        def dynamic(found: re.Match[str]) -> str:
            name, source = found.group(1), found.group(2)
            return f"const {name} = await import({source});" if name else f"await import({source});"

        wait = _AFTER_PAINT % preloads
        return match.group(1) + wait + _STATIC_IMPORT.sub(dynamic, body) + match.group(3)

    return _ROUTER_MODULES.sub(deferred, _MODULE_PRELOAD.sub("", page))


def paints_first(page: str, lang: str) -> bool:
    """Whether the prerendered page is right to show before its scripts have run.

    Pages are prerendered in the default language: a reader of another one would see
    them in the wrong language until hydration, so for them the scripts start at once,
    as do pages whose controls wait for their State (`HYDRATE_AT_ONCE`)."""
    return lang == i18n.default_language() and HYDRATE_AT_ONCE not in page


# ---------------------------------------------------------------- the middleware

# Asked of the inner server without these, so it answers the plain page in full.
_DROPPED_REQUEST_HEADERS = {b"accept-encoding", b"if-none-match", b"if-modified-since", b"range"}
# Facts about the file on disk that stop being true once the page is rewritten.
_DROPPED_RESPONSE_HEADERS = {
    b"content-length",
    b"etag",
    b"last-modified",
    b"accept-ranges",
    b"content-encoding",
    b"cache-control",
}


_NOT_PAGES = ("/api/", "/assets/", "/_event", "/_upload", "/ping", "/_health")


def is_page_address(path: str) -> bool:
    """Whether `path` may answer a page's HTML (every route's prerendered shell), rather
    than a file, the API or the event socket: only those are read and rewritten."""
    if path.startswith(_NOT_PAGES):
        return False
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return "." not in last or last.endswith(".html")


class PageHead:
    """Rewrites the HTML of every page as it is sent (GET and HEAD): scripts after the
    first paint (`paint_first`), and the public pages' `<head>` (`with_head`)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in ("GET", "HEAD")
            or not (page_of(scope["path"]) is not None or is_page_address(scope["path"]))
        ):
            await self.app(scope, receive, send)
            return
        inner = {
            **scope,
            "method": "GET",
            "headers": [(k, v) for k, v in scope["headers"] if k not in _DROPPED_REQUEST_HEADERS],
            # The page's bytes are needed here, not a file path for the server to send.
            "extensions": {
                k: v
                for k, v in (scope.get("extensions") or {}).items()
                if k != "http.response.pathsend"
            },
        }
        start: Message | None = None
        chunks: list[bytes] = []
        passed_on = False

        async def collect(message: Message) -> None:
            nonlocal start, passed_on
            if passed_on:
                await send(message)
                return
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] == "http.response.body" and start is not None:
                chunks.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
            await _finish(scope, send, start, b"".join(chunks), message)
            passed_on = True

        await self.app(inner, receive, collect)


async def _finish(
    scope: Scope, send: Send, start: Message | None, body: bytes, last: Message
) -> None:
    if start is None:
        await send(last)
        return
    headers = list(start.get("headers", []))
    content_type = next((v for k, v in headers if k.lower() == b"content-type"), b"")
    if start.get("status") not in (200, 404) or not content_type.startswith(b"text/html"):
        await send(start)
        await send(
            {"type": "http.response.body", "body": body if scope["method"] == "GET" else b""}
        )
        return
    lang = lang_of(Request(scope))
    head = None
    if page_of(scope["path"]) is not None:
        query = scope.get("query_string", b"").decode("latin-1")
        client = scope.get("client") or ("unknown", 0)
        head = await anyio.to_thread.run_sync(head_for, scope["path"], lang, query, client[0])
    status = start.get("status", 200)
    page = body.decode("utf-8")
    if paints_first(page, lang):
        page = paint_first(page)
    if head is not None:
        page = with_first_view(with_head(page, head), head)
        status = 200 if head.found else 404
    body = page.encode("utf-8")
    kept = [(k, v) for k, v in headers if k.lower() not in _DROPPED_RESPONSE_HEADERS]
    kept += [
        (b"content-length", str(len(body)).encode()),
        # The head follows the catalogue and the reader's language: ask again each time.
        (b"cache-control", b"no-cache"),
        (b"vary", b"Cookie"),
    ]
    await send({"type": "http.response.start", "status": status, "headers": kept})
    await send({"type": "http.response.body", "body": body if scope["method"] == "GET" else b""})


# ---------------------------------------------------------------- sitemap and robots


def sitemap_xml(session: Session) -> str:
    pages = [catalogue_queries.SitemapPage(p) for p in ("/", "/catalogue", "/verify")]
    pages += catalogue_queries.sitemap_pages(session)
    rows = []
    for page in pages:
        lastmod = f"<lastmod>{page.lastmod}</lastmod>" if page.lastmod else ""
        rows.append(f"<url><loc>{xml_escape(urls.page(page.path))}</loc>{lastmod}</url>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "\n".join(rows)
        + "\n</urlset>\n"
    )


def _read_sitemap() -> str:
    with session_scope() as session:
        return sitemap_xml(session)


async def sitemap(_request: Request) -> Response:
    body = await anyio.to_thread.run_sync(_read_sitemap)
    return Response(
        body, media_type="application/xml", headers={"cache-control": "public, max-age=3600"}
    )


def robots_txt() -> str:
    lines = ["User-agent: *", "Allow: /"]
    lines += [f"Disallow: {prefix}" for prefix in PRIVATE_PREFIXES]
    lines += ["", f"Sitemap: {urls.page('/sitemap.xml')}", ""]
    return "\n".join(lines)


async def robots(_request: Request) -> Response:
    return Response(
        robots_txt(), media_type="text/plain", headers={"cache-control": "public, max-age=3600"}
    )


ROUTES = [
    Route("/sitemap.xml", sitemap, methods=["GET", "HEAD"]),
    Route("/robots.txt", robots, methods=["GET", "HEAD"]),
]
