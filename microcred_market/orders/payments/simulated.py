"""The default provider: a checkout page inside the app where a person chooses the
outcome (pay, decline, cancel). It behaves like a real provider from the order's point
of view: the page reports an outcome, and the return page looks the checkout up again."""

from __future__ import annotations

from datetime import date

from microcred_market.orders.payments.base import (
    AccountRequest,
    AccountStatus,
    Checkout,
    CheckoutRequest,
    LinkRequest,
    Payout,
)
from microcred_market.platform import urls

# The simulated "provider's records": ref -> outcome chosen on the checkout page.
# Kept in the database (order events) in effect; this provider has no state of its own.


class SimulatedProvider:
    name = "simulated"

    def create_checkout(self, request: CheckoutRequest) -> Checkout:
        ref = f"sim_{request.order_uuid}"
        return Checkout(ref=ref, url=urls.simulated_checkout(request.order_uuid))

    def events_for(self, ref: str) -> list[str]:
        # The outcome is recorded directly when the person chooses it; nothing to fetch.
        return []

    def refund(self, ref: str, amount_minor: int, idempotency_key: str) -> None:
        # Refunds succeed at once; the caller records the `refunded` event.
        return None

    # ------------------------------------------------------------ Connect, offline

    def create_account(self, request: AccountRequest) -> str:
        return f"sim_acct_{request.university_uuid.replace('-', '')[:24]}"

    def account_link(self, request: LinkRequest) -> str:
        # Our own page that says "simulated" and has the switch a real onboarding flips.
        return urls.simulated_onboarding(request.university_slug)

    def account_status(self, account_id: str) -> AccountStatus | None:
        return None  # no records of its own: the switch writes ours directly

    def payouts(self, account_id: str, since: date) -> list[Payout]:
        return []  # nothing is really paid out offline
