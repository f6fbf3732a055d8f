"""The JSON API for aggregators: the same catalogue queries the pages run.

Bad input never becomes a 500: parameters go through `parse_query`, which drops what it
cannot use and says so in `notices`; a missing offering is a 404 with a readable message.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from microcred_market.api.deps import Call, api
from microcred_market.catalogue import service as catalogue
from microcred_market.catalogue.search_query import parse_query

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'"),
]


class SecurityHeaders:
    """Adds security headers to every /api response (not to the websocket or pages)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/api/"):
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name for name, _ in headers}
                headers += [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _json(data: Any, status: int = 200) -> Response:
    return Response(
        json.dumps(data, ensure_ascii=False, default=str),
        status_code=status,
        media_type="application/json",
    )


@api
def list_offerings(call: Call) -> Response:
    params: dict[str, list[str]] = {}
    for key, value in call.query.multi_items():
        params.setdefault(key, []).append(value)
    result = catalogue.search(call.session, parse_query(params), lang=call.lang)
    return _json(result.to_dict(call.lang))


@api
def get_offering(call: Call) -> Response:
    return _json(asdict(catalogue.offering_detail(call.session, call.path["slug"][:200])))


async def health(_request: Request) -> Response:
    return JSONResponse({"status": "ok"})


ROUTES = [
    Route("/api/health", health),
    Route("/api/offerings", list_offerings),
    Route("/api/offerings/{slug}", get_offering),
]


def build_api(routes: Sequence[BaseRoute]) -> Starlette:
    """The API app for `routes` (every capability's, listed in `wiring.py`)."""
    return Starlette(routes=list(routes), middleware=[Middleware(SecurityHeaders)])
