"""Which security headers every response carries, and the Content-Security-Policies.

Kept free of any web framework so that both the HTTP middleware (`api/headers.py`, for the
backend, the one-port production server and the test front-end server) and the dev-mode
front-end server's configuration (`ui/dev_headers.py`, a Reflex plugin writing them into
Vite's config) send the same policy.

Two policies:

- API answers (JSON, PDF, PNG) are never documents to run: `default-src 'none'`.
- HTML pages are Reflex's compiled React pages. Their inline bootstrap scripts (theme,
  scroll restoration, the React Router context and route imports) differ per page, so
  the middleware reads each page and allows exactly those scripts by their SHA-256 hash
  rather than every inline script. Reflex runs `rx.call_script` events (the language
  switch, the skip link) with `eval`, hence `'unsafe-eval'`; emotion and Radix insert
  `<style>` elements at run time, hence `style-src 'unsafe-inline'`. Pages talk to the
  backend over HTTP and a websocket on the API address, and post forms to it. The dev
  server injects its own inline scripts (hot reload), so dev mode allows inline scripts.

Both forbid framing (`frame-ancestors 'none'` and `X-Frame-Options: DENY`). HSTS is sent
only when PUBLIC_BASE_URL is https: on plain http a browser ignores it, and localhost must
keep working over http.
"""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import urlsplit

from microcred_market.settings import get_settings

API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
HSTS = "max-age=31536000"

_INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)


def origins() -> list[str]:
    """Our own web origins: the pages' and the API's (localhost and 127.0.0.1 alike)."""
    settings = get_settings()
    found: list[str] = []
    for url in (settings.public_base_url, settings.api_base_url):
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        variants = [origin]
        # localhost and 127.0.0.1 are the same machine to a developer's browser.
        if "://localhost" in origin:
            variants.append(origin.replace("://localhost", "://127.0.0.1"))
        if "://127.0.0.1" in origin:
            variants.append(origin.replace("://127.0.0.1", "://localhost"))
        found += [v for v in variants if v not in found]
    return found


def page_policy(script_hashes: list[str] | None = None) -> str:
    """The policy for an HTML page; without hashes (dev server, HEAD) inline scripts run."""
    ours = origins()
    sockets = [("wss" if o.startswith("https") else "ws") + o[o.index(":") :] for o in ours]
    scripts = ["'self'", "'unsafe-eval'"]
    if script_hashes is None:
        scripts.append("'unsafe-inline'")
    else:
        scripts += [f"'sha256-{h}'" for h in script_hashes]
    hosts = " ".join(ours)
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {' '.join(scripts)}",
            "style-src 'self' 'unsafe-inline'",
            f"img-src 'self' data: blob: {hosts}",
            "font-src 'self' data:",
            f"connect-src 'self' {hosts} {' '.join(sockets)}",
            f"form-action 'self' {hosts}",
            "frame-ancestors 'none'",
            "base-uri 'self'",
            "object-src 'none'",
        ]
    )


def common_headers() -> dict[str, str]:
    """Every response's headers except the CSP (which depends on what is sent)."""
    headers = {
        "x-content-type-options": "nosniff",
        "x-frame-options": "DENY",
        "referrer-policy": "strict-origin-when-cross-origin",
    }
    if get_settings().public_base_url.startswith("https://"):
        headers["strict-transport-security"] = HSTS
    return headers


def script_hashes(html: bytes) -> list[str]:
    """The SHA-256 (base64) of each inline script in a page, as CSP writes them."""
    return [
        base64.b64encode(hashlib.sha256(body).digest()).decode()
        for body in _INLINE_SCRIPT.findall(html)
        if body.strip()
    ]
