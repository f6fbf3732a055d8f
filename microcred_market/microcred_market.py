"""The Reflex app: the web process. It wires the capabilities, mounts the API routes,
registers the pages and starts the in-process outbox loop."""

from __future__ import annotations

import reflex as rx

from microcred_market import wiring
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
    ],
)
wiring.add_pages(app)
app.register_lifespan_task(outbox_loop)
