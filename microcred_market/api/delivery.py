"""How the compiled front end travels: no redirect round trip, hashed files cached for good.

The exported pages are directories (`catalogue/index.html`), so the static file server
answers `/catalogue`, the address every link of ours uses, with a 307 to `/catalogue/`:
on a phone that is a second round trip (about 600 ms measured) before the first byte of
the page. `Delivery` asks the inner server again for the slashed address instead and
sends that page under the address the reader asked for; React Router matches both.

Vite names every file it builds under `/assets/` after a hash of its content, so such a
file never changes under its name: it is cached for a year and marked immutable, and a
returning reader's browser does not ask again.
"""

from __future__ import annotations

import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# `root-CrWifvB0.js`, `manifest-bdd72479.js`, `__reflex_global_styles-QjR_D-oa.css`
HASHED_ASSET = re.compile(r"^/assets/[^/]+-[A-Za-z0-9_-]{8}\.(?:js|css|woff2?|svg|png|webp)$")
IMMUTABLE = b"public, max-age=31536000, immutable"
_REDIRECTS = (301, 302, 307, 308)


def _header(message: Message, name: bytes) -> bytes | None:
    return next((v for k, v in message.get("headers", []) if k.lower() == name), None)


class Delivery:
    """Serves a page's slashed address in place of a redirect to it; caches hashed files."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if HASHED_ASSET.match(path):
            await self.app(scope, receive, _cached_for_good(send))
            return
        last = path.rsplit("/", 1)[-1]
        if path.endswith("/") or "." in last:
            await self.app(scope, receive, send)
            return
        slashed = path + "/"
        redirected = False

        async def watch(message: Message) -> None:
            nonlocal redirected
            if message["type"] == "http.response.start" and message["status"] in _REDIRECTS:
                location = (_header(message, b"location") or b"").decode("latin-1")
                # Only the static server's own "add a slash", never a redirect we mean.
                if location.split("?", 1)[0].endswith(slashed):
                    redirected = True
                    return
            if redirected:
                return  # the redirect's body
            await send(message)

        await self.app(scope, receive, watch)
        if redirected:
            inner = {
                **scope,
                "path": slashed,
                "raw_path": slashed.encode("utf-8"),
            }
            await self.app(inner, receive, send)


def _cached_for_good(send: Send) -> Send:
    async def with_cache(message: Message) -> None:
        if message["type"] == "http.response.start" and message["status"] in (200, 304):
            headers = [
                (k, v) for k, v in message.get("headers", []) if k.lower() != b"cache-control"
            ]
            message = {**message, "headers": [*headers, (b"cache-control", IMMUTABLE)]}
        await send(message)

    return with_cache
