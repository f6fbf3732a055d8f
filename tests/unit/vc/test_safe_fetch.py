"""The verifier's fetcher connects to the address it checked, never to a second answer."""

from __future__ import annotations

import socket
from contextlib import contextmanager

import httpx
import pytest

from microcred_market.vc import safe_fetch

pytestmark = pytest.mark.credentials


def _answers(*addresses: str):
    calls: list[str] = []

    def getaddrinfo(host, port, *args, **kwargs):
        calls.append(host)
        # A rebinding name: public the first time, loopback afterwards.
        address = addresses[min(len(calls), len(addresses)) - 1]
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (address, port))]

    return getaddrinfo, calls


def test_the_request_goes_to_the_checked_address_with_the_name_for_tls(monkeypatch) -> None:
    getaddrinfo, calls = _answers("1.1.1.1", "127.0.0.1")
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    seen: dict = {}

    @contextmanager
    def stream(self, method, url, headers=None, extensions=None):
        seen.update(url=str(url), headers=dict(headers or {}), extensions=extensions)
        raise httpx.ConnectError("not on this machine")
        yield  # pragma: no cover

    monkeypatch.setattr(httpx.Client, "stream", stream)
    with pytest.raises(safe_fetch.FetchFailed):
        safe_fetch.fetch_json("https://issuer.example:8443/issuers/x/did.json")
    assert seen["url"] == "https://1.1.1.1:8443/issuers/x/did.json"
    assert seen["headers"]["Host"] == "issuer.example:8443"
    assert seen["extensions"] == {"sni_hostname": "issuer.example"}
    assert calls == ["issuer.example"]  # resolved once: no second, different answer


def test_any_private_answer_is_refused(monkeypatch) -> None:
    getaddrinfo, _ = _answers("10.0.0.8")
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    with pytest.raises(safe_fetch.FetchRefused):
        safe_fetch.fetch_json("https://inside.example/did.json")


def test_ipv6_addresses_are_bracketed() -> None:
    target, headers, extensions = safe_fetch.pinned("https://h.example/a?b=1", "2606:4700::1111")
    assert target == "https://[2606:4700::1111]/a?b=1"
    assert headers == {"Host": "h.example"} and extensions == {"sni_hostname": "h.example"}
