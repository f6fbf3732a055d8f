"""The Stripe webhook route: read the raw body and signature, hand the event to orders.

What an event means and how it is applied once lives in `orders.payments.stripe_events`.
Here: a body over 1 MB is a 413, a bad signature or a body that is not an event is a 400,
an event for an order we do not know or of a type we do not use is a 200 so Stripe stops
retrying, and a Stripe outage or a busy database is a 503 so it does retry later.
"""

from __future__ import annotations

import logging

from sqlalchemy.exc import OperationalError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from microcred_market.api.deps import Call, json_error, lang_of, run
from microcred_market.orders.payments import stripe_events
from microcred_market.orders.payments.base import ProviderError
from microcred_market.orders.payments.stripe_provider import StripeProvider
from microcred_market.platform.i18n import t
from microcred_market.settings import get_settings

log = logging.getLogger("microcred.payments.stripe.webhook")

MAX_BODY = 1024 * 1024


async def _read_body(request: Request) -> bytes | None:
    """The raw body, or None when it is larger than MAX_BODY."""
    try:
        declared = int(request.headers.get("content-length") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_BODY:
        return None
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            return None
    return bytes(body)


def _receive(call: Call, body: bytes, secret: str) -> Response:
    settings = get_settings()
    connect_secret = settings.stripe_connect_webhook_secret
    event = stripe_events.parse(
        body,
        call.request.headers.get("stripe-signature"),
        secret,
        *([connect_secret] if connect_secret else []),
    )
    provider = StripeProvider(settings.stripe_secret_key or "", api_base=settings.stripe_api_base)
    try:
        result = stripe_events.handle(call.session, provider, event)
    except ProviderError as error:
        log.warning("Stripe webhook %s: could not ask Stripe: %s", event.id, error)
        return json_error(503, "provider_unavailable", call.t("api.webhook_stripe_unreachable"))
    return JSONResponse({"received": True, **result})


async def stripe_webhook(request: Request) -> Response:
    lang = lang_of(request)
    body = await _read_body(request)
    if body is None:
        return json_error(413, "payload_too_large", t("api.webhook_too_large", lang))
    secret = get_settings().stripe_webhook_secret
    if not secret:
        return json_error(503, "not_configured", t("api.webhook_not_configured", lang))
    try:
        return await run_in_threadpool(run, request, lambda call: _receive(call, body, secret))
    except stripe_events.OrderGone:
        return JSONResponse({"received": True, "ignored": "order_gone"})
    except OperationalError as error:
        log.warning("Stripe webhook: database busy: %s", error)
        return json_error(503, "busy", t("api.webhook_busy", lang))


ROUTES = [Route("/api/webhooks/stripe", stripe_webhook, methods=["POST"])]
