"""500 learners taking a 40-question timed quiz at once, over the real websocket event path.

Each learner is what a browser tab does on the quiz page, spoken as Socket.IO over a raw
websocket (asyncio, one process, so 500 sockets fit on a small machine): hydrate, start
the quiz from My learning (`TakeQuizState.start`), open the attempt's page (`load`), then
one autosave event per question (`choose` / `type_text`, with a think time between
answers), then `submit`. The backend is the real app (`tests/support/live_app.py`) with
Reflex keeping every State in Redis, on PostgreSQL by default. Timed: each autosave and
each submit, from sending the event to the server's answer arriving (the frame carrying
the re-synchronised countdown). Afterwards the database is counted: every answer stored
exactly once (one row per question, one save each) and every attempt submitted.

The same clients then run against a blank Reflex app (one State, one handler setting a
string, also with Redis state) with the same think time: its event round trip is the
baseline, and the ratio autosave/blank is the cost of our handler (session check,
ownership, deadline, answer cleaning, one upsert) on top of Reflex's own.

    .venv/bin/python -m benchmarks.assessments                      # 500 learners, ~3-5 min
    .venv/bin/python -m benchmarks.assessments --learners 100 --think 1 --sqlite
    .venv/bin/python -m benchmarks.assessments --json

Aim: p95 autosave < 150 ms; ratio <= 2. On a shared 2-core machine the figures move
with everyone else's load: compare runs made under the same conditions.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import sqlalchemy as sa
from wsproto import ConnectionType, WSConnection
from wsproto.events import (
    AcceptConnection,
    CloseConnection,
    Message,
    Ping,
    RejectConnection,
    Request,
    TextMessage,
)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("REFLEX_TELEMETRY_ENABLED", "false")
os.environ.setdefault("REFLEX_CHECK_LATEST_VERSION", "false")

from microcred_market.accounts import service as accounts  # noqa: E402
from microcred_market.assessments.models import (  # noqa: E402
    AssessmentComponent,
    QuizAnswer,
    QuizAttempt,
)
from microcred_market.platform import dbadmin  # noqa: E402
from microcred_market.platform.cookies import SESSION_COOKIE  # noqa: E402
from microcred_market.platform.db import reset_engine, session_scope  # noqa: E402
from tests.conftest import migrated, sqlite_url  # noqa: E402
from tests.support.assessment_world import make_assessed_world  # noqa: E402
from tests.support.live_app import free_port, live_app  # noqa: E402
from tests.support.quiz_world import question, right_answer  # noqa: E402

NAMESPACE = "/_event"
HYDRATE = "reflex___state____state.hydrate"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
KINDS = ("single", "truefalse", "numeric")
# How long one answer may take before the learner counts as failed (an overloaded
# machine answers late, not never; a lost answer is what the counts then show).
SLOW = 300.0


# ---------------------------------------------------------------- a Socket.IO client


class Socket:
    """Engine.IO 4 / Socket.IO 5 over one websocket, on asyncio streams with wsproto."""

    def __init__(self) -> None:
        self.ws = WSConnection(ConnectionType.CLIENT)
        self.reader: asyncio.StreamReader
        self.writer: asyncio.StreamWriter
        self.inbox: asyncio.Queue[str] = asyncio.Queue()
        self._parts: list[str] = []
        self._pump: asyncio.Task[None] | None = None

    async def connect(self, url: str, token: str, headers: dict[str, str]) -> None:
        where = urlsplit(url)
        host, port = where.hostname or "127.0.0.1", where.port or 80
        self.reader, self.writer = await asyncio.open_connection(host, port)
        target = f"{NAMESPACE}/?EIO=4&transport=websocket&token={token}"
        extra = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
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
                    await self._namespace()
                    return
                if isinstance(event, RejectConnection):
                    raise ConnectionError(f"refused: {event.status_code}")

    async def _namespace(self) -> None:
        while not (await self.inbox.get()).startswith("0"):
            pass  # the Engine.IO open packet
        await self.send_raw(f"40{NAMESPACE},")
        while not (await self.inbox.get()).startswith(f"40{NAMESPACE},"):
            pass

    async def _read(self) -> None:
        while True:
            data = await self.reader.read(65536)
            if not data:
                return
            self.ws.receive_data(data)
            for event in self.ws.events():
                if isinstance(event, TextMessage):
                    self._parts.append(event.data)
                    if event.message_finished:
                        text, self._parts = "".join(self._parts), []
                        if text == "2":  # Engine.IO ping
                            await self.send_raw("3")
                        else:
                            self.inbox.put_nowait(text)
                elif isinstance(event, Ping):
                    self.writer.write(self.ws.send(event.response()))
                elif isinstance(event, CloseConnection):
                    return

    async def send_raw(self, text: str) -> None:
        self.writer.write(self.ws.send(Message(data=text)))
        await self.writer.drain()

    async def emit(
        self, name: str, payload: dict[str, Any], path: str, query: dict[str, str]
    ) -> None:
        event = {
            "name": name,
            "payload": payload,
            "router_data": {"pathname": path, "asPath": path, "query": query},
        }
        await self.send_raw(f"42{NAMESPACE}," + json.dumps(["event", event]))

    async def until(self, marker: str, timeout: float = 60) -> str:
        """Frames until one contains `marker`; returns that frame."""
        async with asyncio.timeout(timeout):
            while True:
                frame = await self.inbox.get()
                if marker in frame:
                    return frame

    async def close(self) -> None:
        try:
            self.writer.write(self.ws.send(CloseConnection(code=1000)))
            await self.writer.drain()
        except Exception:  # noqa: BLE001 (already gone)
            pass
        if self._pump is not None:
            self._pump.cancel()
        self.writer.close()


# ---------------------------------------------------------------- the two apps


@dataclass
class Learner:
    token: str  # session cookie
    enrolment: str


@dataclass
class Figures:
    saves: list[float] = field(default_factory=list)
    submits: list[float] = field(default_factory=list)
    starts: list[float] = field(default_factory=list)  # start + load of the page
    errors: list[str] = field(default_factory=list)
    wall: float = 0.0


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def _think(mean: float) -> float:
    return random.uniform(0.5 * mean, 1.5 * mean) if mean > 0 else 0.0


async def _run_all(
    n: int,
    ramp: int,
    connect: Callable[[int], Any],
    body: Callable[[int, Socket, Figures], Any],
) -> Figures:
    """Connect every client (at most `ramp` handshakes at once), then start them together."""
    figures = Figures()
    gate = asyncio.Semaphore(ramp)
    go = asyncio.Event()
    ready = 0
    all_ready = asyncio.Event()

    async def one(i: int) -> None:
        nonlocal ready
        sock = None
        try:
            async with gate:
                sock = await connect(i)
        except Exception as error:  # noqa: BLE001 (counted and shown)
            figures.errors.append(f"connect: {type(error).__name__}: {error}"[:200])
        finally:
            ready += 1
            if ready == n:
                all_ready.set()
        if sock is None:
            return
        await go.wait()
        try:
            await body(i, sock, figures)
        except Exception as error:  # noqa: BLE001 (counted and shown)
            figures.errors.append(f"{type(error).__name__}: {error}"[:200])
        finally:
            await sock.close()

    tasks = [asyncio.create_task(one(i)) for i in range(n)]
    await all_ready.wait()
    start = time.perf_counter()
    go.set()
    await asyncio.gather(*tasks)
    figures.wall = time.perf_counter() - start
    return figures


def quiz_clients(
    app_ws: str,
    origin: str,
    learners: list[Learner],
    component: str,
    bank: list[dict[str, Any]],
    think: float,
    ramp: int,
) -> Figures:
    from reflex_base.utils.format import format_event_handler

    from microcred_market.ui.pages.assessments.take import TakeQuizState

    def name(handler: str) -> str:
        return format_event_handler(TakeQuizState.event_handlers[handler])

    names = {h: name(h) for h in ("start", "load", "choose", "type_text", "submit")}

    async def connect(i: int) -> Socket:
        sock = Socket()
        await sock.connect(
            app_ws,
            f"bench-{i}-{random.getrandbits(32)}",
            {"Origin": origin, "Cookie": f"{SESSION_COOKIE}={learners[i].token}"},
        )
        return sock

    async def body(i: int, sock: Socket, figures: Figures) -> None:
        # The learners open the quiz within the first think time, not in one millisecond.
        await asyncio.sleep(random.uniform(0, think))
        await sock.emit(HYDRATE, {}, "/learning", {})
        await sock.until("delta", SLOW)
        t0 = time.perf_counter()
        payload = {"enrolment": learners[i].enrolment, "component": component}
        await sock.emit(names["start"], payload, "/learning", {})
        frame = await sock.until("/assess/quiz/", SLOW)
        attempt = re.search(r"/assess/quiz/([0-9a-f-]{36})", frame).group(1)  # type: ignore[union-attr]
        path, query = f"/assess/quiz/{attempt}", {"attempt": attempt}
        await sock.emit(names["load"], {}, path, query)
        await sock.until("__quizTimer", SLOW)
        figures.starts.append((time.perf_counter() - t0) * 1000)
        for q in bank:
            await asyncio.sleep(_think(think))
            handler = "type_text" if q["kind"] == "numeric" else "choose"
            value = right_answer(q)
            payload = {"ident": q["id"], "value": "true" if value is True else value}
            t0 = time.perf_counter()
            await sock.emit(names[handler], payload, path, query)
            frame = await sock.until("__quizTimer", SLOW)
            figures.saves.append((time.perf_counter() - t0) * 1000)
            if "error_rx_state_" in frame and '"error_rx_state_":""' not in frame:
                figures.errors.append(f"save refused: {frame[:200]}")
        await asyncio.sleep(_think(think))
        t0 = time.perf_counter()
        await sock.emit(names["submit"], {}, path, query)
        await sock.until("__quizTimer", SLOW)
        figures.submits.append((time.perf_counter() - t0) * 1000)

    return asyncio.run(_run_all(len(learners), ramp, connect, body))


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

BLANK_SERVE = """
import sys
from pathlib import Path

