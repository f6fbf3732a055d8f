"""Reflex configuration; every value comes from microcred_market.settings."""

import os

import reflex as rx

from microcred_market.settings import get_settings
from microcred_market.ui.dev_headers import DevServerHeaders
from microcred_market.ui.dev_proxy import BackendDocumentsProxy
from microcred_market.ui.radix_palette import RadixPalette

os.environ.setdefault("REFLEX_TELEMETRY_ENABLED", "false")
os.environ.setdefault("REFLEX_CHECK_LATEST_VERSION", "false")
os.environ.setdefault("REFLEX_USE_SYSTEM_BUN", "1")
# With Redis (several backend processes), a process keeps a tab's State in memory while no
# other process asks for it, instead of reading and writing it in Redis on every event; a
# process that needs it asks for the lease and gets it at once (Reflex's "oplock"). A
# tab's websocket stays on one process, so the lease is rarely contended. Measured with
# benchmarks/events.py at 200 clients, 2 workers: p50/p95 24/106 ms against 45/742 ms.
os.environ.setdefault("REFLEX_OPLOCK_ENABLED", "true")

settings = get_settings()

config = rx.Config(
    app_name="microcred_market",
    db_url=settings.database_url,
    redis_url=settings.redis_url,
    frontend_port=settings.frontend_port,
    backend_port=settings.backend_port,
    api_url=settings.api_base_url,
    telemetry_enabled=False,
    show_built_with_reflex=False,
    # /sitemap.xml is ours (api/page_head.py: every published offering, from the
    # database); Reflex's would be a static list of routes built once.
    disable_plugins=["reflex_base.plugins.sitemap.SitemapPlugin"],
    plugins=[
        BackendDocumentsProxy(),
        rx.plugins.TailwindV4Plugin(),
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(accent_color="indigo", radius="medium", scaling="100%")
        ),
        DevServerHeaders(),
        RadixPalette(),
    ],
)
