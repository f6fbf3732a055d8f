"""Credentials other issuers sign, verified by us: the reverse of the interop tests.

Digital Bazaar's `@digitalbazaar/vc` with `Ed25519Signature2020` (what the Digital
Credentials Consortium's issuers and wallet produce) signs, from a did:key, an OB 3.0
credential in VC 1.1 form and a VC 2.0 one, and StatusList2021 lists built with
`@digitalbazaar/vc-status-list` (`sign2020.mjs`, one Node run for the module). Our
verifier must accept them, refuse a changed byte, read the status bit, and not trust a
status list someone else signed.
"""

from __future__ import annotations

import copy
import json
import subprocess
from pathlib import Path
from typing import Any

import nacl.signing
import pytest

from microcred_market.vc import contexts, did, external, multikey, status_list
from microcred_market.vc.verify import NetworkSources

pytestmark = [pytest.mark.credentials, pytest.mark.interop]

HERE = Path(__file__).parent
ISSUER_SEED = bytes(range(32))
OTHER_SEED = bytes(range(1, 33))
LIST_URL = "https://status.elsewhere.example/lists/1"
FORGED_LIST_URL = "https://status.elsewhere.example/lists/forged"
OB3_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"


def did_key(seed: bytes) -> str:
    return "did:key:" + multikey.encode_public(bytes(nacl.signing.SigningKey(seed).verify_key))


def sl2021(indexes: list[int]) -> str:
    """encodedList as StatusList2021 writes it: base64url of GZIP, no multibase prefix."""
    return status_list.encode(indexes)[1:]


def credential(
    issuer: str, *, v2: bool = False, index: int | None = None, ob: str = OB3_V3, **extra: Any
):
    base = [contexts.VC_V2] if v2 else [contexts.VC_V1]
    document: dict[str, Any] = {
        "@context": [*base, ob],
        "id": "urn:uuid:951b475e-b795-43bc-ba8f-a2d01efd2eb1",
        # In VC 2.0 form a plain VC: 1EdTech's OB 3.0 schema wants `proof` as a list,
        # and vc.js writes a single proof as an object (our verifier holds OB 3.0
        # credentials to the schema; `test_schema_check_bites`).
        "type": ["VerifiableCredential"] if v2 else ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer, "type": ["Profile"], "name": "Elsewhere Institute"},
        ("validFrom" if v2 else "issuanceDate"): "2025-01-01T00:00:00Z",
        "name": "Data Analysis",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://elsewhere.example/achievements/data-analysis",
                "type": ["Achievement"],
                "name": "Data Analysis",
                "description": "Exploratory data analysis in Python",
                "criteria": {"narrative": "Passed the final project"},
                "creditsAvailable": 5,
            },
        },
        **extra,
    }
    if index is not None:
        document["@context"].append(contexts.STATUS_LIST_2021_V1)
        document["credentialStatus"] = {
            "id": f"{LIST_URL}#{index}",
            "type": "StatusList2021Entry",
            "statusPurpose": "revocation",
            "statusListIndex": str(index),
            "statusListCredential": LIST_URL,
        }
    return document


def list_credential(url: str, issuer: str, revoked: list[int]) -> dict[str, Any]:
    """What `@digitalbazaar/vc-status-list`'s createCredential gives, with an issuer."""
    return {
        "@context": [contexts.VC_V1, contexts.STATUS_LIST_2021_V1],
        "id": url,
        "type": ["VerifiableCredential", "StatusList2021Credential"],
        "issuer": issuer,
        "issuanceDate": "2025-01-01T00:00:00Z",
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "StatusList2021",
            "statusPurpose": "revocation",
            "encodedList": sl2021(revoked),
        },
    }


