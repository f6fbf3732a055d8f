"""Rules with many cases: status bits, keys, did:web addresses, and any offering's credential."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import jsonschema
import nacl.signing
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microcred_market.vc import did, multikey, ob3, proofs, status_list
from microcred_market.vc.contexts import microcred_context_url, ob_schema
from microcred_market.vc.verify import verify

pytestmark = pytest.mark.credentials


@settings(max_examples=60, deadline=None)
@given(st.sets(st.integers(0, status_list.LIST_SIZE - 1), max_size=200))
def test_status_bits_round_trip(indexes: set[int]) -> None:
    bits = status_list.decode(status_list.encode(indexes))
    assert len(bits) * 8 == status_list.LIST_SIZE
    for index in list(indexes)[:50]:
        assert status_list.bit(bits, index)
    set_count = sum(bin(b).count("1") for b in bits)
    assert set_count == len(indexes)


def test_bit_zero_is_the_first_bit_of_the_first_byte() -> None:
    # The W3C specification's order: index 0 is the leftmost (most significant) bit.
    bits = status_list.decode(status_list.encode({0, 9}))
    assert bits[0] == 0b1000_0000 and bits[1] == 0b0100_0000


@given(st.binary(min_size=32, max_size=32))
def test_multikeys_round_trip(raw: bytes) -> None:
    encoded = multikey.encode_public(raw)
    assert encoded.startswith("z6Mk") and multikey.decode_public(encoded) == raw
    assert multikey.decode_private(multikey.encode_private(raw)) == raw


@given(
    host=st.sampled_from(["microcred.eu", "localhost:3000", "127.0.0.1:8443", "a.b.example"]),
    slug=st.from_regex(r"[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?", fullmatch=True),
)
def test_did_web_names_the_address_of_its_document(host: str, slug: str) -> None:
    name = did.issuer_did(f"https://{host}", slug)
    assert ":" not in name.split("did:web:")[1].split(":")[0]  # the port is %3A-encoded
    assert did.did_web_url(name) == f"https://{host}/issuers/{slug}/did.json"


KEY = nacl.signing.SigningKey(b"\x09" * 32)
PUBLIC = multikey.encode_public(bytes(KEY.verify_key))
DID = f"did:key:{PUBLIC}"
TEXT = st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=60)
FACTS = st.builds(
    ob3.AchievementFacts,
    url=st.just("https://uni.example/offerings/x"),
    title=TEXT,
    description=st.text(max_size=80),
    learning_outcomes=st.lists(TEXT, max_size=4),
    ects=st.decimals(min_value=Decimal("0.5"), max_value=Decimal(60), places=2),
    eqf_level=st.integers(1, 8),
    language=st.sampled_from(["en", "pl", "de"]),
    assessment_type=st.sampled_from(["test", "practical", "project", "review", "oral"]),
    participation_form=st.sampled_from(["online", "onsite", "blended"]),
    quality_assurance=TEXT,
    esco_skills=st.lists(
        st.fixed_dictionaries(
            {"uri": st.just("http://data.europa.eu/esco/skill/abc"), "label": TEXT}
        ),
        max_size=2,
    ),
    nqf_level=st.none() | st.integers(1, 8),
    nqf_framework=st.none() | st.just("PRK"),
    prerequisites=st.text(max_size=40),
    supervision=st.sampled_from(["", "unsupervised-no-id", "supervised-onsite-id"]),
    part_of=st.lists(st.just("https://uni.example/qualifications/q"), max_size=1),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    facts=FACTS,
    grade=st.none() | st.sampled_from(["87", "B+", "5,0"]),
    suite=st.sampled_from(proofs.SUITES),
)
def test_any_offering_gives_a_schema_valid_credential_that_verifies(
    facts: ob3.AchievementFacts, grade: str | None, suite: str
) -> None:
    document = ob3.build_credential(
        credential_id="urn:uuid:aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee",
        issuer=ob3.IssuerFacts(DID, "Uni", "https://uni.example", "PL", "Poland"),
        achievement_facts=facts,
        learner=ob3.LearnerFacts("urn:uuid:aaaaaaaa-bbbb-4ccc-8ddd-ffffffffffff", "Zoë", "z@x.pl"),
        issued_at=datetime(2026, 5, 1, tzinfo=UTC),
        context_url=microcred_context_url(),
        grade=grade,
    )
    signed = proofs.sign(document, proofs.Signer(f"{DID}#{PUBLIC}", bytes(KEY)), suite)
    jsonschema.Draft201909Validator(ob_schema()).validate(signed)
    result = verify(signed)
    assert result.verdict == "valid", [c for c in result.checks if c.status != "pass"]
    assert result.facts["eqf_level"] == str(facts.eqf_level)
    assert Decimal(result.facts["ects"]) == facts.ects
