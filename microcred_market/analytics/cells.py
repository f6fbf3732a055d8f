"""The analytics cells, right whenever they are read, recounted once for many writes.

Every unit of work that changes a source of the figures (an enrolment, an order, a
credential, a result) notes which cells the rows it changed belonged to before the
change and belong to after it: (university, offering, month), by reading each changed
row's dates and those of the rows that hang off the same enrolment (its order,
credential, results). Just before the commit it writes those notes
(`analytics_pending`), in the same transaction as the change. Whoever reads a
university's cells (`read`, `sums`: the page, the API) first recounts the noted cells
from the source tables (`analytics.counting`, the same statements the page used to run
over everything), replaces what was stored and removes the notes it saw (`settle`).

So a cell read is never stale, and the recount is not in the writer's transaction: it
used to be, and every checkout of one university queued behind the one recounting
(half the checkout benchmark's throughput). Now a burst of checkouts writes notes side
by side and the next reader recounts each cell once. Noting too many cells costs time,
never correctness: a cell is only ever replaced by its own recount.

Verifications and shares (`credential_activity`) are not in the cells: a verification is
public and anonymous, may come thousands a minute, and must cost nothing but its own
row (no lock, no recount). The page reads those two series straight from
`credential_activity` (`counting.activity`, one grouped statement).

Writers do not call this module: it listens to every SQLAlchemy session (flushes, bulk
UPDATE/DELETE statements, commits), so no write path can forget it. Writes that bypass
the ORM session (Core on a bare connection: the benchmark's bulk load, a migration) must
call `rebuild` afterwards. On PostgreSQL the recount of a university's cells holds a
transaction-scoped advisory lock, so two readers cannot store stale cells side by side;
SQLite has one writer at a time anyway. A note a reader did not see (its writer had not
committed yet) stays for the next reader.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, col

from microcred_market.analytics import counting
from microcred_market.analytics.figures import Figures
from microcred_market.analytics.models import AnalyticsCell, AnalyticsPending
from microcred_market.assessments.models import ComponentResult
from microcred_market.catalogue.models import Offering, University
from microcred_market.credentials.models import IssuedCredential
from microcred_market.orders.models import Enrolment, Order
from microcred_market.platform.db import table_of

CellKey = tuple[int, int | None, str]  # (university id, offering id, "2026-11")
_DIRTY = "analytics.dirty"
_ALL = "analytics.rebuild_all"
_FLUSHING = "analytics.flushing"
_LOCK_CLASS = 7401  # pg_advisory_xact_lock(class, university id)
_CHUNK = 500
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

# The attributes a figure depends on: a change to any other (a learner starting an
# assessment, a credential's document) changes no cell and costs nothing here.
_WATCHED: dict[type[Any], frozenset[str]] = {
    Enrolment: frozenset(
        {"offering_id", "order_id", "cohort_id", "status", "created_at", "passed_at"}
    ),
    Order: frozenset(
        {
            "offering_id",
            "university_id",
            "state",
            "currency",
            "amount_minor",
            "platform_fee_minor",
            "paid_at",
            "refunded_at",
            "refunded_minor",
        }
    ),
    IssuedCredential: frozenset({"enrolment_id", "offering_id", "university_id", "issued_at"}),
    ComponentResult: frozenset(
        {"enrolment_id", "assessment_id", "current", "passed", "released_at"}
    ),
}
_TABLES = {table_of(model).name: model for model in _WATCHED}


def month_of(moment: datetime | str | None) -> str | None:
    """The UTC month of a stored moment, as the counting statements spell it."""
    if moment is None:
        return None
    if isinstance(moment, str):  # SQLite may hand back the stored text
        return moment[:7]
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return f"{moment.year:04d}-{moment.month:02d}"


def _month_start(key: str) -> datetime:
    return datetime(int(key[:4]), int(key[5:7]), 1, tzinfo=UTC)


def _month_after(key: str) -> datetime:
    year, month = int(key[:4]), int(key[5:7])
    return datetime(year + month // 12, month % 12 + 1, 1, tzinfo=UTC)


# ---------------------------------------------------------------- which cells rows touch


def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start : start + _CHUNK]


def _add(keys: set[CellKey], university_id: Any, offering_id: Any, *moments: Any) -> None:
    for moment in moments:
        month = month_of(moment)
        if month is not None and university_id is not None:
            keys.add((int(university_id), None if offering_id is None else int(offering_id), month))


def _enrolment_cells(
    session: Session, ids: Iterable[int], keys: set[CellKey], *, children: bool = True
) -> None:
    """The cells of these enrolments and of everything hanging off them.

    `children=False` for enrolments written in this very flush: no credential or result
    can point at them yet, other than new ones of the same flush, noted on their own.
    """
    e, o, r = table_of(Enrolment), table_of(Offering), table_of(Order)
    c, cr = table_of(IssuedCredential), table_of(ComponentResult)
    for chunk in _chunks(ids):
        for uni, offering, created, passed in session.execute(
            sa.select(o.c.university_id, e.c.offering_id, e.c.created_at, e.c.passed_at)
            .join(o, o.c.id == e.c.offering_id)
            .where(e.c.id.in_(chunk))
        ):
            _add(keys, uni, offering, created, passed)
        for uni, offering, paid, refunded in session.execute(
            sa.select(r.c.university_id, r.c.offering_id, r.c.paid_at, r.c.refunded_at)
            .join(e, e.c.order_id == r.c.id)
            .where(e.c.id.in_(chunk))
        ):
            _add(keys, uni, offering, paid, refunded)
        if not children:
            continue
        for uni, offering, issued in session.execute(
            sa.select(c.c.university_id, c.c.offering_id, c.c.issued_at).where(
                c.c.enrolment_id.in_(chunk)
            )
        ):
            _add(keys, uni, offering, issued)
        for uni, offering, released in session.execute(
            sa.select(o.c.university_id, e.c.offering_id, cr.c.released_at)
            .join(e, e.c.id == cr.c.enrolment_id)
            .join(o, o.c.id == e.c.offering_id)
            .where(cr.c.enrolment_id.in_(chunk), cr.c.released_at.is_not(None))
        ):
            _add(keys, uni, offering, released)


def _cells_of(session: Session, model: type[Any], ids: Iterable[int], keys: set[CellKey]) -> None:
    """The cells rows of `model` (by id) belong to, as the database has them now."""
    ids = list(ids)
    if not ids:
        return
    if model is Enrolment:
        _enrolment_cells(session, ids, keys)
        return
    e, r = table_of(Enrolment), table_of(Order)
    c, cr = table_of(IssuedCredential), table_of(ComponentResult)
    enrolments: set[int] = set()
    for chunk in _chunks(ids):
        if model is Order:
            for uni, offering, paid, refunded in session.execute(
                sa.select(r.c.university_id, r.c.offering_id, r.c.paid_at, r.c.refunded_at).where(
                    r.c.id.in_(chunk)
                )
            ):
                _add(keys, uni, offering, paid, refunded)
            enrolments.update(
                session.execute(sa.select(e.c.id).where(e.c.order_id.in_(chunk))).scalars()
            )
        elif model is IssuedCredential:
            for uni, offering, issued, enrolment in session.execute(
                sa.select(
                    c.c.university_id, c.c.offering_id, c.c.issued_at, c.c.enrolment_id
                ).where(c.c.id.in_(chunk))
            ):
                _add(keys, uni, offering, issued)
                if enrolment is not None:
                    enrolments.add(int(enrolment))
        elif model is ComponentResult:
            enrolments.update(
                session.execute(sa.select(cr.c.enrolment_id).where(cr.c.id.in_(chunk))).scalars()
            )
    _enrolment_cells(session, enrolments, keys)


# ---------------------------------------------------------------- recounting and reading


_ZERO = {
    name: 0
    for name in (
        "enrolments",
        "cancelled",
        "passed",
        "not_passed",
        "credentials",
        "days_to_credential",
        "sales",
        "gross_minor",
        "fee_minor",
        "refunds_minor",
    )
}


def _rows(university_id: int, key: counting.Key, figures: Figures) -> list[dict[str, Any]]:
    """The stored rows of one cell: what is not money, then one per currency."""
    offering_id, cohort_id, month = key
    base = {
        **_ZERO,
        "university_id": university_id,
        "offering_id": offering_id,
        "cohort_id": cohort_id,
        "month": month,
    }
    rows = [
        {
            **base,
            "currency": "",
            "enrolments": figures.enrolments,
            "cancelled": figures.cancelled,
            "passed": figures.passed,
            "not_passed": figures.not_passed,
            "credentials": figures.credentials,
            "days_to_credential": figures.days_to_credential,
        }
    ]
    for code, money in figures.money.items():
        rows.append(
            {
                **base,
                "currency": code,
                "sales": money.sales,
                "gross_minor": money.gross_minor,
                "fee_minor": money.fee_minor,
                "refunds_minor": money.refunds_minor,
            }
        )
    return rows


def _lock(session: Session, university_id: int) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.select(sa.func.pg_advisory_xact_lock(_LOCK_CLASS, university_id)))


def _store(session: Session, scope: counting.Scope) -> None:
    """Replace the stored cells in `scope` by their recount."""
    table = table_of(AnalyticsCell)
    _lock(session, scope.university_id)
    found = counting.count(session, scope)
    where = [table.c.university_id == scope.university_id, table.c.month >= month_of(scope.since)]
    if scope.until is not None:
        where.append(table.c.month < month_of(scope.until))
    where.extend(scope.of(table.c.offering_id))
    session.execute(table.delete().where(*where))
    rows = [
        row for key, figures in found.items() for row in _rows(scope.university_id, key, figures)
    ]
    for start in range(0, len(rows), 1000):
        session.execute(table.insert(), rows[start : start + 1000])


def refresh(session: Session, keys: Iterable[CellKey]) -> None:
    """Recount these cells (and any between them of the same offerings) and store them."""
    months: dict[int, list[str]] = defaultdict(list)
    offerings: dict[int, set[int | None]] = defaultdict(set)
    for university_id, offering_id, month in keys:
        months[university_id].append(month)
        offerings[university_id].add(offering_id)
    for university_id in sorted(months):
        chosen = offerings[university_id]
        _store(
            session,
            counting.Scope(
                university_id=university_id,
                since=_month_start(min(months[university_id])),
                until=_month_after(max(months[university_id])),
                offering_ids=tuple(sorted(o for o in chosen if o is not None)),
                no_offering=None in chosen,
            ),
        )


def _mark(session: Session, keys: set[CellKey]) -> None:
    """Note the cells this transaction changed, for the next reader to recount."""
    rows = [{"university_id": u, "offering_id": o, "month": m} for u, o, m in sorted(keys, key=str)]
    table = table_of(AnalyticsPending)
    for start in range(0, len(rows), 1000):
        session.execute(table.insert(), rows[start : start + 1000])


def settle(session: Session, university_id: int) -> None:
    """Recount the cells of the university that committed writes noted, and drop those
    notes: what `read` and `sums` do first, so what they read is a recount."""
    table = table_of(AnalyticsPending)
    where = table.c.university_id == university_id
    if not session.execute(sa.select(table.c.id).where(where).limit(1)).first():
        return  # the usual case: one indexed read, no lock
    _lock(session, university_id)
    noted = session.execute(sa.select(table.c.id, table.c.offering_id, table.c.month).where(where))
    rows = noted.all()
    if not rows:
        return  # another reader recounted them while this one waited for the lock
    refresh(session, {(university_id, offering_id, month) for _, offering_id, month in rows})
    for ids in _chunks(row[0] for row in rows):
        session.execute(table.delete().where(table.c.id.in_(ids)))


def rebuild(session: Session, university_id: int | None = None) -> None:
    """Recount every cell (of one university, or of all): after writes that went around
    the session (bulk loads) and once when the cells are first made."""
    ids = (
        [university_id]
        if university_id is not None
        else list(
            session.execute(sa.select(col(University.id)).order_by(col(University.id))).scalars()
        )
    )
    for uni in ids:
        _store(session, counting.Scope(university_id=int(uni), since=_EPOCH))


def read(session: Session, scope: counting.Scope) -> dict[counting.Key, Figures]:
    """The stored cells in `scope` (`until` is not used: the page reads to the end)."""
    settle(session, scope.university_id)
    table = table_of(AnalyticsCell)
    where = [table.c.university_id == scope.university_id, table.c.month >= month_of(scope.since)]
    where.extend(scope.of(table.c.offering_id))
    found: dict[counting.Key, Figures] = {}
    for row in session.execute(sa.select(table).where(*where)):
        figures = found.setdefault((row.offering_id, row.cohort_id, row.month), Figures())
        if row.currency:
            money = figures.currency(row.currency)
            money.sales += row.sales
            money.gross_minor += row.gross_minor
            money.fee_minor += row.fee_minor
            money.refunds_minor += row.refunds_minor
        else:
            figures.enrolments += row.enrolments
            figures.cancelled += row.cancelled
            figures.passed += row.passed
            figures.not_passed += row.not_passed
            figures.credentials += row.credentials
            figures.days_to_credential += row.days_to_credential
    return found


_COUNTERS = tuple(_ZERO)


@dataclass
class Sums:
    """The stored cells in a scope, summed by the database three ways."""

    per_month: dict[str, Figures] = field(default_factory=dict)
    per_offering: dict[int | None, Figures] = field(default_factory=dict)
    per_cohort: dict[tuple[int | None, int], Figures] = field(default_factory=dict)


def _fill(figures: Figures, currency: str, values: Any) -> None:
    given = dict(zip(_COUNTERS, values, strict=True))
    if currency:
        money = figures.currency(currency)
        money.sales += int(given["sales"] or 0)
        money.gross_minor += int(given["gross_minor"] or 0)
        money.fee_minor += int(given["fee_minor"] or 0)
        money.refunds_minor += int(given["refunds_minor"] or 0)
        return
    figures.enrolments += int(given["enrolments"] or 0)
    figures.cancelled += int(given["cancelled"] or 0)
    figures.passed += int(given["passed"] or 0)
    figures.not_passed += int(given["not_passed"] or 0)
    figures.credentials += int(given["credentials"] or 0)
    figures.days_to_credential += float(given["days_to_credential"] or 0.0)


def sums(session: Session, scope: counting.Scope) -> Sums:
    """The page's three sums of the stored cells in `scope` (to the end of time) per
    month, per offering and per (offering, cohort), in one statement: a few hundred rows
    whatever the history's size."""
    settle(session, scope.university_id)
    table = table_of(AnalyticsCell)
    where = [table.c.university_id == scope.university_id, table.c.month >= month_of(scope.since)]
    where.extend(scope.of(table.c.offering_id))
    totals = [sa.func.sum(table.c[name]) for name in _COUNTERS]
    no_id, no_month = sa.cast(sa.null(), sa.Integer), sa.cast(sa.null(), sa.String)
    by_month = (
        sa.select(sa.literal("m"), no_id, no_id, table.c.month, table.c.currency, *totals)
        .where(*where)
        .group_by(table.c.month, table.c.currency)
    )
    by_offering = (
        sa.select(sa.literal("o"), table.c.offering_id, no_id, no_month, table.c.currency, *totals)
        .where(*where)
        .group_by(table.c.offering_id, table.c.currency)
    )
    by_cohort = (
        sa.select(
            sa.literal("c"),
            table.c.offering_id,
            table.c.cohort_id,
            no_month,
            table.c.currency,
            *totals,
        )
        .where(*where, table.c.cohort_id.is_not(None))
        .group_by(table.c.offering_id, table.c.cohort_id, table.c.currency)
    )
    found = Sums()
    for kind, offering_id, cohort_id, month, currency, *values in session.execute(
        sa.union_all(by_month, by_offering, by_cohort)
    ):
        if kind == "m":
            figures = found.per_month.setdefault(month, Figures())
        elif kind == "o":
            figures = found.per_offering.setdefault(offering_id, Figures())
        else:
            figures = found.per_cohort.setdefault((offering_id, cohort_id), Figures())
        _fill(figures, currency, values)
    return found


