"""The outbox worker sleeps while there is nothing to do and wakes when work is committed.

In one process a commit with outbox rows wakes the waiting worker at once (SQLite and
PostgreSQL); on PostgreSQL a commit made by another process wakes it too (NOTIFY), so a
learner's mail leaves in milliseconds, not at the next poll. Commits without outbox rows,
and rolled-back ones, let it sleep.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from microcred_market.platform.db import session_scope
from microcred_market.platform.models import OutboxMessage, RateLimitHit
from microcred_market.platform.wakeup import Listener

pytestmark = pytest.mark.accounts
ROOT = Path(__file__).resolve().parents[3]


def _wait_in_thread(listener: Listener, timeout: float) -> tuple[threading.Thread, dict]:
    seen: dict = {}

    def run() -> None:
        started = time.monotonic()
        seen["woke"] = listener.wait(timeout)
        seen["after"] = time.monotonic() - started

    thread = threading.Thread(target=run)
    thread.start()
    time.sleep(0.3)  # the worker is asleep by now
    return thread, seen


def _queue(url: str) -> None:
    with session_scope(url) as session:
        session.add(OutboxMessage(kind="test.wakeup", payload={}))


def test_a_commit_with_outbox_work_wakes_the_sleeping_worker_at_once(app_env: str) -> None:
    listener = Listener(app_env)
    listener.wait(0.01)  # forget what earlier tests of this process committed
    try:
        thread, seen = _wait_in_thread(listener, timeout=20)
        _queue(app_env)
        thread.join(10)
        assert seen["woke"] is True
        assert seen["after"] < 3, seen
    finally:
        listener.close()


def test_commits_without_outbox_work_and_rollbacks_let_it_sleep(app_env: str) -> None:
    listener = Listener(app_env)
    listener.wait(0.01)
    try:
        thread, seen = _wait_in_thread(listener, timeout=1.5)
        with session_scope(app_env) as session:
            session.add(RateLimitHit(key="test:wakeup"))
        with pytest.raises(RuntimeError), session_scope(app_env) as session:
            session.add(OutboxMessage(kind="test.wakeup", payload={}))
            session.flush()
            raise RuntimeError("the request failed after writing")
        thread.join(10)
        assert seen["woke"] is False, "woken without committed work"
        assert seen["after"] >= 1.4
    finally:
        listener.close()


@pytest.mark.postgres
def test_on_postgresql_work_committed_by_another_process_wakes_the_worker(
    empty_postgres_url: str,
) -> None:
    from tests.conftest import migrated

    url = migrated(empty_postgres_url)
    listener = Listener(url)
    listener.wait(0.01)
    try:
        thread, seen = _wait_in_thread(listener, timeout=60)
        started = time.monotonic()
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from microcred_market.wiring import wire; wire();"
                "from tests.integration.platform.test_wakeup import _queue; _queue(sys.argv[1])",
                url,
            ],
            cwd=ROOT,
            check=True,
            timeout=60,
        )
        committed = time.monotonic() - started
        thread.join(30)
        assert seen["woke"] is True
        # Woken by the other process's commit, well before the 60 s timeout.
        assert seen["after"] < committed + 2, (seen, committed)
    finally:
        listener.close()
