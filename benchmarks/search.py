"""Catalogue search at scale: the service path against hand-written SQL.

Builds a catalogue of N synthetic offerings on SQLite (a temporary file) and on PostgreSQL
(a database of its own, dropped at the end), then times a realistic catalogue request
again and again, varying the search word: text + two filters + every facet + first page.

Three ways of answering the same request are timed, interleaved, on the same database:

- service: `catalogue.search(session, parse_query(params), with_facets=True)` inside
  `session_scope`, exactly as the web page and the API call it;
- raw: hand-written SQL (a count, the first page and one GROUP BY per facet) sent through
  the DBAPI cursor (sqlite3 / psycopg) with the same parameters, no ORM at all;
- replay: the very statements the service sent, replayed through the DBAPI cursor, so
  service / replay is the cost of SQLAlchemy and of building the result in Python.

Before timing, the raw answers are checked against the service's (total, page, every
facet count), so both sides provably answer the same question.

    .venv/bin/python -m benchmarks.search              # 100,000 offerings, both engines
    .venv/bin/python -m benchmarks.search --n 20000 --no-postgres --json
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine

from microcred_market.catalogue import facet_cache
from microcred_market.catalogue import service as catalogue
from microcred_market.catalogue.search_query import parse_query
from microcred_market.catalogue.seed import seed_synthetic
from microcred_market.platform import dbadmin, migrations
from microcred_market.platform.db import get_engine, reset_engine, session_scope

# Words present in the synthetic catalogue (see seed._TOPICS), each matching about 5% of it.
WORDS = ("data", "zarzadzanie", "cyber", "logist", "finan")
# Every request filters on EQF 5 or 6, plus one of these.
SECOND_FILTERS: tuple[dict[str, str], ...] = ({"country": "PL"}, {"form": "online"})
EQF = "5,6"
PER_PAGE = 12

SQLITE_P95_TARGET_MS = 30.0
SQLITE_TARGET_N = 100_000
POSTGRES_P95_TARGET_MS = 50.0  # issue 16: at a million offerings, the mix and the empty query
POSTGRES_TARGET_N = 1_000_000
RATIO_TARGET = 1.5


def benchmark_requests() -> list[dict[str, str]]:
    """The request mix: each word with each second filter; consecutive runs vary the word."""
    return [{"q": word, "eqf": EQF, **extra} for extra in SECOND_FILTERS for word in WORDS]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- hand-written SQL

CARD_SQL = (
    "o.slug, o.title, o.summary, u.slug, u.name, u.country_code, o.ects, o.eqf_level, "
    "o.price_minor, o.currency, o.start_date, o.end_date, o.self_paced, "
    "o.participation_form, o.assessment_type, o.language, o.seat_capacity, o.seats_taken"
)
FILTER_COLUMNS = {"eqf": "o.eqf_level", "country": "u.country_code", "form": "o.participation_form"}
SIMPLE_FACETS = {
    "country": "u.country_code",
    "eqf": "o.eqf_level",
    "language": "o.language",
    "form": "o.participation_form",
    "assessment": "o.assessment_type",
    "currency": "o.currency",
    "self_paced": "o.self_paced",
}


@dataclass(frozen=True)
class RawStatement:
    name: str  # "count", "page" or the facet it counts
    sql: str
    params: tuple[Any, ...]


def raw_statements(dialect: str, request: dict[str, str]) -> list[RawStatement]:
    """What a person would write by hand for the request: 2 + 9 plain statements.

    Each facet is counted with every filter except its own, as the service does. On
    SQLite, `CROSS JOIN` keeps the full-text match first in the join order (the usual
    SQLite idiom; a plain JOIN lets the planner start from the status index and run the
    MATCH once per offering).
    """
    word = request["q"]  # the benchmark words are single, already folded tokens
    filters = {k: v.split(",") for k, v in request.items() if k != "q"}
    if dialect == "sqlite":
        ph = "?"
        source = (
            "offering_fts CROSS JOIN offering o ON o.id = offering_fts.rowid "
            "JOIN university u ON u.id = o.university_id"
        )
        match, match_arg = f"offering_fts MATCH {ph}", f'"{word}"*'
        approved = "u.approved = 1"
        rank_order, rank_args = "bm25(offering_fts, 10.0, 1.0)", ()
    else:
        ph = "%s"
        source = "offering o JOIN university u ON u.id = o.university_id"
        match, match_arg = f"o.search_vector @@ to_tsquery('simple', {ph})", f"{word}:*"
        approved = "u.approved"
        rank_order = (
            f"ts_rank('{{0.1, 0.2, 0.4, 1.0}}', o.search_vector, to_tsquery('simple', {ph})) DESC"
        )
        rank_args = (match_arg,)

    def where(exclude: str | None = None) -> tuple[str, tuple[Any, ...]]:
        sql = [match, "o.status = 'published'", approved]
        args: list[Any] = [match_arg]
        for key, values in filters.items():
            if key == exclude:
                continue
            sql.append(f"{FILTER_COLUMNS[key]} IN ({', '.join([ph] * len(values))})")
            args += [int(v) if key == "eqf" else v for v in values]
        return " AND ".join(sql), tuple(args)

    cond, args = where()
    out = [
        RawStatement("count", f"SELECT count(*) FROM {source} WHERE {cond}", args),
        RawStatement(
            "page",
            f"SELECT {CARD_SQL} FROM {source} WHERE {cond} "
            f"ORDER BY {rank_order}, o.title, o.id LIMIT {PER_PAGE}",
            args + rank_args,
        ),
    ]
    for name, column in SIMPLE_FACETS.items():
        cond, args = where(name)
        out.append(
            RawStatement(
                name,
                f"SELECT {column}, count(*) FROM {source} WHERE {cond} GROUP BY {column}",
                args,
            )
        )
    cond, args = where()
    out.append(
        RawStatement(
            "university",
            f"SELECT u.slug, u.name, count(*) FROM {source} WHERE {cond} GROUP BY u.slug, u.name",
            args,
        )
    )
    out.append(
        RawStatement(
            "qualification",
            f"SELECT q.slug, q.title, count(*) FROM {source} "
            "JOIN qualification_offering qo ON qo.offering_id = o.id "
            "JOIN qualification q ON q.id = qo.qualification_id "
            f"WHERE {cond} GROUP BY q.slug, q.title",
            args,
        )
    )
    return out


@contextmanager
def dbapi_cursor(engine: Engine) -> Iterator[Any]:
    """A plain DBAPI cursor on a pooled connection (checkout, work, commit, give back)."""
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        try:
            yield cursor
        finally:
            cursor.close()
        connection.commit()
    finally:
        connection.close()


def run_raw(engine: Engine, statements: Sequence[RawStatement]) -> dict[str, list[tuple]]:
    out: dict[str, list[tuple]] = {}
    with dbapi_cursor(engine) as cursor:
        for statement in statements:
            cursor.execute(statement.sql, statement.params)
            out[statement.name] = [tuple(row) for row in cursor.fetchall()]
    return out


def run_replay(engine: Engine, captured: Sequence[tuple[str, Any]]) -> None:
    with dbapi_cursor(engine) as cursor:
        for sql, params in captured:
            cursor.execute(sql, params)
            cursor.fetchall()


def run_service(url: str, request: dict[str, str]) -> catalogue.SearchResult:
    with session_scope(url) as session:
        return catalogue.search(session, parse_query(request), with_facets=True)


# ---------------------------------------------------------------- checking answers


def service_answer(result: catalogue.SearchResult) -> dict[str, Any]:
    return {
        "total": result.total,
        "page": [item.slug for item in result.items],
        "facets": {
            name: {v.value: v.count for v in values} for name, values in result.facets.items()
        },
    }


def raw_answer(rows: dict[str, list[tuple]]) -> dict[str, Any]:
    facets: dict[str, dict[str, int]] = {}
    for name in (*SIMPLE_FACETS, "university", "qualification"):
        counts: dict[str, int] = {}
        for row in rows[name]:
            value = row[0]
            key = ("1" if value else "0") if name == "self_paced" else str(value)
            counts[key] = int(row[-1])
        facets[name] = counts
    return {
        "total": int(rows["count"][0][0]),
        "page": [row[0] for row in rows["page"]],
        "facets": facets,
    }


def capture_statements(url: str, request: dict[str, str]) -> list[tuple[str, Any]]:
    """The statements (and DBAPI parameters) the service sends for one request."""
    engine = get_engine(url)
    captured: list[tuple[str, Any]] = []

    def listen(_conn, _cursor, statement, parameters, _context, _executemany) -> None:  # type: ignore[no-untyped-def]
        captured.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", listen)
    try:
        run_service(url, request)
    finally:
        event.remove(engine, "before_cursor_execute", listen)
    return captured


# ---------------------------------------------------------------- building catalogues


def build_catalogue(url: str, n: int) -> dict[str, float]:
    engine = get_engine(url)
    started = time.perf_counter()
    with engine.connect() as connection:
        migrations.upgrade(connection)
        connection.commit()
    migrated = time.perf_counter()
    with session_scope(url) as session:
        seed_synthetic(session, n)
    seeded = time.perf_counter()
    # Leave each database as it would be in steady use: PostgreSQL's autovacuum analyses a
    # freshly loaded table within a minute; SQLite folds its write-ahead log back in.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        if engine.dialect.name == "postgresql":
            connection.exec_driver_sql("VACUUM ANALYZE")
        else:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    settled = time.perf_counter()
    return {
        "migrate_s": migrated - started,
        "seed_s": seeded - migrated,
        "settle_s": settled - seeded,
    }


def server_version(url: str) -> str:
    with get_engine(url).connect() as connection:
        if connection.dialect.name == "postgresql":
            return str(connection.exec_driver_sql("SHOW server_version").scalar_one())
        return "SQLite " + str(connection.exec_driver_sql("SELECT sqlite_version()").scalar_one())


# ---------------------------------------------------------------- timing


def percentile(samples: Sequence[float], q: float) -> float:
    ordered = sorted(samples)
    if len(ordered) == 1:
        return ordered[0]
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass
class EngineFigures:
    engine: str
    version: str
    n: int
    runs: int
    seed_s: float
    migrate_s: float
    settle_s: float
    service_statements: int
    raw_statements: int
    service_p50_ms: float = 0.0
    service_p95_ms: float = 0.0
    raw_p50_ms: float = 0.0
    raw_p95_ms: float = 0.0
    replay_p50_ms: float = 0.0
    replay_p95_ms: float = 0.0
    ratio_p50: float = 0.0
    ratio_p95: float = 0.0
    overhead_p50: float = 0.0
    overhead_p95: float = 0.0
    # the catalogue opened with no query and no filter: every facet over every offering
    empty_p50_ms: float = 0.0
    empty_p95_ms: float = 0.0
    empty_cold_ms: float = 0.0  # the first visit after a change counts afresh
    settings: list[str] = field(default_factory=list)
    answers_match: bool = True
    mismatches: list[str] = field(default_factory=list)
    targets: dict[str, bool] = field(default_factory=dict)


def measure(url: str, n: int, runs: int, warmup: int, timings: dict[str, float]) -> EngineFigures:
    engine = get_engine(url)
    dialect = engine.dialect.name
    requests = benchmark_requests()
    raw = {i: raw_statements(dialect, r) for i, r in enumerate(requests)}
    captured = {i: capture_statements(url, r) for i, r in enumerate(requests)}

    mismatches: list[str] = []
    for i, request in enumerate(requests):
        expected = service_answer(run_service(url, request))
        got = raw_answer(run_raw(engine, raw[i]))
        for key in ("total", "page", "facets"):
            if expected[key] != got[key]:
                mismatches.append(
                    f"{request}: {key} differs: service {expected[key]!r}, raw {got[key]!r}"
                )

    paths: dict[str, Callable[[int], Any]] = {
        "service": lambda i: run_service(url, requests[i]),
        "raw": lambda i: run_raw(engine, raw[i]),
        "replay": lambda i: run_replay(engine, captured[i]),
    }
    names = list(paths)
    for i in range(warmup):
        for name in names:
            paths[name](i % len(requests))
    samples: dict[str, list[float]] = {name: [] for name in names}
    for i in range(runs):
        which = i % len(requests)
        # Rotate who goes first so that no path always finds the caches just warmed.
        for name in names[i % 3 :] + names[: i % 3]:
            started = time.perf_counter()
            paths[name](which)
            samples[name].append((time.perf_counter() - started) * 1000)

    figures = EngineFigures(
        engine=dialect,
        version=server_version(url),
        n=n,
        runs=runs,
        seed_s=round(timings["seed_s"], 2),
        migrate_s=round(timings["migrate_s"], 2),
        settle_s=round(timings["settle_s"], 2),
        service_statements=len(captured[0]),
        raw_statements=len(raw[0]),
        answers_match=not mismatches,
        mismatches=mismatches,
    )
    for name in names:
        setattr(figures, f"{name}_p50_ms", round(percentile(samples[name], 0.50), 2))
        setattr(figures, f"{name}_p95_ms", round(percentile(samples[name], 0.95), 2))
    # As the web process does: the unfiltered catalogue's counts are kept per stamp.
    facet_cache.install()
    started = time.perf_counter()
    run_service(url, {})
    figures.empty_cold_ms = round((time.perf_counter() - started) * 1000, 2)
    empty: list[float] = []
    for i in range(warmup + runs // 2):
        started = time.perf_counter()
        run_service(url, {})
        if i >= warmup:
            empty.append((time.perf_counter() - started) * 1000)
    figures.empty_p50_ms = round(percentile(empty, 0.50), 2)
    figures.empty_p95_ms = round(percentile(empty, 0.95), 2)
    figures.ratio_p50 = round(figures.service_p50_ms / figures.raw_p50_ms, 2)
    figures.ratio_p95 = round(figures.service_p95_ms / figures.raw_p95_ms, 2)
    figures.overhead_p50 = round(figures.service_p50_ms / figures.replay_p50_ms, 2)
    figures.overhead_p95 = round(figures.service_p95_ms / figures.replay_p95_ms, 2)
    figures.targets = {"ratio_le_1_5": max(figures.ratio_p50, figures.ratio_p95) <= RATIO_TARGET}
    if dialect == "sqlite" and n >= SQLITE_TARGET_N:
        figures.targets["sqlite_p95_le_30ms"] = figures.service_p95_ms <= SQLITE_P95_TARGET_MS
    if dialect == "postgresql" and n >= POSTGRES_TARGET_N:
        figures.targets["postgres_p95_le_50ms"] = (
            max(figures.service_p95_ms, figures.empty_p95_ms) <= POSTGRES_P95_TARGET_MS
        )
    return figures


# ---------------------------------------------------------------- the engines


def bench_sqlite(n: int, runs: int, warmup: int, pragmas: Sequence[str] = ()) -> EngineFigures:
    with tempfile.TemporaryDirectory(prefix="microcred-bench-") as folder:
        url = f"sqlite:///{Path(folder) / 'catalogue.db'}"
        try:
            if pragmas:
                # What-if: extra settings on every connection of this run, both paths alike.
                def more_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
                    for pragma in pragmas:
                        dbapi_connection.execute(f"PRAGMA {pragma}")

                event.listen(get_engine(url), "connect", more_pragmas)
            log(f"SQLite: seeding {n:,} offerings into {url} ...")
            timings = build_catalogue(url, n)
            log(f"SQLite: seeded in {timings['seed_s']:.1f} s; timing {runs} requests ...")
            figures = measure(url, n, runs, warmup, timings)
            figures.settings = [f"PRAGMA {p}" for p in pragmas]
            return figures
        finally:
            reset_engine()


def bench_postgres(n: int, runs: int, warmup: int, admin_url: str) -> EngineFigures:
    url = dbadmin.create_postgres_database(prefix="microcred_bench", admin_url=admin_url)
    try:
        log(f"PostgreSQL: seeding {n:,} offerings into database {sa.make_url(url).database} ...")
        timings = build_catalogue(url, n)
        log(f"PostgreSQL: seeded in {timings['seed_s']:.1f} s; timing {runs} requests ...")
        return measure(url, n, runs, warmup, timings)
    finally:
        reset_engine()
        dbadmin.drop_postgres_database(url, admin_url=admin_url)


def bench_postgres_existing(url: str, runs: int, warmup: int) -> EngineFigures:
    """Time a catalogue seeded earlier (`--pg-url`), left as it is: at a million offerings
    seeding takes minutes, and comparing two versions of the search on the very same
    database removes the differences between two seeded copies. Migrations are applied
    first, so an index a newer migration adds is there; the database is not dropped."""
    engine = get_engine(url)
    try:
        started = time.perf_counter()
        with engine.connect() as connection:
            migrations.upgrade(connection)
            connection.commit()
        with engine.connect() as connection:
            n = int(
                connection.exec_driver_sql(
                    "SELECT count(*) FROM offering WHERE status = 'published'"
                ).scalar_one()
            )
        timings = {"migrate_s": time.perf_counter() - started, "seed_s": 0.0, "settle_s": 0.0}
        log(f"PostgreSQL: {n:,} published offerings in {sa.make_url(url).database}; timing ...")
        return measure(url, n, runs, warmup, timings)
    finally:
        reset_engine()


# ---------------------------------------------------------------- reporting


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def format_table(f: EngineFigures) -> str:
    title = f"{f.engine} ({f.version})  N = {f.n:,}  {f.runs} timed requests"
    if f.settings:
        title += "  with " + ", ".join(f.settings)
    lines = [
        title,
        "-" * len(title),
        f"seeding                       {f.seed_s:8.1f} s  (migrations {f.migrate_s:.1f} s, "
        f"settle {f.settle_s:.1f} s)",
        f"{'':30}{'p50 ms':>9}{'p95 ms':>9}",
        f"{'service  search()':30}{f.service_p50_ms:9.1f}{f.service_p95_ms:9.1f}"
        f"   ({f.service_statements} SQL statements)",
        f"{'raw SQL  DBAPI cursor':30}{f.raw_p50_ms:9.1f}{f.raw_p95_ms:9.1f}"
        f"   ({f.raw_statements} hand-written statements)",
        f"{'ratio    service / raw':30}{f.ratio_p50:9.2f}{f.ratio_p95:9.2f}"
        f"   target <= {RATIO_TARGET}: {_verdict(f.targets['ratio_le_1_5'])}",
        f"{'replay   service SQL, DBAPI':30}{f.replay_p50_ms:9.1f}{f.replay_p95_ms:9.1f}",
        f"{'overhead service / replay':30}{f.overhead_p50:9.2f}{f.overhead_p95:9.2f}"
        "   (SQLAlchemy + building the result)",
        f"{'empty    no query, facets':30}{f.empty_p50_ms:9.1f}{f.empty_p95_ms:9.1f}"
        f"   (counts kept per change; the first after one: {f.empty_cold_ms:.0f} ms)",
    ]
    if "postgres_p95_le_50ms" in f.targets:
        lines.append(
            f"target   PostgreSQL p95 <= {POSTGRES_P95_TARGET_MS:.0f} ms at "
            f"{POSTGRES_TARGET_N:,} (mix and empty): "
            f"{_verdict(f.targets['postgres_p95_le_50ms'])}"
        )
    if "sqlite_p95_le_30ms" in f.targets:
        lines.append(
            f"target   SQLite p95 <= {SQLITE_P95_TARGET_MS:.0f} ms at {SQLITE_TARGET_N:,}: "
            f"{_verdict(f.targets['sqlite_p95_le_30ms'])}"
        )
    lines.append(
        "answers  raw == service (total, page, facets): "
        + ("yes" if f.answers_match else f"NO, {len(f.mismatches)} differences")
    )
    lines += [f"         {m}" for m in f.mismatches[:5]]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.search",
        description="Time catalogue search (service vs hand-written SQL) on SQLite and PostgreSQL.",
    )
    parser.add_argument("--n", type=int, default=100_000, help="synthetic offerings (100000)")
    parser.add_argument("--runs", type=int, default=200, help="timed requests per path (200)")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests first (20)")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument(
        "--pg-admin-url",
        default=os.environ.get("BENCH_POSTGRES_ADMIN_URL", dbadmin.DEFAULT_POSTGRES_ADMIN_URL),
        help="server to create the benchmark database on (default: %(default)s)",
    )
    parser.add_argument(
        "--sqlite-pragma",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="what-if: an extra PRAGMA on every SQLite connection (e.g. mmap_size=268435456)",
    )
    parser.add_argument(
        "--pg-url",
        help="time this already seeded PostgreSQL database instead of seeding a new one "
        "(kept; --n is then ignored for PostgreSQL)",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if args.n < 1 or args.runs < 1 or args.warmup < 0:
        parser.error("--n and --runs must be positive, --warmup zero or more")

    started = time.perf_counter()
    results: list[EngineFigures] = []
    notes: list[str] = []
    if not args.no_sqlite:
        results.append(bench_sqlite(args.n, args.runs, args.warmup, args.sqlite_pragma))
    if args.no_postgres:
        notes.append("PostgreSQL skipped (--no-postgres).")
    elif args.pg_url:
        results.append(bench_postgres_existing(args.pg_url, args.runs, args.warmup))
    elif not dbadmin.postgres_available(args.pg_admin_url):
        notes.append(
            f"PostgreSQL skipped: not reachable at {sa.make_url(args.pg_admin_url).render_as_string(hide_password=True)}."
        )
    else:
        results.append(bench_postgres(args.n, args.runs, args.warmup, args.pg_admin_url))
    elapsed = time.perf_counter() - started

    if args.json:
        report = {
            "requests": benchmark_requests(),
            "targets": {
                "sqlite_p95_ms": SQLITE_P95_TARGET_MS,
                "sqlite_target_n": SQLITE_TARGET_N,
                "service_over_raw": RATIO_TARGET,
            },
            "engines": [asdict(r) for r in results],
            "notes": notes,
            "elapsed_s": round(elapsed, 1),
        }
        print(json.dumps(report, indent=2))
    else:
        print(
            f"Request mix: q in {', '.join(WORDS)}; eqf={EQF}; "
            f"plus {' or '.join(f'{k}={v}' for d in SECOND_FILTERS for k, v in d.items())}; "
            f"all facets; first page of {PER_PAGE}."
        )
        for figures in results:
            print()
            print(format_table(figures))
        for note in notes:
            print()
            print(note)
        print(f"\nTotal time {elapsed:.0f} s.")
    return 0 if all(r.answers_match for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
