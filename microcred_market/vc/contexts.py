"""The JSON-LD contexts we sign and verify with, loaded from pinned copies only.

A verifier that fetched contexts from the network could be steered by whoever serves
them (and would reach internal addresses on an attacker's behalf), so an unknown
context URL is an error, never a download.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any

from pyld import jsonld

VC_V2 = "https://www.w3.org/ns/credentials/v2"
VC_V1 = "https://www.w3.org/2018/credentials/v1"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
# Earlier OB 3.0 contexts, still in credentials other issuers signed (read, never signed).
OB_V3_0_2 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json"
OB_V3_0_1 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json"
DID_V1 = "https://www.w3.org/ns/did/v1"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"
DATA_INTEGRITY_V2 = "https://w3id.org/security/data-integrity/v2"
EXAMPLES_V2 = "https://www.w3.org/ns/credentials/examples/v2"
ED25519_2020_V1 = "https://w3id.org/security/suites/ed25519-2020/v1"
STATUS_LIST_2021_V1 = "https://w3id.org/vc/status-list/2021/v1"
OB_SCHEMA_URL = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential-jsonschema1.json"
# Our context in its versions; a published one never changes, a new term is a new version.
# New credentials name the newest; every earlier one stays served and known, so what was
# signed with it keeps verifying.
MICROCRED_CONTEXT_PATHS = {1: "/contexts/microcred-v1.json", 2: "/contexts/microcred-v2.json"}
MICROCRED_CONTEXT_VERSION = 2
MICROCRED_CONTEXT_PATH = MICROCRED_CONTEXT_PATHS[MICROCRED_CONTEXT_VERSION]

_FILES = {
    VC_V2: "credentials-v2.json",
    VC_V1: "credentials-v1.json",
    OB_V3: "ob-v3p0-3.0.3.json",
    OB_V3_0_2: "ob-v3p0-3.0.2.json",
    OB_V3_0_1: "ob-v3p0-3.0.1.json",
    DID_V1: "did-v1.json",
    MULTIKEY_V1: "multikey-v1.json",
    DATA_INTEGRITY_V2: "data-integrity-v2.json",
    EXAMPLES_V2: "credentials-examples-v2.json",
    ED25519_2020_V1: "ed25519-signature-2020-v1.json",
    STATUS_LIST_2021_V1: "vc-status-list-2021-v1.json",
}


class UnknownContext(ValueError):
    """A credential names a context we do not hold a pinned copy of."""


@cache
def _read(name: str) -> dict[str, Any]:
    text = resources.files("microcred_market.vc").joinpath("contexts", name).read_text()
    return json.loads(text)


def _unknown_base() -> str | None:
    return None


# Our own context is published under the marketplace's public address, which this
# library does not know: the process start (`wiring.wire`) hands it a function, so a
# changed setting (the tests change it) is followed.
_local_base: Callable[[], str | None] = _unknown_base


def publish_local_context_at(base: Callable[[], str | None]) -> None:
    """Where our context is served: `base()` + each MICROCRED_CONTEXT_PATHS is then known."""
    global _local_base
    _local_base = base


def local_base() -> str | None:
    """Where our context is published (handed to the verifier's worker processes)."""
    return _local_base()


def microcred_context_url(
    public_base_url: str | None = None, version: int = MICROCRED_CONTEXT_VERSION
) -> str:
    base = public_base_url if public_base_url is not None else _local_base()
    if base is None:
        raise RuntimeError("the address of our context is unknown: call wiring.wire() at start")
    return base.rstrip("/") + MICROCRED_CONTEXT_PATHS[version]


def _local_version(url: str) -> int | None:
    base = _local_base()
    if base is None:
        return None
    for version in MICROCRED_CONTEXT_PATHS:
        if url == microcred_context_url(base, version):
            return version
    return None


def microcred_context(version: int = MICROCRED_CONTEXT_VERSION) -> dict[str, Any]:
    return _read(MICROCRED_CONTEXT_PATHS[version].rsplit("/", 1)[-1])


def ob_schema() -> dict[str, Any]:
    return _read("ob_v3p0_achievementcredential_schema.json")


def context_document(url: str) -> dict[str, Any]:
    """The pinned copy for `url`; raises UnknownContext for anything else."""
    if url in _FILES:
        return _read(_FILES[url])
    version = _local_version(url)
    if version is not None:
        return microcred_context(version)
    raise UnknownContext(f"unknown JSON-LD context {url}")


def known_context(url: str) -> bool:
    try:
        context_document(url)
    except UnknownContext:
        return False
    return True


def all_contexts() -> dict[str, dict[str, Any]]:
    """Every pinned context by URL (handed to other verifiers in the interop tests)."""
    found = {url: _read(name) for url, name in _FILES.items()}
    if _local_base() is not None:
        for version in MICROCRED_CONTEXT_PATHS:
            found[microcred_context_url(version=version)] = microcred_context(version)
    return found


def document_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    try:
        document = context_document(url)
    except UnknownContext as error:
        raise jsonld.JsonLdError(
            str(error), "jsonld.LoadDocumentError", code="loading document failed"
        ) from error
    # "static": pyld then keeps the processed context across calls (a 3x speed-up).
    return {"contextUrl": None, "documentUrl": url, "document": document, "tag": "static"}
