"""Stripe Checkout with Connect destination charges, through the official `stripe` library.

Each instance has its own `stripe.StripeClient` (no global `stripe.api_key`), so tests can
point one at a local fake API server with `api_base`.

Idempotency: a checkout is created with the key `checkout-<order uuid>`, so a retry after
a network failure gets the same Checkout Session back. Stripe rejects a reused key whose
parameters differ, so every parameter must be a function of the request alone; the one
that depends on time, `expires_at`, is therefore rounded to a five-minute grid (30 to 35
minutes from now), and a retry that crosses a grid line retries once with the previous
grid value, which is exactly what the first attempt sent.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from datetime import time as day_time
from typing import Any

import stripe
from stripe.params import RefundCreateParams
from stripe.params.checkout import SessionCreateParams, SessionCreateParamsPaymentIntentData

from microcred_market.orders.payments.base import (
    AccountRequest,
    AccountStatus,
    Checkout,
    CheckoutRequest,
    LinkRequest,
    Payout,
    ProviderError,
)

log = logging.getLogger("microcred.payments.stripe")

# Stripe accepts expires_at between 30 minutes and 24 hours after creation; the extra
# minute leaves room for the request's own travel time.
EXPIRY_MIN_SECONDS = 31 * 60
EXPIRY_GRID_SECONDS = 5 * 60


def checkout_expiry(now: float | None = None) -> int:
    """A deterministic expires_at for checkouts created now: 31-36 minutes ahead, on a grid."""
    earliest = int(now if now is not None else time.time()) + EXPIRY_MIN_SECONDS
    return -(-earliest // EXPIRY_GRID_SECONDS) * EXPIRY_GRID_SECONDS


@dataclass(frozen=True)
class SessionView:
    """What Stripe says about one Checkout Session now."""

    id: str
    status: str | None
    payment_status: str | None
    order_uuid: str | None
    payment_intent_id: str | None
    events: list[str] = field(default_factory=list)
    amount_total: int | None = None
    currency: str | None = None
    # Minor units given back on the payment so far (a partial refund leaves it paid).
    amount_refunded: int = 0


def _get(obj: Any, key: str) -> Any:
    """A field of a StripeObject (which is not a dict), a dict, or None."""
    if obj is None or isinstance(obj, str):
        return None
    if isinstance(obj, dict):
        return obj.get(key)
    try:
        return obj[key]
    except (KeyError, TypeError):
        return None


def _id(obj: Any) -> str | None:
    """An expandable field: either an id string or the expanded object."""
    if obj is None:
        return None
    if isinstance(obj, str):
        return obj
    value = _get(obj, "id")
    return value if isinstance(value, str) else None


class StripeProvider:
    name = "stripe"

    def __init__(
        self,
        secret_key: str,
        api_base: str | None = None,
        *,
        timeout: float = 30.0,
        max_network_retries: int = 2,
    ) -> None:
        self._client = stripe.StripeClient(
            secret_key,
            base_addresses={"api": api_base.rstrip("/")} if api_base else None,
            max_network_retries=max_network_retries,
            http_client=stripe.RequestsClient(timeout=timeout),
        )

    # ------------------------------------------------------------ checkout

    def checkout_params(self, request: CheckoutRequest, expires_at: int) -> SessionCreateParams:
        currency = request.currency.lower()
        quantity = max(1, request.quantity)
        if request.amount_minor % quantity == 0:
            unit_amount, line_quantity = request.amount_minor // quantity, quantity
        else:
            # A discount that does not divide evenly: one line for the whole amount.
            unit_amount, line_quantity = request.amount_minor, 1
        metadata = {"order_uuid": request.order_uuid}
        params: SessionCreateParams = {
            "mode": "payment",
            "line_items": [
                {
                    "quantity": line_quantity,
                    "price_data": {
                        "currency": currency,
                        "unit_amount": unit_amount,
                        "product_data": {"name": (request.description or "Course")[:250]},
                    },
                }
            ],
            "success_url": request.success_url,
            "cancel_url": request.cancel_url,
            "client_reference_id": request.order_uuid,
            "metadata": metadata,
            "expires_at": expires_at,
        }
        if request.customer_email:
            params["customer_email"] = request.customer_email
        # The intent carries the order too, so payment_intent.* events lead back to it.
        intent: SessionCreateParamsPaymentIntentData = {"metadata": metadata}
        if request.destination_account:
            # A Connect destination charge: the university's account receives the money
            # less our fee.
            intent["application_fee_amount"] = request.platform_fee_minor
            intent["transfer_data"] = {"destination": request.destination_account}
        params["payment_intent_data"] = intent
        return params

    def create_checkout(self, request: CheckoutRequest) -> Checkout:
        options: stripe.RequestOptions = {"idempotency_key": f"checkout-{request.order_uuid}"}
        expires_at = checkout_expiry()
        try:
            try:
                created = self._client.v1.checkout.sessions.create(
                    self.checkout_params(request, expires_at),
                    options,
                )
            except stripe.IdempotencyError:
                # The first attempt may have been made just before a grid line: repeat it
                # exactly, and Stripe answers with the session it created then.
                created = self._client.v1.checkout.sessions.create(
                    self.checkout_params(request, expires_at - EXPIRY_GRID_SECONDS),
                    options,
                )
        except stripe.StripeError as error:
            log.warning("Stripe checkout for %s failed: %s", request.order_uuid, error)
            raise ProviderError(_message(error)) from error
        session_id, url = _id(created), _get(created, "url")
        if not session_id or not url:
            raise ProviderError("Stripe returned a checkout without an id or a URL.")
        return Checkout(ref=session_id, url=url)

    # ------------------------------------------------------------ looking up

    def session_view(self, ref: str) -> SessionView:
        """The session as Stripe sees it now, and the order events that implies."""
        try:
            checkout = self._client.v1.checkout.sessions.retrieve(
                ref, {"expand": ["payment_intent.latest_charge"]}
            )
        except stripe.StripeError as error:
            raise ProviderError(_message(error)) from error
        status = _get(checkout, "status")
        payment_status = _get(checkout, "payment_status")
        intent = _get(checkout, "payment_intent")
        intent_obj = intent if intent is not None and not isinstance(intent, str) else None
        events: list[str] = []
        if status == "complete" and payment_status in ("paid", "no_payment_required"):
            events.append("paid")
        elif status == "expired":
            events.append("expired")
        if (
            intent_obj is not None
            and "paid" not in events
            and _get(intent_obj, "status") == "requires_payment_method"
            and _get(intent_obj, "last_payment_error") is not None
        ):
            # An attempt was declined (the buyer may still try again: a later payment
            # wins over the failure in the order machine).
            events.append("failed")
        amount_refunded = 0
        if "paid" in events and intent_obj is not None:
            charge = _get(intent_obj, "latest_charge")
            if _get(charge, "refunded") is True:
                events.append("refunded")
            refunded = _get(charge, "amount_refunded")
            if isinstance(refunded, int) and not isinstance(refunded, bool) and refunded > 0:
                amount_refunded = refunded
        metadata = _get(checkout, "metadata")
        order_uuid = _get(metadata, "order_uuid") or _get(checkout, "client_reference_id")
        return SessionView(
            id=_id(checkout) or ref,
            status=status,
            payment_status=payment_status,
            order_uuid=order_uuid if isinstance(order_uuid, str) else None,
            payment_intent_id=_id(intent),
            events=events,
            amount_total=_get(checkout, "amount_total"),
            currency=_get(checkout, "currency"),
            amount_refunded=amount_refunded,
        )

    def events_for(self, ref: str) -> list[str]:
        """paid / expired / failed (and refunded once the charge is fully refunded)."""
        return self.session_view(ref).events

    def session_for_payment_intent(self, payment_intent_id: str) -> str | None:
        """The Checkout Session that created a payment intent, if any."""
        try:
            found = self._client.v1.checkout.sessions.list(
                {"payment_intent": payment_intent_id, "limit": 1}
            )
        except stripe.StripeError as error:
            raise ProviderError(_message(error)) from error
        data = _get(found, "data") or []
        return _id(data[0]) if data else None

    # ------------------------------------------------------------ refunds

    def refund(self, ref: str, amount_minor: int, idempotency_key: str) -> None:
        view = self.session_view(ref)
        if not view.payment_intent_id:
            raise ProviderError("This checkout has no payment to refund.")
        params: RefundCreateParams = {
            "payment_intent": view.payment_intent_id,
            "amount": amount_minor,
            "refund_application_fee": True,
            "reverse_transfer": True,
        }
        if view.order_uuid:
            params["metadata"] = {"order_uuid": view.order_uuid}
        try:
            self._client.v1.refunds.create(params, {"idempotency_key": idempotency_key})
        except stripe.InvalidRequestError as error:
            if error.code == "charge_already_refunded":
                return  # refunded already (e.g. from the dashboard): the outcome we wanted
            log.warning("Stripe refund for %s failed: %s", ref, error)
            raise ProviderError(_message(error)) from error
        except stripe.StripeError as error:
            log.warning("Stripe refund for %s failed: %s", ref, error)
            raise ProviderError(_message(error)) from error

    # ------------------------------------------------------------ Connect

    def create_account(self, request: AccountRequest) -> str:
        """An Express account for the university; one per university, whatever the retries
        (the idempotency key is the university's UUID)."""
        params: dict[str, Any] = {
            "type": "express",
            "country": request.country_code.upper(),
            "capabilities": {
                "card_payments": {"requested": True},
                "transfers": {"requested": True},
            },
            "business_type": "non_profit",
            "business_profile": {"name": request.name[:250], "url": request.website},
            "metadata": {"university_uuid": request.university_uuid},
        }
        if request.email:
            params["email"] = request.email
        options: stripe.RequestOptions = {"idempotency_key": f"account-{request.university_uuid}"}
        try:
            created = self._client.v1.accounts.create(params, options)  # type: ignore[arg-type]
        except stripe.StripeError as error:
            log.warning("Stripe account for %s failed: %s", request.university_uuid, error)
            raise ProviderError(_message(error)) from error
        account_id = _id(created)
        if not account_id:
            raise ProviderError("Stripe returned an account without an id.")
        return account_id

    def account_link(self, request: LinkRequest) -> str:
        """A fresh onboarding link (links are single-use and expire within minutes, so
        none is ever stored or reused: the refresh URL asks for a new one)."""
        try:
            link = self._client.v1.account_links.create(
                {
                    "account": request.account_id,
                    "type": "account_onboarding",
                    "refresh_url": request.refresh_url,
                    "return_url": request.return_url,
                }
            )
        except stripe.StripeError as error:
            log.warning("Stripe account link for %s failed: %s", request.account_id, error)
            raise ProviderError(_message(error)) from error
        url = _get(link, "url")
        if not isinstance(url, str) or not url:
            raise ProviderError("Stripe returned an account link without a URL.")
        return url

    def account_status(self, account_id: str) -> AccountStatus | None:
        try:
            account = self._client.v1.accounts.retrieve(account_id)
        except stripe.StripeError as error:
            raise ProviderError(_message(error)) from error
        return AccountStatus(
            id=_id(account) or account_id,
            charges_enabled=_get(account, "charges_enabled") is True,
            payouts_enabled=_get(account, "payouts_enabled") is True,
            details_submitted=_get(account, "details_submitted") is True,
        )

    def payouts(self, account_id: str, since: date) -> list[Payout]:
        """Payouts of the connected account that arrive on or after `since`, as Stripe
        lists them now (asked as that account: payouts live on it, not on the platform)."""
        start = int(datetime.combine(since, day_time(0), tzinfo=UTC).timestamp())
        found: list[Payout] = []
        try:
            listed = self._client.v1.payouts.list(
                {"arrival_date": {"gte": start}, "limit": 100},
                {"stripe_account": account_id},
            )
            for item in listed.auto_paging_iter():
                amount, currency = _get(item, "amount"), _get(item, "currency")
                arrival = _get(item, "arrival_date")
                if not isinstance(amount, int) or not isinstance(arrival, int):
                    continue
                found.append(
                    Payout(
                        id=_id(item) or "",
                        amount_minor=amount,
                        currency=str(currency or "").upper(),
                        arrival_date=datetime.fromtimestamp(arrival, UTC).date(),
                        status=str(_get(item, "status") or ""),
                    )
                )
                if len(found) >= 1000:
                    break  # a statement page never needs more
        except stripe.StripeError as error:
            raise ProviderError(_message(error)) from error
        return found


def _message(error: stripe.StripeError) -> str:
    return getattr(error, "user_message", None) or str(error) or error.__class__.__name__
