"""Waking the outbox worker when there is work, instead of polling an idle database.

A commit that adds outbox rows sets an event in its own process (the in-process worker of
the web app wakes at once) and, on PostgreSQL, sends `NOTIFY microcred_outbox` inside the
same transaction, so it is delivered exactly when the rows become visible, to every
`microcred worker` listening on any machine. SQLite has no notifications: a separate
worker process there polls on a short interval, which costs one indexed query.

Without this an idle worker either polls often (CPU and database load for nothing) or
rarely (a learner waits seconds for the mail their click caused).
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession

from microcred_market.platform.models import OutboxMessage

log = logging.getLogger("microcred.wakeup")
CHANNEL = "microcred_outbox"
_FLAG = "microcred_outbox_new"
_new_work = threading.Event()


def _note_new_messages(session: OrmSession, _context: Any) -> None:
    if session.info.get(_FLAG) or not any(isinstance(o, OutboxMessage) for o in session.new):
        return
    session.info[_FLAG] = True
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        # Transactional: delivered at commit, dropped with a rollback.
        connection.exec_driver_sql(f"NOTIFY {CHANNEL}")


def expect_work(session: OrmSession) -> None:
    """Wake the workers when `session` commits, for work made without a new outbox row
    (a dead message the operator retries): as for new rows, NOTIFY inside the transaction."""
    if session.info.get(_FLAG):
        return
    session.info[_FLAG] = True
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"NOTIFY {CHANNEL}")


def _wake_after_commit(session: OrmSession) -> None:
    if session.info.pop(_FLAG, False):
        _new_work.set()


def _forget_after_rollback(session: OrmSession) -> None:
    session.info.pop(_FLAG, None)


def install() -> None:
    """Watch every session of this process for new outbox rows (idempotent)."""
    for name, listener in (
        ("after_flush", _note_new_messages),
        ("after_commit", _wake_after_commit),
        ("after_rollback", _forget_after_rollback),
    ):
        if not event.contains(OrmSession, name, listener):
            event.listen(OrmSession, name, listener)


def wake() -> None:
    """Wake this process's waiting worker (a test, or a chore that made work)."""
    _new_work.set()


class Listener:
    """One process's wait for new outbox work: this process's commits, and on PostgreSQL
    every other process's too (LISTEN on a connection of its own, reopened if it drops).
    """

    def __init__(self, database_url: str) -> None:
        self._url = sa.make_url(database_url)
        self._conn: Any = None

    @property
    def hears_other_processes(self) -> bool:
        return self._url.get_backend_name() == "postgresql"

    def _connect(self) -> Any:
        import psycopg  # only the PostgreSQL deployments need the driver here

        conn = psycopg.connect(
            self._url.set(drivername="postgresql").render_as_string(hide_password=False),
            autocommit=True,
        )
        conn.execute(f"LISTEN {CHANNEL}")
        return conn

    def wait(self, timeout: float) -> bool:
        """Block until new work may be there or `timeout` seconds passed; True if woken."""
        if _new_work.is_set():
            _new_work.clear()
            return True
        if not self.hears_other_processes:
            woke = _new_work.wait(timeout)
            _new_work.clear()
            return woke
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                if self._conn is None:
                    self._conn = self._connect()
                # Short slices, so a commit of this very process is seen at once too.
                for _ in self._conn.notifies(timeout=min(left, 0.25), stop_after=1):
                    _new_work.clear()
                    return True
            except Exception as error:  # the database went away: poll until it is back
                log.warning("outbox listener lost its connection: %s", error)
                self.close()
                _new_work.wait(min(left, 1.0))
            if _new_work.is_set():
                _new_work.clear()
                return True
        return False

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            finally:
                self._conn = None
