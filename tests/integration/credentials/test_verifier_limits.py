"""POST /api/verify against an attacker: poison graphs, fan-out, bombs and a busy server.

Every credential here is signed with the attacker's own fresh did:key, so nothing but
our limits stands between it and our CPU, memory and outbound connections.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import tracemalloc
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import nacl.signing
import pytest
import uvicorn

from microcred_market.settings import reset_settings_cache
from microcred_market.vc import multikey, proofs, sandbox, status_list
from microcred_market.vc.contexts import VC_V2
from microcred_market.vc.verify import MAX_ENTRIES, MAX_FETCHES
from microcred_market.wiring import build_api
from tests.support.bombs import encoded_list_bomb
from tests.support.poison import signed_poison

pytestmark = [pytest.mark.credentials, pytest.mark.security]


class _Lists(BaseHTTPRequestHandler):
    """Serves status lists by path and counts every request it is sent."""

    lists: dict[str, bytes] = {}
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's API)
        type(self).hits.append(self.path)
        body = self.lists.get(self.path.split("?")[0])
        self.send_response(200 if body else 404)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body or b"{}")))
        self.end_headers()
        self.wfile.write(body or b"{}")

    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def _list_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    _Lists.lists, _Lists.hits = {}, []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Lists)
    host = f"127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("VERIFIER_TRUSTED_HOSTS", host)
    reset_settings_cache()
    try:
        yield f"http://{host}"
    finally:
        server.shutdown()
        server.server_close()


class _Attacker:
    def __init__(self) -> None:
        self.key = nacl.signing.SigningKey.generate()
        public = multikey.encode_public(bytes(self.key.verify_key))
        self.did = f"did:key:{public}"
        self.signer = proofs.Signer(f"{self.did}#{public}", bytes(self.key))

    def credential(
        self, status: list[dict[str, Any]] | None = None, suite: str = proofs.JCS
    ) -> dict[str, Any]:
        document: dict[str, Any] = {
            "@context": [VC_V2],
            "type": ["VerifiableCredential"],
            "issuer": self.did,
            "validFrom": "2026-01-01T00:00:00Z",
            "credentialSubject": {"id": "urn:uuid:0d6c1f7e-0000-4000-8000-00000000000b"},
        }
        if status is not None:
            document["credentialStatus"] = status
        return proofs.sign(document, self.signer, suite)

    def status_list(self, url: str, encoded: str) -> dict[str, Any]:
        listing = status_list.list_credential(
            url=url,
            issuer_did=self.did,
            purpose="revocation",
            encoded_list=encoded,
            valid_from=datetime(2026, 1, 1, tzinfo=UTC).isoformat().replace("+00:00", "Z"),
        )
        return proofs.sign(listing, self.signer)


def _entry(url: str, index: int = 7) -> dict[str, Any]:
    return {
        "id": f"{url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(index),
        "statusListCredential": url,
    }


def _checks(answer: dict[str, Any]) -> dict[str, dict[str, str]]:
    return {c["name"]: c for c in answer["checks"]}


def test_five_thousand_status_entries_cause_no_fan_out(browser, monkeypatch) -> None:
    attacker = _Attacker()
    with _list_server(monkeypatch) as base:
        entries = [_entry(f"{base}/lists/{i}") for i in range(5000)]
        started = time.monotonic()
        response = browser.client.post("/api/verify", json=attacker.credential(entries))
        elapsed = time.monotonic() - started
        hits = len(_Lists.hits)
    assert response.status_code == 200
    answer = response.json()
    assert answer["verdict"] == "invalid"
    limit = MAX_ENTRIES["credentialStatus"]
    assert _checks(answer)["format"]["message"] == (
        f"the credential lists too many credentialStatus entries (5000; at most {limit})"
    )
    assert hits <= MAX_FETCHES, f"{hits} outbound fetches"
    assert elapsed < 5


def test_every_outbound_fetch_counts_against_the_askers_limit(browser, monkeypatch) -> None:
    attacker = _Attacker()
    with _list_server(monkeypatch) as base:
        status = [_entry(f"{base}/lists/{i}") for i in range(4)]
        credential = attacker.credential(status)
        answers = [browser.client.post("/api/verify", json=credential).json() for _ in range(20)]
        hits = len(_Lists.hits)
    # 20 pastes x 4 lists would be 80 fetches; the per-address limit for links is 60/min.
    assert hits <= 60, f"{hits} outbound fetches"
    last = _checks(answers[-1])["status"]
    assert last["status"] == "unknown"
    assert "try again" in last["message"].lower()


def test_an_unsigned_credential_makes_us_fetch_nothing(browser, monkeypatch) -> None:
    attacker = _Attacker()
    with _list_server(monkeypatch) as base:
        credential = attacker.credential([_entry(f"{base}/lists/1")])
        credential["credentialSubject"]["id"] = "urn:uuid:0d6c1f7e-0000-4000-8000-00000000000c"
        answer = browser.client.post("/api/verify", json=credential).json()
        hits = len(_Lists.hits)
    assert answer["verdict"] == "invalid"
    assert _checks(answer)["status"]["status"] == "skipped"
    assert hits == 0


def test_a_gzip_bomb_status_list_is_refused_in_bounded_memory(browser, monkeypatch) -> None:
    attacker = _Attacker()
    with _list_server(monkeypatch) as base:
        url = f"{base}/lists/bomb"
        listing = attacker.status_list(url, encoded_list_bomb(400_000_000))
        _Lists.lists = {"/lists/bomb": json.dumps(listing).encode()}
        credential = attacker.credential([_entry(url)])
        tracemalloc.start()
        try:
            answer = browser.client.post("/api/verify", json=credential).json()
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert answer["verdict"] == "status_unknown", answer
    assert _checks(answer)["status"]["message"] == (
        "status unknown: the status list unpacks to more than 2 MB"
    )
    assert peak < 60_000_000, f"peak {peak / 1e6:.0f} MB"


def test_a_real_foreign_status_list_still_works(browser, monkeypatch) -> None:
    attacker = _Attacker()
    with _list_server(monkeypatch) as base:
        url = f"{base}/lists/ok"
        listing = attacker.status_list(url, status_list.encode([7]))
        _Lists.lists = {"/lists/ok": json.dumps(listing).encode()}
        revoked = browser.client.post("/api/verify", json=attacker.credential([_entry(url, 7)]))
        fine = browser.client.post("/api/verify", json=attacker.credential([_entry(url, 8)]))
    assert revoked.json()["verdict"] == "revoked"
    assert fine.json()["verdict"] == "valid"


@contextmanager
def _live_api() -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(build_api(), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            httpx.get(base + "/api/health", timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.05)
    for _ in range(600):  # the canonicalisation workers `build_api` started
        if sandbox.POOL.ready() == sandbox.WORKERS:
            break
        time.sleep(0.05)
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(10)


def test_poison_graphs_get_a_quick_answer_and_others_are_still_served(app_env: str) -> None:
    poison = [signed_poison(8)[0] for _ in range(6)]
    with _live_api() as base, httpx.Client(base_url=base, timeout=10) as client:

        def attack(credential: dict[str, Any]) -> tuple[float, dict[str, Any]]:
            started = time.monotonic()
            response = httpx.post(base + "/api/verify", json=credential, timeout=10)
            return time.monotonic() - started, response.json()

        def health() -> float:
            started = time.monotonic()
            assert client.get("/api/health").status_code == 200
            return time.monotonic() - started

        quiet = [health() for _ in range(5)]
        during: list[float] = []
        with ThreadPoolExecutor(max_workers=3) as pool:
            answers = pool.map(attack, poison)
            deadline = time.monotonic() + 1.5
            while time.monotonic() < deadline:
                during.append(health())
                time.sleep(0.05)
            results = list(answers)
    for seconds, answer in results:
        assert seconds < 2.0, f"a poison graph took {seconds:.1f} s"
        assert answer["verdict"] == "invalid"
        assert _checks(answer)["signature"]["message"] == proofs.TOO_COMPLEX
    # Fast in absolute terms, with room for a machine that is busy anyway.
    assert max(during) < max(0.5, 5 * max(quiet)), (quiet, during)
