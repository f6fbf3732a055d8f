"""Engine and sessions, built from settings.

One engine per database URL, created lazily, so tests can point the whole app at a fresh
database by changing `DATABASE_URL` and calling `reset_engine()`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol, TypeVar, cast
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.pool import ConnectionPoolEntry
from sqlmodel import Session as Session  # re-exported: entry points type sessions with it
from sqlmodel import SQLModel, create_engine

from microcred_market.platform.errors import NotFound
from microcred_market.settings import get_settings

_engines: dict[str, Engine] = {}
# Handlers run in worker threads (`run_in_session`): the first burst of events after a
# start would otherwise make one engine per thread, each with its own pool, and all but
# the last would keep their connections open for good ("too many clients").
_engines_lock = threading.Lock()

Row = TypeVar("Row", bound=SQLModel)


def _sqlite_pragmas(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    # A 64 MB page cache and memory-mapped reads keep the search index in memory.
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.execute("PRAGMA mmap_size=268435456")
    cursor.close()


class Keyed(Protocol):
    id: int | None


def saved_id(row: Keyed) -> int:
    """The primary key of a row that was flushed or loaded, where it is always set; a row
    not yet flushed has none, and asking for it then is a bug worth a loud error."""
    if row.id is None:
        raise RuntimeError(f"{type(row).__name__} has no id yet: flush it first")
    return row.id


def table_of(model: type[SQLModel]) -> sa.Table:
    """The Core table behind a model, for statements written in SQL terms (bulk inserts,
    hand-built joins): SQLModel's types do not declare `__table__`."""
    return cast(sa.Table, sa.inspect(model).local_table)  # a table=True model maps one Table


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        settings = get_settings()
        engine = create_engine(
            url,
            pool_pre_ping=True,
            pool_size=settings.db_pool_size,
            max_overflow=max(0, settings.db_max_overflow),
        )
    return engine


def get_engine(url: str | None = None) -> Engine:
    url = url or get_settings().database_url
    engine = _engines.get(url)
    if engine is not None:
        return engine
    with _engines_lock:
        engine = _engines.get(url)
        if engine is None:
            if url.startswith("sqlite:///"):
                Path(url[len("sqlite:///") :]).parent.mkdir(parents=True, exist_ok=True)
            engine = _engines[url] = make_engine(url)
        return engine


def reset_engine() -> None:
    with _engines_lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """A unit of work: commits on success, rolls back on any error."""
    session = Session(get_engine(url), expire_on_commit=False)
    try:
        yield session
        session.commit()
    except Exception:
        session.rollback()
        raise
    finally:
        session.close()


def parse_uuid(raw: object, missing: str) -> UUID:
    """The UUID in a link; anything else is the same NotFound as a missing row, so a
    mistyped link reads "not found", never a crash."""
    try:
        return UUID(str(raw))
    except ValueError:
        raise NotFound(missing) from None


def get_by_uuid(session: Session, model: type[Row], raw: object, missing: str) -> Row:
    """The row of `model` whose public `uuid` is `raw` (from a URL or a form); raises
    NotFound(`missing`) when the text is no UUID or no row has it."""
    key = parse_uuid(raw, missing)
    column = sa.inspect(model).columns["uuid"]
    row = session.execute(sa.select(model).where(column == key)).scalars().first()
    if row is None:
        raise NotFound(missing)
    return row
