"""Money is an integer of minor units and an ISO currency; never a float."""

from __future__ import annotations

from decimal import Decimal

from microcred_market.platform import i18n


def to_major(minor: int) -> Decimal:
    return (Decimal(minor) / 100).quantize(Decimal("0.01"))


def format_money(minor: int, currency: str, lang: str = "en") -> str:
    """`1 490,00 zł` in the reader's locale; free courses say so in words."""
    if minor == 0:
        return i18n.t("vocab.price.free", lang)
    return i18n.fmt_money(minor, currency, lang)
