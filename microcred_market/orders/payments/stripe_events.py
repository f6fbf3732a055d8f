"""Stripe webhook events: verified, applied once, and only ever a trigger.

A delivery is accepted only with a valid `Stripe-Signature` (HMAC of the raw body with
the endpoint secret, at most five minutes old); anything else is refused and changes
nothing. The event's own copy of the session is never believed: we find the order, ask
Stripe for *the order's* Checkout Session as it is now, and apply the events that view
implies. So a replayed, reordered or forged "paid" cannot pay an order that Stripe does
not say is paid, and a refund delivered before the payment ends in the same state as
the other way round.

Each event id is recorded in `provider_event` in the same transaction as the change of
state it caused, so a redelivery (Stripe retries until it gets a 2xx) changes nothing.
An event for an order we do not know, or of a type we do not use, is acknowledged so
Stripe stops retrying; a Stripe outage while we look the session up is a `ProviderError`,
so the caller can ask Stripe to retry later.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import stripe
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from microcred_market.orders import payouts
from microcred_market.orders import service as orders
from microcred_market.orders.models import Order, ProviderEvent
from microcred_market.orders.payments.stripe_provider import SessionView, StripeProvider
from microcred_market.platform import audit
from microcred_market.platform.errors import DomainError, InvalidInput, NotFound

log = logging.getLogger("microcred.payments.stripe.webhook")

PROVIDER = "stripe"
TOLERANCE_SECONDS = stripe.Webhook.DEFAULT_TOLERANCE  # 300

SESSION_EVENTS = frozenset(
    {
        "checkout.session.completed",
        "checkout.session.async_payment_succeeded",
        "checkout.session.async_payment_failed",
        "checkout.session.expired",
    }
)
ACCOUNT_EVENTS = frozenset({"account.updated"})
HANDLED_EVENTS = (
    SESSION_EVENTS | ACCOUNT_EVENTS | {"payment_intent.payment_failed", "charge.refunded"}
)


class InvalidSignature(InvalidInput):
    code = "invalid_signature"


class InvalidEvent(InvalidInput):
    code = "invalid_payload"


@dataclass(frozen=True)
class Event:
    id: str
    type: str
    object: dict[str, Any]


def _construct(body: bytes, signature: str | None, secrets: tuple[str, ...]) -> Any:
    """Verified with the first secret that signed it (the platform's endpoint, or the
    Connect endpoint's); the last verification error when none did."""
    failure: stripe.SignatureVerificationError | None = None
    for secret in secrets:
        try:
            return stripe.Webhook.construct_event(body, signature, secret, TOLERANCE_SECONDS)
        except stripe.SignatureVerificationError as error:
            failure = error
    assert failure is not None  # at least one secret is always given
    raise failure


def parse(body: bytes, signature: str | None, secret: str, *more_secrets: str) -> Event:
    """The event in a delivery, if Stripe signed it; else an error saying what is wrong."""
    try:
        data = _construct(body, signature, (secret, *more_secrets)).to_dict()
    except stripe.SignatureVerificationError as error:
        raise InvalidSignature(str(error) or "api.webhook_bad_signature") from error
    except (ValueError, TypeError, AttributeError, KeyError, RecursionError) as error:
        raise InvalidEvent("api.webhook_not_an_event") from error
    event_id, event_type = data.get("id"), data.get("type")
    obj = (data.get("data") or {}).get("object") if isinstance(data.get("data"), dict) else None
    if not isinstance(event_id, str) or not event_id or len(event_id) > 255:
        raise InvalidEvent("api.webhook_no_id")
    if not isinstance(event_type, str) or not isinstance(obj, dict):
        raise InvalidEvent("api.webhook_no_type")
    return Event(event_id, event_type, obj)


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
    assert order.id is not None  # read from the database
    return _Target(order.id, str(order.uuid), order.provider, order.provider_ref)


def _find_order(session: Session, obj: dict[str, Any]) -> _Target | None:
    raw_metadata = obj.get("metadata")
    metadata = raw_metadata if isinstance(raw_metadata, dict) else {}
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


def _amount_matches(order: Order, view: SessionView) -> bool:
    amount = view.amount_total
    return amount == order.amount_minor and (view.currency or "").upper() == order.currency


def handle(session: Session, provider: StripeProvider, event: Event) -> dict[str, Any]:
    """Apply what Stripe now says about the event's order; the caller commits.

    Raises `ProviderError` when Stripe cannot be asked (nothing is written then).
    """
    if event.type not in HANDLED_EVENTS:
        return {"ignored": "event_type"}
    event_id, obj = event.id, event.object
    if _already_seen(session, event_id):
        return {"duplicate": True}
    if event.type in ACCOUNT_EVENTS:
        return _account_updated(session, provider, event)
    target = _find_order(session, obj)
    if target is None:
        intent = _payment_intent_of(obj)
        ref = provider.session_for_payment_intent(intent) if intent else None
        if ref:
            target = _target(orders.order_by_ref(session, PROVIDER, ref))
    if target is None:
        log.warning("Stripe webhook %s (%s): no order of ours", event_id, event.type)
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
    return _apply(session, target, view, event_id, ref, attach)


def _apply(
    session: Session, target: _Target, view: SessionView, event_id: str, ref: str, attach: bool
) -> dict[str, Any]:
    try:
        with session.begin_nested():
            session.add(ProviderEvent(provider=PROVIDER, event_id=event_id))
            session.flush()
    except IntegrityError:
        return {"duplicate": True}  # a concurrent delivery of the same event won
    order = session.get(Order, target.order_id)
    if attach and order is not None and order.provider_ref is None:
        order.provider_ref = ref
        session.add(order)
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
        if "paid" in events and "refunded" not in events and view.amount_refunded > 0:
            # Part of the money went back (say, from the dashboard): recorded, and the
            # credential side told, but the order stays paid.
            orders.record_partial_refund(
                session,
                order_id=target.order_id,
                refunded_total_minor=view.amount_refunded,
                source=f"webhook:{event_id}",
            )
    except DomainError as error:
        log.warning("Stripe webhook %s: %s", event_id, error)
        raise OrderGone(target.order_uuid) from error
    order = session.get(Order, target.order_id)
    state = order.state if order is not None else None
    return {"order": target.order_uuid, "events": view.events, "state": state}


def _account_updated(session: Session, provider: StripeProvider, event: Event) -> dict[str, Any]:
    """A connected account changed: ask Stripe about it (`GET /v1/accounts/{id}`) and keep
    what it says now, so a forged or stale "charges_enabled: true" enables nothing."""
    account_id = _str(event.object.get("id")) if event.object.get("object") == "account" else None
    if account_id is None or not account_id.startswith("acct_"):
        return {"ignored": "not_an_account"}
    changed = payouts.apply_account_update(
        session, provider, account_id, audit.Actor(name=f"stripe:{event.id}"[:200])
    )
    if changed is None:
        log.warning("Stripe webhook %s: account %s is not ours", event.id, account_id)
        return {"ignored": "unknown_account"}
    try:
        with session.begin_nested():
            session.add(ProviderEvent(provider=PROVIDER, event_id=event.id))
            session.flush()
    except IntegrityError:
        return {"duplicate": True}
    return {"account": account_id, "changed": changed}


class OrderGone(Exception):  # noqa: N818
    """The order can no longer take the events: the caller rolls the whole delivery back
    (the event id too, so a later redelivery is looked at afresh) and acknowledges it."""
