"""What a payment provider must do for us (in the spirit of pretix's providers).

A provider creates a hosted checkout for an order, looks a checkout up again (webhooks
and returns are only triggers: we act on what the provider says *now*), and refunds.
Every create call carries an idempotency key derived from our order, so a retry after a
network failure never makes a second checkout or a second refund.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class CheckoutRequest:
    order_uuid: str
    description: str
    amount_minor: int
    currency: str
    quantity: int
    platform_fee_minor: int
    destination_account: str | None
    customer_email: str | None
    success_url: str
    cancel_url: str


@dataclass(frozen=True)
class Checkout:
    ref: str
    url: str


class ProviderError(Exception):
    """The provider could not be reached or refused; the order stays as it was."""


class PaymentProvider(Protocol):
    name: str

    def create_checkout(self, request: CheckoutRequest) -> Checkout: ...

    def events_for(self, ref: str) -> list[str]:
        """Order-machine events that the provider's current view of `ref` implies."""
        ...

    def refund(self, ref: str, amount_minor: int, idempotency_key: str) -> None: ...
