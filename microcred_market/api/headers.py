"""The security headers (`platform/security_headers.py`) on every HTTP response we serve.

In production (`make run-prod`, one port) Reflex mounts its backend and the compiled front
end inside our Starlette app, so this middleware sees every page, static file and error
too; the browser tests' front-end server is wrapped in it as well (tests/e2e/harness.py).
An HTML page is held until its body has been read, to allow its inline scripts by hash.
"""

from __future__ import annotations

import gzip
import zlib

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from microcred_market.platform import security_headers as policy

# A compiled page is tens of kilobytes; anything larger is passed on without reading it.
MAX_PAGE_BYTES = 2_000_000


def api_headers() -> dict[str, str]:
    """The headers for an answer built outside the middleware (the last-resort 500)."""
    return {**policy.common_headers(), "content-security-policy": policy.API_POLICY}


def _decoded(body: bytes, encoding: str) -> bytes | None:
    try:
        if encoding in ("", "identity"):
            return body
        if encoding == "gzip":
            return gzip.decompress(body)
        if encoding == "deflate":
            return zlib.decompress(body)
    except (OSError, zlib.error, EOFError):
        return None
    return None  # br, zstd: not what Reflex precompresses; the page goes without hashes


def _is_html(headers: list[tuple[bytes, bytes]]) -> bool:
    return any(k.lower() == b"content-type" and v.startswith(b"text/html") for k, v in headers)


class SecurityHeaders:
    """Adds the headers to every HTTP response of the app it wraps (never the websocket)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        chunks: list[bytes] = []

        async def send_with_headers(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                common = policy.common_headers().items()
                headers += [(k.encode(), v.encode()) for k, v in common if k.encode() not in names]
                message = {**message, "headers": headers}
                if b"content-security-policy" in names or message.get("status") == 304:
                    # A 304's headers replace the cached page's: a policy for "no body"
                    # would then block every script of the page the browser shows.
                    await send(message)
                elif not _is_html(headers):
                    csp = policy.API_POLICY.encode()
                    message["headers"] = [*headers, (b"content-security-policy", csp)]
                    await send(message)
                elif scope["method"] == "HEAD":
                    csp = policy.page_policy().encode()
                    message["headers"] = [*headers, (b"content-security-policy", csp)]
                    await send(message)
                else:
                    start = message  # held until the page is read, to hash its scripts
                return
            if message["type"] == "http.response.pathsend" and start is not None:
                # Granian (`make run-prod`) sends a static page as a file path, which
                # has to be read here to hash its scripts: it becomes an ordinary body.
                body = await anyio.Path(message["path"]).read_bytes()
                await _send_page(send, start, body, False)
                start = None
                return
            if message["type"] == "http.response.body" and start is not None:
                chunks.append(message.get("body", b""))
                more = message.get("more_body", False)
                if more and sum(len(c) for c in chunks) <= MAX_PAGE_BYTES:
                    return
                await _send_page(send, start, b"".join(chunks), more)
                start = None
                chunks.clear()
                return
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _send_page(send: Send, start: Message, body: bytes, more: bool) -> None:
    headers = list(start["headers"])
    encoding = next((v.decode() for k, v in headers if k.lower() == b"content-encoding"), "")
    html = None if more else _decoded(body, encoding.strip().lower())
    csp = policy.page_policy(policy.script_hashes(html) if html is not None else None)
    headers.append((b"content-security-policy", csp.encode()))
    await send({**start, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": more})