# ---------------------------------------------------------------- listening to sessions


def _dirty(session: Any) -> set[CellKey]:
    keys: set[CellKey] = session.info.setdefault(_DIRTY, set())
    return keys


def _changed(instance: Any) -> bool:
    attrs = sa.inspect(instance).attrs
    return any(attrs[name].history.has_changes() for name in _WATCHED[type(instance)])


def _ids(instances: Iterable[Any]) -> dict[type[Any], set[int]]:
    found: dict[type[Any], set[int]] = defaultdict(set)
    for instance in instances:
        identity = sa.inspect(instance).identity  # None for a row never written
        if identity:
            found[type(instance)].add(int(identity[0]))
    return found


def _note(session: Any, ids: dict[type[Any], set[int]]) -> None:
    if not ids:
        return
    keys = _dirty(session)
    with session.no_autoflush:
        for model, chosen in ids.items():
            _cells_of(session, model, chosen, keys)


def _note_new(session: Any, instances: list[Any]) -> None:
    """The cells of rows this flush inserted, read from the rows themselves where they
    carry their cells (an order), without looking for rows hanging off them: none can
    point at an id that did not exist before this flush, except new rows of the same
    flush, each noted on its own. Two to four statements fewer per checkout."""
    keys = _dirty(session)
    enrolments: set[int] = set()
    rest: list[Any] = []
    for instance in instances:
        if type(instance) is Order:
            _add(
                keys,
                instance.university_id,
                instance.offering_id,
                instance.paid_at,
                instance.refunded_at,
            )
        elif type(instance) is Enrolment and sa.inspect(instance).identity:
            enrolments.add(int(sa.inspect(instance).identity[0]))
        else:
            rest.append(instance)
    with session.no_autoflush:
        _enrolment_cells(session, enrolments, keys, children=False)
    _note(session, _ids(rest))


