"""The JSON API for aggregators: the same catalogue queries the pages run.

Bad input never becomes a 500: parameters go through `parse_query`, which drops what it
cannot use and says so in `notices`; a missing offering is a 404 with a readable message.
Should something still fail unexpectedly, `internal_error` answers with a JSON 500 and a
message (logged with its traceback) rather than Starlette's plain-text page; an address
under /api/ that no route knows is a JSON 404 (or 405), not the web app's HTML page.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import asdict

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Match, Route

from microcred_market.api import openapi
from microcred_market.api.delivery import Delivery
from microcred_market.api.deps import Call, api, json_error, json_response, lang_of
from microcred_market.api.headers import SecurityHeaders, api_headers
from microcred_market.api.page_head import PageHead
from microcred_market.catalogue import service as catalogue
from microcred_market.catalogue.search_query import parse_query
from microcred_market.platform import ratelimit
from microcred_market.platform.i18n import t

log = logging.getLogger("microcred.api")

METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


@api
def list_offerings(call: Call) -> Response:
    # The same budget as the pages' searches: an aggregator paging politely stays far below.
    ratelimit.check(call.session, "search:ip", call.ip)
    params: dict[str, list[str]] = {}
    for key, value in call.query.multi_items():
        params.setdefault(key, []).append(value)
    result = catalogue.search(call.session, parse_query(params), lang=call.lang)
    return json_response(result.to_dict(call.lang))


@api
def get_offering(call: Call) -> Response:
    return json_response(asdict(catalogue.offering_detail(call.session, call.path["slug"][:200])))


async def health(_request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def openapi_json(_request: Request) -> Response:
    return json_response(openapi.document(), headers={"Access-Control-Allow-Origin": "*"})


ROUTES = [
    Route("/api/health", health),
    Route("/api/openapi.json", openapi_json),
    Route("/api/offerings", list_offerings),
    Route("/api/offerings/{slug}", get_offering),
]


def internal_error(request: Request, error: Exception) -> Response:
    """The last resort: a JSON 500 with a message; the traceback goes to the log."""
    log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=error)
    lang = lang_of(request)
    # Starlette answers this outside every middleware, so the headers are added here.
    return json_error(500, "internal_error", t("api.internal_error", lang), api_headers())


# The address space that answers only JSON. (/issuers/ and /contexts/ are left to the web
# app below: it may serve static files there, which a catch-all here would hide.)
JSON_PREFIXES = ("/api",)


def _unknown_api_address(routes: Sequence[BaseRoute], prefix: str) -> Route:
    """<prefix>/<anything else>: a JSON 404, or a 405 naming the methods it answers."""

    async def endpoint(request: Request) -> Response:
        lang = lang_of(request)
        allowed: set[str] = set()
        for route in routes:
            match, _ = route.matches({**request.scope, "method": "GET"})
            if match is not Match.NONE and isinstance(route, Route) and route.methods:
                allowed |= route.methods
        if allowed:
            names = ", ".join(sorted(allowed))
            message = t("api.method_not_allowed", lang, method=request.method, allowed=names)
            return json_error(405, "method_not_allowed", message, {"Allow": names})
        return json_error(404, "not_found", t("api.no_such_address", lang))

    return Route(prefix + "/{rest:path}", endpoint, methods=METHODS)


# Around everything the one-port server sends (API, pages, assets), outermost first:
# the delivery rules (a page's own address without a redirect, hashed files cached for
# good), compression of what is not compressed yet, the security headers (which read the page
# as it will be sent), and the public pages' head tags. The browser tests' front-end
# server is wrapped in the same list (tests/e2e/harness.py).
SERVER_MIDDLEWARE = [
    Middleware(Delivery),
    Middleware(GZipMiddleware, minimum_size=500),
    Middleware(SecurityHeaders),
    Middleware(PageHead),
]


def build_api(routes: Sequence[BaseRoute]) -> Starlette:
    """The API app for `routes` (every capability's, listed in `wiring.py`)."""
    return Starlette(
        routes=[*routes, *(_unknown_api_address(routes, p) for p in JSON_PREFIXES)],
        middleware=SERVER_MIDDLEWARE,
        exception_handlers={Exception: internal_error},
    )
