"""A university's figures over time, per offering and per cohort: the analytics page's data.

What each figure means (and so what the page and the CSV say):

- enrolments: enrolments made in the month (by checkout, a seat code or staff), and how
  many of them were cancelled since;
- revenue: as the monthly statements count it (`orders.statements`): a sale in the month
  it was paid (gross and the platform fee), money given back in the month it went back
  (with the fee's share that came back); net = gross - fee - refunds, per currency;
- pass rate: results decided in the month: passed (the enrolment's pass) against not
  passed (a released result of a part that failed, on an enrolment not passed since);
  rate = passed / (passed + not passed);
- time to credential: for micro-credentials issued in the month, the days from
  enrolment to issue (the mean, from a sum and a count so months and offerings add up);
- shares and verifications: a learner turning a credential's public page on, and anyone
  checking one of our credentials (`credentials.activity`).

Every source table is read once, grouped by (offering, cohort, month) in the database;
the totals per month, per offering and per cohort are sums of those cells, so they agree
with each other by construction. A university with 100,000 enrolments answers in well
under 200 ms on PostgreSQL (`benchmarks/analytics.py`).

The cohort is a dimension when enrolments carry one (`enrolment.cohort_id`); until then
every cell has cohort None and the per-cohort list is empty.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from microcred_market.accounts import authz
from microcred_market.assessments.models import Assessment, ComponentResult
from microcred_market.catalogue.models import Offering, University
from microcred_market.credentials.models import CredentialActivity, IssuedCredential
from microcred_market.orders.models import Enrolment, Order
from microcred_market.platform.db import table_of
from microcred_market.platform.errors import NotFound

ACTION = "university.analytics.view"
MONTH_CHOICES = (3, 6, 12, 24, 36)
DEFAULT_MONTHS = 12
# Orders that were paid (refunded ones were paid first: the refund counts on its own).
_COUNTED = ("paid", "refund_requested", "refunded")

Key = tuple[int | None, int | None, str]  # (offering id, cohort id, "2026-11")


@dataclass
class Money:
    """One currency's sales: minor units."""

    sales: int = 0
    gross_minor: int = 0
    fee_minor: int = 0
    refunds_minor: int = 0

    @property
    def net_minor(self) -> int:
        return self.gross_minor - self.fee_minor - self.refunds_minor

    def add(self, other: Money) -> None:
        self.sales += other.sales
        self.gross_minor += other.gross_minor
        self.fee_minor += other.fee_minor
        self.refunds_minor += other.refunds_minor


@dataclass
class Figures:
    """The figures of one cell, or of a sum of cells."""

    enrolments: int = 0
    cancelled: int = 0
    passed: int = 0
    not_passed: int = 0
    credentials: int = 0
    days_to_credential: float = 0.0  # a sum over `credentials`
    shares: int = 0
    verifications: int = 0
    money: dict[str, Money] = field(default_factory=dict)

    @property
    def decided(self) -> int:
        return self.passed + self.not_passed

    @property
    def pass_rate(self) -> Decimal | None:
        """Percent passed of the results decided, one decimal; None when none were."""
        if self.decided == 0:
            return None
        return (Decimal(100 * self.passed) / Decimal(self.decided)).quantize(
            Decimal("0.1"), ROUND_HALF_UP
        )

    @property
    def mean_days_to_credential(self) -> Decimal | None:
        if self.credentials == 0:
            return None
        return Decimal(self.days_to_credential / self.credentials).quantize(
            Decimal("0.1"), ROUND_HALF_UP
        )

    def currency(self, code: str) -> Money:
        return self.money.setdefault(code, Money())

    def add(self, other: Figures) -> None:
        self.enrolments += other.enrolments
        self.cancelled += other.cancelled
        self.passed += other.passed
        self.not_passed += other.not_passed
        self.credentials += other.credentials
        self.days_to_credential += other.days_to_credential
        self.shares += other.shares
        self.verifications += other.verifications
        for code, money in other.money.items():
            self.currency(code).add(money)


