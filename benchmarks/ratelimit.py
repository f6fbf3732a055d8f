"""One rate-limit check, counted in the database against counted in Redis.

Every catalogue search from the pages is checked first (`search:ip`), so the check's
cost is paid on every search event. Times `ratelimit.check` as the pages call it (a
session of their own, a fresh address in every few checks) on PostgreSQL and SQLite,
with and without `REDIS_URL`, interleaved in one run.

    .venv/bin/python -m benchmarks.ratelimit             # about 20 s
    .venv/bin/python -m benchmarks.ratelimit --n 2000
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from microcred_market.platform import dbadmin, migrations, ratelimit
from microcred_market.platform.db import get_engine, reset_engine, session_scope
from microcred_market.settings import reset_settings_cache

REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")


def _time(url: str, redis_url: str | None, n: int, tag: str) -> list[float]:
    if redis_url:
        os.environ["REDIS_URL"] = redis_url
    else:
        os.environ.pop("REDIS_URL", None)
    reset_settings_cache()
    ratelimit._stores.clear()
    took = []
    for i in range(n):
        start = time.perf_counter()
        with session_scope(url) as session:
            ratelimit.check(session, "search:ip", f"10.{tag}.{i // 200}.{i % 200}")
        took.append((time.perf_counter() - start) * 1000)
    return took


def _row(name: str, took: list[float]) -> str:
    took = sorted(took)
    p95 = took[int(len(took) * 0.95)]
    return f"{name:<34} {statistics.median(took):7.2f} {p95:7.2f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="checks per store and engine")
    args = parser.parse_args()
    import redis

    redis.Redis.from_url(REDIS).flushdb()
    pg = dbadmin.create_postgres_database()
    with tempfile.TemporaryDirectory() as folder:
        lite = f"sqlite:///{Path(folder) / 'limits.db'}"
        for url in (pg, lite):
            with get_engine(url).connect() as connection:
                migrations.upgrade(connection)
                connection.commit()
        print(f"{'rate-limit check, ms':<34} {'p50':>7} {'p95':>7}   ({args.n} checks each)")
        try:
            for engine, url in (("postgresql", pg), ("sqlite", lite)):
                rounds: dict[str, list[float]] = {"database": [], "redis": []}
                for part in range(4):  # interleaved: the machine's load hits both alike
                    for store in rounds:
                        rounds[store] += _time(
                            url, REDIS if store == "redis" else None, args.n // 4, f"{part}"
                        )
                for store, took in rounds.items():
                    print(_row(f"{engine}, counted in {store}", took))
                db, rd = (statistics.median(rounds[s]) for s in ("database", "redis"))
                print(f"{engine}: Redis takes {rd / db:.2f} of the database's time (p50)")
        finally:
            reset_engine()
            dbadmin.drop_postgres_database(pg)
            redis.Redis.from_url(REDIS).flushdb()
    return 0


if __name__ == "__main__":
    sys.exit(main())
