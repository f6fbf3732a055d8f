"""A university's analytics at scale: the page's data for 100,000 enrolments on PostgreSQL.

Builds, in a PostgreSQL database of its own (dropped at the end), one university with 50
offerings and a history over 36 months: N enrolments (default 100,000), each from a paid
order (in PLN or EUR; one in 20 refunded in full, one in 20 in part), C credentials
(default 50,000) on passed enrolments, a failed released result for one in 10
enrolments, and credential activity (a verification per credential, a share per fifth).
A second university with a tenth of that history is there as noise that must not count.
Rows go in through bulk inserts (`COPY`-like executemany), around the ORM session, so the
analytics cells are then counted once (`analytics.cells.rebuild`, as migration 0022 does),
then `ANALYZE`.

Then it times `analytics.queries.analytics` exactly as the page calls it (the principal
read from the database, a fresh unit of work each time) for the default 12 months, for
36 months, and for one offering over 12 months, and prints p50/p95 per case. Aim: p95 <
200 ms for the page's data. It also prints the plans of the statements with the most
rows (EXPLAIN ANALYZE) with `--explain`, and checks the totals against the data it made.

Last, it times what keeping the cells costs a write (the whole unit of work: a
verification, a partial refund of an old order, a new paid order and its enrolment, each
`--write-runs` times), first without the cells' listeners, then with them, and checks
that every stored cell equals a recount from the source tables after those writes.

    .venv/bin/python -m benchmarks.analytics                       # about 2 minutes
    .venv/bin/python -m benchmarks.analytics --enrolments 20000 --credentials 10000 --json
    .venv/bin/python -m benchmarks.analytics --sqlite              # the same on SQLite
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from pydantic_core import PydanticUndefined
from sqlmodel import col, select

from microcred_market.accounts import authz
from microcred_market.accounts.models import StaffRole, User
from microcred_market.analytics import cells, counting, queries
from microcred_market.assessments.models import Assessment, AssessmentComponent, ComponentResult
from microcred_market.catalogue.models import Offering, University
from microcred_market.credentials import activity
from microcred_market.credentials.models import CredentialActivity, IssuedCredential
from microcred_market.orders.models import Enrolment, Order
from microcred_market.platform import dbadmin, migrations
from microcred_market.platform.db import get_engine, reset_engine, session_scope, table_of

P95_TARGET_MS = 200.0
OFFERINGS = 50
MONTHS = 36
TODAY = date(2026, 12, 2)
CHUNK = 5_000


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _complete(model: Any, row: dict[str, Any]) -> dict[str, Any]:
    """`row` with the model's Python-side defaults filled in (a Core insert has none)."""
    full = dict(row)
    for name, info in model.model_fields.items():
        if name in full or name == "id":
            continue
        if info.default_factory is not None:
            full[name] = info.default_factory()
        elif info.default is not PydanticUndefined:
            full[name] = info.default
    return full


def _insert(connection: sa.Connection, model: Any, rows: list[dict[str, Any]]) -> None:
    table = table_of(model)
    for start in range(0, len(rows), CHUNK):
        chunk = [_complete(model, row) for row in rows[start : start + CHUNK]]
        connection.execute(table.insert(), chunk)


def _university(connection: sa.Connection, slug: str) -> int:
    return int(
        connection.execute(
            table_of(University)
            .insert()
            .values(
                slug=slug,
                uuid=_uuid(),
                name=slug.title(),
                country_code="PL",
                city="Kraków",
                website="https://x.example",
                quality_assurance="",
                description="",
                address="",
                vat_id="",
                approved=True,
                created_at=datetime.now(UTC),
            )
            .returning(table_of(University).c.id)
        ).scalar_one()
    )


def _uuid() -> uuid.UUID:
    return uuid.uuid4()


