"""Which payment provider is active: Stripe when configured, else the simulated one."""

from __future__ import annotations

from microcred_market.orders.payments.base import PaymentProvider
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
