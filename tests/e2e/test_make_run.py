"""A newcomer's first minutes: `make run` in a fresh clone, exactly as the README says.

The dev server reloads its backend whenever a watched file changes. When the SQLite files
were watched, the outbox loop touching them restarted the backend every few seconds
(844 recompiles in 40 minutes) and pages took 2.6-8.8 s to show anything. This test clones
the committed HEAD into a temporary folder, runs `make run` there (which makes its own
virtualenv and database, so the first start takes minutes), opens the first page, leaves
the app idle for 60 s with a tab open, and then fails if the backend restarted or compiled
again, if the database files changed while nothing happened, or if a page then needs more
than 2 s to show its content in a phone-sized Chromium.

MAKE_RUN_REF picks another commit to measure (default HEAD); MAKE_RUN_KEEP=1 keeps the
clone and prints its path.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.harness import free_port
from tests.e2e.support import CHROMIUM, PHONE

playwright_sync = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parents[2]
FIRST_START_S = 20 * 60  # a fresh virtualenv, bun packages and the first compile
IDLE_S = 60
CONTENT_S = 2.0
# What the dev server prints each time it loads the app again: the backend's reloader
# (granian or uvicorn) and Reflex compiling the pages.
RELOAD = re.compile(r"reloading|detected changes|compiling.*100%", re.IGNORECASE)
# Pages with what shows that their content is there (not a skeleton, not "Loading").
PAGES = (
    ("/", "main a[href^='/universities/']"),
    ("/catalogue", ".offering-card"),
    ("/offerings/uw-analiza-danych-python", "#facts"),
    ("/universities/uniwersytet-warszawski", "main .offering-card"),
    ("/verify", "#credential-json"),
    ("/signin", "#signin-form"),
)
# Variables of this test process that must not leak into the clone's own setup.
DROP_ENV = (
    "DATABASE_URL",
    "REDIS_URL",
    "PUBLIC_BASE_URL",
    "API_URL",
    "DATA_DIR",
    "SMTP_URL",
    "VIRTUAL_ENV",
    "PYTHONPATH",
    "REFLEX_ENV_MODE",
    "REFLEX_SKIP_COMPILE",
    "PYTEST_CURRENT_TEST",
)


@dataclass
class Output:
    """Every line the dev server printed, read in the background so its pipe never fills."""

    lines: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def follow(self, stream) -> None:
        for raw in iter(stream.readline, b""):
            # A progress bar redraws itself with carriage returns: each redraw is a line.
            parts = [p.rstrip() for p in raw.decode(errors="replace").split("\r")]
            with self.lock:
                self.lines.extend(p for p in parts if p)

    def reloads(self) -> list[str]:
        with self.lock:
            return [line for line in self.lines if RELOAD.search(line)]

    def tail(self, n: int = 60) -> str:
        with self.lock:
            return "\n".join(self.lines[-n:])


def _clean_env(frontend_port: int, backend_port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in DROP_ENV}
    here_bin = str(ROOT / ".venv" / "bin")
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p != here_bin)
    env["FRONTEND_PORT"] = str(frontend_port)
    env["BACKEND_PORT"] = str(backend_port)
    return env


@dataclass
class Running:
    clone: Path
    url: str
    output: Output
    process: subprocess.Popen


@pytest.fixture(scope="module")
def make_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    for tool in ("git", "make", "npm"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is needed to run `make run` in a fresh clone")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    clone = tmp_path_factory.mktemp("fresh") / "microcred_market"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    ref = os.environ.get("MAKE_RUN_REF")
    if ref:
        subprocess.run(["git", "-C", str(clone), "checkout", "--quiet", ref], check=True)
    frontend_port, backend_port = free_port(), free_port()
    output = Output()
    process = subprocess.Popen(
        ["make", "run"],
        cwd=clone,
        env=_clean_env(frontend_port, backend_port),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, so the whole tree stops with it
    )
    assert process.stdout is not None
    threading.Thread(target=output.follow, args=(process.stdout,), daemon=True).start()
    try:
        yield Running(clone, f"http://localhost:{frontend_port}", output, process)
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL):
            if process.poll() is not None:
                break
            os.killpg(process.pid, sig)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                continue
        if os.environ.get("MAKE_RUN_KEEP") == "1":
            print(f"clone kept at {clone}")
        else:
            shutil.rmtree(clone.parent, ignore_errors=True)


def _wait_for_first_page(page, running: Running) -> None:
    """Open the home page until it shows its content: the first start compiles everything."""
    deadline = time.monotonic() + FIRST_START_S
    while True:
        if running.process.poll() is not None:
            pytest.fail(
                f"`make run` ended with {running.process.returncode}:\n{running.output.tail()}"
            )
        try:
            page.goto(running.url + "/", timeout=60_000)
            page.locator(PAGES[0][1]).first.wait_for(state="visible", timeout=60_000)
            return
        except playwright_sync.Error:
            if time.monotonic() > deadline:
                pytest.fail(f"no first page after {FIRST_START_S} s:\n{running.output.tail()}")
            time.sleep(5)


def _db_files(clone: Path) -> dict[str, tuple[int, int]]:
    return {
        p.name: (p.stat().st_mtime_ns, p.stat().st_size)
        for p in sorted((clone / "data").glob("*.db*"))
    }


def _time_to_content(page, url: str, selector: str, timeout_ms: int = 30_000) -> float:
    """Seconds from asking for `url` until `selector` shows; infinity if it never does."""
    start = time.monotonic()
    try:
        page.goto(url, wait_until="commit", timeout=timeout_ms)
        page.locator(selector).first.wait_for(state="visible", timeout=timeout_ms)
    except playwright_sync.Error:
        return float("inf")
    return time.monotonic() - start


@pytest.mark.e2e
def test_make_run_in_a_fresh_clone_stays_up_while_idle_and_answers_fast(
    make_run: Running,
    chromium_browser: Any,
) -> None:
    context = chromium_browser.new_context(viewport=PHONE, locale="en-GB", is_mobile=True)
    try:
        tab = context.new_page()
        _wait_for_first_page(tab, make_run)
        # The dev server compiles each page the first time it is asked for: ask once,
        # untimed, so the figures below measure a warm server as a newcomer meets it.
        warm = {
            path: _time_to_content(tab, make_run.url + path, selector, 120_000)
            for path, selector in PAGES[1:]
        }
        tab.goto(make_run.url + "/")
        time.sleep(5)  # let the kicks after the first requests settle

        reloads_before = len(make_run.output.reloads())
        files_before = _db_files(make_run.clone)
        time.sleep(IDLE_S)  # a newcomer reading the home page, the tab left open
        reloads = make_run.output.reloads()[reloads_before:]
        files_after = _db_files(make_run.clone)
        alive = make_run.process.poll() is None

        times: dict[str, float] = {}
        for path, selector in PAGES:
            fresh = context.new_page()
            times[path] = round(_time_to_content(fresh, make_run.url + path, selector), 2)
            fresh.close()
    finally:
        context.close()
    print(
        f"\nreloads while idle for {IDLE_S} s: {len(reloads)}; first visits: {warm}; "
        f"time to content on a phone afterwards: {times}"
    )
    assert alive, make_run.output.tail()
    assert not reloads, "the backend reloaded while idle:\n" + "\n".join(reloads[:20])
    assert files_after == files_before, "an idle app wrote to its database files"
    slow = {path: t for path, t in times.items() if t > CONTENT_S}
    assert not slow, f"pages slower than {CONTENT_S} s to show content: {slow}"