import uvicorn
from reflex_base.environment import environment
from reflex_base.utils.format import format_event_handler

from blank.blank import BenchState, app

environment.REFLEX_SKIP_COMPILE.set(True)
Path("event_name.txt").write_text(format_event_handler(BenchState.event_handlers["set_value"]))
uvicorn.run(app(), host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", ws="wsproto")
"""


@contextmanager
def blank_app(tmp: Path) -> Iterator[tuple[str, str]]:
    """A Reflex app with one State and one handler, with Redis state: (ws url, event name)."""
    where = tmp / "blankapp"
    (where / "blank").mkdir(parents=True)
    (where / "blank" / "__init__.py").write_text("")
    (where / "blank" / "blank.py").write_text(BLANK_APP)
    (where / "serve.py").write_text(BLANK_SERVE)
    (where / "rxconfig.py").write_text(
        textwrap.dedent(
            f"""
            import reflex as rx
            config = rx.Config(app_name="blank", telemetry_enabled=False,
                               redis_url={REDIS_URL!r}, plugins=[])
            """
        )
    )
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REFLEX_REDIS", "PYTHONPATH"))}
    env.update(REFLEX_ENV_MODE="prod", REFLEX_TELEMETRY_ENABLED="false", PYTHONPATH=str(where))
    log = (tmp / "blank.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "serve.py", str(port)], cwd=where, env=env, stdout=log, stderr=log
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                raise RuntimeError((tmp / "blank.log").read_text()[-3000:])
            try:
                if httpx.get(f"http://127.0.0.1:{port}/ping", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the blank app did not start")
            time.sleep(0.3)
        yield f"ws://127.0.0.1:{port}", (where / "event_name.txt").read_text()
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def blank_clients(ws: str, event: str, n: int, events: int, think: float, ramp: int) -> Figures:
    async def connect(i: int) -> Socket:
        sock = Socket()
        await sock.connect(ws, f"blank-{i}-{random.getrandbits(32)}", {})
        return sock

    async def body(i: int, sock: Socket, figures: Figures) -> None:
        await asyncio.sleep(random.uniform(0, think))
        await sock.emit(HYDRATE, {}, "/", {})
        await sock.until("delta", SLOW)
        for k in range(events):
            await asyncio.sleep(_think(think))
            mark = f"v{i}x{k}y{random.getrandbits(24)}"
            t0 = time.perf_counter()
            await sock.emit(event, {"value": mark}, "/", {})
            await sock.until(mark, SLOW)
            figures.saves.append((time.perf_counter() - t0) * 1000)

    return asyncio.run(_run_all(n, ramp, connect, body))


# ---------------------------------------------------------------- the run


def prepare(url: str, n: int, questions: int) -> tuple[list[Learner], str, list[dict[str, Any]]]:
    aw = make_assessed_world(url, learners=n, slug="benchuni", moderated=True)
    bank = [question(f"q{i:02d}", KINDS[i % len(KINDS)]) for i in range(questions)]
    from tests.support.quiz_world import add_questions

    add_questions(url, aw.quiz_id, bank, time_limit_minutes=60, attempts=1)
    with session_scope(url) as session:
        component = session.get(AssessmentComponent, aw.quiz_id)
        assert component is not None
        tokens = [accounts.create_session(session, uid) for uid in aw.world.learners]
        component_uuid = str(component.uuid)
    learners = [Learner(t, e) for t, e in zip(tokens, aw.world.enrolments, strict=True)]
    return learners, component_uuid, bank


def count(url: str) -> dict[str, int]:
    with session_scope(url) as session:
        answers = sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(QuizAnswer.saves), 0))
        rows, saves = session.execute(answers).one()
        dupes = session.execute(
            sa.select(sa.func.count()).select_from(
                sa.select(QuizAnswer.attempt_id, QuizAnswer.question_ident)
                .group_by(QuizAnswer.attempt_id, QuizAnswer.question_ident)
                .having(sa.func.count() > 1)
                .subquery()
            )
        ).scalar_one()
        attempts = session.execute(sa.select(sa.func.count()).select_from(QuizAttempt)).scalar_one()
        submitted = session.execute(
            sa.select(sa.func.count())
            .select_from(QuizAttempt)
            .where(QuizAttempt.status == "submitted")
        ).scalar_one()
    return {
        "answer_rows": int(rows),
        "saves": int(saves),
        "duplicate_rows": int(dupes),
        "attempts": int(attempts),
        "submitted": int(submitted),
    }


def flush_redis() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=500)
    parser.add_argument("--questions", type=int, default=40)
    parser.add_argument("--think", type=float, default=10.0, help="mean seconds between answers")
    parser.add_argument("--ramp", type=int, default=25, help="handshakes at once")
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    parser.add_argument("--no-blank", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    flush_redis()
    tmp = Path(tempfile.mkdtemp(prefix="bench-assess-"))
    admin = dbadmin.DEFAULT_POSTGRES_ADMIN_URL
    if args.sqlite:
        url = migrated(sqlite_url(tmp / "bench.db"))
    elif dbadmin.postgres_available(admin):
        url = migrated(dbadmin.create_postgres_database(admin_url=admin))
    else:
        print("PostgreSQL is not reachable at 127.0.0.1:5432; use --sqlite")
        return 2
    engine = "SQLite" if args.sqlite else "PostgreSQL"
    try:
        t0 = time.perf_counter()
        learners, component, bank = prepare(url, args.learners, args.questions)
        setup = time.perf_counter() - t0
        data = tmp / "data"
        data.mkdir()
        env = {
            "DATABASE_URL": url,
            "DATA_DIR": str(data),
            "INPROCESS_WORKER": "0",
            "REDIS_URL": REDIS_URL,
        }
        with live_app(env, tmp) as app:
            quiz = quiz_clients(app.ws, app.front, learners, component, bank, args.think, args.ramp)
        counted = count(url)
        blank = Figures()
        if not args.no_blank:
            flush_redis()
            with blank_app(tmp) as (ws, event):
                blank = blank_clients(
                    ws, event, args.learners, args.questions, args.think, args.ramp
                )
    finally:
        reset_engine()
        if not args.sqlite:
            dbadmin.drop_postgres_database(url, admin_url=admin)
        flush_redis()

    expected = args.learners * args.questions
    exactly_once = (
        counted["answer_rows"] == expected
        and counted["saves"] == expected
        and counted["duplicate_rows"] == 0
        and counted["submitted"] == args.learners
    )
    ratio95 = pct(quiz.saves, 95) / pct(blank.saves, 95) if blank.saves else float("nan")
    ratio50 = pct(quiz.saves, 50) / pct(blank.saves, 50) if blank.saves else float("nan")
    figures = {
        "engine": engine,
        "learners": args.learners,
        "questions": args.questions,
        "think_s": args.think,
        "setup_s": round(setup, 1),
        "wall_s": round(quiz.wall, 1),
        "autosaves": len(quiz.saves),
        "autosaves_per_s": round(len(quiz.saves) / quiz.wall, 1) if quiz.wall else 0,
        "autosave_p50_ms": round(pct(quiz.saves, 50), 1),
        "autosave_p95_ms": round(pct(quiz.saves, 95), 1),
        "autosave_max_ms": round(max(quiz.saves, default=float("nan")), 1),
        "submit_p50_ms": round(pct(quiz.submits, 50), 1),
        "submit_p95_ms": round(pct(quiz.submits, 95), 1),
        "start_p50_ms": round(pct(quiz.starts, 50), 1),
        "start_p95_ms": round(pct(quiz.starts, 95), 1),
        "blank_events": len(blank.saves),
        "blank_p50_ms": round(pct(blank.saves, 50), 1),
        "blank_p95_ms": round(pct(blank.saves, 95), 1),
        "ratio_p50": round(ratio50, 2),
        "ratio_p95": round(ratio95, 2),
        "errors": len(quiz.errors) + len(blank.errors),
        "counted": counted,
        "every_answer_stored_once": exactly_once,
    }
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(
            f"assessments benchmark: {args.learners} learners x {args.questions} questions, "
            f"{engine}, Reflex states in Redis, think {args.think:g} s"
        )
        print(f"  setup                      {setup:8.1f} s")
        print(
            f"  quiz run                   {quiz.wall:8.1f} s   "
            f"({figures['autosaves_per_s']} autosaves/s)"
        )
        print(
            f"  autosave p50 / p95 / max   {figures['autosave_p50_ms']:8.1f} / "
            f"{figures['autosave_p95_ms']} / {figures['autosave_max_ms']} ms   (aim p95 < 150)"
        )
        print(
            f"  submit   p50 / p95         {figures['submit_p50_ms']:8.1f} / "
            f"{figures['submit_p95_ms']} ms"
        )
        print(
            f"  start+load p50 / p95       {figures['start_p50_ms']:8.1f} / "
            f"{figures['start_p95_ms']} ms"
        )
        print(
            f"  blank Reflex event p50/p95 {figures['blank_p50_ms']:8.1f} / "
            f"{figures['blank_p95_ms']} ms   ({len(blank.saves)} events)"
        )
        print(
            f"  ratio autosave/blank       p50 {figures['ratio_p50']}, "
            f"p95 {figures['ratio_p95']}   (aim <= 2)"
        )
        print(
            f"  stored: {counted['answer_rows']} answer rows, {counted['saves']} saves, "
            f"{counted['duplicate_rows']} duplicated, {counted['submitted']}/"
            f"{counted['attempts']} attempts submitted -> "
            f"{'every answer exactly once' if exactly_once else 'MISMATCH'}"
        )
        for error in (quiz.errors + blank.errors)[:5]:
            print(f"  error: {error}")
        if len(quiz.saves) > 1:
            print(f"  autosave mean {statistics.mean(quiz.saves):.1f} ms")
    return 0 if exactly_once else 1


if __name__ == "__main__":
    sys.exit(main())
