"""A poison graph for RDF canonicalisation, really signed by a fresh did:key.

`n` blank nodes that all look alike, each linked to every other: RDFC-1.0 must try
their orders (n! of them, recursively), which is what makes such a credential cost
minutes to verify. Signing it the ordinary way would cost the test as much, so the
canonical form is written down directly: every node of the clique is interchangeable,
so any numbering of them gives the same sorted N-Quads (`tests/unit/vc/test_poison.py`
checks this against pyld for small n). The signature is then the one any conforming
verifier would accept.
"""

from __future__ import annotations

import hashlib
from typing import Any

import nacl.signing
from pyld import jsonld

from microcred_market.vc import multikey, proofs
from microcred_market.vc.contexts import VC_V2, document_loader


def poison_document(
    n: int, issuer: str = "did:key:z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH"
) -> dict[str, Any]:
    nodes = [
        {"id": f"_:n{i}", "link": [{"id": f"_:n{j}"} for j in range(n) if j != i]} for i in range(n)
    ]
    return {
        "@context": [VC_V2, {"@vocab": "https://poison.example/#"}],
        "type": ["VerifiableCredential"],
        "issuer": issuer,
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "urn:uuid:7d1b0f3e-0000-4000-8000-00000000000a", "node": nodes},
    }


def symmetric_canonical_form(document: dict[str, Any]) -> bytes:
    """RDFC-1.0 of a poison document without trying any order (see the module note).

    pyld numbers blank nodes in document order: the credential itself first (`_:b0`,
    the one node that differs, which canonicalisation also numbers first), then the
    clique. Any numbering of the clique is canonical, so this one is.
    """
    nquads = jsonld.to_rdf(
        document, {"documentLoader": document_loader, "format": "application/n-quads"}
    )
    lines = sorted(line.replace("_:b", "_:c14n") + "\n" for line in nquads.splitlines())
    return "".join(lines).encode()


def signed_poison(n: int) -> tuple[dict[str, Any], str]:
    """A poison credential with a valid eddsa-rdfc-2022 proof, and the signer's did:key."""
    key = nacl.signing.SigningKey.generate()
    public = multikey.encode_public(bytes(key.verify_key))
    did = f"did:key:{public}"
    document = poison_document(n, did)
    config: dict[str, Any] = {
        "@context": document["@context"],
        "type": "DataIntegrityProof",
        "cryptosuite": proofs.RDFC,
        "created": "2026-01-01T00:00:00Z",
        "verificationMethod": f"{did}#{public}",
        "proofPurpose": "assertionMethod",
    }
    data = (
        hashlib.sha256(proofs.canonical_rdf(config)).digest()
        + hashlib.sha256(symmetric_canonical_form(document)).digest()
    )
    signature = key.sign(data).signature
    proof = {k: v for k, v in config.items() if k != "@context"}
    proof["proofValue"] = multikey.encode_signature(signature)
    return {**document, "proof": [proof]}, did
