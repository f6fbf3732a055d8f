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
from urllib.parse import urlencode

import h11
import httpx
import psutil
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


class Connection:
    """One kept-alive HTTP/1.1 connection, parsed by h11.

    httpx spent 68 ms of CPU per flow here (13 ms per `/api/health`) managing a pool of
    200 connections: as much as the server under test, on the same two cores. A bare
    connection per simulated browser costs well under a millisecond a request, so the
    figures measure the server.
    """

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.h11 = h11.Connection(h11.CLIENT)

    async def request(
        self, method: str, path: str, headers: dict[str, str], form: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        body = urlencode(form).encode() if form is not None else b""
        sent = [("Host", f"{self.host}:{self.port}"), *headers.items()]
        if form is not None:
            sent += [
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("Content-Length", str(len(body))),
            ]
        data = self.h11.send(h11.Request(method=method, target=path, headers=sent))
        data += self.h11.send(h11.Data(data=body)) if body else b""
        data += self.h11.send(h11.EndOfMessage())
        self.writer.write(data)
        status, answer, chunks = 0, {}, []
        while True:
            event = self.h11.next_event()
            if event is h11.NEED_DATA:
                self.h11.receive_data(await self.reader.read(65536))
            elif isinstance(event, h11.Response):
                status = event.status_code
                answer = {k.decode().lower(): v.decode() for k, v in event.headers}
            elif isinstance(event, h11.Data):
                chunks.append(bytes(event.data))
            elif isinstance(event, h11.EndOfMessage):
                break
            elif isinstance(event, h11.ConnectionClosed):
                raise ConnectionError("the server closed the connection")
        self.h11.start_next_cycle()
        return status, answer, b"".join(chunks)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def flow(connection: Connection, token: str, origin: str) -> float:
    started = time.perf_counter()
    headers = {"Origin": origin, "Cookie": f"mc_session={token}"}
    status, answer, body = await connection.request(
        "POST", "/api/orders", headers, {"offering": "bench-course"}
    )
    assert status == 303, body
    location = answer["location"]
    assert "/checkout/simulated/" in location, location
    order_uuid = location.rsplit("/", 1)[1]
    status, answer, _ = await connection.request(
        "POST", f"/api/payments/simulated/{order_uuid}", headers, {"outcome": "success"}
    )
    assert status == 303 and "/checkout/return" in answer["location"]
    return time.perf_counter() - started


async def health(connection: Connection) -> float:
    started = time.perf_counter()
    status, _, _ = await connection.request("GET", "/api/health", {})
    assert status == 200
    return time.perf_counter() - started


def cpu_seconds(server_pid: int) -> dict[str, float]:
    """CPU time used so far by this load generator, the API's processes and PostgreSQL.

    The three share the machine's cores: a phase's throughput means little without
    knowing which of them spent the time.
    """

    def used(process: psutil.Process) -> float:
        try:
            times = process.cpu_times()
            return float(times.user + times.system)
        except psutil.Error:
            return 0.0

    server = psutil.Process(server_pid)
    postgres = [p for p in psutil.process_iter(["name"]) if p.info["name"] == "postgres"]
    return {
        "load generator": used(psutil.Process()),
        "API processes": used(server) + sum(used(c) for c in server.children(recursive=True)),
        "PostgreSQL": sum(used(p) for p in postgres),
    }


def spent(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    return {name: after[name] - before[name] for name in before}


async def run(
    port: int, tokens: list[str], origin: str, server_pid: int, rounds: int
) -> tuple[list[float], float, list[float], float, dict[str, dict[str, float]]]:
    """The health baseline, then the flows, each on one connection per simulated browser.

    The connections are opened (and warmed by one health request each) before either
    phase is timed, so neither pays for connecting; the baseline then runs `rounds`
    health requests per connection, so it lasts about as long as the flows.
    """
    connections = [Connection("127.0.0.1", port) for _ in tokens]
    try:
        await asyncio.gather(*(health(c) for c in connections))

        async def healths(connection: Connection) -> list[float]:
            return [await health(connection) for _ in range(rounds)]

        start = cpu_seconds(server_pid)
        t0 = time.perf_counter()
        base_times = [t for ts in await asyncio.gather(*map(healths, connections)) for t in ts]
        base_wall = time.perf_counter() - t0
        middle = cpu_seconds(server_pid)
        t0 = time.perf_counter()
        times = await asyncio.gather(
            *(flow(c, t, origin) for c, t in zip(connections, tokens, strict=True))
        )
        wall = time.perf_counter() - t0
        cpu = {"health": spent(start, middle), "flows": spent(middle, cpu_seconds(server_pid))}
    finally:
        for connection in connections:
            connection.close()
    return list(times), wall, base_times, base_wall, cpu


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--flows", type=int, default=200)
    parser.add_argument("--sqlite", action="store_true", help="use SQLite instead of PostgreSQL")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--health-rounds", type=int, default=10, help="health requests per connection"
    )
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
            times, wall, base_times, base_wall, cpu = asyncio.run(
                run(port, tokens, front, server.pid, args.health_rounds)
            )
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
            f"{len(base_times) / base_wall:.0f} req/s"
        )
        print(
            f"  p95 ratio flow / baseline: {pct(times, 95) / max(pct(base_times, 95), 0.001):.1f}"
        )
        for phase, used in cpu.items():
            count = args.flows if phase == "flows" else len(base_times)
            parts = ", ".join(
                f"{name} {seconds * 1000 / count:.1f}" for name, seconds in used.items()
            )
            print(f"  CPU ms per {phase[:-1] if phase == 'flows' else 'request'}: {parts}")
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
