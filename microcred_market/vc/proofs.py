"""W3C Data Integrity proofs with Ed25519: `eddsa-rdfc-2022` and `eddsa-jcs-2022`.

Both suites hash the proof configuration and the document separately and sign the two
hashes joined (proof configuration first), as the vc-di-eddsa specification says; they
differ only in how the JSON is turned into bytes: RDF canonicalisation (what 1EdTech
certifies) or JSON canonicalisation (simpler, no contexts needed to hash).

We verify (never sign) a third, older suite: `Ed25519Signature2020`, what the Digital
Credentials Consortium's issuers and wallet still produce. It is `eddsa-rdfc-2022` in
all but name: URDNA2015 of the proof options (under the document's context plus the
suite's own) and of the document, hashed and joined in the same order, an Ed25519
signature as multibase. So it goes through the same bounded, sandboxed hasher.
"""

from __future__ import annotations

import copy
import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import nacl.exceptions
import nacl.signing
import rfc8785
from pyld import jsonld
from pyld.canon import URDNA2015

from microcred_market.vc import jsonld_cache, multikey
from microcred_market.vc.contexts import document_loader

jsonld_cache.install()

RDFC = "eddsa-rdfc-2022"
JCS = "eddsa-jcs-2022"
SUITES = (RDFC, JCS)
ED25519_2020 = "Ed25519Signature2020"
ED25519_2020_CONTEXT = "https://w3id.org/security/suites/ed25519-2020/v1"


class ProofError(ValueError):
    """The proof is missing, malformed or does not verify; the message says which."""


TOO_COMPLEX = "too complex to check: checking it would tie up the verifier, so it was stopped"


class TooComplex(ProofError):
    """Canonicalising the document would cost more than any real credential does."""

    def __init__(self, message: str = TOO_COMPLEX) -> None:
        super().__init__(message)


# RDF canonicalisation (RDFC-1.0, "URDNA2015") is factorial in the worst case: blank
# nodes that look alike must be told apart by trying their orders. A credential needs
# a few dozen blank nodes that all differ at once; a stranger's graph of a handful of
# interlinked look-alike nodes costs minutes (8 nodes: 51 s). So the work is counted
# (a call of Hash N-Degree Quads, one order to try) and refused past a budget that a
# real credential never comes near (our own credentials use none of it).
MAX_PROOFS = 4  # each one costs two canonicalisations
MAX_BLANK_NODES = 1_000
MAX_QUADS = 20_000
MAX_CANON_WORK = 5_000
_LARGEST_GROUP = 12  # 12! alone is past any budget; no need to compute bigger factorials
_DEEPEST = 32  # a chain of look-alike nodes recurses once per node


class _BoundedURDNA2015(URDNA2015):
    def __init__(self, max_work: int) -> None:
        super().__init__()
        self.work = 0
        self.depth = 0
        self.max_work = max_work

    def _spend(self, units: int) -> None:
        self.work += units
        if self.work > self.max_work:
            raise TooComplex

    def hash_n_degree_quads(self, id_: str, issuer: Any) -> Any:
        self._spend(1)
        self.depth += 1
        try:
            if self.depth > _DEEPEST:
                raise TooComplex
            return super().hash_n_degree_quads(id_, issuer)
        finally:
            self.depth -= 1

    def create_hash_to_related(self, id_: str, issuer: Any) -> Any:
        related = super().create_hash_to_related(id_, issuer)
        # Charged before the orders are tried: each order copies the path's issuer, so
        # a long path costs more per order.
        weight = 1 + len(issuer.order) // 32
        for nodes in related.values():
            size = len(nodes)
            if size > _LARGEST_GROUP:
                raise TooComplex
            self._spend(math.factorial(size) * weight)
        return related


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


