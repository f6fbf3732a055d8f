"""Our Data Integrity proofs against the W3C test vectors and someone else's verifier.

The W3C vc-di-eddsa test vectors (tests/interop/vectors, see SOURCE.md) must verify in
our verifier, and our signer must reproduce their proofValue byte for byte. Digital
Bazaar's @digitalbazaar/vc (tests/interop/verify.mjs, run offline) must accept what we
sign, with both cryptosuites, and reject the same tamperings ours rejects.

Every JS check runs in one Node.js process (`js_results`), so this module costs one
Node start however many cases it holds.
"""

from __future__ import annotations

import copy
import hashlib
import http.server
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nacl.signing
import pytest
import rfc8785

from microcred_market.vc import multikey, proofs
from microcred_market.vc.contexts import DID_V1, MULTIKEY_V1, OB_V3, VC_V2, all_contexts
from tests.support import js_verifier
from tests.support.js_verifier import documents_for_did, js_bench, js_verify_batch

pytestmark = [pytest.mark.credentials, pytest.mark.interop]

VECTORS = Path(__file__).resolve().parent / "vectors"
VECTOR_CREATED = "2023-02-24T23:36:38Z"
SIGNED_VECTOR = {
    proofs.RDFC: "eddsa-rdfc-2022/signedDataInt.json",
    proofs.JCS: "eddsa-jcs-2022/signedJCS.json",
}
CANON_VECTOR = {
    proofs.RDFC: "eddsa-rdfc-2022/canonDocDataInt.txt",
    proofs.JCS: "eddsa-jcs-2022/canonDocJCS.txt",
}
CONFIG_VECTOR = {
    proofs.RDFC: "eddsa-rdfc-2022/proofConfigDataInt.json",
    proofs.JCS: "eddsa-jcs-2022/proofConfigJCS.json",
}
SUITES = [proofs.RDFC, proofs.JCS]
CREATED = "2025-03-01T09:30:00Z"


def vector(name: str) -> Any:
    text = (VECTORS / name).read_text()
    return json.loads(text) if name.endswith(".json") else text


# ---------------------------------------------------------------- keys


@dataclass(frozen=True)
class Key:
    seed: bytes
    public: bytes

    @classmethod
    def from_seed(cls, seed: bytes) -> Key:
        return cls(seed, bytes(nacl.signing.SigningKey(seed).verify_key))

    @property
    def multibase(self) -> str:
        return multikey.encode_public(self.public)

    @property
    def did(self) -> str:
        return f"did:key:{self.multibase}"

    @property
    def method(self) -> str:
        return f"{self.did}#{self.multibase}"


VECTOR_KEY = Key.from_seed(multikey.decode_private(vector("keyPair.json")["privateKeyMultibase"]))
ISSUER_KEY = Key.from_seed(hashlib.sha256(b"microcred interop issuer").digest())
OTHER_KEY = Key.from_seed(hashlib.sha256(b"microcred interop someone else").digest())

DID_WEB = "did:web:issuer.example.test:issuers:interop"
DID_WEB_METHOD = f"{DID_WEB}#key-1"
DID_WEB_DOCUMENT = {
    "@context": [DID_V1, MULTIKEY_V1],
    "id": DID_WEB,
    "verificationMethod": [
        {
            "id": DID_WEB_METHOD,
            "type": "Multikey",
            "controller": DID_WEB,
            "publicKeyMultibase": ISSUER_KEY.multibase,
        }
    ],
    "assertionMethod": [DID_WEB_METHOD],
}


def did_key_resolver(method: str) -> bytes:
    """Our verifier's key lookup for did:key: the key is the identifier itself."""
    did, _, fragment = method.partition("#")
    value = did.removeprefix("did:key:")
    if not did.startswith("did:key:") or fragment != value:
        raise proofs.ProofError(f"not a did:key verification method: {method}")
    return multikey.decode_public(value)


def did_web_resolver(method: str) -> bytes:
    for entry in DID_WEB_DOCUMENT["verificationMethod"]:
        if entry["id"] == method and method in DID_WEB_DOCUMENT["assertionMethod"]:
            return multikey.decode_public(entry["publicKeyMultibase"])
    raise proofs.ProofError(f"{method} is not an assertion key of {DID_WEB}")


