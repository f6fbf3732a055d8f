"""A university's monthly statements: gross, platform fee, refunds, net, and the payouts.

The rule (pure, `monthly`): a sale counts in the month it was paid (gross and the fee we
took); money given back counts in the month it went back, and with it the share of our
fee that came back (Stripe refunds the application fee in proportion, as our refunds
ask with `refund_application_fee`). So for every month and currency

    net = gross - fee - refunds

where `fee` is what we kept that month, and the months add up to what the orders say.
A partial refund keeps no date of its own on the order, so it counts in the month of the
payment it belongs to; a full refund in the month of `refunded_at`.

Payouts are what the provider reports it sent to the university's bank, listed from the
connected account (`GET /v1/payouts` as that account) when the page is read. We ask
rather than collect `payout.paid` webhooks because Stripe's list is the record (a payout
can still fail or be reversed after `payout.paid`), it needs no second webhook endpoint
for connected accounts, and a missed delivery can never leave a statement short.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from microcred_market.accounts import authz
from microcred_market.accounts.authz import Principal
from microcred_market.catalogue.models import University
from microcred_market.orders.models import Order
from microcred_market.orders.payments.base import ConnectProvider, Payout, ProviderError
from microcred_market.orders.payouts import account_of
from microcred_market.platform.clock import aware
from microcred_market.platform.errors import NotFound

log = logging.getLogger("microcred.payments.statements")

MONTHS_SHOWN = 24
_COUNTED = ("paid", "refund_requested", "refunded")


@dataclass(frozen=True)
class Sale:
    """What a statement needs of one order."""

    amount_minor: int
    fee_minor: int
    refunded_minor: int
    currency: str
    paid_on: date
    refunded_on: date | None


@dataclass(frozen=True)
class MonthLine:
    month: str  # "2026-11"
    currency: str
    gross_minor: int
    fee_minor: int
    refunds_minor: int
    net_minor: int
    payouts_minor: int
    sales: int


@dataclass(frozen=True)
class Statements:
    university: str
    lines: list[MonthLine]
    payouts_known: bool  # False when the provider could not be asked just now


def fee_returned(sale: Sale) -> int:
    """Our fee's share of the money given back, rounded half up, never more than the fee."""
    if sale.amount_minor <= 0 or sale.refunded_minor <= 0:
        return 0
    share = (sale.fee_minor * sale.refunded_minor * 2 + sale.amount_minor) // (
        2 * sale.amount_minor
    )
    return min(sale.fee_minor, share)


def _month(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def monthly(sales: Iterable[Sale], payouts: Iterable[Payout] = ()) -> list[MonthLine]:
    """One line per month and currency, newest first."""
    sums: dict[tuple[str, str], list[int]] = {}

    def line(month: str, currency: str) -> list[int]:
        return sums.setdefault((month, currency), [0, 0, 0, 0, 0])

    for sale in sales:
        paid = line(_month(sale.paid_on), sale.currency)
        paid[0] += sale.amount_minor
        paid[1] += sale.fee_minor
        paid[4] += 1
        if sale.refunded_minor > 0:
            back_on = sale.refunded_on or sale.paid_on
            back = line(_month(back_on), sale.currency)
            back[2] += sale.refunded_minor
            back[1] -= fee_returned(sale)
    for payout in payouts:
        line(_month(payout.arrival_date), payout.currency)[3] += payout.amount_minor
    return [
        MonthLine(
            month=month,
            currency=currency,
            gross_minor=gross,
            fee_minor=fee,
            refunds_minor=refunds,
            net_minor=gross - fee - refunds,
            payouts_minor=paid_out,
            sales=count,
        )
        for (month, currency), (gross, fee, refunds, paid_out, count) in sorted(
            sums.items(), key=lambda item: (item[0][0], item[0][1]), reverse=True
        )
    ]


def _day(moment: datetime | None) -> date | None:
    return aware(moment).date() if moment is not None else None


def sales_of(session: Session, university_id: int, since: date) -> list[Sale]:
    rows = session.execute(
        sa.select(
            col(Order.amount_minor),
            col(Order.platform_fee_minor),
            col(Order.refunded_minor),
            col(Order.currency),
            col(Order.paid_at),
            col(Order.refunded_at),
        ).where(
            col(Order.university_id) == university_id,
            col(Order.state).in_(_COUNTED),
            col(Order.paid_at).is_not(None),
            col(Order.paid_at) >= datetime(since.year, since.month, since.day, tzinfo=UTC),
        )
    ).all()
    found = []
    for amount, fee, refunded, currency, paid_at, refunded_at in rows:
        paid_on = _day(paid_at)
        assert paid_on is not None  # filtered above
        found.append(Sale(amount, fee, refunded, currency, paid_on, _day(refunded_at)))
    return found


def _since(today: date) -> date:
    months = today.year * 12 + today.month - 1 - (MONTHS_SHOWN - 1)
    return date(months // 12, months % 12 + 1, 1)


def statements(
    session: Session,
    principal: Principal,
    slug: str,
    provider: ConnectProvider,
    today: date,
) -> Statements:
    uni = session.exec(select(University).where(University.slug == slug[:120])).first()
    if uni is None or uni.id is None:
        raise NotFound("api.no_such_university")
    authz.require(principal, "university.payments.view", uni.id)
    since = _since(today)
    account = account_of(session, uni.id, provider.name)
    payouts: Sequence[Payout] = []
    known = True
    if account is not None:
        try:
            payouts = provider.payouts(account.account_id, since)
        except ProviderError as error:
            log.warning("payouts of %s unavailable: %s", uni.slug, error)
            known = False
    return Statements(uni.slug, monthly(sales_of(session, uni.id, since), payouts), known)


CSV_HEADER_KEYS = (
    "ui.statement_month",
    "ui.statement_currency",
    "ui.statement_sales",
    "ui.statement_gross",
    "ui.statement_fee",
    "ui.statement_refunds",
    "ui.statement_net",
    "ui.statement_payouts",
)
