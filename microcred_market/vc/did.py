"""Decentralised identifiers of issuers: `did:web` for our universities, `did:key` read.

A university's DID is `did:web:<our host>:issuers:<slug>`; did:web resolution turns it
into `https://<our host>/issuers/<slug>/did.json`, which the API serves. Every key the
university has signed with stays listed (rotation does not invalidate old credentials);
a withdrawn key is removed, and what it signed stops verifying.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from microcred_market.vc import multikey
from microcred_market.vc.contexts import DID_V1, MULTIKEY_V1


class DidError(ValueError):
    pass


@dataclass(frozen=True)
class PublicKey:
    key_id: str  # fragment, e.g. "key-2"
    public_multibase: str


def did_web(public_base_url: str, *path: str) -> str:
    parts = urlsplit(public_base_url)
    host = quote(parts.netloc, safe="")
    segments = [s for s in parts.path.split("/") if s] + list(path)
    return ":".join(["did:web", host, *segments])


def issuer_did(public_base_url: str, slug: str) -> str:
    return did_web(public_base_url, "issuers", slug)


def did_web_url(did: str, scheme: str = "https") -> str:
    """The HTTPS address of a did:web document, as the did:web method specifies."""
    if not did.startswith("did:web:"):
        raise DidError(f"{did} is not a did:web identifier")
    parts = did[len("did:web:") :].split("#")[0].split(":")
    host = unquote(parts[0])
    if not host or "/" in host or "@" in host:
        raise DidError(f"{did} has no valid host")
    path = "/".join(parts[1:])
    return (
        f"{scheme}://{host}/{path}/did.json" if path else f"{scheme}://{host}/.well-known/did.json"
    )


def did_document(did: str, keys: list[PublicKey]) -> dict[str, Any]:
    methods = [
        {
            "id": f"{did}#{k.key_id}",
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": k.public_multibase,
        }
        for k in keys
    ]
    return {
        "@context": [DID_V1, MULTIKEY_V1],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [m["id"] for m in methods],
    }


def resolution_documents(document: dict[str, Any]) -> dict[str, Any]:
    """What an offline verifier needs for this DID: the DID document under the DID, and
    each verification method as its own Multikey document under its full URL."""
    did = document["id"]
    found: dict[str, Any] = {did: dict(document)}
    for method in document.get("verificationMethod", []):
        method_id = method["id"] if not method["id"].startswith("#") else did + method["id"]
        found[method_id] = {"@context": MULTIKEY_V1, **method, "id": method_id}
    return found


def did_key_document(did: str) -> dict[str, Any]:
    """did:key for Ed25519 (`did:key:z6Mk...`): the document is derived from the key."""
    value = did[len("did:key:") :].split("#")[0]
    multikey.decode_public(value)  # raises BadKey for anything but Ed25519
    return did_document(did, [PublicKey(key_id=value, public_multibase=value)])


def assertion_key(document: dict[str, Any], method_id: str) -> bytes:
    """The raw public key for `method_id`, if the DID document lists it for assertions."""
    did = document.get("id")
    if not isinstance(did, str) or not method_id.startswith(did + "#"):
        raise DidError("the signing key does not belong to the issuer")
    fragment = method_id[len(did) :]
    listed = {
        (m if isinstance(m, str) else m.get("id", ""))
        for m in document.get("assertionMethod", []) or []
    }
    if method_id not in listed and fragment not in listed:
        raise DidError("the issuer does not list this key for issuing credentials")
    candidates = list(document.get("verificationMethod", []) or []) + [
        m for m in document.get("assertionMethod", []) or [] if isinstance(m, dict)
    ]
    for method in candidates:
        if not isinstance(method, dict):
            continue
        if method.get("id") in (method_id, fragment):
            if method.get("type") not in ("Multikey", "Ed25519VerificationKey2020"):
                raise DidError(f"unsupported key type {method.get('type')}")
            if method.get("controller") not in (None, did):
                raise DidError("the key's controller is not the issuer")
            try:
                return multikey.decode_public(method.get("publicKeyMultibase", ""))
            except multikey.BadKey as error:
                raise DidError(str(error)) from error
    raise DidError("the issuer's DID document has no such key")