def ours_verifies(credential: dict[str, Any], resolver: Callable[[str], bytes]) -> bool:
    try:
        for proof in proofs.proofs_of(credential):
            proofs.verify_proof(credential, proof, resolver)
    except proofs.ProofError:
        return False
    return True


# ---------------------------------------------------------------- credentials


def badge(issuer: str) -> dict[str, Any]:
    """An Open Badges 3.0 credential shaped like the ones we issue."""
    return {
        "@context": [VC_V2, OB_V3],
        "id": "urn:uuid:5b1f3f0e-3c52-4a8e-9d0c-0c6c3b2b7a10",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Data Protection Essentials",
        "issuer": {"id": issuer, "type": ["Profile"], "name": "Interop University"},
        "validFrom": "2025-03-01T00:00:00Z",
        "credentialSubject": {
            "id": "did:example:learner-1",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "urn:uuid:8a2e6a41-95e0-4f55-8f0e-4d0b7f3b2c11",
                "type": ["Achievement"],
                "name": "Data Protection Essentials",
                "description": "Applies the GDPR to everyday processing.",
                "criteria": {"narrative": "Passed the final assessment."},
            },
        },
    }


def signed_by(key: Key, suite: str, method: str | None = None, issuer: str | None = None):
    method = method or key.method
    issuer = issuer or method.split("#")[0]
    signer = proofs.Signer(method, key.seed)
    return proofs.sign(badge(issuer), signer, suite, created=CREATED)


def altered_proof_value(credential: dict[str, Any]) -> dict[str, Any]:
    changed = copy.deepcopy(credential)
    proof = changed["proof"][-1]
    signature = bytearray(multikey.decode_signature(proof["proofValue"]))
    signature[10] ^= 0x01
    proof["proofValue"] = multikey.encode_signature(bytes(signature))
    return changed


def changed_subject(credential: dict[str, Any], path: str, value: str) -> dict[str, Any]:
    """A copy with one field of credentialSubject (dotted path) changed."""
    changed = copy.deepcopy(credential)
    *parents, last = path.split(".")
    target = changed["credentialSubject"]
    for name in parents:
        target = target[name]
    assert target[last] != value
    target[last] = value
    return changed


