"""A university's enrolments, results and sales as rows for a spreadsheet (CSV or XLSX).

Each export is read in batches by primary key (`batch(..., after=last id)`), so the
route streams a CSV of any length with one short unit of work per batch, and never holds
a connection while the reader's download is slow. Every cell is plain data: text we did
not write (names, titles, voucher codes) is neutralised by `platform.spreadsheet` when
the file is written, amounts are `Decimal` in major units (a spreadsheet sums them),
times are UTC.

Who may read which export is one action each in `accounts.authz.ACTIONS`: enrolments
any staff member of the university (and the operator), results those who assess or
manage credentials, sales those who sell (owners, editors) and the operator.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from microcred_market.accounts import authz
from microcred_market.accounts.models import User
from microcred_market.catalogue.models import Offering, University
from microcred_market.credentials.models import IssuedCredential
from microcred_market.orders.models import Cohort, Enrolment, Order, Voucher
from microcred_market.platform.errors import NotFound
from microcred_market.platform.i18n import has, t
from microcred_market.platform.spreadsheet import Cell

BATCH = 2_000
KINDS = ("enrolments", "results", "sales")
ACTION = {
    "enrolments": "university.enrolments.export",
    "results": "university.results.export",
    "sales": "university.sales.export",
}
HEADER_KEYS: dict[str, tuple[str, ...]] = {
    "enrolments": (
        "ui.export_col.enrolment",
        "ui.export_col.learner",
        "ui.export_col.email",
        "ui.export_col.offering",
        "ui.export_col.title",
        "ui.export_col.cohort",
        "ui.export_col.status",
        "ui.export_col.enrolled_at",
        "ui.export_col.cancelled_at",
        "ui.export_col.order",
    ),
    "results": (
        "ui.export_col.enrolment",
        "ui.export_col.learner",
        "ui.export_col.email",
        "ui.export_col.offering",
        "ui.export_col.title",
        "ui.export_col.assessment_started_at",
        "ui.export_col.passed_at",
        "ui.export_col.grade",
        "ui.export_col.credential",
        "ui.export_col.credential_state",
        "ui.export_col.issued_at",
    ),
    "sales": (
        "ui.export_col.order",
        "ui.export_col.created_at",
        "ui.export_col.paid_at",
        "ui.export_col.buyer",
        "ui.export_col.email",
        "ui.export_col.offering",
        "ui.export_col.title",
        "ui.export_col.kind",
        "ui.export_col.quantity",
        "ui.export_col.unit_price",
        "ui.export_col.discount",
        "ui.export_col.amount",
        "ui.export_col.currency",
        "ui.export_col.platform_fee",
        "ui.export_col.refunded",
        "ui.export_col.state",
        "ui.export_col.voucher",
    ),
}


@dataclass(frozen=True)
class Target:
    """Whose export, checked: the university's id and slug (for the file name)."""

    kind: str
    university_id: int
    slug: str


@dataclass(frozen=True)
class Batch:
    rows: list[list[Cell]]
    last: int | None  # the key to continue after; None when this was the last batch


def target(session: Session, principal: authz.Principal, slug: str, kind: str) -> Target:
    """The export `kind` of university `slug`, if `principal` may read it (else raises).

    An unknown university is refused like a forbidden one, so slugs are not probed."""
    if kind not in KINDS:
        raise NotFound("error.credentials.export_unknown")
    university = session.exec(select(University).where(University.slug == slug[:120])).first()
    if university is None or university.id is None:
        authz.require(principal, ACTION[kind], None)
        raise NotFound("error.credentials.export_unknown")
    authz.require(principal, ACTION[kind], university.id)
    return Target(kind=kind, university_id=university.id, slug=university.slug)


def header(kind: str, lang: str) -> list[str]:
    return [t(key, lang) for key in HEADER_KEYS[kind]]


def _when(value: datetime | None) -> str:
    if value is None:
        return ""
    if value.tzinfo is None:  # SQLite hands back naive UTC
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def _money(minor: int | None) -> Decimal:
    return (Decimal(minor or 0) / 100).quantize(Decimal("0.01"))


def _label(prefix: str, code: str | None, lang: str) -> str:
    if not code:
        return ""
    key = f"{prefix}{code}"
    return t(key, lang) if has(key) else code


_WHO_WHAT = (col(User.display_name), col(User.email), col(Offering.slug), col(Offering.title))


def _cohort(cohort: Cohort | None) -> str:
    """The cohort's name and dates ("Spring 2027 (2027-03-01 – 2027-04-30)"); empty for a
    self-paced enrolment (no cohort)."""
    if cohort is None:
        return ""
    dates = " – ".join(d.isoformat() for d in (cohort.start_date, cohort.end_date) if d)
    return f"{cohort.label} ({dates})" if dates else cohort.label


