"""A stranger's credential costs the verifier a bounded amount of CPU and memory.

The poison graph: a few interlinked look-alike blank nodes, signed with the attacker's
own did:key (the signature is valid), once cost 51 s of CPU for 8 nodes. It is now
answered "invalid, too complex to check" in well under 2 s, while ordinary
credentials still verify.
"""

from __future__ import annotations

import base64
import gzip
import threading
import time
import tracemalloc
from typing import Any

import nacl.signing
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microcred_market.ui.check_words import check_message
from microcred_market.vc import multikey, proofs, sandbox, status_list
from microcred_market.vc.verify import CANON_SECONDS, MAX_ENTRIES, verify
from tests.support.bombs import encoded_list_bomb
from tests.support.poison import poison_document, signed_poison, symmetric_canonical_form
from tests.unit.vc.test_verify_never_crashes import SIGNED

pytestmark = [pytest.mark.credentials, pytest.mark.security]


def _checks(result: Any) -> dict[str, Any]:
    return {c.name: c for c in result.checks}


@pytest.mark.parametrize("n", [2, 3, 4, 5])
def test_the_poison_generators_canonical_form_is_rdfc(n: int) -> None:
    document = poison_document(n)
    assert symmetric_canonical_form(document) == proofs.canonical_rdf(document, max_work=10**9)


def test_a_small_poison_graph_is_really_signed_and_verifies() -> None:
    credential, _ = signed_poison(4)
    assert verify(credential).verdict == "valid"


@pytest.mark.parametrize("n", [8, 10])
def test_a_poison_graph_is_refused_as_too_complex_within_two_seconds(n: int) -> None:
    credential, _ = signed_poison(n)
    started = time.monotonic()
    result = verify(credential)
    elapsed = time.monotonic() - started
    assert elapsed < 2.0, f"{n} nodes took {elapsed:.1f} s"
    assert result.verdict == "invalid"
    signature = _checks(result)["signature"]
    assert signature.status == "fail"
    assert signature.message == proofs.TOO_COMPLEX
    assert check_message(signature.message, "en").startswith("too complex to check")
    assert check_message(signature.message, "pl").startswith("zbyt złożone")


def test_the_work_counter_alone_stops_it_in_the_calling_thread() -> None:
    credential, _ = signed_poison(8)
    started = time.process_time()
    result = verify(credential, rdfc_hasher=proofs.rdfc_hash_data)
    assert time.process_time() - started < 1.0
    assert _checks(result)["signature"].message == proofs.TOO_COMPLEX


def test_an_ordinary_credential_still_verifies_after_an_attack() -> None:
    verify(signed_poison(9)[0])
    assert verify(SIGNED).verdict == "valid"


def test_a_worker_that_runs_past_its_time_is_killed_and_replaced() -> None:
    pool = sandbox.Pool(size=1)
    try:
        big = poison_document(2)
        big["credentialSubject"]["note"] = [f"line {i}" for i in range(6000)]
        config = {"@context": big["@context"], "type": "DataIntegrityProof"}
        small = poison_document(3)
        expected = proofs.rdfc_hash_data(small, config)
        assert pool.hash_data(small, config, timeout=30) == expected  # the worker is up
        started = time.monotonic()
        with pytest.raises(proofs.TooComplex):
            pool.hash_data(big, config, timeout=0.05)
        assert time.monotonic() - started < 1.0
        # The next job gets a fresh worker and the right answer.
        assert pool.hash_data(small, config, timeout=30) == expected
    finally:
        pool.close()


def test_long_chains_of_look_alike_nodes_do_not_overflow_the_stack() -> None:
    ring = poison_document(2)
    ring["credentialSubject"]["node"] = [
        {"id": f"_:r{i}", "link": {"id": f"_:r{(i + 1) % 900}"}} for i in range(900)
    ]
    with pytest.raises(proofs.TooComplex):
        proofs.canonical_rdf(ring)


@pytest.mark.parametrize("field", sorted(MAX_ENTRIES))
def test_lists_that_multiply_our_work_are_capped(field: str) -> None:
    credential = dict(SIGNED)
    value = credential.get(field)
    entry = value[0] if isinstance(value, list) and value else (value or {"id": "urn:x"})
    credential[field] = [entry] * (MAX_ENTRIES[field] + 1)
    result = verify(credential)
    assert result.verdict == "invalid"
    message = _checks(result)["format"].message
    assert f"too many {field} entries" in message
    assert "za dużo" in check_message(message, "pl")


