"""Reflex's production test harness, on ports chosen before the app is compiled.

`AppHarnessProd` binds both servers to port 0 and tells the frontend the backend's real
address only after the app module has been imported. Anything a page bakes in at import
time from the settings (form actions that post to the backend, absolute links) would then
point at the default ports 3000/8000. Here the ports are picked first and put into the
environment (FRONTEND_PORT, BACKEND_PORT, API_URL, PUBLIC_BASE_URL), so the settings, the
compiled pages and the running servers all agree. The front-end server is wrapped in the
same middleware as production's one-port server (security headers, head tags, compression).
"""

from __future__ import annotations

import contextvars
import socket
import threading

import reflex
from reflex.testing import AppHarnessProd, _get_uvicorn
from reflex_base.environment import environment
from starlette.applications import Starlette

from microcred_market.api import page_head
from microcred_market.api.app import SERVER_MIDDLEWARE
from microcred_market.api.credentials import PUBLIC_DOCUMENT_ROUTES


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class FixedPortsHarness(AppHarnessProd):
    frontend_port: int = 0
    backend_port: int = 0

    def _start_backend(self):  # same as AppHarnessProd, on self.backend_port
        if self.app_asgi is None:
            msg = "App was not initialized."
            raise RuntimeError(msg)
        environment.REFLEX_SKIP_COMPILE.set(True)
        uvicorn = _get_uvicorn()
        self.backend = uvicorn.Server(
            uvicorn.Config(app=self.app_asgi, host="127.0.0.1", port=self.backend_port)
        )
        self.backend.shutdown = self._get_backend_shutdown_handler()

        def _run_backend(context: contextvars.Context) -> None:
            if self.backend is not None:
                context.run(self.backend.run)

        self.backend_thread = threading.Thread(
            target=_run_backend, args=(contextvars.copy_context(),)
        )
        self.backend_thread.start()

    def _run_frontend(self):  # as AppHarnessProd, on self.frontend_port, with our documents
        uvicorn = _get_uvicorn()
        with reflex.testing.chdir(self.app_path):
            # Production serves pages and backend on one port; the harness has two, so
            # the site's address answers the documents a credential names there too (as
            # a production proxy in front of separate servers must).
            # Wrapped like the one-port production server, so pages carry the same
            # headers, head tags and compression; the sitemap and robots.txt too.
            frontend_app = Starlette(
                routes=[
                    *PUBLIC_DOCUMENT_ROUTES,
                    *page_head.ROUTES,
                    reflex.utils.exec.get_frontend_mount(),
                ],
                middleware=SERVER_MIDDLEWARE,
            )
        self.frontend_server = uvicorn.Server(
            uvicorn.Config(app=frontend_app, host="127.0.0.1", port=self.frontend_port)
        )
        self.frontend_server.run()