def canonical_rdf(document: dict[str, Any], max_work: int = MAX_CANON_WORK) -> bytes:
    """RDFC-1.0 N-Quads, what `jsonld.normalize` gives, refused (TooComplex) past the limits."""
    try:
        dataset = jsonld.to_rdf(
            document,
            {"documentLoader": document_loader, "base": RELATIVE_BASE},
        )
    except RecursionError as error:  # JSON nested thousands deep
        raise TooComplex from error
    except jsonld.JsonLdError as error:
        raise ProofError(f"JSON-LD processing failed: {_jsonld_reason(error)}") from error
    quads = [quad for triples in dataset.values() for quad in triples]
    blank = {
        part["value"]
        for quad in quads
        for part in (quad["subject"], quad["object"])
        if part["type"] == "blank node"
    } | {name for name in dataset if name.startswith("_:")}
    if len(quads) > MAX_QUADS or len(blank) > MAX_BLANK_NODES:
        raise TooComplex
    try:
        nquads = _BoundedURDNA2015(max_work).main(dataset, {"format": "application/n-quads"})
    except RecursionError as error:
        raise TooComplex from error
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
    """What the signature covers: the proof configuration's hash, then the document's."""
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
    if len(proofs) > MAX_PROOFS:
        raise ProofError(f"the credential carries more than {MAX_PROOFS} proofs")
    if not proofs or not all(isinstance(p, dict) for p in proofs):
        raise ProofError("the proof is malformed")
    return proofs


def rdfc_hash_data(unsecured: dict[str, Any], proof_config: dict[str, Any]) -> bytes:
    """The bytes an eddsa-rdfc-2022 signature covers (what `verify_proof` hands a hasher)."""
    return _hash_data(RDFC, unsecured, proof_config)


# (unsecured document, proof configuration) -> the bytes an eddsa-rdfc-2022 signature
# covers; the verifier passes one that runs in a separate process with a time limit.
RdfcHasher = Callable[[dict[str, Any], dict[str, Any]], bytes]


def verify_proof(
    document: dict[str, Any],
    proof: dict[str, Any],
    public_key_for: Callable[[str], bytes],
    rdfc_hasher: RdfcHasher | None = None,
) -> None:
    """Raises ProofError unless `proof` is a valid signature over `document`.

    `public_key_for(verification_method)` returns the raw Ed25519 key the issuer lists
    for assertions, or raises ProofError saying why it cannot. The key is looked up
    before anything is canonicalised: a stranger's document costs us work only once
    its signer is known to the issuer.
    """
    if proof.get("type") == ED25519_2020:
        _verify_2020(document, proof, public_key_for, rdfc_hasher)
        return
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
    if suite == RDFC and rdfc_hasher is not None:
        data = rdfc_hasher(unsecured, config)
    else:
        data = _hash_data(suite, unsecured, config)
    try:
        nacl.signing.VerifyKey(public_key).verify(data, signature)
    except (nacl.exceptions.BadSignatureError, ValueError, TypeError) as error:
        raise ProofError("the signature does not match the credential") from error


def _verify_2020(
    document: dict[str, Any],
    proof: dict[str, Any],
    public_key_for: Callable[[str], bytes],
    rdfc_hasher: RdfcHasher | None,
) -> None:
    """An `Ed25519Signature2020` proof, as jsonld-signatures' LinkedDataSignature checks it:
    the proof options are the proof less its value, under the document's context with
    the suite's context added when missing."""
    if proof.get("proofPurpose") != "assertionMethod":
        raise ProofError("the proof purpose is not assertionMethod")
    value = proof.get("proofValue")
    method = proof.get("verificationMethod")
    if not isinstance(value, str) or not isinstance(method, str):
        raise ProofError("the proof lacks a proofValue or verificationMethod")
    if not value.startswith("z"):
        raise ProofError("the proofValue is not multibase base58btc")
    if "created" in proof and not _is_datetime(proof["created"]):
        raise ProofError("the proof's created date is not a date")
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    if "@context" not in unsecured:
        raise ProofError("the credential has no @context")
    context = _as_list(proof.get("@context", unsecured["@context"]))
    if ED25519_2020_CONTEXT not in context:
        context = [*context, ED25519_2020_CONTEXT]
    config = {
        "@context": context,
        **{
            k: v
            for k, v in proof.items()
            if k not in ("@context", "proofValue", "jws", "signatureValue")
        },
    }
    try:
        signature = multikey.decode_signature(value)
    except multikey.BadKey as error:
        raise ProofError(str(error)) from error
    public_key = public_key_for(method)
    data = (rdfc_hasher or rdfc_hash_data)(unsecured, config)
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
