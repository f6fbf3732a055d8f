"""Event latency under a crowd: N simulated browsers on the catalogue, over the real websocket.

Every client is what a browser tab sends (Reflex 0.10's front end, `utils/state.js`),
spoken as Socket.IO 5 / Engine.IO 4 over a raw websocket (asyncio and wsproto, one
process, the `Socket` of `benchmarks/assessments.py`), each from its own loopback address
(127.1.x.y), as a crowd comes from many addresses (the catalogue's per-address search
limit then counts per client, as it would):

- connect with the page's hydrate in the Socket.IO CONNECT packet (`hydrate_and_load` with
  the compiled defaults' hashes, so only what differs is sent back), on `/catalogue`;
- then `--actions` times, after a think time: tick a facet (`CatalogueState.toggle`, whose
  answer is a redirect; the client then navigates, `on_load_internal` on the new URL),
  go to the next page, sort, show the filters, or open an offering and come back.

Timed: every event, from sending it to the frame that ends it (a navigation or hydrate:
the delta that sets `is_hydrated`; a redirect: the frame carrying `_redirect`; a plain
handler: its delta). The backend is the real app as production runs it: Reflex's
production backend (granian, `--workers` processes, default 2, forked after the app is
imported), States in Redis (`redis://127.0.0.1:6379/11`, flushed before and after), on
PostgreSQL with `--offerings` synthetic offerings. The same clients, with the same think
times and as many events each, then run against a blank Reflex app (one State, one handler
setting a string, same server, same Redis): the ratio ours/blank is what our pages cost
on top of Reflex's own event path. The two apps alternate for each N.

With MICROCRED_GC_STATS set, each of our backend processes records every garbage
collection (`gc.callbacks`) and writes its pauses on exit (`platform/gctune.py`); the
longest pause seen and the collections per generation are printed.

    .venv/bin/python -m benchmarks.events                    # N = 50, 200: about 4-5 minutes
    .venv/bin/python -m benchmarks.events --clients 50 200 500
    .venv/bin/python -m benchmarks.events --clients 200 --states memory --workers 1
    .venv/bin/python -m benchmarks.events --json

Aims: p95 < 100 ms at 200 clients; ratio ours/blank <= 3 at p50 and p95 at every N; no GC
pause over 100 ms; Redis at least as fast as the in-memory default (`--states both`).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import sqlalchemy as sa
from wsproto import ConnectionType, WSConnection
from wsproto.events import AcceptConnection, RejectConnection, Request

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("REFLEX_TELEMETRY_ENABLED", "false")
os.environ.setdefault("REFLEX_CHECK_LATEST_VERSION", "false")

from benchmarks.assessments import NAMESPACE, Socket, pct  # noqa: E402
from microcred_market.platform import dbadmin  # noqa: E402
from microcred_market.platform.db import reset_engine  # noqa: E402
from tests.support.live_app import free_port  # noqa: E402

REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")
ROOT_STATE = "reflex___state____state"
HYDRATE = f"{ROOT_STATE}.hydrate_and_load"
ON_LOAD = f"{ROOT_STATE}.reflex___state____on_load_internal_state.on_load_internal"
CATALOGUE = f"{ROOT_STATE}.microcred_market___ui___pages___catalogue___search____catalogue_state"
SLOW = 300.0  # an overloaded machine answers late, not never
FACETS = (("eqf", ("4", "5", "6", "7")), ("form", ("online", "blended")), ("country", ("PL",)))


# ---------------------------------------------------------------- the client


class Browser(Socket):
    """A tab: the hydrate rides in the CONNECT packet, as `state.js` sends it."""

    def __init__(self, auth: dict[str, Any], local: str) -> None:
        super().__init__()
        self.auth = auth
        self.local = local

    async def connect(self, url: str, token: str, headers: dict[str, str]) -> None:
        where = urlsplit(url)
        host, port = where.hostname or "127.0.0.1", where.port or 80
        self.reader, self.writer = await asyncio.open_connection(
            host, port, local_addr=(self.local, 0)
        )
        target = f"{NAMESPACE}/?EIO=4&transport=websocket&token={token}"
        extra = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
        self.ws = WSConnection(ConnectionType.CLIENT)
        self.writer.write(
            self.ws.send(Request(host=f"{host}:{port}", target=target, extra_headers=extra))
        )
        await self.writer.drain()
        while True:
            data = await self.reader.read(65536)
            if not data:
                raise ConnectionError("closed during the handshake")
            self.ws.receive_data(data)
            for event in self.ws.events():
                if isinstance(event, AcceptConnection):
                    self._pump = asyncio.create_task(self._read())
                    return
                if isinstance(event, RejectConnection):
                    raise ConnectionError(f"refused: {event.status_code}")

    async def hydrate(self) -> dict[str, Any]:
        """Open the namespace with the hydrate event; the frame that ends the page load."""
        while not (await self.inbox.get()).startswith("0"):
            pass  # the Engine.IO open packet
        await self.send_raw(f"40{NAMESPACE}," + json.dumps(self.auth))
        return await self.update(hydrated)

    async def update(self, done: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        """State updates until one for which `done` holds; the deltas merged."""
        merged: dict[str, Any] = {}
        prefix = f"42{NAMESPACE},"
        async with asyncio.timeout(SLOW):
            while True:
                frame = await self.inbox.get()
                if frame.startswith(f"44{NAMESPACE},"):
                    raise ConnectionError(f"namespace refused: {frame[:200]}")
                if not frame.startswith(prefix):
                    continue
                name, *args = json.loads(frame[len(prefix) :])
                if name != "event" or not args:
                    continue
                update = args[0]
                for state, values in (update.get("delta") or {}).items():
                    merged.setdefault(state, {}).update(values)
                if done(update):
                    update["merged"] = merged
                    return update


def hydrated(update: dict[str, Any]) -> bool:
    return (update.get("delta") or {}).get(ROOT_STATE, {}).get("is_hydrated_rx_state_") is True


def redirected(update: dict[str, Any]) -> bool:
    return any(e.get("name") == "_redirect" for e in update.get("events") or [])


def any_delta(update: dict[str, Any]) -> bool:
    return bool(update.get("delta"))


def router(path: str, query: dict[str, str]) -> dict[str, Any]:
    search = urlencode({k: v for k, v in query.items() if k != "slug"})
    data: dict[str, Any] = {"pathname": path, "asPath": path + (f"?{search}" if search else "")}
    if query:
        data["query"] = query
    return data


def local_address(i: int) -> str:
    return f"127.1.{i // 250}.{i % 250 + 1}"


@dataclass
class Figures:
    times: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    # Per client, the think time before each of its events (0: sent on the previous answer).
    schedule: dict[int, list[float]] = field(default_factory=dict)
    events: int = 0
    wall: float = 0.0

    def add(self, kind: str, ms: float) -> None:
        self.times.setdefault(kind, []).append(ms)
        self.events += 1

    @property
    def all(self) -> list[float]:
        return [t for kind, ts in self.times.items() for t in ts]


async def _crowd(
    n: int, ramp: int, body: Callable[[int, Figures], Any], figures: Figures
) -> Figures:
    gate = asyncio.Semaphore(ramp)

    async def one(i: int) -> None:
        try:
            await body(i, figures, gate)
        except Exception as error:  # noqa: BLE001 (counted and shown)
            figures.errors.append(f"{type(error).__name__}: {error}"[:300])

    start = time.perf_counter()
    await asyncio.gather(*(one(i) for i in range(n)))
    figures.wall = time.perf_counter() - start
    return figures


def _think(mean: float) -> float:
    return random.uniform(0.5 * mean, 1.5 * mean) if mean > 0 else 0.0


async def _open(
    ws: str, origin: str, boot: dict[str, Any], path: str, i: int, gate: asyncio.Semaphore
) -> tuple[Browser, float]:
    token = f"crowd-{i}-{random.getrandbits(40):x}"
    event = {
        "name": HYDRATE,
        "payload": {"hashes": boot["hashes"]},
        "router_data": router(path, {}),
    }
    sock = Browser({"event": event, "state_schema": boot["schema"]}, local_address(i))
    async with gate:
        await sock.connect(ws, token, {"Origin": origin} if origin else {})
        t0 = time.perf_counter()
        update = await sock.hydrate()
    ms = (time.perf_counter() - t0) * 1000
    sock.last = update["merged"]  # type: ignore[attr-defined]
    return sock, ms


def ours(
    ws: str, origin: str, boot: dict[str, Any], n: int, actions: int, think: float, ramp: int
) -> Figures:
    """The crowd on our catalogue and offering pages."""
    slugs: list[str] = boot["slugs"]

    async def body(i: int, figures: Figures, gate: asyncio.Semaphore) -> None:
        rng = random.Random(i)
        plan = figures.schedule.setdefault(i, [])
        wait = rng.uniform(0, think)
        await asyncio.sleep(wait)
        plan.append(wait)
        sock, ms = await _open(ws, origin, boot, "/catalogue", i, gate)
        figures.add("open catalogue (hydrate + load)", ms)
        chained = False  # the next event is the browser's answer to the last one

        async def emit(
            kind: str,
            name: str,
            payload: dict[str, Any],
            path: str,
            query: dict[str, str],
            done: Callable[[dict[str, Any]], bool],
        ) -> dict[str, Any]:
            nonlocal chained
            wait = 0.0 if chained else _think(think)
            await asyncio.sleep(wait)
            plan.append(wait)
            event = {"name": name, "payload": payload, "router_data": router(path, query)}
            t0 = time.perf_counter()
            await sock.send_raw(f"42{NAMESPACE}," + json.dumps(["event", event]))
            update = await sock.update(done)
            figures.add(kind, (time.perf_counter() - t0) * 1000)
            chained = False
            return update

        async def redirect_then_load(name: str, payload: dict[str, Any]) -> None:
            nonlocal chained, query
            update = await emit(
                "handler answering a redirect", name, payload, "/catalogue", query, redirected
            )
            url = next(e["payload"]["path"] for e in update["events"] if e["name"] == "_redirect")
            query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
            chained = True
            await emit("catalogue load (navigation)", ON_LOAD, {}, "/catalogue", query, hydrated)

        query: dict[str, str] = {}
        try:
            for _ in range(actions):
                kind = rng.choice(("facet", "facet", "page", "sort", "filters", "offering"))
                if kind == "facet":
                    facet, values = rng.choice(FACETS)
                    await redirect_then_load(
                        f"{CATALOGUE}.toggle", {"facet": facet, "value": rng.choice(values)}
                    )
                elif kind == "sort":
                    value = rng.choice(("newest", "price_asc", "relevance"))
                    await redirect_then_load(f"{CATALOGUE}.set_sort", {"value": value})
                elif kind == "page":
                    query = {**query, "page": str(rng.randint(2, 3))}
                    await emit(
                        "catalogue load (navigation)", ON_LOAD, {}, "/catalogue", query, hydrated
                    )
                elif kind == "filters":
                    name = f"{CATALOGUE}.toggle_filters"
                    await emit("show filters", name, {}, "/catalogue", query, any_delta)
                else:
                    slug = rng.choice(slugs)
                    path = f"/offerings/{slug}"
                    await emit(
                        "offering load (navigation)", ON_LOAD, {}, path, {"slug": slug}, hydrated
                    )
                    await emit(
                        "catalogue load (navigation)", ON_LOAD, {}, "/catalogue", query, hydrated
                    )
        finally:
            await sock.close()

    return asyncio.run(_crowd(n, ramp, body, Figures()))


def blank(ws: str, boot: dict[str, Any], schedule: dict[int, list[float]], ramp: int) -> Figures:
    """The same crowd and the same think times before each event, on the blank app."""

    async def body(i: int, figures: Figures, gate: asyncio.Semaphore) -> None:
        plan = schedule.get(i, [0.0])
        await asyncio.sleep(plan[0])
        sock, ms = await _open(ws, "", boot, "/", i, gate)
        figures.add("open (hydrate)", ms)
        try:
            for k, wait in enumerate(plan[1:]):
                await asyncio.sleep(wait)
                mark = f"v{i}x{k}y{random.getrandbits(24)}"
                event = {
                    "name": boot["event"],
                    "payload": {"value": mark},
                    "router_data": router("/", {}),
                }
                t0 = time.perf_counter()
                await sock.send_raw(f"42{NAMESPACE}," + json.dumps(["event", event]))
                await sock.update(lambda u, m=mark: m in json.dumps(u.get("delta") or {}))
                figures.add("set_value", (time.perf_counter() - t0) * 1000)
        finally:
            await sock.close()

    return asyncio.run(_crowd(len(schedule), ramp, body, Figures()))


# ---------------------------------------------------------------- the two servers

# Reflex's production backend as `reflex run --env prod` starts it (granian, workers forked
# after the app is imported in the supervisor), without compiling the front end.
SERVE = """
import sys
from reflex_base.constants.base import LogLevel
from reflex_base.environment import environment

