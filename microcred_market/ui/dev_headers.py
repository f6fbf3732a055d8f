"""The security headers in dev mode too (`make run`), where Vite serves the pages.

In production our own middleware adds them (`api/headers.py`); Vite's dev server is not
ours, so this Reflex plugin adds a small Vite plugin to the generated `vite.config.js`
each time the app compiles, which sets the same headers on every response. The policy
allows inline scripts there: the dev server injects its own (hot reload), which change
with every edit.
"""

from __future__ import annotations

import json
from typing import Any

import reflex as rx

from microcred_market.platform import security_headers as policy

VITE_CONFIG = "vite.config.js"
PLUGINS_LIST = "  plugins: [\n"
MARK = "microcred-security-headers"


def dev_server_headers() -> dict[str, str]:
    return {**policy.common_headers(), "content-security-policy": policy.page_policy()}


def with_headers(config: str) -> str:
    """`vite.config.js` with a first plugin that sets our headers on every response.

    A middleware rather than `server.headers`: Vite applies those to static files only,
    and the pages themselves are rendered by React Router's dev middleware.
    """
    if PLUGINS_LIST not in config or MARK in config:
        return config
    headers = json.dumps(dev_server_headers())
    plugin = (
        f"    {{name: {json.dumps(MARK)}, configureServer(server) {{\n"
        "      server.middlewares.use((req, res, next) => {\n"
        f"        for (const [k, v] of Object.entries({headers})) res.setHeader(k, v);\n"
        "        next();\n"
        "      });\n"
        "    }},\n"
    )
    return config.replace(PLUGINS_LIST, PLUGINS_LIST + plugin, 1)


class DevServerHeaders(rx.plugins.Plugin):
    def pre_compile(self, **context: Any) -> None:
        context["add_modify_task"](VITE_CONFIG, with_headers)