def _before_flush(session: OrmSession, _context: Any, _instances: Any) -> None:
    changed = [o for o in session.dirty if type(o) in _WATCHED and _changed(o)]
    deleted = [o for o in session.deleted if type(o) in _WATCHED]
    # What the changed rows belonged to before the change: the database has the old row.
    _note(session, _ids([*changed, *deleted]))
    # What the new and changed rows belong to after it: once flushed (ids known).
    new = [o for o in session.new if type(o) in _WATCHED]
    session.info[_FLUSHING] = (new, changed)  # a failed flush before left nothing


def _after_flush(session: OrmSession, _context: Any) -> None:
    new, changed = session.info.pop(_FLUSHING, ([], []))
    _note_new(session, new)
    _note(session, _ids(changed))


def _bulk(state: ORMExecuteState) -> Any:
    """An UPDATE or DELETE statement on a source table: note its rows before and after."""
    if not (state.is_update or state.is_delete):
        return None
    table = getattr(state.statement, "table", None)
    model = _TABLES.get(getattr(table, "name", ""))
    if model is None or table is None:
        return None
    session = state.session
    where = getattr(state.statement, "whereclause", None)
    if where is None:
        session.info[_ALL] = True
        return None
    with session.no_autoflush:
        ids = set(session.execute(sa.select(table.c.id).where(where)).scalars())
    _note(session, {model: ids})
    result = state.invoke_statement()
    if state.is_update:
        _note(session, {model: ids})
    return result


