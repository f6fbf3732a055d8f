"""Reflex configuration; every value comes from microcred_market.settings."""

import os

import reflex as rx

from microcred_market.settings import get_settings
from microcred_market.ui.dev_headers import DevServerHeaders
from microcred_market.ui.dev_proxy import BackendDocumentsProxy

os.environ.setdefault("REFLEX_TELEMETRY_ENABLED", "false")
os.environ.setdefault("REFLEX_CHECK_LATEST_VERSION", "false")
os.environ.setdefault("REFLEX_USE_SYSTEM_BUN", "1")

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
    ],
)
