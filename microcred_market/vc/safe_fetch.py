"""Fetching a DID document or a status list for the verifier without becoming a proxy.

Anyone can paste a credential naming any URL, so the verifier only fetches over HTTPS,
only from public addresses (every address a name resolves to is checked, and we connect
to the address we checked), follows no redirects blindly, and reads at most a megabyte
(after any Content-Encoding is undone, so a compressed bomb stops there too). The time
limit covers the whole fetch, redirects included: a server that trickles a byte every
few seconds is cut off when the limit is reached, not at its first pause longer than the
limit. Hosts the operator lists in VERIFIER_TRUSTED_HOSTS are exempt from the address
checks (tests run other issuers on loopback).
"""

from __future__ import annotations

import ipaddress
import json
import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any
from urllib.parse import SplitResult, urljoin, urlsplit

import httpcore
import httpx

MAX_BYTES = 1_000_000
TIMEOUT = 5.0  # the whole fetch: connecting, every redirect, every byte
MAX_REDIRECTS = 3


class FetchRefused(ValueError):
    """We will not fetch this URL (private address, wrong scheme...)."""


class FetchFailed(IOError):
    """We tried and could not get a usable answer."""


class HttpStatus(FetchFailed):
    """The server answered, with a status other than 200 (an Open Badges 2.0 host says
    410 Gone for a revoked assertion, so the code matters)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


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


def split_url(text: str) -> SplitResult | None:
    """`urlsplit`, or None for what is not an address at all.

    A stranger's document may hold any string where a link belongs: "http://[" or a port
    beyond 65535 make `urlsplit` or `.port` raise ValueError, which must read as "not a
    link", never as a crash.
    """
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return None
    return parts


def is_trusted(url: str) -> bool:
    parts = split_url(url)
    return parts is not None and _host_key(parts) in _trusted_hosts()


def _resolve(host: str, port: int, timeout: float) -> list[Any]:
    """getaddrinfo within `timeout`: a stranger's name server may take its time, and
    getaddrinfo takes no timeout, so it runs in a thread we stop waiting for."""
    found: dict[str, Any] = {}

    def run() -> None:
        try:
            found["infos"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as error:
            found["error"] = error

    thread = threading.Thread(target=run, name="verifier-dns", daemon=True)
    thread.start()
    thread.join(timeout)
    if "infos" not in found:
        raise FetchFailed(f"the host {host} could not be found")
    return list(found["infos"])


def check_url(url: str, timeout: float = TIMEOUT) -> str | None:
    """Refuse what we must not fetch; returns the checked address to connect to.

    None means "connect by name" (an operator-trusted host). Otherwise the caller must
    connect to the returned address itself: resolving the name again could give another
    answer (DNS rebinding) than the one we checked.
    """
    parts = split_url(url)
    if parts is None:
        raise FetchRefused("this is not a valid address")
    trusted = _host_key(parts) in _trusted_hosts()
    if parts.scheme != "https" and not (trusted and parts.scheme == "http"):
        raise FetchRefused(f"only https addresses are fetched, not {parts.scheme or url!r}")
    if not parts.hostname:
        raise FetchRefused("the address has no host")
    if parts.username or parts.password:
        raise FetchRefused("addresses with credentials are not fetched")
    if trusted:
        return None
    infos = _resolve(parts.hostname, parts.port or 443, timeout)
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


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every wait ends at one deadline, not after a fresh timeout."""

    def __init__(self, stream: httpcore.NetworkStream, deadline: float) -> None:
        self._stream = stream
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _left(self._deadline, timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _left(self._deadline, timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        wait = _left(self._deadline, timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(
            self._stream.start_tls(ssl_context, server_hostname, wait), self._deadline
        )

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self, deadline: float) -> None:
        self._backend = httpcore.SyncBackend()
        self._deadline = deadline

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        wait = _left(self._deadline, timeout, httpcore.ConnectTimeout)
        stream = self._backend.connect_tcp(host, port, wait, local_address, socket_options)
        return _DeadlineStream(stream, self._deadline)

    def sleep(self, seconds: float) -> None:
        time.sleep(max(0.0, min(seconds, self._deadline - time.monotonic())))


def _left(deadline: float, timeout: float | None, error: type[Exception]) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise error("the time for this fetch ran out")
    return left if timeout is None else min(timeout, left)


class _DeadlineTransport(httpx.HTTPTransport):
    def __init__(self, deadline: float) -> None:
        super().__init__(retries=0)
        # The same pool httpx builds, on connections that share the deadline.
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            network_backend=_DeadlineBackend(deadline),
        )


def _decoded(response: httpx.Response, url: str) -> Iterator[bytes]:
    """The body with any Content-Encoding undone, never more than MAX_BYTES + 1 at a time."""
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if encoding in ("", "identity"):
        yield from response.iter_raw()
        return
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise FetchFailed(f"{url} answered in an encoding we do not read ({encoding[:20]})")
    inflater = zlib.decompressobj(wbits=47)  # zlib or gzip, told apart by the header
    try:
        for chunk in response.iter_raw():
            data = chunk
            while data:
                yield inflater.decompress(data, MAX_BYTES + 1)
                data = inflater.unconsumed_tail
    except zlib.error as error:
        raise FetchFailed(f"{url} sent a damaged compressed body") from error


def fetch_json(url: str, timeout: float = TIMEOUT) -> Any:
    """GET `url` and parse JSON, refusing private addresses at every redirect.

    `timeout` is for the whole call: the time a server may hold us, all told.
    """
    deadline = time.monotonic() + timeout
    limits = httpx.Timeout(timeout)
    for _ in range(MAX_REDIRECTS + 1):
        target, headers, extensions = pinned(
            url, check_url(url, max(0.0, deadline - time.monotonic()))
        )
        headers["Accept"] = "application/json, application/ld+json"
        headers["Accept-Encoding"] = "identity"
        try:
            with (
                httpx.Client(
                    transport=_DeadlineTransport(deadline),
                    timeout=limits,
                    follow_redirects=False,
                    trust_env=False,
                ) as client,
                client.stream("GET", target, headers=headers, extensions=extensions) as response,
            ):
                if response.is_redirect and "location" in response.headers:
                    url = urljoin(url, response.headers["location"])
                    continue
                if response.status_code != 200:
                    raise HttpStatus(
                        f"{url} answered HTTP {response.status_code}", response.status_code
                    )
                body = bytearray()
                for chunk in _decoded(response, url):
                    body.extend(chunk)
                    if len(body) > MAX_BYTES:
                        raise FetchFailed(f"{url} sent more than {MAX_BYTES} bytes")
        except httpx.TimeoutException as error:
            raise FetchFailed(f"{url} did not answer within {timeout:g} seconds") from error
        except httpx.HTTPError as error:
            if time.monotonic() >= deadline:
                raise FetchFailed(f"{url} did not answer within {timeout:g} seconds") from error
            raise FetchFailed(f"{url} could not be reached ({type(error).__name__})") from error
        try:
            return json.loads(bytes(body))
        except (ValueError, RecursionError) as error:
            raise FetchFailed(f"{url} did not return JSON") from error
    raise FetchFailed(f"{url} redirected too many times")
