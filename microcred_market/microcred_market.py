"""The Reflex app: pages, the API routes and the shared stylesheet."""

from __future__ import annotations

import reflex as rx

from microcred_market.api.app import build_api
from microcred_market.ui import pages  # noqa: F401  (registers the pages)
from microcred_market.ui.pages.not_found import not_found_page
from microcred_market.worker import outbox_loop

app = rx.App(
    stylesheets=["/styles.css"],
    api_transformer=build_api(),
    head_components=[
        rx.el.meta(
            name="description",
            content="Short university courses that end in a verifiable micro-credential.",
        ),
    ],
)
app.add_page(not_found_page, route="404", title="Not found · microcred")
app.register_lifespan_task(outbox_loop)
