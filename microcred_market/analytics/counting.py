"""Counting a university's figures from the source tables, grouped by (offering, cohort,
month) in the database: what `analytics.cells` stores, and so what the page shows.

What each figure means is in `analytics.queries`. Shares and verifications are not in
the cells: `activity` counts them for the page straight from `credential_activity`.
Each source table is read once per count; a count may be limited to some offerings and
to a range of months, which is how `analytics.cells` recomputes only the cells a
transaction touched.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from microcred_market.analytics.figures import Figures
from microcred_market.assessments.models import Assessment, ComponentResult
from microcred_market.catalogue.models import Offering
from microcred_market.credentials.models import CredentialActivity, IssuedCredential
from microcred_market.orders.models import Enrolment, Order
from microcred_market.platform.db import table_of

# Orders that were paid (refunded ones were paid first: the refund counts on its own).
_COUNTED = ("paid", "refund_requested", "refunded")

Key = tuple[int | None, int | None, str]  # (offering id, cohort id, "2026-11")


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


def moment(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


@dataclass(frozen=True)
class Scope:
    """What a count covers: a university; all its offerings (`offering_ids` None) or
    those listed (and what belongs to no offering when `no_offering`); the months from
    `since` to before `until` (None: no end)."""

    university_id: int
    since: datetime
    until: datetime | None = None
    offering_ids: tuple[int, ...] | None = None
    no_offering: bool = False

    def offerings(self) -> list[Any]:
        """Conditions on `offering` (joined) that keep this university's offerings."""
        return [col(Offering.university_id) == self.university_id, *self.of(col(Offering.id))]

    def of(self, column: Any) -> list[Any]:
        """Conditions on an offering id column that keep the offerings counted."""
        if self.offering_ids is None:
            return []
        chosen = [column.in_(self.offering_ids)] if self.offering_ids else []
        if self.no_offering:
            chosen.append(column.is_(None))
        return [sa.or_(*chosen)] if chosen else [sa.false()]

    def dated(self, column: Any) -> list[Any]:
        """Conditions that keep the moments in the months counted."""
        where = [column >= self.since]
        if self.until is not None:
            where.append(column < self.until)
        return where


class Cells:
    def __init__(self) -> None:
        self.cells: dict[Key, Figures] = {}

    def at(self, offering_id: int | None, cohort_id: int | None, month: str | None) -> Figures:
        return self.cells.setdefault((offering_id, cohort_id, month or ""), Figures())


def _enrolments(session: Session, sql: _Sql, scope: Scope, cells: Cells) -> None:
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
        .where(*scope.offerings(), *scope.dated(col(Enrolment.created_at)))
        .group_by(*_grouped(col(Enrolment.offering_id), cohort, month))
    ).all()
    for offering_id, cohort_id, at, count, cancelled in rows:
        figures = cells.at(offering_id, cohort_id, at)
        figures.enrolments += int(count)
        figures.cancelled += int(cancelled or 0)


def _passes(session: Session, sql: _Sql, scope: Scope, cells: Cells) -> None:
    month = sql.month(col(Enrolment.passed_at))
    cohort = _cohort_column()
    rows = session.execute(
        sa.select(col(Enrolment.offering_id), cohort, month, sa.func.count())
        .join(Offering, col(Offering.id) == col(Enrolment.offering_id))
        .where(*scope.offerings(), *scope.dated(col(Enrolment.passed_at)))
        .group_by(*_grouped(col(Enrolment.offering_id), cohort, month))
    ).all()
    for offering_id, cohort_id, at, count in rows:
        cells.at(offering_id, cohort_id, at).passed += int(count)