environment.REFLEX_SKIP_COMPILE.set(True)
from reflex.utils import exec as rx_exec

rx_exec.run_backend_prod("127.0.0.1", int(sys.argv[1]), LogLevel.WARNING, False)
"""

# What the compiled front end sends with its first hydrate: its state schema and the
# hashes of its compiled defaults (so the backend answers with what differs only).
BOOT = """
import asyncio, json
from reflex_base.environment import environment

environment.REFLEX_SKIP_COMPILE.set(True)
from reflex.utils import prerequisites

prerequisites.get_app().app()  # the ASGI app built, as a worker builds it
from reflex.state import State, _resolve_delta, state_snapshot_hashes

snapshot = asyncio.run(_resolve_delta(State(_reflex_internal_init=True).dict(initial=True)))
print(json.dumps({"hashes": state_snapshot_hashes(snapshot), "schema": State._to_frontend_schema()}))
"""

BLANK_APP = """
import reflex as rx


class BenchState(rx.State):
    value: str = ""

    @rx.event
    def set_value(self, value: str):
        self.value = value


def index() -> rx.Component:
    return rx.text(BenchState.value)


app = rx.App()
app.add_page(index)
"""

BLANK_CONFIG = """
import os
import reflex as rx

config = rx.Config(app_name="blank", telemetry_enabled=False,
                   redis_url=os.environ.get("REDIS_URL") or None, plugins=[])
