"""The first burst of events after a start asks for the engine from many threads at once:
each process must end up with one engine, one pool, and so a bounded number of
connections to PostgreSQL (an engine made twice kept its connections open for good)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from microcred_market.platform import db
from microcred_market.platform.db import get_engine, reset_engine, session_scope
from microcred_market.settings import get_settings

pytestmark = pytest.mark.postgres


def test_threads_asking_at_once_share_one_engine_and_one_pool(
    empty_postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[sa.Engine] = []
    real = db.make_engine

    def slow_make_engine(url: str) -> sa.Engine:
        time.sleep(0.05)  # as long as a first import or DNS lookup can take
        engine = real(url)
        made.append(engine)
        return engine

    monkeypatch.setattr(db, "make_engine", slow_make_engine)
    reset_engine()
    threads = 32
    start = threading.Barrier(threads)

    def work(_: int) -> int:
        start.wait()
        with session_scope(empty_postgres_url) as session:
            session.execute(sa.text("SELECT pg_sleep(0.02)"))
        return id(get_engine(empty_postgres_url))

    with ThreadPoolExecutor(threads) as pool:
        engines = set(pool.map(work, range(threads)))
    assert len(made) == 1 and len(engines) == 1

    settings = get_settings()
    count = sa.text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
    # One pool's worth at most: those over its size are closed when given back (a closed
    # connection's server process may take a moment to leave pg_stat_activity).
    deadline = time.monotonic() + 10
    while True:
        with get_engine(empty_postgres_url).connect() as connection:
            open_now = connection.execute(count).scalar_one()
        if open_now <= settings.db_pool_size or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert open_now <= settings.db_pool_size
