"""Whatever JSON anyone pastes, the verifier answers with checks and never raises."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from decimal import Decimal

import nacl.signing
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microcred_market.vc import multikey, ob3, proofs
from microcred_market.vc.contexts import microcred_context_url
from microcred_market.vc.verify import verify

pytestmark = pytest.mark.credentials

KEY = nacl.signing.SigningKey(b"\x05" * 32)
PUBLIC = multikey.encode_public(bytes(KEY.verify_key))
DID = f"did:key:{PUBLIC}"


def _signed() -> dict:
    document = ob3.build_credential(
        credential_id="urn:uuid:11111111-2222-4333-8444-555555555555",
        issuer=ob3.IssuerFacts(DID, "Uni", "https://uni.example", "PL", "Poland"),
        achievement_facts=ob3.AchievementFacts(
            url="https://uni.example/c/1",
            title="Course",
            description="About",
            learning_outcomes=["One"],
            ects=Decimal(2),
            eqf_level=5,
            language="en",
            assessment_type="test",
            participation_form="online",
            quality_assurance="QA",
        ),
        learner=ob3.LearnerFacts("urn:uuid:11111111-2222-4333-8444-666666666666", "Ann", None),
        issued_at=datetime(2026, 1, 1, tzinfo=UTC),
        context_url=microcred_context_url(),
    )
    return proofs.sign(document, proofs.Signer(f"{DID}#{PUBLIC}", bytes(KEY)))


SIGNED = _signed()
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
PATHS = [
    ("@context",),
    ("type",),
    ("issuer",),
    ("issuer", "id"),
    ("validFrom",),
    ("validUntil",),
    ("credentialSubject",),
    ("credentialSubject", "achievement"),
    ("credentialSubject", "identifier"),
    ("credentialStatus",),
    ("proof",),
    ("credentialSchema",),
]


def test_the_untouched_credential_is_valid() -> None:
    assert verify(SIGNED).verdict == "valid"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(PATHS), value=JSON)
def test_any_value_anywhere_gets_an_answer_not_a_crash(path: tuple[str, ...], value) -> None:
    document = copy.deepcopy(SIGNED)
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    result = verify(document)
    assert result.verdict != "valid" or value == SIGNED.get(path[-1])
    assert {c.name for c in result.checks} >= {"format"}
    result.as_dict()  # serialisable for the API
