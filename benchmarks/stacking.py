"""Stacking at scale: a learner's progress and the "how to finish" answer on SQLite.

Builds a 100,000-offering synthetic catalogue (`catalogue.seed.seed_synthetic`, bulk
inserts) in a temporary SQLite file, 20 qualifications whose rule trees mix the node kinds
staff write (a minimum of ECTS over a core "all of", "2 of 6 electives", a cross-university
pool, under recency, EQF and per-university caps), and one learner holding 50 credentials
(some toward the qualifications, most unrelated). Then it times, per qualification:

- progress: `service.held_credentials` (the learner's credentials read from the DB) and
  the pure engine's `progress` over them, as `check_award` does it;
- engine only: `progress.progress` over credentials already in memory (the baseline: the
  ratio progress/engine is the cost of reading the database);
- ways: progress, then `progress.refs_to_finish` to read only the offerings that could
  still help, then `progress.ways_to_finish` (cheapest and soonest), the "what is missing
  and how to finish" answer;
- page: `service.learner_progress`, everything the qualification page asks for;
- check: `service.check_award` over all 20 qualifications (rolled back after each run),
  what the outbox does after every change to the learner's credentials, with the
  "one part away" test on each qualification the learner has started.

Aims: progress p95 < 10 ms, ways p95 < 50 ms (SQLite, 100,000 offerings).

    .venv/bin/python -m benchmarks.stacking
    .venv/bin/python -m benchmarks.stacking --n 20000 --runs 100 --json
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import uuid4

import sqlalchemy as sa
from sqlmodel import Session, col

from microcred_market.accounts.models import User
from microcred_market.catalogue.models import Offering, Qualification, University
from microcred_market.catalogue.seed import seed_synthetic
from microcred_market.credentials.models import IssuedCredential
from microcred_market.platform import migrations, urls
from microcred_market.platform.clock import utcnow
from microcred_market.platform.db import get_engine, reset_engine, session_scope
from microcred_market.stacking import progress as engine
from microcred_market.stacking import rules, service
from microcred_market.stacking.models import QualificationRule

QUALIFICATIONS = 20
CREDENTIALS = 50
PROGRESS_P95_TARGET_MS = 10.0
WAYS_P95_TARGET_MS = 50.0


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def table_of(model: Any) -> sa.Table:
    table: sa.Table = model.__table__
    return table


# ---------------------------------------------------------------- the data


def rule_tree(q: int, slugs: list[str], unis: list[str]) -> dict[str, Any]:
    """A realistic tree over 16 offerings: 2 core, 2 of 6 electives, 1 of a cross-university
    pool of 8, at least 20 ECTS, recent parts only, EQF 5+, at most 12 ECTS per university."""
    core, electives, pool = slugs[:2], slugs[2:8], slugs[8:16]

    def leaf(kind: str, i: int, slug: str) -> dict[str, Any]:
        return {"kind": "offering", "id": f"{kind}-{i}", "ref": slug, "ects": "3"}

    return {
        "version": 1,
        "root": {
            "kind": "recency",
            "id": "recent",
            "years": 5,
            "child": {
                "kind": "max_ects_per_university",
                "id": "cap",
                "cap": "12",
                "child": {
                    "kind": "min_ects",
                    "id": "total",
                    "ects": "12",
                    "children": [
                        {
                            "kind": "all_of",
                            "id": "core",
                            "children": [leaf("core", i, s) for i, s in enumerate(core)],
                        },
                        {
                            "kind": "min_eqf",
                            "id": "eqf",
                            "level": 4,
                            "child": {
                                "kind": "n_of",
                                "id": "electives",
                                "n": 2,
                                "label": "electives",
                                "children": [
                                    leaf("elective", i, s) for i, s in enumerate(electives)
                                ],
                            },
                        },
                        {
                            "kind": "pool",
                            "id": "pool",
                            "n": 1,
                            "label": "pool",
                            "items": [
                                {"ref": s, "ects": "3", "university": unis[i % len(unis)]}
                                for i, s in enumerate(pool)
                            ],
                        },
                    ],
                },
            },
        },
    }


def build(url: str, n: int) -> tuple[int, list[str], dict[str, float]]:
    """Catalogue, qualifications with rules, one learner with 50 credentials."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    with get_engine(url).connect() as connection:
        migrations.upgrade(connection)
        connection.commit()
    with session_scope(url) as session:
        seed_synthetic(session, n)
    timings["seed_s"] = time.perf_counter() - started
    rng = random.Random(14)
    started = time.perf_counter()
    with session_scope(url) as session:
        offerings = session.execute(
            sa.select(col(Offering.id), col(Offering.slug), col(Offering.university_id))
        ).all()
        uni_slugs = dict(session.execute(sa.select(col(University.id), col(University.slug))).all())
        picked = rng.sample(offerings, QUALIFICATIONS * 16)
        awarding = next(iter(uni_slugs))
        q_slugs: list[str] = []
        held: list[Any] = []
        for q in range(QUALIFICATIONS):
            mine = picked[q * 16 : (q + 1) * 16]
            qualification = Qualification(
                slug=f"bench-qualification-{q + 1}",
                title=f"Bench qualification {q + 1}",
                eqf_level=6,
                ects_required=Decimal(12),
            )
            session.add(qualification)
            session.flush()
            tree = rule_tree(q, [o.slug for o in mine], list(uni_slugs.values()))
            rules.parse(tree)  # well formed, or the figures mean nothing
            session.add(
                QualificationRule(
                    qualification_id=qualification.id or 0, university_id=awarding, rule=tree
                )
            )
            q_slugs.append(qualification.slug)
            # Partway on each: one core part and 0-1 electives, so there is something to find.
            held.append(mine[0])
            if q % 2:
                held.append(mine[2 + q % 6])
        others = [o for o in rng.sample(offerings, CREDENTIALS * 2) if o not in picked]
        held.extend(others[: CREDENTIALS - len(held)])
        user = User(email="bench-learner@example.org", display_name="Bench Learner")
        session.add(user)
        session.flush()
        user_id = user.id or 0
        now = utcnow()
        session.execute(
            sa.insert(table_of(IssuedCredential)),
            [
                {
                    "uuid": uuid4(),
                    "user_id": user_id,
                    "offering_id": o.id,
                    "university_id": o.university_id,
                    "issued_at": now - timedelta(days=rng.randrange(0, 900)),
                    "suite": "eddsa-rdfc-2022",
                    "key_id": "bench",
                    "document": "{}",
                    "title": o.slug,
                    "status_list_no": 1,
                    "status_index": 900_000 + i,
                    "state": "revoked" if i % 17 == 16 else "active",
                    "state_reason": "",
                    "public": False,
                }
                for i, o in enumerate(held)
            ],
        )
    timings["stacking_s"] = time.perf_counter() - started
    with get_engine(url).connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.exec_driver_sql("ANALYZE")
    return user_id, q_slugs, timings


