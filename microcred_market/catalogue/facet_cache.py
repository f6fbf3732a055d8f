"""The catalogue's counts without words, counted once per change rather than per visit.

Opening the catalogue with no words, then ticking a filter or two, is what most visits
do. Counting every facet over every published offering takes seconds at a million
offerings on PostgreSQL (`benchmarks/search.py`), and 20-25 ms over 2,000 with one
filter ticked: most of what a crowd of browsers waited for (`benchmarks/events.py`).
Those counts change only when a write changes what a
facet reads: an offering's state, level, language, form, assessment, currency, pace or
university; a university's approval, name or country; a qualification's name; the links
between offerings and qualifications; the prices in other currencies (the currency facet
counts an offering in each currency it can be paid in). Such a write moves `catalogue_stamp.n` on in its own
transaction, so every process sees the new number exactly when it sees the write; a
search reads the number (one primary-key read) and reuses what was counted under it,
for the same filters with the same values. Every filter reads only watched columns.
Seats, amounts and texts change nothing here: the page itself is always read fresh.
Words and ranges (workload, price, dates) are not kept: they read more than is watched.
After a change, the requests of one process that want the same counts take turns
(`one_count`): the first counts and the others find its counts kept, rather than a crowd
starting the same seconds-long count side by side.

The counts are reused only in a process whose sessions move the stamp (`install`, from
`wiring`): a process that wrote without the listeners would leave the stamp behind.
Writes outside a session (raw connections, migrations) are not seen; a restart forgets.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState
from sqlalchemy.orm import Session as OrmSession

from microcred_market.catalogue.models import (
    CatalogueStamp,
    Offering,
    OfferingPrice,
    Qualification,
    QualificationOffering,
    University,
)

# What the facet counts read, per model (an empty set: any change counts).
_WATCHED: dict[type, frozenset[str]] = {
    Offering: frozenset(
        {
            "status",
            "university_id",
            "eqf_level",
            "language",
            "participation_form",
            "assessment_type",
            "currency",
            "self_paced",
        }
    ),
    University: frozenset({"approved", "slug", "name", "country_code"}),
    Qualification: frozenset({"slug", "title"}),
    QualificationOffering: frozenset(),
    OfferingPrice: frozenset({"offering_id", "currency"}),
}
_TABLES = {model.__tablename__: columns for model, columns in _WATCHED.items()}  # type: ignore[attr-defined]
_MOVED = "catalogue_stamp_moved"
_DATABASES = 8  # databases kept, each under its newest stamp
# Filter choices kept per database: a few kilobytes each, so at most a few megabytes; a
# stranger sending endless combinations only pushes the oldest out.
_CHOICES = 256

_lock = threading.Lock()
# (database, stamp) -> shape -> rows; one process may talk to several databases (tests)
_counts: dict[tuple[str, int], dict[Hashable, tuple[Any, ...]]] = {}
_installed = False
_present: set[str] = set()  # databases known to have the stamp (tables are not dropped)


def _matters(obj: object) -> bool:
    columns = _WATCHED.get(type(obj))
    if columns is None:
        return False
    if not columns:
        return True
    state = sa.inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in columns)


def _url(session: OrmSession) -> str:
    bind = session.get_bind()
    engine = bind if isinstance(bind, sa.Engine) else bind.engine
    return engine.url.render_as_string(hide_password=True)


def _has_stamp(session: OrmSession) -> bool:
    """Whether this database has the stamp yet: one older than migration 0025 (an upgrade
    under way, a test of one) is written to as before and its counts are never kept."""
    url = _url(session)
    if url in _present:
        return True
    if sa.inspect(session.connection()).has_table("catalogue_stamp"):
        _present.add(url)
        return True
    return False


def _move(session: OrmSession) -> None:
    if session.info.get(_MOVED):
        return  # once per transaction is enough: readers see it when it commits
    session.info[_MOVED] = True
    if not _has_stamp(session):
        return
    stamp = sa.table("catalogue_stamp", sa.column("id"), sa.column("n"))
    session.execute(sa.update(stamp).where(stamp.c.id == 1).values(n=stamp.c.n + 1))


def _before_flush(session: OrmSession, _context: Any, _instances: Any) -> None:
    if (
        any(type(o) in _WATCHED for o in session.new)
        or any(type(o) in _WATCHED for o in session.deleted)
        or any(_matters(o) for o in session.dirty)
    ):
        _move(session)


def _statement_matters(state: ORMExecuteState) -> bool:
    if not (state.is_update or state.is_delete or state.is_insert):
        return False
    table = getattr(state.statement, "table", None)
    columns = _TABLES.get(getattr(table, "name", ""))
    if columns is None:
        return False
    if not state.is_update or not columns:
        return True
    values = getattr(state.statement, "_values", None)
    if not values:
        return True  # cannot tell what it sets: assume it may matter
    names = {getattr(key, "key", getattr(key, "name", str(key))) for key in values}
    return bool(names & columns)


def _bulk(state: ORMExecuteState) -> None:
    if _statement_matters(state):
        _move(state.session)


def _forget(session: OrmSession, transaction: Any) -> None:
    if transaction.parent is None:
        session.info.pop(_MOVED, None)


_LISTENERS: tuple[tuple[str, Any], ...] = (
    ("before_flush", _before_flush),
    ("do_orm_execute", _bulk),
    ("after_transaction_end", _forget),
)


def install() -> None:
    """Move the stamp from every session of this process (idempotent; `wiring`)."""
    global _installed
    for name, listener in _LISTENERS:
        if not event.contains(OrmSession, name, listener):
            event.listen(OrmSession, name, listener)
    _installed = True


def uninstall() -> None:
    global _installed
    _installed = False
    for name, listener in _LISTENERS:
        if event.contains(OrmSession, name, listener):
            event.remove(OrmSession, name, listener)
    with _lock:
        _counts.clear()


Stamp = tuple[str, int]


def stamp(session: OrmSession) -> Stamp | None:
    """What the counts are cached under now (the database and its stamp), or None when
    they may not be reused (no listeners here, no stamp row, or this very transaction
    changed the catalogue, which nobody else can see yet)."""
    if not _installed or session.info.get(_MOVED) or not _has_stamp(session):
        return None
    table = CatalogueStamp.__table__  # type: ignore[attr-defined]
    found = session.execute(sa.select(table.c.n).where(table.c.id == 1)).scalar()
    if found is None:
        return None
    return (_url(session), int(found))


def cached(at: Stamp, shape: Hashable) -> tuple[Any, ...] | None:
    with _lock:
        return _counts.get(at, {}).get(shape)


def keep(at: Stamp, shape: Hashable, rows: Sequence[Any]) -> None:
    with _lock:
        for key in [k for k in _counts if k[0] == at[0] and k[1] != at[1]]:
            del _counts[key]  # counted under an older stamp: never asked for again
        if at not in _counts and len(_counts) >= _DATABASES:
            _counts.pop(next(iter(_counts)))
        shapes = _counts.setdefault(at, {})
        if len(shapes) >= _CHOICES:
            shapes.pop(next(iter(shapes)))
        shapes[shape] = tuple(rows)


# One lock per count being made, dropped when nobody holds or waits for it any more.
_counting: dict[tuple[Stamp, Hashable], tuple[threading.Lock, int]] = {}
_WAIT = 30.0  # seconds a request waits for another's count before counting itself


@contextmanager
def one_count(at: Stamp, shape: Hashable) -> Iterator[None]:
    """Hold while counting `shape` under `at`: requests of this process for the same
    counts take turns, so the second finds them kept (`cached`) instead of counting."""
    key = (at, shape)
    with _lock:
        lock, users = _counting.get(key, (threading.Lock(), 0))
        _counting[key] = (lock, users + 1)
    got = lock.acquire(timeout=_WAIT)
    try:
        yield
    finally:
        if got:
            lock.release()
        with _lock:
            lock, users = _counting[key]
            if users <= 1:
                del _counting[key]
            else:
                _counting[key] = (lock, users - 1)
