"""Slow and bloated servers: the fetcher's limits hold against real HTTP servers on loopback.

A server that trickles a byte every second never lets one read wait past its timeout,
so only a limit on the whole fetch stops it; a compressed body (or encodedList) can
unpack to hundreds of megabytes, so the size limit applies while unpacking.
"""

from __future__ import annotations

import socket
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from microcred_market.ui.check_words import check_message
from microcred_market.vc import safe_fetch
from tests.support.bombs import gzip_bomb

pytestmark = [pytest.mark.credentials, pytest.mark.security]

BOMB = gzip_bomb(400_000_000)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: Any) -> None:
        pass

    def _trickle(self, data: bytes) -> None:
        for byte in data:
            self.wfile.write(bytes([byte]))
            self.wfile.flush()
            time.sleep(1.0)

    def do_GET(self) -> None:  # noqa: N802 (http.server's API)
        body = b'{"id": "did:example:slow", "padding": "' + b"x" * 40 + b'"}'
        try:
            if self.path == "/trickle-body":
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.flush()
                self._trickle(body)
            elif self.path == "/trickle-headers":
                self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                self._trickle(b"x-slow: " + b"y" * 40 + b"\r\n")
            elif self.path == "/gzip-bomb":
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-encoding", "gzip")
                self.send_header("content-length", str(len(BOMB)))
                self.end_headers()
                self.wfile.write(BOMB)
            else:
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", "2")
                self.end_headers()
                self.wfile.write(b"{}")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the fetcher hung up, as it should


@contextmanager
def _server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    host = f"127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    before: Callable[[], tuple[str, ...]] = safe_fetch._trusted_hosts
    safe_fetch.trust_hosts(lambda: (host,))
    try:
        yield f"http://{host}"
    finally:
        safe_fetch.trust_hosts(before)
        server.shutdown()
        server.server_close()


def _timed_fetch(url: str, guard: float = 20.0) -> tuple[float, BaseException | None]:
    """How long fetch_json held us, and what it raised (the thread guards against a hang)."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        started = time.monotonic()
        try:
            safe_fetch.fetch_json(url)
        except BaseException as error:  # noqa: BLE001 (reported to the test)
            outcome["error"] = error
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(guard)
    assert "seconds" in outcome, f"the fetch was still running after {guard:.0f} s"
    return outcome["seconds"], outcome.get("error")


@pytest.mark.parametrize("path", ["/trickle-body", "/trickle-headers"])
def test_a_trickling_server_is_cut_off_when_the_whole_fetch_runs_out(path: str) -> None:
    with _server() as base:
        seconds, error = _timed_fetch(base + path)
    assert isinstance(error, safe_fetch.FetchFailed)
    assert seconds < safe_fetch.TIMEOUT + 1.0, f"held for {seconds:.1f} s"
    message = str(error)
    assert message.endswith(f"did not answer within {safe_fetch.TIMEOUT:g} seconds")
    assert "nie odpowiedział" in check_message(message, "pl")


def test_a_compressed_body_bomb_stops_at_the_size_limit_with_bounded_memory() -> None:
    with _server() as base:
        tracemalloc.start()
        try:
            seconds, error = _timed_fetch(base + "/gzip-bomb")
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert isinstance(error, safe_fetch.FetchFailed)
    assert f"sent more than {safe_fetch.MAX_BYTES} bytes" in str(error)
    assert peak < 20_000_000, f"peak {peak / 1e6:.0f} MB"


def test_an_ordinary_answer_is_still_read() -> None:
    with _server() as base:
        assert safe_fetch.fetch_json(base + "/fine") == {}


def test_a_slow_name_server_is_inside_the_same_time_limit(monkeypatch) -> None:
    real = socket.getaddrinfo

    def stalling(host: str, *args: Any, **kwargs: Any) -> Any:
        if host == "slow-dns.example":
            time.sleep(30)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", stalling)
    seconds, error = _timed_fetch("https://slow-dns.example/did.json")
    assert isinstance(error, safe_fetch.FetchFailed)
    assert seconds < safe_fetch.TIMEOUT + 1.0, f"held for {seconds:.1f} s"
