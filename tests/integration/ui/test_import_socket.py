"""The offering import as the page runs it: the file goes to Reflex's upload endpoint
(streamed into the page's State, bounded), the guarded import event reports its progress
over the websocket while it works, and the report comes back. An upload only
keeps the file: the import runs when the person confirms over their own socket, and a
socket without a live session (someone holding the tab's client token) is sent to sign
in, and nothing is written."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from reflex_base.utils.format import format_event_handler

from microcred_market.catalogue.models import Offering
from microcred_market.platform.cookies import SESSION_COOKIE
from microcred_market.platform.db import session_scope
from microcred_market.ui.pages.catalogue.staff_import import OfferingImportState
from tests.integration.ui.conftest import _live
from tests.support.live_app import LiveApp
from tests.support.portal_world import person, university
from tests.support.reflex_socket import ReflexSocket

pytestmark = [pytest.mark.portal, pytest.mark.security]

PATH = "/staff/uni-a/offerings/import"
ROWS = 400


@pytest.fixture
def live_sqlite(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[LiveApp, str]]:
    yield from _live(request, "sqlite", tmp_path, monkeypatch)


def _file(rows: int, bad_row: int | None = None) -> bytes:
    lines = [
        "title,ects,eqf_level,self_paced,publish,learning_outcomes,nqf_level,nqf_framework,quality_assurance"
    ]
    lines += [
        f"Kurs {n},{'x' if n + 2 == bad_row else '1'},4,yes,{'yes' if n == 0 else 'no'},"
        "Explains it,4,PRK,PKA"
        for n in range(rows)
    ]
    return ("\n".join(lines) + "\n").encode()


def _count(url: str) -> int:
    with session_scope(url) as session:
        return session.execute(
            sa.select(sa.func.count()).select_from(Offering).where(Offering.title.like("Kurs %"))  # type: ignore[attr-defined]
        ).scalar_one()


def _deltas(updates: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The import page State's part of each update."""
    found = []
    for update in updates:
        for name, values in (update.get("delta") or {}).items():
            if name.endswith("offering_import_state"):
                found.append(values)
    return found


def _upload(app: LiveApp, socket: ReflexSocket, data: bytes) -> httpx.Response:
    return httpx.post(
        f"{app.url}/_upload",
        headers={
            "Reflex-Client-Token": socket.token,
            "Reflex-Event-Handler": format_event_handler(OfferingImportState.upload),  # type: ignore[arg-type]
            "Origin": app.front,
        },
        files={"files": ("offerings.csv", data, "text/csv")},
        timeout=30,
    )


def test_the_import_shows_progress_then_its_report_and_needs_a_session(
    live_sqlite: tuple[LiveApp, str],
) -> None:
    app, url = live_sqlite
    owner = person(url, "owner@uni-a.example")
    university(url, "uni-a", owner="owner@uni-a.example")
    load = format_event_handler(OfferingImportState.load)  # type: ignore[arg-type]
    run = format_event_handler(OfferingImportState.run_import)  # type: ignore[arg-type]

    socket = ReflexSocket(app.ws, cookie=f"{SESSION_COOKIE}={owner}", origin=app.front)
    try:
        assert '"allowed_rx_state_":true' in socket.answer(load, {}, PATH, {"slug": "uni-a"})
        # A file with one bad row: a row-by-row report, nothing written.
        assert _upload(app, socket, _file(ROWS, bad_row=7)).status_code in (200, 202)
        assert "offerings.csv" in repr(socket.updates(quiet=1.0))  # ready to import
        socket.emit(run, {}, PATH, {"slug": "uni-a"})
        states = _deltas(socket.updates(quiet=2.0))
        final = states[-1]
        assert final["busy_rx_state_"] is False and final["message_kind_rx_state_"] == "error"
        assert final["problems_rx_state_"][0]["row"] == "7"
        assert final["problems_rx_state_"][0]["column"] == "ects"
        assert _count(url) == 0
        # A good file: the progress moves up while the import runs, then the report.
        assert _upload(app, socket, _file(ROWS)).status_code in (200, 202)
        # Nothing happens until the person confirms on their own socket.
        waiting = _deltas(socket.updates(quiet=1.0))
        assert _count(url) == 0 and not any(d.get("busy_rx_state_") for d in waiting)
        assert any(d.get("pending_name_rx_state_") == "offerings.csv" for d in waiting)
        socket.emit(run, {}, PATH, {"slug": "uni-a"})
        states = _deltas(socket.updates(quiet=2.0))
        progress = [s["progress_rx_state_"] for s in states if "progress_rx_state_" in s]
        assert any(s.get("busy_rx_state_") is True for s in states)
        assert len({p for p in progress if 0 < p < 100}) >= 2, progress
        assert progress == sorted(progress[:-1]) + progress[-1:]
        final = states[-1]
        assert final["busy_rx_state_"] is False and final["message_kind_rx_state_"] == "success"
        assert f"Imported {ROWS} offerings (1 published" in final["message_rx_state_"]
        assert _count(url) == ROWS
    finally:
        socket.close()

    # The same tab without a session (signed out, or someone holding its client token).
    stranger = ReflexSocket(app.ws, token=socket.token, origin=app.front)
    try:
        assert _upload(app, stranger, _file(3)).status_code in (200, 202)
        stranger.updates(quiet=1.0)
        assert "/signin?next=" in stranger.answer(run, {}, PATH, {"slug": "uni-a"})
        assert _count(url) == ROWS
    finally:
        stranger.close()
