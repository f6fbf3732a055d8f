"""A raw client of Reflex's websocket: Engine.IO 4 / Socket.IO 5 spoken by hand.

This is what an attacker has: any client token, any cookie (or none), any Origin, and
events named and routed as they like. It sends what the page's JavaScript would send
(`["event", {name, payload, router_data}]` on the `/_event` namespace) and collects the
state updates the backend answers with, as parsed dicts and as raw text.
"""

from __future__ import annotations

import contextlib
import json
import time
import uuid
from typing import Any

import simple_websocket

NAMESPACE = "/_event"
# A public handler that echoes its argument (in the redirect it answers with).
MARKER_EVENT = (
    "reflex___state____state.microcred_market___ui___pages___catalogue___search____catalogue_state"
    ".on_type"
)


class ReflexSocket:
    def __init__(
        self,
        ws_url: str,
        token: str | None = None,
        cookie: str | None = None,
        origin: str | None = None,
    ) -> None:
        self.token = token or str(uuid.uuid4())
        headers = {}
        if cookie:
            headers["Cookie"] = cookie
        if origin:
            headers["Origin"] = origin
        try:
            self.ws = simple_websocket.Client.connect(
                f"{ws_url}/_event/?EIO=4&transport=websocket&token={self.token}",
                headers=headers,
            )
        except simple_websocket.ConnectionError as error:  # the handshake was refused
            raise ConnectionError(str(error)) from error
        self.raw: list[str] = []
        # The Engine.IO open packet ("0{...}") can arrive with the handshake's response and
        # then never reaches `receive` (simple-websocket); it carries nothing needed here.
        self.ws.receive(timeout=0.5)
        self.ws.send(f"40{NAMESPACE},")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            packet = self._receive(1)
            if packet and packet.startswith(f"40{NAMESPACE},"):
                return
            if packet and packet.startswith(f"44{NAMESPACE},"):
                raise ConnectionError(f"namespace refused: {packet}")
        raise ConnectionError("the namespace did not answer")

    def _receive(self, timeout: float) -> str | None:
        packet = self.ws.receive(timeout=timeout)
        if packet is None:
            return None
        if packet == "2":  # Engine.IO ping
            self.ws.send("3")
            return None
        self.raw.append(packet)
        return packet

    def emit(self, name: str, payload: dict[str, Any], path: str, query: dict[str, str]) -> None:
        as_path = path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
        event = {
            "name": name,
            "payload": payload,
            "router_data": {"pathname": path, "asPath": as_path, "query": query},
        }
        self.ws.send(f"42{NAMESPACE}," + json.dumps(["event", event]))

    def updates(self, quiet: float = 1.0, limit: float = 20.0) -> list[dict[str, Any]]:
        """State updates until the backend has been quiet for `quiet` seconds."""
        found: list[dict[str, Any]] = []
        end = time.monotonic() + limit
        last = time.monotonic()
        while time.monotonic() < end and time.monotonic() - last < quiet:
            packet = self._receive(0.2)
            if packet is None:
                continue
            last = time.monotonic()
            prefix = f"42{NAMESPACE},"
            if packet.startswith(prefix):
                name, *args = json.loads(packet[len(prefix) :])
                if name == "event" and args:
                    found.append(args[0])
        return found

    def answer(self, name: str, payload: dict[str, Any], path: str, query: dict[str, str]) -> str:
        """Everything the backend sent for one event, as text.

        Events of one client token are handled in order, so a marker event sent right
        after (the catalogue's search box, echoing a fresh word) closes this event's answer.
        """
        self._marks = getattr(self, "_marks", 0) + 1
        mark = f"end-of-answer-{self._marks}-{uuid.uuid4()}"
        self.emit(name, payload, path, query)
        self.emit(MARKER_EVENT, {"value": mark}, path, query)
        start = len(self.raw)
        end = time.monotonic() + 30
        while time.monotonic() < end:
            self._receive(0.2)
            if any(mark in packet for packet in self.raw[start:]):
                text = "\n".join(self.raw[start:])
                return text[: text.index(mark)]
        raise TimeoutError(f"no answer to {name}")

    def close(self) -> None:
        with contextlib.suppress(Exception):  # already closed by the server
            self.ws.close()
