"""The real Reflex backend (pages' States, the websocket, the API) in a child process.

The browser tests compile the front end too (minutes); probes of the websocket need only
the backend, so this starts it the way `reflex run --backend-only` would: the app module
imported, `app()` turned into the ASGI app without compiling pages to JavaScript, served
by uvicorn on a free loopback port. A child process keeps the app's module-level
singletons (the State tree, the socket server) out of the test process.

Run as `python -m tests.support.live_app PORT` with the environment already set.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class LiveApp:
    url: str  # the backend: API routes and the websocket
    front: str  # the public address the pages are served from (our Origin)
    log: Path
    pid: int = 0  # the backend process (benchmarks read its CPU time)

    @property
    def ws(self) -> str:
        return "ws" + self.url.removeprefix("http")

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def live_app(env: dict[str, str], tmp: Path) -> Iterator[LiveApp]:
    port = free_port()
    front = f"http://127.0.0.1:{free_port()}"
    full_env = {
        **os.environ,
        **env,
        "BACKEND_PORT": str(port),
        "API_URL": f"http://127.0.0.1:{port}",
        "PUBLIC_BASE_URL": front,
        "REFLEX_ENV_MODE": "prod",
        "PYTHONPATH": str(ROOT),
        # Starting the app, even without compiling pages, clears the export folder's
        # build output: in the project's .web it would take the browser tests' compiled
        # front end away from under them when both run at once (two test workers).
        "REFLEX_WEB_WORKDIR": str(tmp / f"web-{port}"),
    }
    if "REDIS_URL" not in env:
        full_env.pop("REDIS_URL", None)  # in-memory States unless a test asks for Redis
    log = tmp / f"backend-{port}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.support.live_app", str(port)],
            cwd=ROOT,
            env=full_env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    app = LiveApp(url=f"http://127.0.0.1:{port}", front=front, log=log, pid=proc.pid)
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"the backend exited:\n{app.log_text()[-4000:]}")
            try:
                if httpx.get(f"{app.url}/ping", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the backend did not start:\n{app.log_text()[-4000:]}")
            time.sleep(0.3)
        yield app
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _serve(port: int) -> None:
    import uvicorn
    from reflex_base.environment import environment

    from microcred_market.microcred_market import app

    environment.REFLEX_SKIP_COMPILE.set(True)  # the States and the socket, no JavaScript

    uvicorn.run(app(), host="127.0.0.1", port=port, log_level="warning", ws="wsproto")


if __name__ == "__main__":
    _serve(int(sys.argv[1]))