def _not_passed(session: Session, sql: _Sql, scope: Scope, cells: Cells) -> None:
    """Enrolments not passed whose counted result of some part failed, by its release
    (the latest failure's: an enrolment counts once, in that month)."""
    latest = sa.func.max(col(ComponentResult.released_at))
    failed = (
        sa.select(
            col(ComponentResult.enrolment_id).label("enrolment_id"),
            latest.label("at"),
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
        .having(*([latest < scope.until] if scope.until is not None else []))
        .subquery()
    )
    month = sql.month(failed.c.at)
    cohort = _cohort_column()
    rows = session.execute(
        sa.select(col(Enrolment.offering_id), cohort, month, sa.func.count())
        .select_from(failed)
        .join(Enrolment, col(Enrolment.id) == failed.c.enrolment_id)
        .where(col(Enrolment.passed_at).is_(None), *scope.of(col(Enrolment.offering_id)))
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


def _sales(session: Session, sql: _Sql, scope: Scope, cells: Cells) -> None:
    where = [
        col(Order.university_id) == scope.university_id,
        col(Order.state).in_(_COUNTED),
        *scope.of(col(Order.offering_id)),
    ]
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
        .where(*where, *scope.dated(col(Order.paid_at)))
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
    # In 64 bits: fee × refund × 2 passes PostgreSQL's 32-bit integer at a 1,000 zł sale.
    fee64 = sa.cast(col(Order.platform_fee_minor), sa.BigInteger)
    share = (fee64 * col(Order.refunded_minor) * 2 + amount) / (2 * amount)
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
            *scope.dated(back_at),
        )
        .group_by(*_grouped(col(Order.offering_id), cohort, month, col(Order.currency)))
    ).all()
    for offering, cohort_id, at, currency, refunded, fee_back in rows:
        money = cells.at(offering, cohort_id, at).currency(currency)
        money.refunds_minor += int(refunded or 0)
        money.fee_minor -= int(fee_back or 0)


def _credentials(session: Session, sql: _Sql, scope: Scope, cells: Cells) -> None:
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
            *scope.dated(col(IssuedCredential.issued_at)),
            *scope.of(col(IssuedCredential.offering_id)),
        )
        .group_by(*_grouped(col(IssuedCredential.offering_id), cohort, month))
    )
    for offering, cohort_id, at, count, total_days in session.execute(query).all():
        figures = cells.at(offering, cohort_id, at)
        figures.credentials += int(count)
        figures.days_to_credential += float(total_days or 0.0)


READERS = (_enrolments, _passes, _not_passed, _sales, _credentials)


@dataclass
class Activity:
    """Shares and verifications: per (offering, month), and per (offering, cohort) over
    the whole scope (the page shows no cohort per month)."""

    by_month: dict[tuple[int | None, str], Figures]
    by_cohort: dict[tuple[int | None, int], Figures]


def activity(session: Session, scope: Scope) -> Activity:
    """Shares and verifications in `scope` (to the end of time), read straight from
    `credential_activity` in one statement: they are not kept in the cells, so recording
    one costs nothing but its row. Per (offering, month) from that table alone (the
    university's rows of the months asked, by `ix_credential_activity_university_at`,
    or one offering's by `ix_credential_activity_offering_at`); per cohort only through
    the enrolments that have a cohort (`enrolment.cohort_id` is indexed)."""
    sql = _Sql(session)
    a = table_of(CredentialActivity)
    where = [a.c.university_id == scope.university_id, a.c.at >= scope.since]
    where.extend(scope.of(a.c.offering_id))
    month = sql.month(a.c.at)
    no_id, no_month = sa.cast(sa.null(), sa.Integer), sa.cast(sa.null(), sa.String)
    parts = [
        sa.select(sa.literal("m"), a.c.offering_id, no_id, month, a.c.kind, sa.func.count())
        .where(*where)
        .group_by(a.c.offering_id, month, a.c.kind)
    ]
    cohort = _cohort_column()
    if not isinstance(cohort, sa.Null):
        e, c = table_of(Enrolment), table_of(IssuedCredential)
        parts.append(
            sa.select(
                sa.literal("c"), a.c.offering_id, e.c.cohort_id, no_month, a.c.kind, sa.func.count()
            )
            .select_from(e)
            .join(c, c.c.enrolment_id == e.c.id)
            .join(a, a.c.credential_id == c.c.id)
            .where(e.c.cohort_id.is_not(None), *where)
            .group_by(a.c.offering_id, e.c.cohort_id, a.c.kind)
        )
    found = Activity(by_month={}, by_cohort={})
    statement = sa.union_all(*parts) if len(parts) > 1 else parts[0]
    for part, offering_id, cohort_id, at, kind, count in session.execute(statement):
        if part == "m":
            figures = found.by_month.setdefault((offering_id, at), Figures())
        else:
            figures = found.by_cohort.setdefault((offering_id, int(cohort_id)), Figures())
        if kind == "verified":
            figures.verifications += int(count)
        elif kind == "shared":
            figures.shares += int(count)
    return found


def count(session: Session, scope: Scope) -> dict[Key, Figures]:
    """The figures of every (offering, cohort, month) cell in `scope`, from the sources,
    as the cells keep them: all but shares and verifications (`activity`)."""
    sql = _Sql(session)
    cells = Cells()
    for read in READERS:
        read(session, sql, scope, cells)
    return cells.cells
