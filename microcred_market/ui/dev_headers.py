"""The security headers in dev mode too (`make run`), where Vite serves the pages.

In production our own middleware adds them (`api/headers.py`); Vite's dev server is not
ours, so this Reflex plugin writes the same headers into the `server.headers` of the
generated `vite.config.js` each time the app compiles. The policy allows inline scripts
there: the dev server injects its own (hot reload), which change with every edit.
"""

from __future__ import annotations

import json
from typing import Any

import reflex as rx

from microcred_market.platform import security_headers as policy

VITE_CONFIG = "vite.config.js"
SERVER_BLOCK = "  server: {\n"


def dev_server_headers() -> dict[str, str]:
    return {**policy.common_headers(), "content-security-policy": policy.page_policy()}


def with_headers(config: str) -> str:
    """`vite.config.js` with our headers in its `server` block (unchanged if none)."""
    if SERVER_BLOCK not in config or "microcred security headers" in config:
        return config
    line = f"    headers: {json.dumps(dev_server_headers())}, // microcred security headers\n"
    return config.replace(SERVER_BLOCK, SERVER_BLOCK + line, 1)


class DevServerHeaders(rx.plugins.Plugin):
    def pre_compile(self, **context: Any) -> None:
        context["add_modify_task"](VITE_CONFIG, with_headers)