# ---------------------------------------------------------------- a server that must stay idle


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (the http.server API)
        type(self).requests.append(self.path)
        body = json.dumps({"@context": {"alumniOf": "https://example.test/alumniOf"}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def loopback_context() -> Iterator[tuple[str, list[str]]]:
    """A context URL that a fetching verifier could load, and the requests it got."""
    _Recorder.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/context.json", _Recorder.requests
    finally:
        server.shutdown()
        server.server_close()


# ---------------------------------------------------------------- every JS check, one Node start


@dataclass(frozen=True)
class Case:
    credential: dict[str, Any]
    documents: dict[str, Any]
    check_issuer: bool = True

    def item(self) -> dict[str, Any]:
        item = {"credential": self.credential, "documents": self.documents}
        if not self.check_issuer:
            item["check_issuer"] = False
        return item


def build_cases(unknown_context: str) -> dict[str, Case]:
    contexts = all_contexts()
    cases: dict[str, Case] = {}
    for suite in SUITES:
        signed_vector = vector(SIGNED_VECTOR[suite])
        # The vectors name an issuer (https://vc.example/issuers/5678) that is not their
        # key's controller: valid proofs, but vc's issuer rule must refuse them.
        cases[f"vector-{suite}"] = Case(signed_vector, contexts, check_issuer=False)
        cases[f"vector-{suite}-issuer-rule"] = Case(signed_vector, contexts)

        ours = signed_by(ISSUER_KEY, suite)
        cases[f"ours-{suite}"] = Case(ours, contexts)
        cases[f"ours-{suite}-subject-id"] = Case(
            changed_subject(ours, "id", "did:example:learner-2"), contexts
        )
        cases[f"ours-{suite}-subject-achievement"] = Case(
            changed_subject(ours, "achievement.name", "Data Protection Mastery"), contexts
        )
        cases[f"ours-{suite}-proof-value"] = Case(altered_proof_value(ours), contexts)
        # The DID names ISSUER_KEY; OTHER_KEY signed.
        cases[f"ours-{suite}-wrong-key"] = Case(
            signed_by(OTHER_KEY, suite, method=ISSUER_KEY.method), contexts
        )

        did_web = signed_by(ISSUER_KEY, suite, method=DID_WEB_METHOD)
        cases[f"did-web-{suite}"] = Case(did_web, contexts | documents_for_did(DID_WEB_DOCUMENT))
        cases[f"did-web-{suite}-no-did-document"] = Case(did_web, contexts)

        with_status = copy.deepcopy(badge(ISSUER_KEY.did))
        with_status["credentialStatus"] = {
            "id": "https://issuer.example.test/status/1#42",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": "42",
            "statusListCredential": "https://issuer.example.test/status/1",
        }
        cases[f"status-{suite}"] = Case(
            proofs.sign(with_status, proofs.Signer(ISSUER_KEY.method, ISSUER_KEY.seed), suite),
            contexts,
        )

    # RDFC needs every context: one that is not in `documents` must fail to load.
    unknown = copy.deepcopy(cases[f"ours-{proofs.RDFC}"].credential)
    unknown["@context"].append(unknown_context)
    cases["unknown-context-rdfc"] = Case(unknown, contexts)
    # JCS hashes the JSON as written and never reads a context.
    jcs_unknown = badge(ISSUER_KEY.did)
    jcs_unknown["@context"].append(unknown_context)
    cases["unknown-context-jcs"] = Case(
        proofs.sign(jcs_unknown, proofs.Signer(ISSUER_KEY.method, ISSUER_KEY.seed), proofs.JCS),
        contexts,
    )
    return cases


@pytest.fixture(scope="module")
def cases(loopback_context: tuple[str, list[str]]) -> dict[str, Case]:
    return build_cases(loopback_context[0])


@pytest.fixture(scope="module")
def js_results(cases: dict[str, Case]) -> dict[str, dict[str, Any]]:
    results = js_verify_batch([case.item() for case in cases.values()])
    return dict(zip(cases, results, strict=True))


def accepted(result: dict[str, Any]) -> None:
    assert result["verified"] is True, result["errors"]
    assert result["errors"] == []


def rejected(result: dict[str, Any], *reasons: str) -> None:
    assert result["verified"] is False
    text = " | ".join(result["errors"]).lower()
    assert any(reason.lower() in text for reason in reasons), result["errors"]


# ---------------------------------------------------------------- the W3C vectors, our side


def test_vector_key_pair_is_consistent() -> None:
    assert VECTOR_KEY.multibase == vector("keyPair.json")["publicKeyMultibase"]


@pytest.mark.parametrize("suite", SUITES)
def test_w3c_vector_verifies_in_our_verifier(suite: str) -> None:
    signed = vector(SIGNED_VECTOR[suite])
    assert signed["proof"]["verificationMethod"] == VECTOR_KEY.method
    proofs.verify_proof(signed, signed["proof"], did_key_resolver)


@pytest.mark.parametrize("suite", SUITES)
def test_our_signer_reproduces_the_w3c_vector(suite: str) -> None:
    signer = proofs.Signer(VECTOR_KEY.method, VECTOR_KEY.seed)
    ours = proofs.sign(vector("unsigned.json"), signer, suite, created=VECTOR_CREATED)
    expected = vector(SIGNED_VECTOR[suite])
    assert ours["proof"][-1]["proofValue"] == expected["proof"]["proofValue"]
    assert ours["proof"] == [expected["proof"]]
    assert {k: v for k, v in ours.items() if k != "proof"} == vector("unsigned.json")


@pytest.mark.parametrize("suite", SUITES)
def test_our_canonical_forms_match_the_w3c_vector(suite: str) -> None:
    unsigned = vector("unsigned.json")
    canonical = (
        proofs.canonical_rdf(unsigned).decode()
        if suite == proofs.RDFC
        else rfc8785.dumps(unsigned).decode()
    )
    assert canonical == vector(CANON_VECTOR[suite])
    config = vector(CONFIG_VECTOR[suite])
    proof = vector(SIGNED_VECTOR[suite])["proof"]
    assert {"@context": unsigned["@context"], **proof} == {
        **config,
        "proofValue": proof["proofValue"],
    }


# ---------------------------------------------------------------- the JS verifier


@pytest.mark.parametrize("suite", SUITES)
def test_w3c_vector_verifies_in_js(js_results: dict, suite: str) -> None:
    accepted(js_results[f"vector-{suite}"])
    # vc's default purpose also wants the issuer to be the key's controller: it is not.
    rejected(js_results[f"vector-{suite}-issuer-rule"], "issuer must match")


@pytest.mark.parametrize("suite", SUITES)
def test_ours_verifies_in_js_and_in_ours(js_results: dict, cases: dict, suite: str) -> None:
    accepted(js_results[f"ours-{suite}"])
    assert ours_verifies(cases[f"ours-{suite}"].credential, did_key_resolver)


@pytest.mark.parametrize("suite", SUITES)
@pytest.mark.parametrize("change", ["subject-id", "subject-achievement"])
def test_changed_subject_is_rejected_by_both(
    js_results: dict, cases: dict, suite: str, change: str
) -> None:
    name = f"ours-{suite}-{change}"
    rejected(js_results[name], "invalid signature")
    assert not ours_verifies(cases[name].credential, did_key_resolver)


@pytest.mark.parametrize("suite", SUITES)
def test_altered_proof_value_is_rejected_by_both(js_results: dict, cases: dict, suite: str) -> None:
    name = f"ours-{suite}-proof-value"
    rejected(js_results[name], "invalid signature")
    assert not ours_verifies(cases[name].credential, did_key_resolver)


@pytest.mark.parametrize("suite", SUITES)
def test_signature_by_another_key_is_rejected_by_both(
    js_results: dict, cases: dict, suite: str
) -> None:
    name = f"ours-{suite}-wrong-key"
    assert cases[name].credential["proof"][-1]["verificationMethod"] == ISSUER_KEY.method
    rejected(js_results[name], "invalid signature")
    assert not ours_verifies(cases[name].credential, did_key_resolver)


@pytest.mark.parametrize("suite", SUITES)
def test_did_web_key_comes_from_the_documents_given(
    js_results: dict, cases: dict, suite: str
) -> None:
    accepted(js_results[f"did-web-{suite}"])
    assert ours_verifies(cases[f"did-web-{suite}"].credential, did_web_resolver)
    # Without the DID document the JS verifier cannot find the key, and does not look.
    rejected(js_results[f"did-web-{suite}-no-did-document"], "unable to load", DID_WEB_METHOD)


@pytest.mark.parametrize("suite", SUITES)
def test_js_leaves_status_to_us(js_results: dict, suite: str) -> None:
    result = js_results[f"status-{suite}"]
    accepted(result)
    assert result["status"] == "not checked"


def test_js_refuses_a_context_it_was_not_given(
    js_results: dict, cases: dict, loopback_context: tuple[str, list[str]]
) -> None:
    url, requests = loopback_context
    result = js_results["unknown-context-rdfc"]
    rejected(result, "loading")
    assert any(url in error for error in result["errors"]), result["errors"]
    assert not ours_verifies(cases["unknown-context-rdfc"].credential, did_key_resolver)
    # The context is served on loopback, yet nobody asked for it: nothing was fetched.
    assert requests == []


def test_js_jcs_does_not_read_contexts(
    js_results: dict, loopback_context: tuple[str, list[str]]
) -> None:
    """eddsa-jcs-2022 hashes the JSON as written, so neither verifier reads @context:
    an unknown context does not stop the proof verifying in JS (nor in
    proofs.verify_proof). Rejecting unknown contexts is the credential format check's job
    (vc/verify.py), not the proof's; a JS "verified" for JCS says nothing of them.
    """
    accepted(js_results["unknown-context-jcs"])
    assert loopback_context[1] == []


# ---------------------------------------------------------------- the harness itself


def test_bench_signs_and_verifies_with_both_suites() -> None:
    rates = js_bench(
        badge(ISSUER_KEY.did),
        all_contexts(),
        multikey.encode_private(ISSUER_KEY.seed),
        ISSUER_KEY.method,
        n=3,
    )
    assert rates["n"] == 3
    for suite in ("rdfc", "jcs"):
        assert rates[suite]["sign_per_s"] > 0 and rates[suite]["verify_per_s"] > 0


def test_missing_npm_packages_say_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "package.json").write_text((js_verifier.INTEROP_DIR / "package.json").read_text())
    monkeypatch.setattr(js_verifier, "INTEROP_DIR", tmp_path)
    with pytest.raises(js_verifier.JsVerifierUnavailable, match="make interop-deps"):
        js_verify_batch([{"credential": {}, "documents": {}}])