def test_a_gzip_bomb_status_list_is_refused_with_bounded_memory() -> None:
    encoded = encoded_list_bomb(400_000_000)
    assert len(encoded) < 600_000  # the 518 KB list of the report
    tracemalloc.start()
    try:
        with pytest.raises(status_list.BadStatusList, match="more than 2 MB"):
            status_list.decode(encoded)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20_000_000, f"peak {peak / 1e6:.0f} MB"


def test_a_real_status_list_still_decodes() -> None:
    bits = status_list.decode(status_list.encode([3, 131_071]))
    assert len(bits) == status_list.LIST_SIZE // 8
    assert status_list.bit(bits, 3) and status_list.bit(bits, 131_071)
    assert not status_list.bit(bits, 4)
    two = gzip.compress(b"\x80" * 8) + gzip.compress(b"\x00" * 8)  # two GZIP members
    assert status_list.decode("u" + base64.urlsafe_b64encode(two).decode()) == (
        b"\x80" * 8 + b"\x00" * 8
    )


@st.composite
def _look_alike_graphs(draw: st.DrawFn) -> dict[str, Any]:
    """Up to 12 blank nodes that differ only in how they link to each other."""
    n = draw(st.integers(min_value=3, max_value=12))
    pairs = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1))
    edges = draw(st.sets(pairs, min_size=n, max_size=n * n))
    document = poison_document(2)
    document["credentialSubject"]["node"] = [
        {"id": f"_:n{i}", "link": [{"id": f"_:n{j}"} for (a, j) in sorted(edges) if a == i]}
        for i in range(n)
    ]
    return document


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=_look_alike_graphs())
def test_any_graph_of_look_alike_nodes_is_answered_within_two_seconds(
    document: dict[str, Any],
) -> None:
    # The signature is checked only after hashing, so a forged one costs the same work.
    key = nacl.signing.SigningKey.generate()
    public = multikey.encode_public(bytes(key.verify_key))
    document["issuer"] = f"did:key:{public}"
    proof = {
        "type": "DataIntegrityProof",
        "cryptosuite": proofs.RDFC,
        "created": "2026-01-01T00:00:00Z",
        "verificationMethod": f"did:key:{public}#{public}",
        "proofPurpose": "assertionMethod",
        "proofValue": multikey.encode_signature(b"\x01" * 64),
    }
    started = time.monotonic()
    result = verify({**document, "proof": [proof]})
    assert time.monotonic() - started < 2.0
    assert result.verdict == "invalid"
    assert _checks(result)["signature"].message in (
        proofs.TOO_COMPLEX,
        "the signature does not match the credential",
    )


def test_when_every_worker_is_taken_a_verification_is_told_busy_in_time() -> None:
    pool = sandbox.Pool(size=1)
    document = poison_document(3)
    config = {"@context": document["@context"], "type": "DataIntegrityProof"}
    held = threading.Event()
    release = threading.Event()

    def occupy() -> None:
        with pool._slots:  # another request's job, running for as long as we like
            held.set()
            release.wait(10)

    thread = threading.Thread(target=occupy)
    thread.start()
    try:
        held.wait(5)
        started = time.monotonic()
        with pytest.raises(sandbox.Busy):
            pool.hash_data(document, config, timeout=0.3)
        assert time.monotonic() - started < 1.0
        assert check_message(str(sandbox.Busy()), "pl").startswith("weryfikator jest zajęty")
    finally:
        release.set()
        thread.join()
        pool.close()


def test_starting_a_worker_is_not_charged_to_the_credential(monkeypatch) -> None:
    """A worker may take seconds to start on a busy machine (at start, after a kill); a
    credential with two proofs must still get its whole share for both."""
    pool = sandbox.Pool(size=1)
    real_init = sandbox._Worker.__init__

    def slow_start(self: sandbox._Worker) -> None:
        time.sleep(2 * CANON_SECONDS)
        real_init(self)

    monkeypatch.setattr(sandbox._Worker, "__init__", slow_start)
    monkeypatch.setattr(sandbox, "POOL", pool)
    key = nacl.signing.SigningKey(b"\x05" * 32)
    public = multikey.encode_public(bytes(key.verify_key))
    twice = proofs.sign(SIGNED, proofs.Signer(f"did:key:{public}#{public}", bytes(key)))
    try:
        assert len(twice["proof"]) == 2
        assert verify(twice).verdict == "valid"
    finally:
        pool.close()
