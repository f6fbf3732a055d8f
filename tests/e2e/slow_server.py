"""A slow backend on demand, and a record of everything a page showed on its way.

A loading state lies in the moments before the server's answer arrives: on localhost
those are a few milliseconds, too short to catch reliably. `SlowSocket` sits between
the page and the backend's websocket and hands the server's messages over one at a
time, each after a pause, so every intermediate screen is shown long enough to be
seen; `record_main` keeps the text of `<main>` after every change of the page.
"""

from __future__ import annotations

import re
import time
from typing import Any

from playwright.sync_api import Page

# Keeps every distinct text of <main> (and whether a skeleton was in it) from the very
# first paint of the prerendered page on.
_RECORD = """
(() => {
  window.__seen = [];
  const snap = () => {
    const main = document.querySelector('main');
    if (!main) return;
    const entry = {text: main.innerText, skeleton: !!main.querySelector('.skeleton')};
    const last = window.__seen[window.__seen.length - 1];
    if (!last || last.text !== entry.text || last.skeleton !== entry.skeleton) {
      window.__seen.push(entry);
    }
  };
  new MutationObserver(snap).observe(document, {subtree: true, childList: true,
                                                characterData: true, attributes: true});
  document.addEventListener('DOMContentLoaded', snap);
})();
"""


def record_main(page: Page) -> None:
    page.add_init_script(_RECORD)


def seen(page: Page) -> list[dict[str, Any]]:
    """Every text `<main>` showed since the page was opened, oldest first."""
    return list(page.evaluate("window.__seen || []"))


def forget(page: Page) -> None:
    page.evaluate("window.__seen = []")


class SlowSocket:
    """Routes the page's websocket through the test; `slow()` delays the server's side."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.holding = False
        self.queue: list[tuple[Any, str | bytes]] = []
        page.route_web_socket(re.compile(r"/_event/"), self._route)

    def _route(self, ws: Any) -> None:
        server = ws.connect_to_server()

        def from_server(message: str | bytes) -> None:
            if self.holding:
                self.queue.append((ws, message))
            else:
                ws.send(message)

        server.on_message(from_server)

    def hold(self) -> None:
        self.holding = True

    def trickle(self, gap_ms: int = 400, quiet_ms: int = 1500) -> None:
        """Hand the held messages over one by one, `gap_ms` apart, until the server has
        said nothing for `quiet_ms`; then let everything through again."""
        quiet_since = time.monotonic()
        while True:
            self.page.wait_for_timeout(gap_ms)  # lets the routing callbacks run
            if self.queue:
                ws, message = self.queue.pop(0)
                ws.send(message)
                quiet_since = time.monotonic()
            elif (time.monotonic() - quiet_since) * 1000 > quiet_ms:
                break
        self.holding = False
