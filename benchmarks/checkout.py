"""200 concurrent checkout-and-confirm flows against the running API on PostgreSQL.

Each flow is what a learner's browser does: POST /api/orders (the order and its seat hold
are written, the simulated provider's checkout is created), then POST the provider's
outcome (the order is paid and the learner enrolled). Prints throughput, p50/p95 per flow
and a baseline (GET /api/health under the same concurrency), then checks the database:
every flow has exactly one paid order and one enrolment, nothing lost or doubled.

    .venv/bin/python benchmarks/checkout.py [--flows 200] [--sqlite]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import httpx
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from microcred_market.accounts import service as accounts  # noqa: E402
from microcred_market.accounts.models import User  # noqa: E402
from microcred_market.catalogue.models import Offering, University  # noqa: E402
from microcred_market.orders.models import Enrolment, Order  # noqa: E402
from microcred_market.platform import dbadmin, migrations  # noqa: E402
from microcred_market.platform.clock import utcnow  # noqa: E402
from microcred_market.platform.db import get_engine, reset_engine, session_scope  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(url: str, flows: int) -> list[str]:
    with get_engine(url).connect() as connection:
        migrations.upgrade(connection)
        connection.commit()
    with session_scope(url) as session:
        uni = University(
            slug="bench-uni",
            name="Bench University",
            country_code="PL",
            city="Łódź",
            website="https://bench.example",
            approved=True,
        )
        session.add(uni)
        session.flush()
        session.add(
            Offering(
                slug="bench-course",
                university_id=uni.id,
                title="Benchmark course",
                ects=Decimal(3),
                eqf_level=6,
                price_minor=99_900,
                currency="PLN",
                self_paced=True,
                seat_capacity=flows * 2,
                status="published",
            )
        )
        users = [
            User(email=f"bench{i}@example.org", email_verified_at=utcnow(), display_name=f"B{i}")
            for i in range(flows)
        ]
        session.add_all(users)
        session.flush()
        return [accounts.create_session(session, u.id) for u in users]


async def flow(client: httpx.AsyncClient, token: str, origin: str) -> float:
    started = time.perf_counter()
    headers = {"Origin": origin, "Cookie": f"mc_session={token}"}
    response = await client.post("/api/orders", data={"offering": "bench-course"}, headers=headers)
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    assert "/checkout/simulated/" in location, location
    order_uuid = location.rsplit("/", 1)[1]
    response = await client.post(
        f"/api/payments/simulated/{order_uuid}", data={"outcome": "success"}, headers=headers
    )
    assert response.status_code == 303 and "/checkout/return" in response.headers["location"]
    return time.perf_counter() - started


async def health(client: httpx.AsyncClient) -> float:
    started = time.perf_counter()
    response = await client.get("/api/health")
    assert response.status_code == 200
    return time.perf_counter() - started


async def run(
    base: str, tokens: list[str], origin: str
) -> tuple[list[float], float, list[float], float]:
    limits = httpx.Limits(max_connections=len(tokens), max_keepalive_connections=len(tokens))
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=120) as client:
        t0 = time.perf_counter()
        base_times = await asyncio.gather(*(health(client) for _ in tokens))
        base_wall = time.perf_counter() - t0
        t0 = time.perf_counter()
        times = await asyncio.gather(*(flow(client, t, origin) for t in tokens))
        wall = time.perf_counter() - t0
    return list(times), wall, list(base_times), base_wall


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--flows", type=int, default=200)
    parser.add_argument("--sqlite", action="store_true", help="use SQLite instead of PostgreSQL")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="bench-checkout-")
    if args.sqlite:
        url = f"sqlite:///{tmp}/bench.db"
        args.workers = 1
    else:
        if not dbadmin.postgres_available():
            print("PostgreSQL is not reachable at 127.0.0.1:5432")
            return 2
        url = dbadmin.create_postgres_database("microcred_bench")
    try:
        tokens = prepare(url, args.flows)
        port, front = free_port(), "http://bench.front"
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "PUBLIC_BASE_URL": front,
            "API_URL": f"http://127.0.0.1:{port}",
            "DATA_DIR": tmp,
        }
        env.pop("SMTP_URL", None)
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                "microcred_market.wiring:build_api",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(args.workers),
                "--log-level",
                "warning",
                # Flows wait seconds in the queue between their two requests: with the
                # default 5 s the server may close a kept-alive connection just as the
                # client reuses it (a ReadError that says nothing about checkout).
                "--timeout-keep-alive",
                "120",
            ],
            cwd=ROOT,
            env=env,
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                httpx.get(base + "/api/health", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        try:
            times, wall, base_times, base_wall = asyncio.run(run(base, tokens, front))
        finally:
            server.terminate()
            server.wait(timeout=20)
        with session_scope(url) as session:
            paid = session.execute(
                sa.select(sa.func.count()).select_from(Order).where(Order.state == "paid")
            ).scalar_one()
            all_orders = session.execute(sa.select(sa.func.count()).select_from(Order)).scalar_one()
            enrolled = session.execute(
                sa.select(sa.func.count()).select_from(Enrolment)
            ).scalar_one()
            buyers = session.execute(
                sa.select(sa.func.count(sa.distinct(Enrolment.user_id)))
            ).scalar_one()
            seats = session.execute(sa.select(Offering.seats_taken)).scalar_one()
        engine = "SQLite" if args.sqlite else f"PostgreSQL, {args.workers} uvicorn workers"
        print(f"checkout benchmark: {args.flows} concurrent flows ({engine})")
        print(f"  flows/s            {args.flows / wall:8.1f}   (wall {wall:.2f} s)")
        print(f"  flow p50 / p95     {pct(times, 50):8.1f} / {pct(times, 95):.1f} ms")
        print(
            f"  baseline /api/health under the same concurrency: p95 {pct(base_times, 95):.1f} ms, "
            f"{args.flows / base_wall:.0f} req/s"
        )
        print(
            f"  p95 ratio flow / baseline: {pct(times, 95) / max(pct(base_times, 95), 0.001):.1f}"
        )
        ok = paid == all_orders == enrolled == buyers == seats == args.flows
        print(
            f"  orders {all_orders}, paid {paid}, enrolments {enrolled}, distinct learners {buyers}, "
            f"seats taken {seats}: {'nothing lost or doubled' if ok else 'MISMATCH'}"
        )
        return 0 if ok else 1
    finally:
        reset_engine()
        if not args.sqlite:
            dbadmin.drop_postgres_database(url)


if __name__ == "__main__":
    sys.exit(main())