def _before_commit(session: OrmSession) -> None:
    if session.new or session.dirty or session.deleted:
        session.flush()  # so the last changes are noted too
    keys = session.info.pop(_DIRTY, set())
    if session.info.pop(_ALL, False):
        rebuild(session)  # type: ignore[arg-type]
    elif keys:
        _mark(session, keys)  # type: ignore[arg-type]


def _forget(session: OrmSession, transaction: Any) -> None:
    if transaction.parent is None:
        for name in (_DIRTY, _ALL, _FLUSHING):
            session.info.pop(name, None)


_LISTENERS: tuple[tuple[str, Any], ...] = (
    ("before_flush", _before_flush),
    ("after_flush_postexec", _after_flush),
    ("do_orm_execute", _bulk),
    ("before_commit", _before_commit),
    ("after_transaction_end", _forget),
)


def install() -> None:
    """Keep the cells right in every session of this process (idempotent; `wiring`)."""
    for name, listener in _LISTENERS:
        if not event.contains(OrmSession, name, listener):
            event.listen(OrmSession, name, listener)


def uninstall() -> None:
    """Stop keeping them (the benchmark's baseline of what a write costs without)."""
    for name, listener in _LISTENERS:
        if event.contains(OrmSession, name, listener):
            event.remove(OrmSession, name, listener)