def node_sign(seed: bytes, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    request = {
        "seed": multikey.encode_private(seed),
        "items": items,
        "documents": contexts.all_contexts(),
    }
    run = subprocess.run(
        ["node", str(HERE / "sign2020.mjs")],
        input=json.dumps(request).encode(),
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stderr.decode()[-2000:]
    answer = json.loads(run.stdout)
    assert answer["did"] == did_key(seed)
    return answer["signed"]


@pytest.fixture(scope="module")
def signed() -> dict[str, dict[str, Any]]:
    """Every credential of this module, signed by Node in two runs (one per key)."""
    issuer, other = did_key(ISSUER_SEED), did_key(OTHER_SEED)
    names = ["ob3_v1", "vc_v2", "with_status", "revoked", "expired", "list", "list_revoked"]
    names += ["ob3_302", "ob3_301"]
    by_issuer = node_sign(
        ISSUER_SEED,
        [
            credential(issuer),
            credential(issuer, v2=True),
            credential(issuer, index=7),
            credential(issuer, index=42),
            credential(issuer, expirationDate="2025-06-01T00:00:00Z"),
            list_credential(LIST_URL, issuer, []),
            list_credential(LIST_URL, issuer, [42]),
            credential(issuer, ob=contexts.OB_V3_0_2),
            credential(issuer, ob=contexts.OB_V3_0_1),
        ],
    )
    # A list that names our issuer, signed by someone else's key.
    (forged,) = node_sign(OTHER_SEED, [list_credential(LIST_URL, issuer, [])])
    (foreign,) = node_sign(OTHER_SEED, [list_credential(LIST_URL, other, [])])
    return {**dict(zip(names, by_issuer, strict=True)), "forged": forged, "foreign": foreign}


class _Lists(NetworkSources):
    """did:key resolves locally (as in production); status lists from a map, no fetch."""

    def __init__(self, lists: dict[str, dict[str, Any]]) -> None:
        super().__init__()
        self.lists = lists

    def status_list(self, url: str) -> dict[str, Any]:
        return copy.deepcopy(self.lists[url])


def judge(document: dict[str, Any], lists: dict[str, dict[str, Any]] | None = None):
    presented = external.read(json.dumps(document).encode())
    verification = external.check(presented, _Lists(lists or {}), external_now())
    return external.judge(presented, verification), verification


def external_now():
    from datetime import UTC, datetime

    return datetime(2026, 1, 1, tzinfo=UTC)


def one_byte_changed(document: dict[str, Any]) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    name = changed["credentialSubject"]["achievement"]["name"]
    changed["credentialSubject"]["achievement"]["name"] = "X" + name[1:]
    return changed


def test_did_key_resolves_locally_to_its_ed25519_key() -> None:
    key = did_key(ISSUER_SEED)
    document = did.did_key_document(key)
    method = f"{key}#{key[len('did:key:') :]}"
    raw = did.assertion_key(document, method)
    assert raw == bytes(nacl.signing.SigningKey(ISSUER_SEED).verify_key)


@pytest.mark.parametrize("name", ["ob3_v1", "vc_v2", "ob3_302", "ob3_301"])
def test_ed25519signature2020_from_digital_bazaar_is_verified(signed: dict, name: str) -> None:
    document = signed[name]
    assert document["proof"]["type"] == "Ed25519Signature2020"
    found, verification = judge(document)
    assert found == external.Judgement("verified", ""), verification.checks
    facts = external.facts(external.read(json.dumps(document).encode()), verification)
    assert facts["issuer_name"] == "Elsewhere Institute"
    assert facts["achievement_name"] == "Data Analysis"
    assert facts["ects"] == "5"


@pytest.mark.parametrize("name", ["ob3_v1", "vc_v2"])
def test_one_changed_byte_of_the_subject_is_refused(signed: dict, name: str) -> None:
    found, _ = judge(one_byte_changed(signed[name]))
    assert found.verdict == "unverifiable"
    assert "signature does not match" in found.reason


def test_a_claimed_issuer_other_than_the_signer_is_refused(signed: dict) -> None:
    document = copy.deepcopy(signed["ob3_v1"])
    document["issuer"]["id"] = did_key(OTHER_SEED)
    found, _ = judge(document)
    assert found.verdict == "unverifiable"


def test_status_list_2021_bit_clear_is_verified(signed: dict) -> None:
    found, verification = judge(signed["with_status"], {LIST_URL: signed["list"]})
    assert found.verdict == "verified", verification.checks


def test_status_list_2021_bit_set_is_revoked(signed: dict) -> None:
    found, _ = judge(signed["revoked"], {LIST_URL: signed["list_revoked"]})
    assert found == external.Judgement("revoked", "revoked by the issuer")


def test_a_status_list_signed_by_another_key_is_not_trusted(signed: dict) -> None:
    found, verification = judge(signed["with_status"], {LIST_URL: signed["forged"]})
    assert found.verdict == "unverifiable"
    assert verification.verdict == "status_unknown"
    found, verification = judge(signed["with_status"], {LIST_URL: signed["foreign"]})
    assert verification.verdict == "status_unknown"
    assert "not published by the credential's issuer" in found.reason


def test_an_expired_credential_is_expired(signed: dict) -> None:
    found, _ = judge(signed["expired"])
    assert found.verdict == "expired"
    assert "2025-06-01" in found.reason


def test_an_unsigned_credential_is_kept_as_self_reported(signed: dict) -> None:
    document = {k: v for k, v in signed["ob3_v1"].items() if k != "proof"}
    found, _ = judge(document)
    assert found.verdict == "self_reported"


def test_a_wallets_presentation_of_one_credential_is_read(signed: dict) -> None:
    presentation = {
        "@context": [contexts.VC_V1],
        "type": ["VerifiablePresentation"],
        "verifiableCredential": [signed["ob3_v1"]],
    }
    found, _ = judge(presentation)
    assert found == external.Judgement("verified", "")
    presentation["verifiableCredential"] = [signed["ob3_v1"], signed["vc_v2"]]
    with pytest.raises(external.Unreadable, match="one at a time"):
        external.read(json.dumps(presentation).encode())
