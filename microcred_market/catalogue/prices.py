"""An offering's prices: its own (the primary price) and one more per other currency.

Money is an integer of minor units and an ISO currency. The offering's `price_minor` and
`currency` are its primary price, unchanged by any of this: the catalogue filters, sorts
and shows cards by it, and a learner who chooses nothing pays it. `OfferingPrice` rows
add other currencies (at most one each, never the primary one again); the currencies
any price may be in are `vocab.CURRENCIES`, the one list.

An order takes its amount from here (`price_in`) for the currency the learner chose,
never from what a browser sent; a currency the offering has no price in is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlmodel import Session, col, select

from microcred_market.catalogue import vocab
from microcred_market.catalogue.models import Offering, OfferingPrice

MAX_PRICE_MINOR = 100_000_000  # one million in major units


@dataclass(frozen=True)
class Price:
    currency: str
    amount_minor: int
    primary: bool = False


def parse_amount(text: str) -> int:
    """Minor units from an amount in major units ("790", "790.50", "790,50", "1 490");
    ValueError for anything else, a negative amount or more than `MAX_PRICE_MINOR`."""
    cleaned = str(text).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        price = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(text) from None
    if not price.is_finite():
        raise ValueError(text)
    minor = price * 100
    if minor != minor.to_integral_value() or price < 0 or minor > MAX_PRICE_MINOR:
        raise ValueError(text)
    return int(minor)


def known_currency(text: str) -> str | None:
    """The ISO code if it is one we sell in (`vocab.CURRENCIES`), else None."""
    code = str(text or "").strip().upper()
    return code if code in vocab.CURRENCIES else None


def extra_prices(session: Session, offering_id: int | None) -> list[OfferingPrice]:
    """The offering's prices besides its own, by currency."""
    if offering_id is None:
        return []
    return list(
        session.exec(
            select(OfferingPrice)
            .where(OfferingPrice.offering_id == offering_id)
            .order_by(col(OfferingPrice.currency))
        ).all()
    )


def prices_of(session: Session, offering: Offering) -> tuple[Price, ...]:
    """Every price of the offering: the primary first, then the others by currency."""
    found = [Price(offering.currency, offering.price_minor, primary=True)]
    found += [
        Price(p.currency, p.amount_minor)
        for p in extra_prices(session, offering.id)
        if p.currency != offering.currency
    ]
    return tuple(found)


def price_in(session: Session, offering: Offering, currency: str | None) -> Price | None:
    """The offering's price in `currency` (none chosen: the primary), or None when the
    offering has no price in it."""
    code = str(currency or "").strip().upper()  # the whole of it: "PLNX" is not PLN
    if not code or code == offering.currency:
        return Price(offering.currency, offering.price_minor, primary=True)
    row = session.exec(
        select(OfferingPrice).where(
            OfferingPrice.offering_id == offering.id, OfferingPrice.currency == code
        )
    ).first()
    return Price(row.currency, row.amount_minor) if row is not None else None
