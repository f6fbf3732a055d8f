"""The web process tunes its garbage collector once start-up is done, and can report it.

A crowd's events allocate many short-lived objects; with CPython's default thresholds a
young collection ran every 700 allocations and full ones walked the whole start-up heap.
The real backend, started as production starts it, must freeze its start-up heap and
raise the thresholds (`platform/gctune.py`), keep answering the catalogue's events, and,
with MICROCRED_GC_STATS set, write every collection's pause when it stops.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from microcred_market.platform import gctune
from microcred_market.platform.db import session_scope
from tests.conftest import migrated, sqlite_url
from tests.support.live_app import live_app
from tests.support.reflex_socket import ReflexSocket

LOAD = "reflex___state____state.reflex___state____on_load_internal_state.on_load_internal"


def test_the_backend_freezes_its_start_up_heap_and_reports_its_collections(
    tmp_path: Path,
) -> None:
    from microcred_market.catalogue.seed import seed_synthetic

    url = migrated(sqlite_url(tmp_path / "gc.db"))
    with session_scope(url) as session:
        seed_synthetic(session, 30)
    data = tmp_path / "data"
    data.mkdir()
    stats = tmp_path / "gc"
    env = {
        "DATABASE_URL": url,
        "DATA_DIR": str(data),
        "INPROCESS_WORKER": "0",
        gctune.STATS_ENV: str(stats),
    }
    with live_app(env, tmp_path) as app:
        socket = ReflexSocket(app.ws, origin=app.front)
        try:
            text = socket.answer(LOAD, {}, "/catalogue", {})
        finally:
            socket.close()
        # The catalogue still answers with its cards.
        assert re.search(r'"total(?:_rx_state_)?":\s*30\b', text), text[:500]
        assert not list(stats.glob("gc-*.json"))  # written when the process stops
    written = list(stats.glob("gc-*.json"))
    assert len(written) == 1, app.log_text()[-2000:]
    figures = json.loads(written[0].read_text())
    assert tuple(figures["threshold"]) == gctune.THRESHOLDS
    # Start-up's heap (the State tree, components, mappers) went to the permanent generation.
    assert figures["frozen_at_start"] > 50_000
    # The collection made before freezing was timed, so the callback is in place.
    assert figures["collections"]["2"] >= 1
    assert figures["max_ms"] > 0
    assert len(figures["pauses_ms"]) == sum(figures["collections"].values())
