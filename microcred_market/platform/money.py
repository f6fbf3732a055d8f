"""Money is an integer of minor units and an ISO currency; never a float."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_currency

_LOCALES = {"en": "en_IE", "pl": "pl_PL"}


def to_major(minor: int) -> Decimal:
    return (Decimal(minor) / 100).quantize(Decimal("0.01"))


def format_money(minor: int, currency: str, lang: str = "en") -> str:
    """`1490.00 PLN` in the reader's locale; free courses say so in words."""
    if minor == 0:
        return "Bezpłatny" if lang == "pl" else "Free"
    if lang == "pl":
        return format_currency(to_major(minor), currency, locale="pl_PL")
    return format_currency(to_major(minor), currency, "¤\u00a0#,##0.00", locale="en_IE")
