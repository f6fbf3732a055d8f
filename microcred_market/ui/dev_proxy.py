"""In dev mode the site's address is the Vite dev server, which knows nothing of our JSON.

A credential names its issuer `did:web:<site host>:issuers:<slug>`, so a verifier fetches
`<site>/issuers/<slug>/did.json`; in production one port serves pages and backend alike,
but `make run` has the front end on :3000 and the backend on :8000, and the front end
answered those paths with an HTML page. This plugin makes the dev server pass the
backend's public documents through, so what the credential says is true in every mode.
"""

from __future__ import annotations

import json
from typing import Any

import reflex as rx
from reflex_base.plugins.base import Plugin

# The backend paths the site's address must answer (see api.credentials).
PROXIED = ("/issuers/", "/contexts/", "/api/")
VITE_CONFIG = "vite.config.js"
_SERVER = "  server: {\n"


def add_proxy(config_js: str, backend: str) -> str:
    """`vite.config.js` with a `server.proxy` entry per path; unchanged if already there."""
    if "proxy:" in config_js or _SERVER not in config_js:
        return config_js
    rules = {path: {"target": backend, "changeOrigin": False} for path in PROXIED}
    block = f"    proxy: {json.dumps(rules)},\n"
    return config_js.replace(_SERVER, _SERVER + block, 1)


class BackendDocumentsProxy(Plugin):
    def pre_compile(self, **context: Any) -> None:
        port = rx.config.get_config().backend_port or 8000
        backend = f"http://127.0.0.1:{port}"
        context["add_modify_task"](VITE_CONFIG, lambda text: add_proxy(text, backend))