def build(url: str, enrolments: int, credentials: int, seed: int = 7) -> dict[str, Any]:
    """The history; returns what the totals must say for the 36-month window."""
    rng = random.Random(seed)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    span = (datetime(2026, 12, 1, tzinfo=UTC) - start).total_seconds()
    expected = {"enrolments": 0, "credentials": 0}
    with get_engine(url).begin() as connection:
        ids = {slug: _university(connection, slug) for slug in ("bench-uni", "noise-uni")}
        learners = max(1000, enrolments // 3)
        now = datetime.now(UTC)
        _insert(
            connection,
            User,
            [
                {
                    "email": f"learner{i}@bench.test",
                    "uuid": _uuid(),
                    "display_name": f"Learner {i}",
                    "is_admin": False,
                    "created_at": now,
                    "email_verified_at": now,
                }
                for i in range(learners + 1)
            ],
        )
        user_ids = [
            row[0]
            for row in connection.execute(
                sa.select(table_of(User).c.id).order_by(table_of(User).c.id)
            )
        ]
        owner_id = user_ids[0]
        _insert(
            connection,
            StaffRole,
            [{"user_id": owner_id, "university_id": ids["bench-uni"], "role": "owner"}],
        )
        offering_rows = []
        for slug, share in (("bench-uni", 1.0), ("noise-uni", 0.1)):
            for n in range(OFFERINGS if share == 1.0 else 5):
                offering_rows.append(
                    {
                        "uuid": _uuid(),
                        "university_id": ids[slug],
                        "slug": f"{slug}-course-{n}",
                        "title": f"Course {n} of {slug}",
                        "summary": "",
                        "description": "",
                        "learning_outcomes": [],
                        "esco_skills": [],
                        "ects": 2,
                        "eqf_level": 6,
                        "isced_f_code": "",
                        "language": "en",
                        "participation_form": "online",
                        "assessment_type": "test",
                        "supervision": "unsupervised-no-id",
                        "prerequisites": "",
                        "quality_assurance": "",
                        "price_minor": 10_000,
                        "currency": "PLN" if n % 3 else "EUR",
                        "self_paced": True,
                        "assessment_only": False,
                        "seats_taken": 0,
                        "featured": False,
                        "status": "published",
                        "search_title": "",
                        "search_body": "",
                        "created_at": now,
                        "updated_at": now,
                    }
                )
        _insert(connection, Offering, offering_rows)
        offerings = connection.execute(
            sa.select(
                table_of(Offering).c.id,
                table_of(Offering).c.university_id,
                table_of(Offering).c.currency,
            ).order_by(table_of(Offering).c.id)
        ).all()
        ours = [o for o in offerings if o.university_id == ids["bench-uni"]]
        noise = [o for o in offerings if o.university_id == ids["noise-uni"]]
        components = {}
        for offering in offerings:
            assessment_id = connection.execute(
                table_of(Assessment)
                .insert()
                .values(
                    uuid=_uuid(),
                    offering_id=offering.id,
                    version=1,
                    status="published",
                    pass_rule={},
                    blind_review=False,
                    moderated=True,
                    appeal_days=14,
                    created_at=now,
                )
                .returning(table_of(Assessment).c.id)
            ).scalar_one()
            component_id = connection.execute(
                table_of(AssessmentComponent)
                .insert()
                .values(
                    uuid=_uuid(),
                    assessment_id=assessment_id,
                    position=0,
                    kind="quiz",
                    mode="",
                    title="Quiz",
                    instructions="",
                    weight=100,
                    pass_rule={},
                    rubric={},
                    settings={},
                )
                .returning(table_of(AssessmentComponent).c.id)
            ).scalar_one()
            components[offering.id] = (assessment_id, component_id)

        total = enrolments + enrolments // 10
        log(f"  {total:,} orders and enrolments ...")
        orders, plan = [], []
        for i in range(total):
            mine = i < enrolments
            offering = rng.choice(ours if mine else noise)
            paid = start + timedelta(seconds=rng.random() * span)
            refunded = 10_000 if i % 20 == 0 else (2_500 if i % 20 == 1 else 0)
            orders.append(
                {
                    "uuid": _uuid(),
                    "user_id": user_ids[1 + i % learners],
                    "offering_id": offering.id,
                    "university_id": offering.university_id,
                    "kind": "learner",
                    "quantity": 1,
                    "unit_price_minor": 10_000,
                    "discount_minor": 0,
                    "amount_minor": 10_000,
                    "currency": offering.currency,
                    "platform_fee_minor": 1_000,
                    "state": "refunded" if refunded == 10_000 else "paid",
                    "seat_held": False,
                    "provider": "simulated",
                    "created_at": paid,
                    "paid_at": paid,
                    "refunded_at": paid + timedelta(days=3) if refunded == 10_000 else None,
                    "refunded_minor": refunded,
                }
            )
            plan.append((mine, offering.id, paid, refunded == 10_000))
        _insert(connection, Order, orders)
        order_ids = [
            row[0]
            for row in connection.execute(
                sa.select(table_of(Order).c.id).order_by(table_of(Order).c.id)
            )
        ]
        enrolment_rows = []
        for i, (_mine, offering_id, paid, cancelled) in enumerate(plan):
            enrolment_rows.append(
                {
                    "uuid": _uuid(),
                    "user_id": orders[i]["user_id"],
                    "offering_id": offering_id,
                    "order_id": order_ids[i],
                    "status": "cancelled" if cancelled else "active",
                    "created_at": paid,
                    "cancelled_at": paid + timedelta(days=3) if cancelled else None,
                }
            )
        _insert(connection, Enrolment, enrolment_rows)
        enrolment_ids = [
            row[0]
            for row in connection.execute(
                sa.select(table_of(Enrolment).c.id).order_by(table_of(Enrolment).c.id)
            )
        ]
        expected["enrolments"] = enrolments

        log(f"  {credentials:,} credentials, results and activity ...")
        passable = [i for i, p in enumerate(plan) if p[0] and not p[3]]
        rng.shuffle(passable)
        chosen = passable[:credentials]
        noise_passes = [i for i, p in enumerate(plan) if not p[0] and not p[3]][: credentials // 10]
        credential_rows, passed = [], []
        for slot, i in enumerate([*chosen, *noise_passes]):
            _mine, offering_id, paid, _ = plan[i]
            issued = min(
                paid + timedelta(days=rng.randint(5, 90)), datetime(2026, 12, 1, tzinfo=UTC)
            )
            passed.append({"id": enrolment_ids[i], "passed_at": issued - timedelta(days=1)})
            credential_rows.append(
                {
                    "uuid": _uuid(),
                    "enrolment_id": enrolment_ids[i],
                    "user_id": orders[i]["user_id"],
                    "offering_id": offering_id,
                    "university_id": orders[i]["university_id"],
                    "issued_at": issued,
                    "suite": "eddsa-rdfc-2022",
                    "key_id": "key-1",
                    "document": "{}",
                    "title": "Course",
                    "status_list_no": 1,
                    "status_index": slot,
                    "state": "active",
                    "state_reason": "",
                    "public": slot % 5 == 0,
                }
            )
        _insert(connection, IssuedCredential, credential_rows)
        expected["credentials"] = len(chosen)
        enrolment_table = table_of(Enrolment)
        connection.execute(
            enrolment_table.update()
            .where(enrolment_table.c.id == sa.bindparam("b_id"))
            .values(passed_at=sa.bindparam("b_passed_at")),
            [{"b_id": p["id"], "b_passed_at": p["passed_at"]} for p in passed],
        )
        chosen_set = set(chosen) | set(noise_passes)
        results = []
        for i, (_mine, offering_id, paid, cancelled) in enumerate(plan):
            if i % 10 == 3 and i not in chosen_set and not cancelled:
                assessment_id, component_id = components[offering_id]
                released = paid + timedelta(days=20)
                results.append(
                    {
                        "uuid": _uuid(),
                        "enrolment_id": enrolment_ids[i],
                        "component_id": component_id,
                        "assessment_id": assessment_id,
                        "source": "quiz",
                        "percent": 20,
                        "passed": False,
                        "current": True,
                        "supervision": "unsupervised-no-id",
                        "decided_at": released,
                        "released_at": released,
                        "comment": "",
                    }
                )
        _insert(connection, ComponentResult, results)
        credential_table = table_of(IssuedCredential)
        rows = connection.execute(
            sa.select(
                credential_table.c.id,
                credential_table.c.university_id,
                credential_table.c.offering_id,
                credential_table.c.issued_at,
            )
        ).all()
        activity = []
        for n, row in enumerate(rows):
            activity.append(
                {
                    "credential_id": row.id,
                    "university_id": row.university_id,
                    "offering_id": row.offering_id,
                    "kind": "verified",
                    "verdict": "valid",
                    "at": row.issued_at + timedelta(days=2),
                }
            )
            if n % 5 == 0:
                activity.append({**activity[-1], "kind": "shared", "verdict": ""})
        _insert(connection, CredentialActivity, activity)
    # The rows went in around the ORM session: count the cells once, as migration 0022
    # does for the history already recorded.
    began = time.perf_counter()
    with session_scope(url) as session:
        cells.rebuild(session)
    log(f"  cells counted in {time.perf_counter() - began:.1f} s")
    with get_engine(url).connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(sa.text("ANALYZE"))
            connection.commit()
    return {"owner_id": owner_id, **expected}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def _page_data(url: str, owner_id: int, **kwargs: Any) -> queries.Analytics:
    with session_scope(url) as session:
        principal = authz.principal_for(session, owner_id)
        return queries.analytics(session, principal, "bench-uni", today=TODAY, **kwargs)


def time_cases(url: str, owner_id: int, runs: int, warmup: int) -> dict[str, dict[str, float]]:
    cases: dict[str, dict[str, Any]] = {
        "12 months (the page's default)": {"months": 12},
        "36 months": {"months": 36},
        "one offering, 12 months": {"months": 12, "offering": "bench-uni-course-7"},
    }
    figures = {}
    for label, kwargs in cases.items():
        for _ in range(warmup):
            _page_data(url, owner_id, **kwargs)
        values = []
        for _ in range(runs):
            began = time.perf_counter()
            _page_data(url, owner_id, **kwargs)
            values.append((time.perf_counter() - began) * 1000)
        figures[label] = {
            "p50_ms": round(statistics.median(values), 2),
            "p95_ms": round(percentile(values, 95), 2),
            "max_ms": round(max(values), 2),
        }
        log(
            f"  {label:34s} p50 {figures[label]['p50_ms']:7.2f} ms   p95 {figures[label]['p95_ms']:7.2f} ms"
        )
    return figures


def _timed(values: list[float], began: float) -> None:
    values.append((time.perf_counter() - began) * 1000)


def time_writes(url: str, runs: int, skip: int, label: str) -> dict[str, dict[str, float]]:
    """What a write costs: the whole unit of work (the write and, when the cells are
    kept, noting its cells and recounting them; the commit) for a verification, a
    partial refund of an old order and a new paid order with its enrolment."""
    rng = random.Random(11 + skip)
    with session_scope(url) as session:
        uni = session.exec(select(University).where(University.slug == "bench-uni")).one()
        credential_ids = list(
            session.exec(
                select(IssuedCredential.id).where(IssuedCredential.university_id == uni.id)
            )
        )
        order_ids = list(
            session.exec(
                select(Order.id).where(
                    Order.university_id == uni.id,
                    Order.state == "paid",
                    Order.refunded_minor == 0,
                )
            )
        )
        offering_ids = list(
            session.exec(select(Offering.id).where(Offering.university_id == uni.id))
        )
        learner_id = session.exec(select(User.id).order_by(col(User.id).desc())).first()
    assert uni.id is not None
    figures: dict[str, list[float]] = {"verification": [], "partial refund": [], "new sale": []}
    for n in range(runs):
        began = time.perf_counter()
        with session_scope(url) as session:
            row = session.get(IssuedCredential, rng.choice(credential_ids))
            assert row is not None
            activity.record(session, row, activity.VERIFIED, "valid")
        _timed(figures["verification"], began)
        began = time.perf_counter()
        with session_scope(url) as session:
            order = session.get(Order, order_ids[skip + n])
            assert order is not None
            order.refunded_minor = 1_000
            session.add(order)
        _timed(figures["partial refund"], began)
        began = time.perf_counter()
        with session_scope(url) as session:
            offering = session.get(Offering, rng.choice(offering_ids))
            assert offering is not None and offering.id is not None
            sale = Order(
                user_id=learner_id or 0,
                offering_id=offering.id,
                university_id=uni.id,
                unit_price_minor=10_000,
                amount_minor=10_000,
                currency=offering.currency,
                platform_fee_minor=1_000,
                state="paid",
                provider="simulated",
                paid_at=datetime.now(UTC),
            )
            session.add(sale)
            session.flush()
            session.add(Enrolment(user_id=sale.user_id, offering_id=offering.id, order_id=sale.id))
        _timed(figures["new sale"], began)
    found = {}
    for kind, values in figures.items():
        found[kind] = {
            "p50_ms": round(statistics.median(values), 2),
            "p95_ms": round(percentile(values, 95), 2),
        }
        log(
            f"  write, {label}: {kind:15s} p50 {found[kind]['p50_ms']:7.2f} ms   "
            f"p95 {found[kind]['p95_ms']:7.2f} ms"
        )
    return found


def check_cells(url: str) -> None:
    """Every stored cell of the university equals a recount from the source tables."""
    with session_scope(url) as session:
        uni = session.exec(select(University).where(University.slug == "bench-uni")).one()
        assert uni.id is not None
        everything = counting.Scope(university_id=uni.id, since=datetime(1970, 1, 1, tzinfo=UTC))
        kept, recounted = cells.read(session, everything), counting.count(session, everything)
    assert _rounded(kept) == _rounded(recounted), "the stored cells disagree with a recount"
    log(f"  the {len(kept):,} stored cells agree with a recount from the source tables")


def _rounded(found: dict[Any, queries.Figures]) -> dict[Any, tuple[Any, ...]]:
    """Cells as comparable values (the day sums are floats: summed in another order)."""
    return {
        key: (
            f.enrolments,
            f.cancelled,
            f.passed,
            f.not_passed,
            f.credentials,
            round(f.days_to_credential, 6),
            f.shares,
            f.verifications,
            {
                code: (m.sales, m.gross_minor, m.fee_minor, m.refunds_minor)
                for code, m in f.money.items()
            },
        )
        for key, f in found.items()
    }


def explain(url: str, owner_id: int) -> None:
    """EXPLAIN ANALYZE of every statement the page's data sends (PostgreSQL)."""
    engine = get_engine(url)
    statements: list[tuple[str, Any]] = []

    @sa.event.listens_for(engine, "before_cursor_execute")
    def keep(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    _page_data(url, owner_id, months=12)
    sa.event.remove(engine, "before_cursor_execute", keep)
    with engine.connect() as connection:
        for statement, parameters in statements:
            plan = connection.exec_driver_sql("EXPLAIN ANALYZE " + statement, parameters)
            log("-" * 60)
            log(statement.split("FROM")[0][:100] + " ...")
            for (line,) in plan:
                log("    " + line)


def main() -> int:
    cells.install()  # as `wiring.wire()` does in the app and the worker
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--enrolments", type=int, default=100_000)
    parser.add_argument("--credentials", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--write-runs", type=int, default=30, help="timed writes of each kind")
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the database; print its URL")
    parser.add_argument(
        "--pg-admin-url",
        default=os.environ.get("BENCH_POSTGRES_ADMIN_URL", dbadmin.DEFAULT_POSTGRES_ADMIN_URL),
    )
    args = parser.parse_args()
    folder = None
    if args.sqlite:
        folder = tempfile.mkdtemp(prefix="microcred-analytics-")
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
    else:
        if not dbadmin.postgres_available(args.pg_admin_url):
            log("PostgreSQL is not reachable; nothing measured")
            return 0
        url = dbadmin.create_postgres_database(
            prefix="bench_analytics", admin_url=args.pg_admin_url
        )
    try:
        with get_engine(url).connect() as connection:
            migrations.upgrade(connection)
            connection.commit()
        log(f"building on {'SQLite' if args.sqlite else 'PostgreSQL'} ...")
        began = time.perf_counter()
        made = build(url, args.enrolments, args.credentials)
        log(f"  built in {time.perf_counter() - began:.1f} s")
        check = _page_data(url, made["owner_id"], months=36)
        assert check.totals.enrolments == made["enrolments"], check.totals.enrolments
        assert check.totals.credentials == made["credentials"], check.totals.credentials
        log(
            f"  36-month totals: {check.totals.enrolments:,} enrolments, "
            f"{check.totals.credentials:,} credentials, {check.totals.verifications:,} "
            f"verifications, pass rate {check.totals.pass_rate} %"
        )
        if args.explain:
            explain(url, made["owner_id"])
        figures = time_cases(url, made["owner_id"], args.runs, args.warmup)
        cells.uninstall()
        bare = time_writes(url, args.write_runs, 0, "cells not kept")
        with session_scope(url) as session:
            cells.rebuild(session)  # what those writes changed
        cells.install()
        kept = time_writes(url, args.write_runs, args.write_runs, "cells kept    ")
        check_cells(url)
        writes = {"cells_not_kept": bare, "cells_kept": kept}
    finally:
        reset_engine()
        if args.keep:
            log(f"  kept: {url}")
        elif args.sqlite:
            shutil.rmtree(folder or "", ignore_errors=True)
        else:
            dbadmin.drop_postgres_database(url, admin_url=args.pg_admin_url)
    worst = max(f["p95_ms"] for f in figures.values())
    met = worst < P95_TARGET_MS
    log(f"  target: p95 < {P95_TARGET_MS:g} ms {'met' if met else 'MISSED'} (worst {worst} ms)")
    if args.json:
        print(
            json.dumps(
                {
                    "engine": "sqlite" if args.sqlite else "postgresql",
                    "enrolments": args.enrolments,
                    "credentials": args.credentials,
                    "cases": figures,
                    "writes": writes,
                    "target_met": met,
                },
                indent=2,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
