"""Stripe webhooks: verified, applied once, and only ever a trigger.

A delivery is accepted only with a valid `Stripe-Signature` (HMAC of the raw body with
the endpoint secret, at most five minutes old); anything else is a 400 and changes
nothing. The event's own copy of the session is never believed: we find the order, ask
Stripe for *the order's* Checkout Session as it is now, and apply the events that view
implies. So a replayed, reordered or forged "paid" cannot pay an order that Stripe does
not say is paid, and a refund delivered before the payment ends in the same state as
the other way round.

Each event id is recorded in `provider_event` in the same transaction as the change of
state it caused, so a redelivery (Stripe retries until it gets a 2xx) changes nothing.
An event for an order we do not know, or of a type we do not use, is answered 200 so
Stripe stops retrying; a Stripe outage while we look the session up is a 503, so it does
retry later.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import stripe
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, select
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from microcred_market.orders import service as orders
from microcred_market.orders.models import Order, ProviderEvent
from microcred_market.orders.payments.base import ProviderError
from microcred_market.orders.payments.stripe_provider import StripeProvider
from microcred_market.platform.db import session_scope
from microcred_market.platform.errors import DomainError, NotFound
from microcred_market.settings import get_settings

log = logging.getLogger("microcred.payments.stripe.webhook")

PROVIDER = "stripe"
MAX_BODY = 1024 * 1024
TOLERANCE_SECONDS = stripe.Webhook.DEFAULT_TOLERANCE  # 300

SESSION_EVENTS = frozenset(
    {
        "checkout.session.completed",
        "checkout.session.async_payment_succeeded",
        "checkout.session.async_payment_failed",
        "checkout.session.expired",
    }
)
HANDLED_EVENTS = SESSION_EVENTS | {"payment_intent.payment_failed", "charge.refunded"}


def _error(status: int, code: str, message: str) -> Response:
    return JSONResponse({"error": code, "message": message}, status_code=status)


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


async def stripe_webhook(request: Request) -> Response:
    body = await _read_body(request)
    if body is None:
        return _error(413, "payload_too_large", "The webhook body is larger than 1 MB.")
    secret = get_settings().stripe_webhook_secret
    if not secret:
        return _error(503, "not_configured", "Stripe webhooks are not configured here.")
    try:
        event = stripe.Webhook.construct_event(
            body, request.headers.get("stripe-signature"), secret, TOLERANCE_SECONDS
        )
        data = event.to_dict()
    except stripe.SignatureVerificationError as error:
        return _error(400, "invalid_signature", str(error) or "The signature does not match.")
    except (ValueError, TypeError, AttributeError, KeyError, RecursionError):
        return _error(400, "invalid_payload", "The webhook body is not a Stripe event.")

    event_id, event_type = data.get("id"), data.get("type")
    obj = (data.get("data") or {}).get("object") if isinstance(data.get("data"), dict) else None
    if not isinstance(event_id, str) or not event_id or len(event_id) > 255:
        return _error(400, "invalid_payload", "The event has no id.")
    if not isinstance(event_type, str) or not isinstance(obj, dict):
        return _error(400, "invalid_payload", "The event has no type or object.")
    if event_type not in HANDLED_EVENTS:
        return JSONResponse({"received": True, "ignored": "event_type"})
    try:
        result = await run_in_threadpool(_handle, event_id, event_type, obj)
    except ProviderError as error:
        log.warning("Stripe webhook %s: could not ask Stripe: %s", event_id, error)
        return _error(503, "provider_unavailable", "Stripe could not be reached; retry later.")
    except OperationalError as error:
        log.warning("Stripe webhook %s: database busy: %s", event_id, error)
        return _error(503, "busy", "Please retry later.")
    return JSONResponse({"received": True, **result})


# ---------------------------------------------------------------- the work


@dataclass(frozen=True)
class _Target:
    order_id: int
    order_uuid: str
    provider: str
    provider_ref: str | None


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _id_of(value: Any) -> str | None:
    return _str(value.get("id")) if isinstance(value, dict) else _str(value)


def _target(order: Order | None) -> _Target | None:
    if order is None:
        return None
    return _Target(order.id, str(order.uuid), order.provider, order.provider_ref)  # type: ignore[arg-type]


def _find_order(session: Session, obj: dict[str, Any]) -> _Target | None:
    metadata = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    is_session = obj.get("object") == "checkout.session"
    candidates = [_str(metadata.get("order_uuid"))]
    if is_session:
        candidates.append(_str(obj.get("client_reference_id")))
    for order_uuid in candidates:
        if order_uuid:
            try:
                return _target(orders.order_by_uuid(session, order_uuid))
            except NotFound:
                continue
    if is_session and _str(obj.get("id")):
        return _target(orders.order_by_ref(session, PROVIDER, obj["id"]))
    return None


def _payment_intent_of(obj: dict[str, Any]) -> str | None:
    kind = obj.get("object")
    if kind == "payment_intent":
        return _str(obj.get("id"))
    if kind in ("charge", "checkout.session", "refund"):
        return _id_of(obj.get("payment_intent"))
    return None


def _already_seen(session: Session, event_id: str) -> bool:
    return (
        session.exec(
            select(ProviderEvent.id).where(
                ProviderEvent.provider == PROVIDER, ProviderEvent.event_id == event_id
            )
        ).first()
        is not None
    )


def _handle(event_id: str, event_type: str, obj: dict[str, Any]) -> dict[str, Any]:
    settings = get_settings()
    provider = StripeProvider(settings.stripe_secret_key or "", api_base=settings.stripe_api_base)

    with session_scope() as session:
        if _already_seen(session, event_id):
            return {"duplicate": True}
        target = _find_order(session, obj)

    if target is None:
        intent = _payment_intent_of(obj)
        ref = provider.session_for_payment_intent(intent) if intent else None
        if ref:
            with session_scope() as session:
                target = _target(orders.order_by_ref(session, PROVIDER, ref))
    if target is None:
        log.warning("Stripe webhook %s (%s): no order of ours", event_id, event_type)
        return {"ignored": "unknown_order"}
    if target.provider != PROVIDER:
        log.warning(
            "Stripe webhook %s: order %s is not a Stripe order", event_id, target.order_uuid
        )
        return {"ignored": "not_a_stripe_order"}

    # Ask Stripe about the order's own checkout, never the one the event names.
    ref = target.provider_ref
    attach = False
    if ref is None and obj.get("object") == "checkout.session" and _str(obj.get("id")):
        ref, attach = obj["id"], True  # the checkout was made but not yet recorded
    if ref is None:
        log.warning("Stripe webhook %s: order %s has no checkout", event_id, target.order_uuid)
        return {"ignored": "no_checkout"}
    view = provider.session_view(ref)
    if view.order_uuid is not None and view.order_uuid != target.order_uuid:
        log.warning(
            "Stripe webhook %s: session %s belongs to %s, not %s",
            event_id,
            ref,
            view.order_uuid,
            target.order_uuid,
        )
        return {"ignored": "session_mismatch"}
    if attach and view.order_uuid != target.order_uuid:
        return {"ignored": "no_checkout"}

    with session_scope() as session:
        try:
            with session.begin_nested():
                session.add(ProviderEvent(provider=PROVIDER, event_id=event_id))
                session.flush()
        except IntegrityError:
            return {"duplicate": True}  # a concurrent delivery of the same event won
        if attach:
            order = session.get(Order, target.order_id)
            if order is not None and order.provider_ref is None:
                order.provider_ref = ref
                session.add(order)
        order = session.get(Order, target.order_id)
        events = list(view.events)
        if order is not None and "paid" in events and not _amount_matches(order, view):
            # Never enrol on a payment that is not what we asked for; an operator looks.
            log.error(
                "Stripe webhook %s: session %s paid %s %s, order %s expects %s %s",
                event_id,
                ref,
                view.amount_total,
                view.currency,
                order.uuid,
                order.amount_minor,
                order.currency,
            )
            events.remove("paid")
        try:
            for name in events:
                orders.apply_event(session, target.order_id, name, f"webhook:{event_id}")
        except DomainError as error:
            log.warning("Stripe webhook %s: %s", event_id, error)
            session.rollback()
            return {"ignored": "order_gone"}
        order = session.get(Order, target.order_id)
        state = order.state if order is not None else None
    return {"order": target.order_uuid, "events": view.events, "state": state}


ROUTES = [Route("/api/webhooks/stripe", stripe_webhook, methods=["POST"])]


def _amount_matches(order: Order, view: object) -> bool:
    amount = getattr(view, "amount_total", None)
    currency = getattr(view, "currency", None)
    return amount == order.amount_minor and (currency or "").upper() == order.currency