@dataclass(frozen=True)
class OfferingLine:
    slug: str  # "" for what belongs to no offering (qualification credentials)
    title: str
    figures: Figures


@dataclass(frozen=True)
class CohortLine:
    offering_slug: str
    offering_title: str
    cohort_id: int
    cohort_label: str
    figures: Figures


@dataclass(frozen=True)
class OfferingChoice:
    slug: str
    title: str


@dataclass(frozen=True)
class Analytics:
    university_slug: str
    university_name: str
    months: int
    offering: str  # the offering slug the figures are limited to, or ""
    since: date
    by_month: list[tuple[str, Figures]]  # every month of the window, oldest first
    by_offering: list[OfferingLine]
    by_cohort: list[CohortLine]
    totals: Figures
    currencies: list[str]
    offerings: list[OfferingChoice]  # what the figures may be limited to


def window_start(today: date, months: int) -> date:
    """The first day of the month `months - 1` months before `today`'s."""
    index = today.year * 12 + today.month - 1 - (months - 1)
    return date(index // 12, index % 12 + 1, 1)


def month_keys(since: date, today: date) -> list[str]:
    keys = []
    index = since.year * 12 + since.month - 1
    last = today.year * 12 + today.month - 1
    while index <= last:
        keys.append(f"{index // 12:04d}-{index % 12 + 1:02d}")
        index += 1
    return keys


# ---------------------------------------------------------------- SQL, per engine


class _Sql:
    """The few expressions SQLite and PostgreSQL spell differently."""

    def __init__(self, session: Session) -> None:
        self.postgres = session.get_bind().dialect.name == "postgresql"

    def month(self, column: Any) -> Any:
        if self.postgres:
            return sa.func.to_char(sa.func.timezone("UTC", column), "YYYY-MM")
        return sa.func.strftime("%Y-%m", column)

    def days_between(self, start: Any, end: Any) -> Any:
        if self.postgres:
            return sa.extract("epoch", end - start) / 86400.0
        return sa.func.julianday(end) - sa.func.julianday(start)


def _cohort_column() -> Any:
    """`enrolment.cohort_id` where enrolments have cohorts, else NULL (no dimension)."""
    column = table_of(Enrolment).c.get("cohort_id")
    return column if column is not None else sa.null()


def _grouped(*columns: Any) -> list[Any]:
    """GROUP BY these, leaving out the cohort where there is none (a bare NULL)."""
    return [column for column in columns if not isinstance(column, sa.Null)]


def _cohort_labels(session: Session, ids: set[int]) -> dict[int, str]:
    """A label per cohort id (the cohort's own, or its number until cohorts have names)."""
    return {cohort_id: f"#{cohort_id}" for cohort_id in ids}


def _moment(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


@dataclass(frozen=True)
class _Scope:
    university_id: int
    offering_id: int | None
    since: datetime

    def offerings(self) -> list[Any]:
        """Conditions on `offering` (joined) that keep this university's (one) offering."""
        where = [col(Offering.university_id) == self.university_id]
        if self.offering_id is not None:
            where.append(col(Offering.id) == self.offering_id)
        return where


class _Cells:
    def __init__(self) -> None:
        self.cells: dict[Key, Figures] = {}

    def at(self, offering_id: int | None, cohort_id: int | None, month: str | None) -> Figures:
        return self.cells.setdefault((offering_id, cohort_id, month or ""), Figures())


def _enrolments(session: Session, sql: _Sql, scope: _Scope, cells: _Cells) -> None:
    month = sql.month(col(Enrolment.created_at))
    cohort = _cohort_column()
    rows = session.execute(
        sa.select(
            col(Enrolment.offering_id),
            cohort,
            month,
            sa.func.count(),
            sa.func.sum(sa.case((col(Enrolment.status) == "cancelled", 1), else_=0)),
        )
        .join(Offering, col(Offering.id) == col(Enrolment.offering_id))
        .where(*scope.offerings(), col(Enrolment.created_at) >= scope.since)
        .group_by(*_grouped(col(Enrolment.offering_id), cohort, month))
    ).all()
    for offering_id, cohort_id, at, count, cancelled in rows:
        figures = cells.at(offering_id, cohort_id, at)
        figures.enrolments += int(count)
        figures.cancelled += int(cancelled or 0)


def _passes(session: Session, sql: _Sql, scope: _Scope, cells: _Cells) -> None:
    month = sql.month(col(Enrolment.passed_at))
    cohort = _cohort_column()
    rows = session.execute(
        sa.select(col(Enrolment.offering_id), cohort, month, sa.func.count())
        .join(Offering, col(Offering.id) == col(Enrolment.offering_id))
        .where(*scope.offerings(), col(Enrolment.passed_at) >= scope.since)
        .group_by(*_grouped(col(Enrolment.offering_id), cohort, month))
    ).all()
    for offering_id, cohort_id, at, count in rows:
        cells.at(offering_id, cohort_id, at).passed += int(count)


def _not_passed(session: Session, sql: _Sql, scope: _Scope, cells: _Cells) -> None:
    """Enrolments not passed whose counted result of some part failed, by its release."""
    failed = (
        sa.select(
            col(ComponentResult.enrolment_id).label("enrolment_id"),
            sa.func.max(col(ComponentResult.released_at)).label("at"),
        )
        .join(Assessment, col(Assessment.id) == col(ComponentResult.assessment_id))
        .join(Offering, col(Offering.id) == col(Assessment.offering_id))
        .where(
            *scope.offerings(),
            col(ComponentResult.current) == sa.true(),
            col(ComponentResult.passed) == sa.false(),
            col(ComponentResult.released_at) >= scope.since,
        )
        .group_by(col(ComponentResult.enrolment_id))
        .subquery()
    )
    month = sql.month(failed.c.at)
    cohort = _cohort_column()
    rows = session.execute(
        sa.select(col(Enrolment.offering_id), cohort, month, sa.func.count())
        .select_from(failed)
        .join(Enrolment, col(Enrolment.id) == failed.c.enrolment_id)
        .where(col(Enrolment.passed_at).is_(None))
        .group_by(*_grouped(col(Enrolment.offering_id), cohort, month))
    ).all()
    for offering_id, cohort_id, at, count in rows:
        cells.at(offering_id, cohort_id, at).not_passed += int(count)


def _order_cohort(query: Any) -> tuple[Any, Any]:
    """The order's enrolment's cohort, joined only where there is a cohort dimension."""
    cohort = _cohort_column()
    if isinstance(cohort, sa.Null):
        return query, cohort
    return query.outerjoin(Enrolment, col(Enrolment.order_id) == col(Order.id)), cohort


def _sales(session: Session, sql: _Sql, scope: _Scope, cells: _Cells) -> None:
    where = [col(Order.university_id) == scope.university_id, col(Order.state).in_(_COUNTED)]
    if scope.offering_id is not None:
        where.append(col(Order.offering_id) == scope.offering_id)
    month = sql.month(col(Order.paid_at))
    query, cohort = _order_cohort(sa.select(col(Order.offering_id)).select_from(Order))
    rows = session.execute(
        query.add_columns(
            cohort,
            month,
            col(Order.currency),
            sa.func.count(),
            sa.func.sum(col(Order.amount_minor)),
            sa.func.sum(col(Order.platform_fee_minor)),
        )
        .where(*where, col(Order.paid_at) >= scope.since)
        .group_by(*_grouped(col(Order.offering_id), cohort, month, col(Order.currency)))
    ).all()
    for offering, cohort_id, at, currency, count, gross, fee in rows:
        money = cells.at(offering, cohort_id, at).currency(currency)
        money.sales += int(count)
        money.gross_minor += int(gross or 0)
        money.fee_minor += int(fee or 0)
    # Refunds, in the month the money went back (a partial refund has no date of its
    # own: the payment's month), with our fee's share of it, rounded half up as the
    # statements do (`statements.fee_returned`).
    back_at = sa.func.coalesce(col(Order.refunded_at), col(Order.paid_at))
    amount = col(Order.amount_minor)
    share = (col(Order.platform_fee_minor) * col(Order.refunded_minor) * 2 + amount) / (2 * amount)
    returned = sa.case(
        (amount <= 0, 0),
        (share > col(Order.platform_fee_minor), col(Order.platform_fee_minor)),
        else_=share,
    )
    month = sql.month(back_at)
    query, cohort = _order_cohort(sa.select(col(Order.offering_id)).select_from(Order))
    rows = session.execute(
        query.add_columns(
            cohort,
            month,
            col(Order.currency),
            sa.func.sum(col(Order.refunded_minor)),
            sa.func.sum(returned),
        )
        .where(
            *where,
            col(Order.paid_at).is_not(None),
            col(Order.refunded_minor) > 0,
            back_at >= scope.since,
        )
        .group_by(*_grouped(col(Order.offering_id), cohort, month, col(Order.currency)))
    ).all()
    for offering, cohort_id, at, currency, refunded, fee_back in rows:
        money = cells.at(offering, cohort_id, at).currency(currency)
        money.refunds_minor += int(refunded or 0)
        money.fee_minor -= int(fee_back or 0)


def _credentials(session: Session, sql: _Sql, scope: _Scope, cells: _Cells) -> None:
    month = sql.month(col(IssuedCredential.issued_at))
    cohort = _cohort_column()
    days = sql.days_between(col(Enrolment.created_at), col(IssuedCredential.issued_at))
    query = (
        sa.select(
            col(IssuedCredential.offering_id),
            cohort,
            month,
            sa.func.count(),
            sa.func.sum(days),
        )
        .join(Enrolment, col(Enrolment.id) == col(IssuedCredential.enrolment_id))
        .where(
            col(IssuedCredential.university_id) == scope.university_id,
            col(IssuedCredential.issued_at) >= scope.since,
        )
        .group_by(*_grouped(col(IssuedCredential.offering_id), cohort, month))
    )
    if scope.offering_id is not None:
        query = query.where(col(IssuedCredential.offering_id) == scope.offering_id)
    for offering, cohort_id, at, count, total_days in session.execute(query).all():
        figures = cells.at(offering, cohort_id, at)
        figures.credentials += int(count)
        figures.days_to_credential += float(total_days or 0.0)


def _activity(session: Session, sql: _Sql, scope: _Scope, cells: _Cells) -> None:
    month = sql.month(col(CredentialActivity.at))
    cohort = _cohort_column()
    query = sa.select(col(CredentialActivity.offering_id)).select_from(CredentialActivity)
    if not isinstance(cohort, sa.Null):
        query = query.join(
            IssuedCredential, col(IssuedCredential.id) == col(CredentialActivity.credential_id)
        ).outerjoin(Enrolment, col(Enrolment.id) == col(IssuedCredential.enrolment_id))
    query = (
        query.add_columns(cohort, month, col(CredentialActivity.kind), sa.func.count())
        .where(
            col(CredentialActivity.university_id) == scope.university_id,
            col(CredentialActivity.at) >= scope.since,
        )
        .group_by(
            *_grouped(
                col(CredentialActivity.offering_id), cohort, month, col(CredentialActivity.kind)
            )
        )
    )
    if scope.offering_id is not None:
        query = query.where(col(CredentialActivity.offering_id) == scope.offering_id)
    for offering, cohort_id, at, kind, count in session.execute(query).all():
        figures = cells.at(offering, cohort_id, at)
        if kind == "verified":
            figures.verifications += int(count)
        elif kind == "shared":
            figures.shares += int(count)


# ---------------------------------------------------------------- the page's data


def _university(session: Session, principal: authz.Principal, slug: str) -> University:
    uni = session.exec(select(University).where(University.slug == slug[:120])).first()
    if uni is None or uni.id is None:
        raise NotFound("api.no_such_university")
    authz.require(principal, ACTION, uni.id)
    return uni


def _summed(cells: Iterable[Figures]) -> Figures:
    total = Figures()
    for figures in cells:
        total.add(figures)
    return total


def analytics(
    session: Session,
    principal: authz.Principal,
    slug: str,
    *,
    today: date,
    months: int = DEFAULT_MONTHS,
    offering: str = "",
) -> Analytics:
    """The figures of university `slug` for the `months` months up to `today`'s,
    optionally of one of its offerings (by slug; an unknown slug is refused)."""
    uni = _university(session, principal, slug)
    assert uni.id is not None
    if months not in MONTH_CHOICES:
        months = DEFAULT_MONTHS
    offerings = session.execute(
        sa.select(col(Offering.id), col(Offering.slug), col(Offering.title))
        .where(col(Offering.university_id) == uni.id)
        .order_by(col(Offering.title), col(Offering.id))
    ).all()
    titles = {row[0]: (row[1], row[2]) for row in offerings}
    offering_id: int | None = None
    if offering:
        offering_id = next((row[0] for row in offerings if row[1] == offering[:120]), None)
        if offering_id is None:
            raise NotFound("error.catalogue.offering_not_found")
    since_day = window_start(today, months)
    scope = _Scope(uni.id, offering_id, _moment(since_day))
    sql = _Sql(session)
    cells = _Cells()
    for read in (_enrolments, _passes, _not_passed, _sales, _credentials, _activity):
        read(session, sql, scope, cells)

    keys = month_keys(since_day, today)
    per_month: dict[str, Figures] = {key: Figures() for key in keys}
    per_offering: dict[int | None, Figures] = {}
    per_cohort: dict[tuple[int | None, int], Figures] = {}
    for (offering_key, cohort_id, month), figures in cells.cells.items():
        if month in per_month:
            per_month[month].add(figures)
        per_offering.setdefault(offering_key, Figures()).add(figures)
        if cohort_id is not None:
            per_cohort.setdefault((offering_key, cohort_id), Figures()).add(figures)
    totals = _summed(per_month.values())

    def title_of(key: int | None) -> tuple[str, str]:
        return titles.get(key, ("", "")) if key is not None else ("", "")

    by_offering = [
        OfferingLine(slug=title_of(key)[0], title=title_of(key)[1], figures=figures)
        for key, figures in per_offering.items()
    ]
    by_offering.sort(key=lambda line: (line.slug == "", -line.figures.enrolments, line.title))
    labels = _cohort_labels(session, {cohort_id for _, cohort_id in per_cohort})
    by_cohort = [
        CohortLine(
            offering_slug=title_of(key)[0],
            offering_title=title_of(key)[1],
            cohort_id=cohort_id,
            cohort_label=labels.get(cohort_id, f"#{cohort_id}"),
            figures=figures,
        )
        for (key, cohort_id), figures in per_cohort.items()
    ]
    by_cohort.sort(key=lambda line: (line.offering_title, line.cohort_label))
    return Analytics(
        university_slug=uni.slug,
        university_name=uni.name,
        months=months,
        offering=offering[:120] if offering_id is not None else "",
        since=since_day,
        by_month=[(key, per_month[key]) for key in keys],
        by_offering=by_offering,
        by_cohort=by_cohort,
        totals=totals,
        currencies=sorted(totals.money),
        offerings=[OfferingChoice(slug=row[1], title=row[2]) for row in offerings],
    )
