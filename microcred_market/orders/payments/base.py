"""What a payment provider must do for us (in the spirit of pretix's providers).

A provider creates a hosted checkout for an order, looks a checkout up again (webhooks
and returns are only triggers: we act on what the provider says *now*), and refunds.
Every create call carries an idempotency key derived from our order, so a retry after a
network failure never makes a second checkout or a second refund.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
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


# ---------------------------------------------------------------- Connect: paying universities


@dataclass(frozen=True)
class AccountRequest:
    """What we tell the provider about a university when we open its connected account."""

    university_uuid: str
    name: str
    country_code: str
    website: str
    email: str | None


@dataclass(frozen=True)
class LinkRequest:
    """An onboarding link: `refresh_url` makes a new link when this one has expired or
    was used; `return_url` is where the provider sends the owner back (finished or not)."""

    account_id: str
    university_slug: str
    refresh_url: str
    return_url: str


@dataclass(frozen=True)
class AccountStatus:
    id: str
    charges_enabled: bool
    payouts_enabled: bool
    details_submitted: bool


@dataclass(frozen=True)
class Payout:
    """Money the provider sent from the connected account to the university's bank."""

    id: str
    amount_minor: int
    currency: str
    arrival_date: date
    status: str


class ConnectProvider(Protocol):
    """How a provider opens and onboards a university's connected account.

    `account_status` is None for a provider that keeps no account of its own (the
    simulated one): then our record is the truth.
    """

    name: str

    def create_account(self, request: AccountRequest) -> str: ...

    def account_link(self, request: LinkRequest) -> str: ...

    def account_status(self, account_id: str) -> AccountStatus | None: ...

    def payouts(self, account_id: str, since: date) -> list[Payout]: ...