# ---------------------------------------------------------------- the paths timed


def open_offerings(session: Session, refs: frozenset[str]) -> list[engine.CatalogueOffering]:
    """Only the offerings `refs_to_finish` names, read by slug (an index lookup each)."""
    page = urls.offering_page("")
    slugs = sorted({r.removeprefix(page) for r in refs})
    rows = session.execute(
        sa.select(Offering, col(University.slug))
        .join(University, col(University.id) == Offering.university_id)
        .where(col(Offering.slug).in_(slugs), col(Offering.status) == "published")
    ).all()
    return [
        engine.CatalogueOffering(
            slug=o.slug,
            ects=Decimal(o.ects),
            price_minor=o.price_minor,
            currency=o.currency,
            start_date=o.start_date,
            seats_left=None if o.seat_capacity is None else o.seat_capacity - o.seats_taken,
            self_paced=o.self_paced,
            url=urls.offering_page(o.slug),
            university=u_slug,
            eqf_level=o.eqf_level,
            title=o.title,
        )
        for o, u_slug in rows
    ]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def measure(url: str, user_id: int, slugs: list[str], runs: int, warmup: int) -> dict[str, Any]:
    today = date(2027, 1, 1) - timedelta(days=30)
    with session_scope(url) as session:
        loaded = {}
        for slug in slugs:
            qualification = service.qualification_by_slug(session, slug)
            row = session.get(QualificationRule, qualification.id)
            assert row is not None
            loaded[slug] = (qualification.id or 0, row.parsed())
        held_once = service.held_credentials(session, user_id)

    def progress_path(session: Session, slug: str) -> Any:
        qid, rule = loaded[slug]
        return service.judge(rule, service.held_credentials(session, user_id), today, qid)

    def engine_path(session: Session, slug: str) -> Any:
        qid, rule = loaded[slug]
        return service.judge(rule, held_once, today, qid)

    def ways_path(session: Session, slug: str) -> Any:
        qid, rule = loaded[slug]
        answer = service.judge(rule, service.held_credentials(session, user_id), today, qid)
        offerings = open_offerings(session, engine.refs_to_finish(rule, answer))
        return engine.ways_to_finish(rule, answer, offerings)

    def page_path(session: Session, slug: str) -> Any:
        return service.learner_progress(session, user_id, slug, today)

    def check_path(session: Session, slug: str) -> Any:
        # Every qualification at once, as the outbox runs it after a credential change;
        # rolled back so each run judges afresh (mails "one part away" included).
        done = service.check_award(session, user_id, today)
        session.rollback()
        return done

    paths: dict[str, Callable[[Session, str], Any]] = {
        "engine": engine_path,
        "progress": progress_path,
        "ways": ways_path,
        "page": page_path,
        "check": check_path,
    }
    times: dict[str, list[float]] = {name: [] for name in paths}
    found = 0
    with session_scope(url) as session:
        for i in range(warmup + runs):
            slug = slugs[i % len(slugs)]
            for name, path in paths.items():
                started = time.perf_counter()
                result = path(session, slug)
                elapsed = (time.perf_counter() - started) * 1000
                if i >= warmup:
                    times[name].append(elapsed)
                if name == "ways" and i < len(slugs) and result[0] is not None:
                    found += 1
            session.expire_all()  # every request reads the database afresh
    figures: dict[str, Any] = {
        name: {
            "p50_ms": round(statistics.median(values), 2),
            "p95_ms": round(percentile(values, 95), 2),
        }
        for name, values in times.items()
    }
    figures["ratio_progress_engine_p50"] = round(
        figures["progress"]["p50_ms"] / figures["engine"]["p50_ms"], 2
    )
    figures["ways_found"] = f"{found} of {len(slugs)}"
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="offerings in the catalogue")
    parser.add_argument("--runs", type=int, default=400)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="microcred-bench-") as folder:
        url = f"sqlite:///{Path(folder) / 'stacking.db'}"
        try:
            log(f"SQLite: seeding {args.n:,} offerings, {QUALIFICATIONS} rules, 1 learner ...")
            user_id, slugs, timings = build(url, args.n)
            log(f"seeded in {timings['seed_s']:.1f} s; timing {args.runs} requests ...")
            figures = measure(url, user_id, slugs, args.runs, args.warmup)
        finally:
            reset_engine()
    figures.update(
        offerings=args.n,
        qualifications=QUALIFICATIONS,
        credentials=CREDENTIALS,
        runs=args.runs,
        **{k: round(v, 1) for k, v in timings.items()},
    )
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(
        f"SQLite, {args.n:,} offerings, {QUALIFICATIONS} qualifications, "
        f"a learner with {CREDENTIALS} credentials, {args.runs} requests each"
    )
    for name, label in (
        ("engine", "engine only (credentials in memory)"),
        ("progress", "progress (DB read + engine)"),
        ("ways", "missing + ways to finish"),
        ("page", "service.learner_progress"),
        ("check", "service.check_award (all 20)"),
    ):
        f = figures[name]
        print(f"  {label:40s} p50 {f['p50_ms']:7.2f} ms   p95 {f['p95_ms']:7.2f} ms")
    print(f"  progress / engine (p50): {figures['ratio_progress_engine_p50']}x")
    print(f"  ways found: {figures['ways_found']}")
    ok_p = figures["progress"]["p95_ms"] < PROGRESS_P95_TARGET_MS
    ok_w = figures["ways"]["p95_ms"] < WAYS_P95_TARGET_MS
    print(
        f"  targets: progress p95 < {PROGRESS_P95_TARGET_MS:g} ms {'met' if ok_p else 'MISSED'}; "
        f"ways p95 < {WAYS_P95_TARGET_MS:g} ms {'met' if ok_w else 'MISSED'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
