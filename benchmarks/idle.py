"""What an idle app costs, and how fast the sleeping worker wakes for new work.

Starts the backend (the Reflex app with its in-process outbox worker, as `make run` and
each production web process run it) on a fresh PostgreSQL database (and on SQLite with
`--sqlite`), lets it settle, then for `--seconds` (default 300) with no user at all
measures:

- the CPU time the backend process used, as a share of one core (aim: < 1 %);
- what was written to the database (PostgreSQL: rows inserted, updated or deleted in
  every table, from pg_stat_user_tables; SQLite: `PRAGMA data_version` changes, which
  count other connections' commits that wrote), aim: nothing;
- then `--wakes` times (default 20): a mail is committed from another process's
  connection and the time until the backend's worker has processed it (PostgreSQL:
  woken by NOTIFY; SQLite: a commit elsewhere is seen at the next 5 s chore poll).

    .venv/bin/python -m benchmarks.idle [--seconds 300] [--sqlite]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psutil
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from microcred_market.platform import dbadmin, migrations  # noqa: E402
from microcred_market.platform.db import get_engine, reset_engine, session_scope  # noqa: E402
from microcred_market.platform.models import OutboxMessage  # noqa: E402
from microcred_market.wiring import wire  # noqa: E402
from tests.support.live_app import live_app  # noqa: E402


def _writes(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn.exec_driver_sql("SELECT pg_stat_clear_snapshot()")
            return int(
                conn.exec_driver_sql(
                    "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)"
                    " FROM pg_stat_user_tables"
                ).scalar_one()
            )
        return 0


def _handled(engine: sa.Engine, message_id: int) -> bool:
    """Processed, or tried and failed: either way the worker woke and took it."""
    with engine.connect() as conn:
        row = conn.execute(
            sa.text("SELECT processed_at, attempts FROM outbox WHERE id = :i"), {"i": message_id}
        ).one()
    return row[0] is not None or row[1] > 0


def run(url: str, seconds: float, wakes: int, settle: float) -> dict[str, float]:
    with get_engine(url).connect() as connection:
        migrations.upgrade(connection)
        connection.commit()
    reset_engine()
    engine = sa.create_engine(url)
    with (
        tempfile.TemporaryDirectory() as tmp,
        live_app({"DATABASE_URL": url, "INPROCESS_WORKER": "1"}, Path(tmp)) as app,
    ):
        process = psutil.Process(app.pid)
        time.sleep(settle)
        sqlite_watch = None
        if engine.dialect.name == "sqlite":
            sqlite_watch = engine.raw_connection()
            version_before = sqlite_watch.execute("PRAGMA data_version").fetchone()[0]
        writes_before = _writes(engine)
        cpu_before = sum(process.cpu_times()[:2])
        started = time.monotonic()
        time.sleep(seconds)
        elapsed = time.monotonic() - started
        cpu = sum(process.cpu_times()[:2]) - cpu_before
        writes = _writes(engine) - writes_before
        if sqlite_watch is not None:
            writes = sqlite_watch.execute("PRAGMA data_version").fetchone()[0] - version_before
            sqlite_watch.close()
        latencies = []
        for i in range(wakes):
            with session_scope(url) as session:
                message = OutboxMessage(
                    kind="mail",
                    payload={"to": f"idle-{i}@example.org", "subject": "", "body": ""},
                )
                session.add(message)
                session.flush()
                message_id = int(message.id or 0)
            sent = time.monotonic()
            while not _handled(engine, message_id):
                if time.monotonic() - sent > 30:
                    break
                time.sleep(0.002)
            latencies.append((time.monotonic() - sent) * 1000)
            time.sleep(0.5)
    engine.dispose()
    latencies.sort()
    return {
        "seconds": elapsed,
        "cpu_percent_of_core": 100 * cpu / elapsed,
        "database_writes": float(writes),
        "wake_p50_ms": statistics.median(latencies) if latencies else 0.0,
        "wake_max_ms": latencies[-1] if latencies else 0.0,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--settle", type=float, default=20)
    parser.add_argument("--wakes", type=int, default=20)
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    args = parser.parse_args()
    wire()
    if args.sqlite:
        folder = Path(tempfile.mkdtemp(prefix="idle-bench-"))
        url = f"sqlite:///{folder / 'idle.db'}"
    else:
        url = dbadmin.create_postgres_database(prefix="microcred_idle")
    try:
        figures = run(url, args.seconds, args.wakes, args.settle)
    finally:
        if not args.sqlite:
            reset_engine()
            dbadmin.drop_postgres_database(url)
    engine = "SQLite" if args.sqlite else "PostgreSQL"
    print(f"idle backend on {engine}, {figures['seconds']:.0f} s with no user:")
    print(f"  CPU: {figures['cpu_percent_of_core']:.2f} % of one core (aim < 1 %)")
    print(f"  database writes: {figures['database_writes']:.0f} (aim 0)")
    print(
        f"  new work to processed: p50 {figures['wake_p50_ms']:.0f} ms,"
        f" max {figures['wake_max_ms']:.0f} ms over {args.wakes} mails"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
