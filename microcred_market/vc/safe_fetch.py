"""Fetching a DID document or a status list for the verifier without becoming a proxy.

Anyone can paste a credential naming any URL, so the verifier only fetches over HTTPS,
only from public addresses (every address a name resolves to is checked, and we connect
to the address we checked), follows no redirects blindly, waits a few seconds at most
and reads at most a megabyte. Hosts the operator lists in VERIFIER_TRUSTED_HOSTS are
exempt (tests run other issuers on loopback).
"""

from __future__ import annotations

import ipaddress
import json
import socket
from collections.abc import Callable
from typing import Any
from urllib.parse import SplitResult, urljoin, urlsplit

import httpx

MAX_BYTES = 1_000_000
TIMEOUT = 5.0
MAX_REDIRECTS = 3


class FetchRefused(ValueError):
    """We will not fetch this URL (private address, wrong scheme...)."""


class FetchFailed(IOError):
    """We tried and could not get a usable answer."""


def _host_key(parts: SplitResult) -> str:
    host = (parts.hostname or "").lower()
    return f"{host}:{parts.port}" if parts.port else host


def _no_trusted_hosts() -> tuple[str, ...]:
    return ()


# host[:port] that may be fetched although private (tests run other issuers on
# loopback); the process start (`wiring.wire`) hands over the setting as a function.
_trusted_hosts: Callable[[], tuple[str, ...]] = _no_trusted_hosts


def trust_hosts(hosts: Callable[[], tuple[str, ...]]) -> None:
    global _trusted_hosts
    _trusted_hosts = hosts


def is_trusted(url: str) -> bool:
    return _host_key(urlsplit(url)) in _trusted_hosts()


def check_url(url: str) -> str | None:
    """Refuse what we must not fetch; returns the checked address to connect to.

    None means "connect by name" (an operator-trusted host). Otherwise the caller must
    connect to the returned address itself: resolving the name again could give another
    answer (DNS rebinding) than the one we checked.
    """
    parts = urlsplit(url)
    trusted = _host_key(parts) in _trusted_hosts()
    if parts.scheme != "https" and not (trusted and parts.scheme == "http"):
        raise FetchRefused(f"only https addresses are fetched, not {parts.scheme or url!r}")
    if not parts.hostname:
        raise FetchRefused("the address has no host")
    if parts.username or parts.password:
        raise FetchRefused("addresses with credentials are not fetched")
    if trusted:
        return None
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchFailed(f"the host {parts.hostname} could not be found") from error
    addresses = [ipaddress.ip_address(info[4][0]) for info in infos]
    for address in addresses:
        if not address.is_global or address.is_multicast:
            raise FetchRefused(f"{parts.hostname} is a private or reserved address")
    if not addresses:
        raise FetchFailed(f"the host {parts.hostname} could not be found")
    return str(addresses[0])


def pinned(url: str, address: str | None) -> tuple[str, dict[str, str], dict[str, Any]]:
    """The request to send: to the checked address, with the name in Host and TLS SNI
    (so the certificate is still checked against the name)."""
    if address is None:
        return url, {}, {}
    parts = urlsplit(url)
    host = f"[{address}]" if ":" in address else address
    netloc = f"{host}:{parts.port}" if parts.port else host
    target = parts._replace(netloc=netloc).geturl()
    host_header = f"{parts.hostname}:{parts.port}" if parts.port else str(parts.hostname)
    return target, {"Host": host_header}, {"sni_hostname": parts.hostname}


def fetch_json(url: str) -> Any:
    """GET `url` and parse JSON, refusing private addresses at every redirect."""
    for _ in range(MAX_REDIRECTS + 1):
        target, headers, extensions = pinned(url, check_url(url))
        headers["Accept"] = "application/json, application/ld+json"
        try:
            with (
                httpx.Client(timeout=TIMEOUT, follow_redirects=False) as client,
                client.stream("GET", target, headers=headers, extensions=extensions) as response,
            ):
                if response.is_redirect and "location" in response.headers:
                    url = urljoin(url, response.headers["location"])
                    continue
                if response.status_code != 200:
                    raise FetchFailed(f"{url} answered HTTP {response.status_code}")
                body = bytearray()
                for chunk in response.iter_bytes():
                    body.extend(chunk)
                    if len(body) > MAX_BYTES:
                        raise FetchFailed(f"{url} sent more than {MAX_BYTES} bytes")
        except httpx.HTTPError as error:
            raise FetchFailed(f"{url} could not be reached ({type(error).__name__})") from error
        try:
            return json.loads(bytes(body))
        except ValueError as error:
            raise FetchFailed(f"{url} did not return JSON") from error
    raise FetchFailed(f"{url} redirected too many times")