def _enrolments(session: Session, university_id: int, after: int, lang: str) -> list[Any]:
    order_uuid = (
        sa.select(col(Order.uuid))
        .where(col(Order.id) == col(Enrolment.order_id))
        .scalar_subquery()
        .label("o")
    )
    rows = session.execute(
        sa.select(Enrolment, *_WHO_WHAT, order_uuid, Cohort)
        .join(User, col(User.id) == Enrolment.user_id)
        .join(Offering, col(Offering.id) == Enrolment.offering_id)
        .outerjoin(Cohort, col(Cohort.id) == col(Enrolment.cohort_id))
        .where(col(Offering.university_id) == university_id, col(Enrolment.id) > after)
        .order_by(col(Enrolment.id))
        .limit(BATCH)
    ).all()
    return [
        (
            e.id,
            [
                str(e.uuid),
                name,
                email or "",
                slug,
                title,
                _cohort(cohort),
                _label("ui.orders.state.", e.status, lang),
                _when(e.created_at),
                _when(e.cancelled_at),
                str(order) if order else "",
            ],
        )
        for e, name, email, slug, title, order, cohort in rows
    ]


def _results(session: Session, university_id: int, after: int, lang: str) -> list[Any]:
    rows = session.execute(
        sa.select(Enrolment, *_WHO_WHAT)
        .add_columns(
            col(IssuedCredential.uuid), col(IssuedCredential.state), col(IssuedCredential.issued_at)
        )
        .join(User, col(User.id) == Enrolment.user_id)
        .join(Offering, col(Offering.id) == Enrolment.offering_id)
        .outerjoin(IssuedCredential, col(IssuedCredential.enrolment_id) == Enrolment.id)
        .where(
            col(Offering.university_id) == university_id,
            col(Enrolment.id) > after,
            sa.or_(
                col(Enrolment.passed_at).is_not(None),
                col(Enrolment.assessment_started_at).is_not(None),
            ),
        )
        .order_by(col(Enrolment.id))
        .limit(BATCH)
    ).all()
    return [
        (
            e.id,
            [
                str(e.uuid),
                name,
                email or "",
                slug,
                title,
                _when(e.assessment_started_at),
                _when(e.passed_at),
                e.grade or "",
                str(credential) if credential else "",
                _label("vocab.credential_state.", state, lang),
                _when(issued),
            ],
        )
        for e, name, email, slug, title, credential, state, issued in rows
    ]


def _sales(session: Session, university_id: int, after: int, lang: str) -> list[Any]:
    rows = session.execute(
        sa.select(Order, *_WHO_WHAT, col(Voucher.code))
        .join(User, col(User.id) == Order.user_id)
        .join(Offering, col(Offering.id) == Order.offering_id)
        .outerjoin(Voucher, col(Voucher.id) == Order.voucher_id)
        .where(col(Order.university_id) == university_id, col(Order.id) > after)
        .order_by(col(Order.id))
        .limit(BATCH)
    ).all()
    return [
        (
            o.id,
            [
                str(o.uuid),
                _when(o.created_at),
                _when(o.paid_at),
                name,
                email or "",
                slug,
                title,
                _label("ui.export_kind.", o.kind, lang),
                o.quantity,
                _money(o.unit_price_minor),
                _money(o.discount_minor),
                _money(o.amount_minor),
                o.currency,
                _money(o.platform_fee_minor),
                _money(o.refunded_minor),
                _label("ui.orders.state.", o.state, lang),
                code or "",
            ],
        )
        for o, name, email, slug, title, code in rows
    ]


_READERS: dict[str, Callable[[Session, int, int, str], Sequence[Any]]] = {
    "enrolments": _enrolments,
    "results": _results,
    "sales": _sales,
}


def batch(session: Session, found: Target, *, after: int = 0, lang: str = "en") -> Batch:
    """The next rows of an export after key `after` (0 for the first batch)."""
    keyed = _READERS[found.kind](session, found.university_id, after, lang)
    last = keyed[-1][0] if len(keyed) == BATCH else None
    return Batch(rows=[row for _, row in keyed], last=last)


def count(session: Session, found: Target) -> int:
    """How many rows the export has (an XLSX sheet holds about a million)."""
    if found.kind == "sales":
        stmt = select(sa.func.count()).select_from(Order)
        stmt = stmt.where(Order.university_id == found.university_id)
    else:
        stmt = (
            select(sa.func.count())
            .select_from(Enrolment)
            .join(Offering, col(Offering.id) == Enrolment.offering_id)
            .where(Offering.university_id == found.university_id)
        )
        if found.kind == "results":
            stmt = stmt.where(
                sa.or_(
                    col(Enrolment.passed_at).is_not(None),
                    col(Enrolment.assessment_started_at).is_not(None),
                )
            )
    return int(session.exec(stmt).one())


def today_stamp() -> str:
    return datetime.now(UTC).date().isoformat()
