"""Which payment provider is active: Stripe when configured, else the simulated one."""

from __future__ import annotations

from microcred_market.orders.payments.base import ConnectProvider, PaymentProvider
from microcred_market.orders.payments.simulated import SimulatedProvider
from microcred_market.settings import get_settings


def active_provider() -> PaymentProvider:
    settings = get_settings()
    if settings.stripe_secret_key:
        # Loaded only when Stripe is configured: the stripe library is large and the
        # offline default (the simulated provider) never needs it.
        from microcred_market.orders.payments.stripe_provider import StripeProvider

        return StripeProvider(settings.stripe_secret_key, api_base=settings.stripe_api_base)
    return SimulatedProvider()


def provider_named(name: str) -> PaymentProvider:
    if name == "stripe":
        settings = get_settings()
        # Loaded only on use, as in `active_provider`.
        from microcred_market.orders.payments.stripe_provider import StripeProvider

        return StripeProvider(settings.stripe_secret_key or "", api_base=settings.stripe_api_base)
    return SimulatedProvider()


def connect_provider() -> ConnectProvider:
    """Where universities open their payout accounts: the same provider that takes the
    money (a university onboarded with Stripe is paid by Stripe's checkouts)."""
    settings = get_settings()
    if settings.stripe_secret_key:
        # Loaded only when Stripe is configured, as in `active_provider`.
        from microcred_market.orders.payments.stripe_provider import StripeProvider

        return StripeProvider(settings.stripe_secret_key, api_base=settings.stripe_api_base)
    return SimulatedProvider()
