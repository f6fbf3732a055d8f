"""W3C Data Integrity proofs with Ed25519: `eddsa-rdfc-2022` and `eddsa-jcs-2022`.

Both suites hash the proof configuration and the document separately and sign the two
hashes joined (proof configuration first), as the vc-di-eddsa specification says; they
differ only in how the JSON is turned into bytes: RDF canonicalisation (what 1EdTech
certifies) or JSON canonicalisation (simpler, no contexts needed to hash).
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import nacl.exceptions
import nacl.signing
import rfc8785
from pyld import jsonld

from microcred_market.vc import jsonld_cache, multikey
from microcred_market.vc.contexts import document_loader

jsonld_cache.install()

RDFC = "eddsa-rdfc-2022"
JCS = "eddsa-jcs-2022"
SUITES = (RDFC, JCS)


class ProofError(ValueError):
    """The proof is missing, malformed or does not verify; the message says which."""


@dataclass(frozen=True)
class Signer:
    verification_method: str
    seed: bytes

    def sign(self, data: bytes) -> bytes:
        return nacl.signing.SigningKey(self.seed).sign(data).signature


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


# Relative IRIs (an undefined `type` value, say) are resolved against this base, which
# nothing legitimate uses; finding it in the output means the JSON-LD was not strict.
RELATIVE_BASE = "https://relative-iri.invalid/"


def canonical_rdf(document: dict[str, Any]) -> bytes:
    try:
        nquads = jsonld.normalize(
            document,
            {
                "algorithm": "URDNA2015",
                "format": "application/n-quads",
                "documentLoader": document_loader,
                "base": RELATIVE_BASE,
            },
        )
    except jsonld.JsonLdError as error:
        raise ProofError(f"JSON-LD processing failed: {_jsonld_reason(error)}") from error
    if RELATIVE_BASE in nquads:
        start = nquads.index(RELATIVE_BASE) + len(RELATIVE_BASE)
        term = nquads[start : nquads.find(">", start)]
        raise ProofError(f"JSON-LD processing failed: {term!r} is not defined by any context")
    return nquads.encode()


def _jsonld_reason(error: jsonld.JsonLdError) -> str:
    cause = error
    while getattr(cause, "cause", None) is not None:
        cause = cause.cause
    return str(getattr(cause, "args", [cause])[0]).splitlines()[0][:300]


def _canonical(suite: str, document: dict[str, Any]) -> bytes:
    if suite == RDFC:
        return canonical_rdf(document)
    try:
        return rfc8785.dumps(document)
    except Exception as error:
        raise ProofError(f"JSON canonicalisation failed: {error}") from error


def _hash_data(suite: str, unsecured: dict[str, Any], proof_config: dict[str, Any]) -> bytes:
    config_hash = hashlib.sha256(_canonical(suite, proof_config)).digest()
    document_hash = hashlib.sha256(_canonical(suite, unsecured)).digest()
    return config_hash + document_hash


def sign(
    document: dict[str, Any],
    signer: Signer,
    suite: str = RDFC,
    created: str | None = None,
) -> dict[str, Any]:
    """A copy of `document` with a proof appended to its `proof` array."""
    if suite not in SUITES:
        raise ValueError(f"unknown cryptosuite {suite}")
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    proof_config: dict[str, Any] = {
        "type": "DataIntegrityProof",
        "cryptosuite": suite,
        "created": created or now_iso(),
        "verificationMethod": signer.verification_method,
        "proofPurpose": "assertionMethod",
    }
    # Both suites hash the configuration under the document's context; JCS verifiers
    # hash the proof exactly as written, so there it must carry the context too.
    hashed_config = {"@context": unsecured["@context"], **proof_config}
    signature = signer.sign(_hash_data(suite, unsecured, hashed_config))
    proof = dict(hashed_config if suite == JCS else proof_config)
    proof["proofValue"] = multikey.encode_signature(signature)
    secured = copy.deepcopy(unsecured)
    existing = document.get("proof")
    proofs = [] if existing is None else (existing if isinstance(existing, list) else [existing])
    secured["proof"] = [*proofs, proof]
    return secured


def proofs_of(document: dict[str, Any]) -> list[dict[str, Any]]:
    proof = document.get("proof")
    if proof is None:
        raise ProofError("the credential has no proof")
    proofs = proof if isinstance(proof, list) else [proof]
    if not proofs or not all(isinstance(p, dict) for p in proofs):
        raise ProofError("the proof is malformed")
    return proofs


def verify_proof(
    document: dict[str, Any],
    proof: dict[str, Any],
    public_key_for: Callable[[str], bytes],
) -> None:
    """Raises ProofError unless `proof` is a valid signature over `document`.

    `public_key_for(verification_method)` returns the raw Ed25519 key the issuer lists
    for assertions, or raises ProofError saying why it cannot.
    """
    if proof.get("type") != "DataIntegrityProof":
        raise ProofError(f"unsupported proof type {proof.get('type')!r}")
    suite = proof.get("cryptosuite")
    if suite not in SUITES:
        raise ProofError(f"unsupported cryptosuite {suite!r}")
    if proof.get("proofPurpose") != "assertionMethod":
        raise ProofError("the proof purpose is not assertionMethod")
    value = proof.get("proofValue")
    method = proof.get("verificationMethod")
    if not isinstance(value, str) or not isinstance(method, str):
        raise ProofError("the proof lacks a proofValue or verificationMethod")
    if "created" in proof and not _is_datetime(proof["created"]):
        raise ProofError("the proof's created date is not a date")
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    if "@context" not in unsecured:
        raise ProofError("the credential has no @context")
    config = {k: v for k, v in proof.items() if k != "proofValue"}
    if "@context" in config:
        doc_context = _as_list(unsecured["@context"])
        proof_context = _as_list(config["@context"])
        if doc_context[: len(proof_context)] != proof_context:
            raise ProofError("the proof's @context does not match the credential's")
    else:
        config = {"@context": unsecured["@context"], **config}
    try:
        signature = multikey.decode_signature(value)
    except multikey.BadKey as error:
        raise ProofError(str(error)) from error
    public_key = public_key_for(method)
    data = _hash_data(suite, unsecured, config)
    try:
        nacl.signing.VerifyKey(public_key).verify(data, signature)
    except (nacl.exceptions.BadSignatureError, ValueError, TypeError) as error:
        raise ProofError("the signature does not match the credential") from error


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _is_datetime(value: Any) -> bool:
    return isinstance(value, str) and parse_datetime(value) is not None


def parse_datetime(value: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
