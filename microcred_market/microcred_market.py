"""The Reflex app: the web process. It wires the capabilities, mounts the API routes,
registers the pages and starts the in-process outbox loop."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import reflex as rx

from microcred_market import wiring
from microcred_market.api.deps import allowed_origins
from microcred_market.platform import gctune
from microcred_market.ui.components.document import first_visit_language
from microcred_market.ui.state.auth import SessionBinding
from microcred_market.worker import outbox_loop

wiring.wire()
app = rx.App(
    stylesheets=["/styles.css"],
    api_transformer=wiring.build_api(),
    head_components=[
        rx.el.meta(
            name="description",
            content="Short university courses that end in a verifiable micro-credential.",
        ),
        first_visit_language(),
    ],
)
wiring.add_pages(app)
# First, so that even Reflex's hydrate never sends what was loaded under a dead session.
app.add_middleware(SessionBinding(), index=0)
app.register_lifespan_task(outbox_loop)


@contextlib.asynccontextmanager
async def garbage_collector() -> AsyncIterator[None]:
    """Start-up is done in this process (each forked worker too): freeze and tune the GC."""
    gctune.start()
    try:
        yield
    finally:
        gctune.finish()


app.register_lifespan_task(garbage_collector)


def _our_origin(origin: str, environ: Any = None) -> bool:
    """The websocket answers pages served from our public addresses only.

    Browsers send any site's cookies with a websocket handshake and apply no CORS to it,
    so without this a page elsewhere could open a socket as the signed-in visitor. A
    client that sends no Origin is not a browser and gets nothing a cookie does not allow.
    """
    return origin in allowed_origins()


# Reflex allows every origin on its socket ("*" by default, one list for the HTTP API too);
# the JSON API keeps its own CORS rules, only the socket is narrowed here.
if app.sio is not None:
    app.sio.eio.cors_allowed_origins = _our_origin
