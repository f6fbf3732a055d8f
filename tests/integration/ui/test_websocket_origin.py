"""The websocket answers only pages served from our own addresses.

Browsers send a site's cookies with any websocket handshake and apply no CORS to it, so
a page on another site could otherwise open the socket as the signed-in visitor.
"""

from __future__ import annotations

import pytest

from tests.support.live_app import LiveApp
from tests.support.reflex_socket import ReflexSocket

pytestmark = [pytest.mark.accounts, pytest.mark.security]


def connects(app: LiveApp, origin: str | None) -> bool:
    try:
        socket = ReflexSocket(app.ws, origin=origin)
    except ConnectionError:
        return False
    try:
        socket.emit("reflex___state____state.hydrate", {}, "/", {})
        return bool(socket.updates(quiet=0.3))
    finally:
        socket.close()


def test_a_foreign_origin_is_refused(live: tuple[LiveApp, str]) -> None:
    app, _ = live
    port = app.front.rsplit(":", 1)[1]
    for foreign in (
        "https://evil.example",
        "null",
        "http://127.0.0.1:1",
        f"https://127.0.0.1:{port}",
        f"{app.front}.evil.example",
    ):
        assert not connects(app, foreign), foreign
    assert "is not an accepted origin" in app.log_text()


def test_our_own_pages_connect(live: tuple[LiveApp, str]) -> None:
    app, _ = live
    assert connects(app, app.front)
    assert connects(app, app.front.replace("127.0.0.1", "localhost"))
    assert connects(app, app.url)  # the backend's own address (the production build)
    assert connects(app, None)  # not a browser: no cookie rides along uninvited