"""
BLANK_EVENT = f"{ROOT_STATE}.blank___blank____bench_state.set_value"


@dataclass
class Server:
    name: str
    ws: str
    origin: str
    pid: int
    boot: dict[str, Any]
    log: Path


def _env(base: dict[str, str], states: str, workers: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REFLEX_REDIS", "GRANIAN"))}
    env.update(base)
    env.update(
        REFLEX_ENV_MODE="prod",
        REFLEX_TELEMETRY_ENABLED="false",
        REFLEX_CHECK_LATEST_VERSION="false",
        GRANIAN_WORKERS=str(workers),
    )
    if states == "redis":
        env["REDIS_URL"] = REDIS_URL
    else:
        env.pop("REDIS_URL", None)
    return env


@contextmanager
def server(name: str, cwd: Path, env: dict[str, str], tmp: Path) -> Iterator[Server]:
    port = free_port()
    env = {**env, "BACKEND_PORT": str(port), "API_URL": f"http://127.0.0.1:{port}"}
    origin = env.get("PUBLIC_BASE_URL", "")
    boot = subprocess.run(
        [sys.executable, "-c", BOOT], cwd=cwd, env=env, capture_output=True, text=True
    )
    if boot.returncode != 0:
        raise RuntimeError(f"{name}: {boot.stderr[-3000:]}")
    info = json.loads(boot.stdout.strip().splitlines()[-1])
    (tmp / "serve.py").write_text(SERVE)
    log = tmp / f"{name}-{port}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, str(tmp / "serve.py"), str(port)],
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 180
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited: {log.read_text(errors='replace')[-3000:]}")
            try:
                if httpx.get(f"http://127.0.0.1:{port}/ping", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not start")
            time.sleep(0.5)
        yield Server(name, f"ws://127.0.0.1:{port}", origin, proc.pid, info, log)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def blank_dir(tmp: Path) -> Path:
    where = tmp / "blankapp"
    (where / "blank").mkdir(parents=True)
    (where / "blank" / "__init__.py").write_text("")
    (where / "blank" / "blank.py").write_text(BLANK_APP)
    (where / "rxconfig.py").write_text(BLANK_CONFIG)
    return where


# ---------------------------------------------------------------- data and figures


def catalogue(url: str, n: int) -> list[str]:
    from benchmarks.search import build_catalogue

    build_catalogue(url, n)
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        slugs = [
            str(s)
            for s in conn.execute(
                sa.text(
                    "SELECT slug FROM offering WHERE status = 'published' ORDER BY id LIMIT 300"
                )
            ).scalars()
        ]
    engine.dispose()
    return slugs


def gc_figures(folder: Path) -> dict[str, Any]:
    """What the backend processes recorded of their garbage collections."""
    files = sorted(folder.glob("gc-*.json"))
    runs = [json.loads(f.read_text()) for f in files]
    if not runs:
        return {"processes": 0}
    pauses = [p for r in runs for p in r.get("pauses_ms", [])]
    return {
        "processes": len(runs),
        "threshold": runs[0].get("threshold"),
        "frozen": [r.get("frozen_at_start") for r in runs],
        "collections": {
            g: sum(r.get("collections", {}).get(g, 0) for r in runs) for g in ("0", "1", "2")
        },
        "max_pause_ms": round(max((r.get("max_ms", 0.0) for r in runs), default=0.0), 2),
        "max_pause_by_generation_ms": {
            g: round(max(r.get("max_by_generation_ms", {}).get(g, 0.0) for r in runs), 2)
            for g in ("0", "1", "2")
        },
        "total_pause_ms": round(sum(r.get("total_ms", 0.0) for r in runs), 1),
        "pauses_over_10ms": sum(r.get("over_10ms", 0) for r in runs),
        "pauses_over_100ms": sum(r.get("over_100ms", 0) for r in runs),
        "recorded": len(pauses),
    }


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def summary(figures: Figures) -> dict[str, Any]:
    values = figures.all
    return {
        "events": len(values),
        "p50_ms": round(pct(values, 50), 1),
        "p95_ms": round(pct(values, 95), 1),
        "p99_ms": round(pct(values, 99), 1),
        "max_ms": round(max(values, default=float("nan")), 1),
        "errors": len(figures.errors),
        "first_errors": figures.errors[:3],
        "wall_s": round(figures.wall, 1),
        "by_kind": {
            kind: {
                "n": len(ts),
                "p50_ms": round(pct(ts, 50), 1),
                "p95_ms": round(pct(ts, 95), 1),
            }
            for kind, ts in sorted(figures.times.items())
        },
    }


def flush_redis() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def run_config(
    states: str, args: argparse.Namespace, url: str, slugs: list[str], tmp: Path
) -> dict[str, Any]:
    workers = args.workers if states == "redis" else 1
    where = tmp / states
    gc_dir = where / "gc"
    gc_dir.mkdir(parents=True)
    data = where / "data"
    data.mkdir()
    front = f"http://127.0.0.1:{free_port()}"
    ours_env = _env(
        {
            "DATABASE_URL": url,
            "DATA_DIR": str(data),
            "INPROCESS_WORKER": "0",
            "PUBLIC_BASE_URL": front,
            "PYTHONPATH": str(ROOT),
            "MICROCRED_GC_STATS": str(gc_dir),
        },
        states,
        workers,
    )
    blank_where = blank_dir(where)
    blank_env = _env({"PYTHONPATH": str(blank_where)}, states, workers)
    blank_env.pop("MICROCRED_GC_STATS", None)
    rows = []
    if states == "redis":
        flush_redis()
    with (
        server("ours", ROOT, ours_env, where) as app,
        server("blank", blank_where, blank_env, where / "blankapp") as base,
    ):
        app.boot["slugs"] = slugs
        base.boot["event"] = BLANK_EVENT
        for n in args.clients:
            row: dict[str, Any] = {"clients": n, "load_before": load_average()}
            log(f"[{states}] {n} clients on our app (load {row['load_before']})")
            mine = ours(app.ws, app.origin, app.boot, n, args.actions, args.think, args.ramp)
            row["ours"] = summary(mine)
            row["load_after_ours"] = load_average()
            log(f"[{states}] {n} clients on the blank app (load {row['load_after_ours']})")
            theirs = blank(base.ws, base.boot, mine.schedule, args.ramp)
            row["blank"] = summary(theirs)
            row["load_after_blank"] = load_average()
            row["ratio_p50"] = round(row["ours"]["p50_ms"] / row["blank"]["p50_ms"], 2)
            row["ratio_p95"] = round(row["ours"]["p95_ms"] / row["blank"]["p95_ms"], 2)
            rows.append(row)
    if states == "redis":
        flush_redis()
    return {"states": states, "workers": workers, "rows": rows, "gc": gc_figures(gc_dir)}


def log(message: str) -> None:
    print(f"  .. {time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


def show(result: dict[str, Any], offerings: int) -> None:
    print(
        f"\nevents benchmark: States in {result['states']}, {result['workers']} backend "
        f"worker(s), PostgreSQL, {offerings} offerings"
    )
    print(
        "   N  | ours p50 / p95 / p99 ms      | blank p50 / p95 / p99 ms     | ratio p50 p95"
        " | events ours/blank | errors | load avg (1/5/15 min)"
    )
    for row in result["rows"]:
        o, b = row["ours"], row["blank"]
        print(
            f"  {row['clients']:4d} | {o['p50_ms']:7.1f} / {o['p95_ms']:7.1f} / {o['p99_ms']:7.1f}"
            f" | {b['p50_ms']:7.1f} / {b['p95_ms']:7.1f} / {b['p99_ms']:7.1f}"
            f" | {row['ratio_p50']:5.2f} {row['ratio_p95']:5.2f}"
            f" | {o['events']:6d} / {b['events']:6d} | {o['errors']} / {b['errors']}"
            f" | {row['load_before']} -> {row['load_after_blank']}"
        )
        for kind, k in o["by_kind"].items():
            print(
                f"         {kind:34s} n={k['n']:5d}  p50 {k['p50_ms']:7.1f}  p95 {k['p95_ms']:7.1f}"
            )
        for error in o["first_errors"] + b["first_errors"]:
            print(f"         error: {error}")
    g = result["gc"]
    if g.get("processes"):
        print(
            f"  GC (our backend, {g['processes']} processes, threshold {g['threshold']}, frozen at"
            f" start {g['frozen']}): collections gen0/1/2 {g['collections']['0']}/"
            f"{g['collections']['1']}/{g['collections']['2']}, longest pause "
            f"{g['max_pause_ms']} ms (by generation {g['max_pause_by_generation_ms']}), "
            f"total {g['total_pause_ms']} ms, over 10 ms: {g['pauses_over_10ms']}, over 100 ms: "
            f"{g['pauses_over_100ms']}"
        )
    else:
        print("  GC: no figures written by the backend")
    print("  aims: p95 < 100 ms at 200 clients; ratio <= 3 at p50 and p95; no GC pause > 100 ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--actions", type=int, default=6, help="user actions per client")
    parser.add_argument("--think", type=float, default=5.0, help="mean seconds between actions")
    parser.add_argument("--ramp", type=int, default=25, help="handshakes at once")
    parser.add_argument("--offerings", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2, help="backend processes with Redis")
    parser.add_argument("--states", choices=("redis", "memory", "both"), default="redis")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    admin = dbadmin.DEFAULT_POSTGRES_ADMIN_URL
    if not dbadmin.postgres_available(admin):
        print("PostgreSQL is not reachable at 127.0.0.1:5432")
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="bench-events-"))
    url = dbadmin.create_postgres_database(prefix="microcred_events", admin_url=admin)
    results = []
    try:
        log(f"building {args.offerings} offerings")
        slugs = catalogue(url, args.offerings)
        for states in ("redis", "memory") if args.states == "both" else (args.states,):
            results.append(run_config(states, args, url, slugs, tmp))
    finally:
        reset_engine()
        dbadmin.drop_postgres_database(url, admin_url=admin)
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for result in results:
            show(result, args.offerings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
