"""Credentials issued through our real path, in our verifier and in someone else's.

A university (did:web) issues through the outbox (eddsa-rdfc-2022) and on request with
eddsa-jcs-2022; its DID document, the pinned contexts and its signed status list
credentials are all that Digital Bazaar's verifier (tests/interop/verify.mjs) gets:
nothing is fetched. Each credential must validate against the 1EdTech OB 3.0 JSON Schema
and verify in both verifiers with full issuer checking and a real status check; each
tampering (every leaf field of the signed JSON changed in turn, the proofValue, another
key, a withdrawn key, an unknown context, the dates, a revocation, a suspension) must be
refused by both, for the right reason.

Digital Bazaar's verifier processes JSON-LD strictly ("safe mode"): a term or type that
no listed context defines fails eddsa-rdfc-2022 verification there, where pyld (our
signer) would quietly turn it into a relative IRI. So the RDFC acceptance here is also
the check that every term we write is defined (`1EdTechJsonSchemaValidator2019` once
was not).

Everything is built once per engine (`scenario`), every JS question goes to a single
Node.js run (`js`), and our verifier answers everything in one session (`ours`).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import uuid4

import jsonschema
import nacl.signing
import pytest
from sqlmodel import Session, select

from microcred_market.accounts import authz
from microcred_market.assessments import decisions
from microcred_market.catalogue.models import Offering
from microcred_market.credentials import issuing
from microcred_market.credentials.models import IssuedCredential
from microcred_market.credentials.sources import LocalSources, verify_document
from microcred_market.platform import urls
from microcred_market.platform.clock import utcnow
from microcred_market.platform.db import session_scope
from microcred_market.platform.outbox import process_outbox
from microcred_market.vc import contexts, multikey, ob3, proofs, status_list
from microcred_market.vc.verify import Verification
from tests.support.credential_world import World, make_world
from tests.support.js_verifier import (
    documents_for_did,
    js_verify_batch,
    status_check_item,
    verify_item,
)

pytestmark = [pytest.mark.credentials, pytest.mark.interop]

SLUG = "uni-krakow"
ROTATING = "uni-gdansk"  # a second university whose first key is withdrawn
UNKNOWN_CONTEXT = "https://contexts.example.org/unknown-v1.jsonld"
SUFFIX = {proofs.RDFC: "rdfc", proofs.JCS: "jcs"}
SUBJECTS = ["rdfc", "jcs"]  # the issued credentials the tamper corpus starts from

# What our verifier says, check by check (name -> (status, message)).
Checks = dict[str, tuple[str, str]]


# ---------------------------------------------------------------- the credentials


@dataclass(frozen=True)
class Issued:
    document: dict[str, Any]
    uuid: str
    index: int
    list_no: int
    slug: str

    @property
    def suite(self) -> str:
        return self.document["proof"][0]["cryptosuite"]


@dataclass
class Scenario:
    url: str
    issued: dict[str, Issued]  # see build_scenario for the names
    signed: dict[str, dict[str, Any]]  # built and signed by the university's key
    shared_documents: dict[str, Any]  # contexts, DID documents and their keys
    status_documents: dict[str, Any]  # every status list credential, by URL
    suspension_entries: dict[str, dict[str, Any]]  # beside each issued credential's entry
    verdict_before_withdrawal: str

    def subject(self, name: str) -> dict[str, Any]:
        return self.issued[name].document


def _principal(session: Session, world: World) -> authz.Principal:
    return authz.principal_for(session, world.assessor_id)


def _pass(url: str, world: World, index: int) -> int:
    """The assessor passes a learner: the pass and its outbox row, one transaction."""
    with session_scope(url) as session:
        enrolment = decisions.decide(
            session,
            principal=_principal(session, world),
            enrolment_uuid=world.enrolments[index],
            grade="87",
        )
        return enrolment.enrolment.id  # type: ignore[return-value]


def _issue_jcs(url: str, enrolment_id: int) -> None:
    """JCS on request, before the outbox worker would issue with the default suite."""
    with session_scope(url) as session:
        issuing.issue_for_enrolment(session, enrolment_id, suite=proofs.JCS)


def _issued(url: str, enrolment_id: int, slug: str) -> Issued:
    with session_scope(url) as session:
        row = session.exec(
            select(IssuedCredential).where(IssuedCredential.enrolment_id == enrolment_id)
        ).one()
        return Issued(
            issuing.document_of(row), str(row.uuid), row.status_index, row.status_list_no, slug
        )


def _change(url: str, world: World, issued: Issued, action: str) -> None:
    with session_scope(url) as session:
        issuing.change_state(
            session,
            principal=_principal(session, world),
            credential_uuid=issued.uuid,
            action=action,
            reason="Interop test",
        )


def _unsigned(document: dict[str, Any]) -> dict[str, Any]:
    return {k: copy.deepcopy(v) for k, v in document.items() if k != "proof"}


def _signed_variants(url: str, world: World, base: Issued) -> dict[str, dict[str, Any]]:
    """Credentials built and signed as issuing does, with the university's own key:
    expired, not yet valid, and naming an unknown context (JCS only: RDFC cannot even
    sign a context it cannot load)."""
    now = utcnow()
    with session_scope(url) as session:
        university = issuing.university_by_slug(session, world.slug)
        offering = session.get(Offering, world.offering_id)
        assert offering is not None
        signer = issuing._signer(university, issuing.active_key(session, university))
        issuer, achievement = issuing._facts(session, university, offering)
        taken = set(session.exec(select(IssuedCredential.status_index)).all())
    free_index = next(i for i in range(status_list.LIST_SIZE) if i not in taken)

    def build(
        issued_at: datetime,
        *,
        context_version: int = contexts.MICROCRED_CONTEXT_VERSION,
        outcome: ob3.OutcomeFacts | None = None,
        grade: str | None = "91",
    ) -> dict[str, Any]:
        return ob3.build_credential(
            credential_id=f"urn:uuid:{uuid4()}",
            issuer=issuer,
            achievement_facts=achievement,
            learner=ob3.LearnerFacts(f"urn:uuid:{uuid4()}", "Łucja Nowak 9", "l9@example.test"),
            issued_at=issued_at,
            context_url=contexts.microcred_context_url(version=context_version),
            status=ob3.StatusFacts(
                urls.status_list(world.slug, "revocation", base.list_no), free_index
            ),
            grade=grade,
            outcome=outcome,
        )

    signed: dict[str, dict[str, Any]] = {}
    for suite in (proofs.RDFC, proofs.JCS):
        expired = build(now - timedelta(days=30))
        expired["validUntil"] = ob3.iso(now - timedelta(days=1))
        signed[f"expired-{SUFFIX[suite]}"] = proofs.sign(expired, signer, suite)
        not_yet = build(now + timedelta(days=2))
        signed[f"not-yet-valid-{SUFFIX[suite]}"] = proofs.sign(not_yet, signer, suite)
        # Recognition of prior learning judged pass/fail, in our context v2 ...
        rpl = build(now, outcome=RPL_OUTCOME, grade=None)
        signed[f"rpl-pass-fail-{SUFFIX[suite]}"] = proofs.sign(rpl, signer, suite)
        # ... and a credential as issued before v2 existed: it must keep verifying.
        signed[f"context-v1-{SUFFIX[suite]}"] = proofs.sign(
            build(now, context_version=1), signer, suite
        )
    unknown = _unsigned(base.document)
    unknown["@context"].append(UNKNOWN_CONTEXT)
    signed["unknown-context-jcs"] = proofs.sign(unknown, signer, proofs.JCS)
    return signed


RPL_OUTCOME = ob3.OutcomeFacts(
    scale="pass_fail",
    required=None,
    assessment_types=("expert_review", "oral"),
    supervision="supervised-onsite-id",
    prior_learning=True,
)


def build_scenario(url: str) -> Scenario:
    world = make_world(url, learners=6, slug=SLUG)
    rotating = make_world(url, learners=2, slug=ROTATING)

    enrolments: dict[str, tuple[int, str]] = {}
    for index, name in enumerate(
        ["rdfc", "jcs", "revoked-rdfc", "revoked-jcs", "suspended-rdfc", "suspended-jcs"]
    ):
        enrolments[name] = (_pass(url, world, index), SLUG)
        if name.endswith("jcs"):
            _issue_jcs(url, enrolments[name][0])
    enrolments["rotated-away"] = (_pass(url, rotating, 0), ROTATING)
    process_outbox(url)  # the worker signs the rest with the default suite (RDFC)
    issued = {name: _issued(url, e, slug) for name, (e, slug) in enrolments.items()}
    for suite in ("rdfc", "jcs"):
        _change(url, world, issued[f"revoked-{suite}"], "revoke")
        _change(url, world, issued[f"suspended-{suite}"], "suspend")

    # Rotation keeps key-1 listed; key-2 signs the next one; then key-1 is withdrawn.
    with session_scope(url) as session:
        issuing.rotate_key(session, ROTATING)
    kept = _pass(url, rotating, 1)
    _issue_jcs(url, kept)
    issued["rotated-kept"] = _issued(url, kept, ROTATING)
    with session_scope(url) as session:
        before = verify_document(session, issued["rotated-away"].document).verdict
        issuing.withdraw_key(session, ROTATING, "key-1")

    signed = _signed_variants(url, world, issued["rdfc"])

    shared = dict(contexts.all_contexts())
    status_documents: dict[str, Any] = {}
    with session_scope(url) as session:
        for slug in (SLUG, ROTATING):
            did_document = issuing.did_document(session, slug)
            assert did_document is not None
            shared |= documents_for_did(did_document)
            for purpose in status_list.PURPOSES:
                listing = issuing.status_list_credential(session, slug, purpose, 1)
                assert listing is not None
                status_documents[urls.status_list(slug, purpose, 1)] = listing
        # The suspension entry our own verifier checks beside each revocation entry.
        sources = LocalSources(session)
        suspension_entries = {}
        for name, one in issued.items():
            (entry,) = sources.companion_entries(one.document["credentialStatus"])
            suspension_entries[name] = entry
    assert all(one.list_no == 1 for one in issued.values())
    return Scenario(
        url=url,
        issued=issued,
        signed=signed,
        shared_documents=shared,
        status_documents=status_documents,
        suspension_entries=suspension_entries,
        verdict_before_withdrawal=before,
    )


@pytest.fixture(scope="module")
def scenario(module_app_env: str) -> Scenario:
    return build_scenario(module_app_env)


# ---------------------------------------------------------------- the tamper corpus


def leaves(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """Every leaf of the JSON (string, number, boolean) with its path; not `proof`."""
    if isinstance(value, dict):
        for key, child in value.items():
            if path == () and key == "proof":
                continue
            yield from leaves(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from leaves(child, (*path, index))
    else:
        yield path, value


def changed_value(value: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value + 1
    if isinstance(value, str):
        return value + "x"
    raise TypeError(f"unexpected leaf {value!r}")


def with_leaf(document: dict[str, Any], path: tuple, value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    target: Any = changed
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return changed


def dotted(path: tuple) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


@dataclass(frozen=True)
class FieldChange:
    path: tuple
    old: Any
    new: Any
    document: dict[str, Any]


def field_changes(document: dict[str, Any]) -> dict[str, FieldChange]:
    found = {}
    for path, value in leaves(document):
        new = changed_value(value)
        found[dotted(path)] = FieldChange(path, value, new, with_leaf(document, path, new))
    return found


def altered_proof_value(document: dict[str, Any]) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    proof = changed["proof"][-1]
    signature = bytearray(multikey.decode_signature(proof["proofValue"]))
    signature[10] ^= 0x01
    proof["proofValue"] = multikey.encode_signature(bytes(signature))
    return changed


def signed_by_another_key(document: dict[str, Any]) -> dict[str, Any]:
    """Re-signed by a fresh key under the issuer's own verificationMethod."""
    proof = document["proof"][0]
    impostor = proofs.Signer(proof["verificationMethod"], bytes(nacl.signing.SigningKey.generate()))
    return proofs.sign(_unsigned(document), impostor, proof["cryptosuite"], proof["created"])


def with_unknown_context(document: dict[str, Any]) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    changed["@context"].append(UNKNOWN_CONTEXT)
    return changed


@dataclass
class Corpus:
    documents: dict[str, dict[str, Any]]  # every credential both verifiers judge, by name
    fields: dict[str, dict[str, FieldChange]]  # subject -> field -> change


def build_corpus(scenario: Scenario) -> Corpus:
    documents: dict[str, dict[str, Any]] = {}
    for name, issued in scenario.issued.items():
        documents[name] = issued.document
    documents.update(scenario.signed)
    fields: dict[str, dict[str, FieldChange]] = {}
    for subject in SUBJECTS:
        base = scenario.subject(subject)
        fields[subject] = field_changes(base)
        for field, change in fields[subject].items():
            documents[f"field-{subject}:{field}"] = change.document
        documents[f"proof-value-{subject}"] = altered_proof_value(base)
        documents[f"wrong-key-{subject}"] = signed_by_another_key(base)
    documents["unknown-context-rdfc"] = with_unknown_context(scenario.issued["rdfc"].document)
    return Corpus(documents, fields)


@pytest.fixture(scope="module")
def corpus(scenario: Scenario) -> Corpus:
    return build_corpus(scenario)


@pytest.fixture(scope="module")
def ours(scenario: Scenario, corpus: Corpus) -> dict[str, Verification]:
    with session_scope(scenario.url) as session:
        return {name: verify_document(session, doc) for name, doc in corpus.documents.items()}


@pytest.fixture(scope="module")
def js(scenario: Scenario, corpus: Corpus) -> dict[str, dict[str, Any]]:
    """Every JS answer from one Node.js run: each credential with its status checked,
    the suspension entry beside each one, and one valid credential whose status lists
    are not among the documents."""
    names: list[str] = []
    items: list[dict[str, Any]] = []
    for name, document in corpus.documents.items():
        names.append(name)
        items.append(verify_item(document, scenario.status_documents, check_status=True))
    for name, entry in scenario.suspension_entries.items():
        names.append(f"suspension-check:{name}")
        items.append(
            status_check_item(scenario.issued[name].document, entry, scenario.status_documents)
        )
    names.append("no-status-lists")
    items.append(verify_item(scenario.issued["jcs"].document, {}, check_status=True))
    results = js_verify_batch(items, documents=scenario.shared_documents)
    return dict(zip(names, results, strict=True))


def checks_of(result: Verification) -> Checks:
    return {c.name: (c.status, c.message) for c in result.checks}


def js_accepted(result: dict[str, Any]) -> None:
    assert result["verified"] is True, result["errors"]
    assert result["errors"] == []


def js_rejected(result: dict[str, Any], *reasons: str) -> None:
    """Asserts JS said no, for one of `reasons` (case-insensitive)."""
    assert result["verified"] is False, result
    text = " | ".join(result["errors"]).lower()
    assert any(reason.lower() in text for reason in reasons), result["errors"]


# ---------------------------------------------------------------- issued credentials


@pytest.mark.parametrize("subject", SUBJECTS)
def test_issued_credential_is_valid_in_ours(scenario: Scenario, ours: dict, subject: str) -> None:
    document = scenario.subject(subject)
    proof = document["proof"][0]
    assert proof["cryptosuite"] == (proofs.JCS if subject == "jcs" else proofs.RDFC)
    assert document["issuer"]["id"] == urls.issuer_did(SLUG)
    assert proof["verificationMethod"] == f"{urls.issuer_did(SLUG)}#key-1"
    assert document["credentialStatus"]["statusPurpose"] == "revocation"
    result = ours[subject]
    assert result.verdict == "valid", checks_of(result)
    assert all(status == "pass" for status, _ in checks_of(result).values()), checks_of(result)


@pytest.mark.parametrize("subject", SUBJECTS)
def test_issued_credential_verifies_in_js_with_issuer_and_status(
    scenario: Scenario, js: dict, subject: str
) -> None:
    answer = js[subject]
    js_accepted(answer)
    issued = scenario.issued[subject]
    list_url = urls.status_list(SLUG, "revocation", 1)
    assert answer["status"] == [
        {"purpose": "revocation", "index": issued.index, "list": list_url, "set": False}
    ]
    suspension = js[f"suspension-check:{subject}"]
    js_accepted(suspension)
    assert [s["set"] for s in suspension["status"]] == [False]


@pytest.mark.parametrize("suite", ["rdfc", "jcs"])
@pytest.mark.parametrize("kind", ["rpl-pass-fail", "context-v1"])
def test_how_it_was_earned_and_the_first_context_are_accepted_by_both(
    scenario: Scenario, ours: dict, js: dict, kind: str, suite: str
) -> None:
    """A pass/fail recognition of prior learning (context v2) and a v1 credential."""
    name = f"{kind}-{suite}"
    document = scenario.signed[name]
    assert ours[name].verdict == "valid", checks_of(ours[name])
    js_accepted(js[name])
    validator = jsonschema.Draft201909Validator(contexts.ob_schema())
    assert [e.message for e in validator.iter_errors(document)] == []
    achievement = document["credentialSubject"]["achievement"]
    if kind == "context-v1":
        assert document["@context"][-1].endswith("/contexts/microcred-v1.json")
        assert "recognitionOfPriorLearning" not in achievement
    else:
        assert document["@context"][-1].endswith("/contexts/microcred-v2.json")
        assert achievement["recognitionOfPriorLearning"] is True
        assert achievement["assessmentType"] == ["expert_review", "oral"]
        assert achievement["resultDescription"][0]["resultType"] == "RubricCriterionLevel"
        result = document["credentialSubject"]["result"][0]
        assert result["achievedLevel"] == achievement["resultDescription"][0]["requiredLevel"]


def test_js_status_check_fails_closed_without_the_status_list(js: dict) -> None:
    # A valid credential whose status list is not among the documents: the JS verifier
    # must not call it valid, nor fetch the list.
    js_rejected(js["no-status-lists"], "could not load")
    js_rejected(js["no-status-lists"], "never fetches")


# ---------------------------------------------------------------- the 1EdTech schema


@pytest.mark.parametrize("subject", SUBJECTS)
def test_issued_credential_matches_the_ob3_json_schema(scenario: Scenario, subject: str) -> None:
    document = scenario.subject(subject)
    validator = jsonschema.Draft201909Validator(contexts.ob_schema())
    assert [e.message for e in validator.iter_errors(document)] == []
    assert document["credentialSchema"][0]["id"] == contexts.OB_SCHEMA_URL


def test_schema_check_bites(scenario: Scenario) -> None:
    validator = jsonschema.Draft201909Validator(contexts.ob_schema())
    document = scenario.issued["rdfc"].document
    proof_object = copy.deepcopy(document)
    proof_object["proof"] = proof_object["proof"][0]
    errors = list(validator.iter_errors(proof_object))
    assert errors and {tuple(e.absolute_path) for e in errors} == {("proof",)}
    no_criteria = copy.deepcopy(document)
    del no_criteria["credentialSubject"]["achievement"]["criteria"]
    errors = list(validator.iter_errors(no_criteria))
    assert [e.message for e in errors] == ["'criteria' is a required property"]
    assert list(errors[0].absolute_path) == ["credentialSubject", "achievement"]

    # Our verifier applies the same schema: a single proof object still verifies as a
    # signature, yet the credential is not a valid OB 3.0 credential.
    with session_scope(scenario.url) as session:
        result = verify_document(session, proof_object)
        missing = verify_document(session, no_criteria)
    checks = checks_of(result)
    assert result.verdict == "invalid"
    assert checks["signature"][0] == "pass"
    assert checks["schema"][0] == "fail" and "at proof" in checks["schema"][1]
    checks = checks_of(missing)
    assert missing.verdict == "invalid"
    assert checks["schema"][0] == "fail" and "criteria" in checks["schema"][1]


# ---------------------------------------------------------------- every field, both verifiers


def _is_context_url(change: FieldChange) -> bool:
    return change.path[0] == "@context" and len(change.path) == 2


def our_problem(change: FieldChange, result: Verification) -> str | None:
    """Why our verdict on a changed field is not the right refusal (None if it is)."""
    checks = checks_of(result)
    if result.verdict != "invalid":
        return f"verdict {result.verdict}"
    if _is_context_url(change):
        # refused before any signature: we never process a context we hold no copy of
        status, message = checks["format"]
        if status == "fail" and f"unknown context {change.new}" in message:
            return None
        return f"format {checks['format']}"
    if change.path[0] == "type" and change.old == "VerifiableCredential":
        status, message = checks["format"]
        if status == "fail" and "not a Verifiable Credential" in message:
            return None
        return f"format {checks['format']}"
    if checks.get("signature", ("", ""))[0] != "fail":
        return f"the signature check did not fail: {checks}"
    message = checks["signature"][1]
    if change.path == ("issuer", "id"):
        # Another issuer: a DID we cannot resolve, so no key can vouch for the proof.
        if message == "cannot be checked without the issuer's keys" and (
            checks["issuer"][0] == "fail" and "no issuer" in checks["issuer"][1]
        ):
            return None
        return f"issuer change: {checks}"
    if message != "the signature does not match the credential":
        # RDFC, like the JS verifier's safe mode, refuses a type no context defines
        # before it gets to the signature ("Profilex" is not an OB 3.0 type).
        undefined = f"{change.new!r} is not defined by any context"
        if not ("type" in change.path and message.endswith(undefined)):
            return f"signature: {message}"
    if change.path == ("validFrom",) and checks["dates"][0] != "fail":
        return f"dates: {checks['dates']}"
    return None


def js_right_reason(change: FieldChange, suite: str) -> Callable[[str], bool]:
    """Whether the JS errors (joined, lower case) name the right reason for `change`."""
    if _is_context_url(change) and change.path[1] == 0:
        return lambda text: "needs to be first in the list of contexts" in text
    if _is_context_url(change):
        if suite == proofs.RDFC:  # RDFC must load it and cannot
            return lambda text: f'unable to load url "{change.new.lower()}"' in text
        # JCS never loads a context; the proof carries the credential's @context
        return lambda text: "document.@context does not start with proof.@context" in text
    if change.path[0] == "type" and change.old == "VerifiableCredential":
        return lambda text: "must include `verifiablecredential`" in text
    if change.path == ("validFrom",):  # no longer a date: now is "before" it
        return lambda text: f'is before "validfrom" ({change.new.lower()})' in text

    def signature(text: str) -> bool:
        if "invalid signature" in text:
            return True
        # RDFC may stop earlier, in strict JSON-LD processing, when a type was changed: a
        # type no context defines ("Profilex") is refused, or takes its type-scoped terms
        # with it ("address" is then undefined). The unchanged credential verifies (the
        # test asserts it), so such a refusal comes from the change.
        changed_a_type = "type" in change.path
        return suite == proofs.RDFC and changed_a_type and "safe mode validation error" in text

    return signature


def test_changing_any_field_is_refused_by_ours(corpus: Corpus, ours: dict) -> None:
    problems = [
        f"{subject} {field}: {problem}"
        for subject, changes in corpus.fields.items()
        for field, change in changes.items()
        if (problem := our_problem(change, ours[f"field-{subject}:{field}"]))
    ]
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("subject", SUBJECTS)
def test_changing_any_field_is_refused_by_js(
    scenario: Scenario, corpus: Corpus, js: dict, subject: str
) -> None:
    suite = scenario.subject(subject)["proof"][0]["cryptosuite"]
    js_accepted(js[subject])  # unchanged, it verifies: each refusal is the change's doing
    problems = []
    for field, change in corpus.fields[subject].items():
        answer = js[f"field-{subject}:{field}"]
        text = " | ".join(answer["errors"]).lower()
        if answer["verified"] is not False or not js_right_reason(change, suite)(text):
            problems.append(f"{field}: {answer}")
    assert problems == [], "\n".join(problems)


def test_the_field_walk_covers_subject_achievement_dates_and_issuer(corpus: Corpus) -> None:
    for subject in SUBJECTS:
        fields = set(corpus.fields[subject])
        assert {
            "validFrom",
            "awardedDate",
            "issuer.id",
            "issuer.name",
            "issuer.address.addressCountryCode",
            "credentialSubject.id",
            "credentialSubject.identifier[0].hashed",  # a boolean
            "credentialSubject.creditsEarned",  # a number
            "credentialSubject.achievement.name",
            "credentialSubject.achievement.criteria.narrative",
            "credentialSubject.achievement.creditsAvailable",
            "credentialSubject.achievement.alignment[1].targetCode",
            "credentialStatus.statusListIndex",
        } <= fields
        assert not any(field.startswith("proof") for field in fields)
        assert len(fields) >= 60


# ---------------------------------------------------------------- proofs and keys


@pytest.mark.parametrize("subject", SUBJECTS)
def test_altered_proof_value_is_refused_by_ours(ours: dict, subject: str) -> None:
    result = ours[f"proof-value-{subject}"]
    assert result.verdict == "invalid"
    assert checks_of(result)["signature"] == ("fail", "the signature does not match the credential")


@pytest.mark.parametrize("subject", SUBJECTS)
def test_altered_proof_value_is_refused_by_js(js: dict, subject: str) -> None:
    js_rejected(js[f"proof-value-{subject}"], "invalid signature")


@pytest.mark.parametrize("subject", SUBJECTS)
def test_signature_by_another_key_is_refused_by_ours(
    scenario: Scenario, corpus: Corpus, ours: dict, subject: str
) -> None:
    name = f"wrong-key-{subject}"
    original = scenario.subject(subject)["proof"][0]
    assert (
        corpus.documents[name]["proof"][0]["verificationMethod"] == (original["verificationMethod"])
    )
    assert corpus.documents[name]["proof"][0]["proofValue"] != original["proofValue"]
    result = ours[name]
    assert result.verdict == "invalid"
    assert checks_of(result)["signature"] == ("fail", "the signature does not match the credential")


@pytest.mark.parametrize("subject", SUBJECTS)
def test_signature_by_another_key_is_refused_by_js(js: dict, subject: str) -> None:
    js_rejected(js[f"wrong-key-{subject}"], "invalid signature")


def test_withdrawn_key_is_refused_by_both_and_rotation_is_not(
    scenario: Scenario, ours: dict, js: dict
) -> None:
    away = scenario.issued["rotated-away"].document
    kept = scenario.issued["rotated-kept"].document
    away_method = away["proof"][0]["verificationMethod"]
    assert away_method == f"{urls.issuer_did(ROTATING)}#key-1"
    assert kept["proof"][0]["verificationMethod"] == f"{urls.issuer_did(ROTATING)}#key-2"
    # Rotation alone left key-1 listed: its credential was valid until the withdrawal.
    assert scenario.verdict_before_withdrawal == "valid"
    result = ours["rotated-away"]
    assert result.verdict == "invalid"
    status, message = checks_of(result)["signature"]
    assert status == "fail" and "does not list this key" in message
    # The JS verifier finds key-1 nowhere in the issuer's DID document.
    js_rejected(js["rotated-away"], f'unable to load url "{away_method}"')
    # key-2 is still listed: what it signed stays valid in both (and the status lists,
    # now signed by key-2 as well, verify).
    assert ours["rotated-kept"].verdict == "valid", checks_of(ours["rotated-kept"])
    js_accepted(js["rotated-kept"])
    assert [s["set"] for s in js["rotated-kept"]["status"]] == [False]


# ---------------------------------------------------------------- contexts


def test_unknown_context_is_refused_by_both_for_rdfc(ours: dict, js: dict) -> None:
    result = ours["unknown-context-rdfc"]
    assert result.verdict == "invalid"
    status, message = checks_of(result)["format"]
    assert status == "fail" and f"unknown context {UNKNOWN_CONTEXT}" in message
    js_rejected(js["unknown-context-rdfc"], f'unable to load url "{UNKNOWN_CONTEXT}"')


def test_unknown_context_with_jcs_is_caught_only_by_our_format_check(ours: dict, js: dict) -> None:
    """eddsa-jcs-2022 hashes the JSON as written and never loads a context, so a
    credential properly signed with an unknown context verifies in JS; our format check
    refuses any context we hold no pinned copy of, whatever the suite."""
    result = ours["unknown-context-jcs"]
    assert result.verdict == "invalid"
    status, message = checks_of(result)["format"]
    assert status == "fail" and f"unknown context {UNKNOWN_CONTEXT}" in message
    js_accepted(js["unknown-context-jcs"])


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize("suite", ["rdfc", "jcs"])
def test_expired_credential_is_refused_by_both(
    corpus: Corpus, ours: dict, js: dict, suite: str
) -> None:
    name = f"expired-{suite}"
    valid_until = corpus.documents[name]["validUntil"]
    checks = checks_of(ours[name])
    assert ours[name].verdict == "invalid"
    assert checks["signature"][0] == "pass"  # properly signed: only the dates are wrong
    assert checks["dates"] == ("fail", f"expired on {valid_until}")
    js_rejected(js[name], f'is after "validUntil" ({valid_until})')


@pytest.mark.parametrize("suite", ["rdfc", "jcs"])
def test_not_yet_valid_credential_is_refused_by_both(
    corpus: Corpus, ours: dict, js: dict, suite: str
) -> None:
    name = f"not-yet-valid-{suite}"
    valid_from = corpus.documents[name]["validFrom"]
    checks = checks_of(ours[name])
    assert ours[name].verdict == "invalid"
    assert checks["signature"][0] == "pass"
    assert checks["dates"] == ("fail", f"not valid yet: valid from {valid_from}")
    js_rejected(js[name], f'is before "validFrom" ({valid_from})')


# ---------------------------------------------------------------- revocation and suspension


@pytest.mark.parametrize("suite", ["rdfc", "jcs"])
def test_revoked_credential_is_reported_revoked_by_ours(ours: dict, suite: str) -> None:
    result = ours[f"revoked-{suite}"]
    assert result.verdict == "revoked"
    checks = checks_of(result)
    assert checks["signature"][0] == "pass"
    assert checks["status"] == ("fail", "revoked by the issuer")


@pytest.mark.parametrize("suite", ["rdfc", "jcs"])
def test_revoked_credential_is_reported_revoked_by_js(
    scenario: Scenario, js: dict, suite: str
) -> None:
    issued = scenario.issued[f"revoked-{suite}"]
    answer = js[f"revoked-{suite}"]
    js_rejected(answer, "credential revoked")
    assert answer["status"] == [
        {
            "purpose": "revocation",
            "index": issued.index,
            "list": issued.document["credentialStatus"]["statusListCredential"],
            "set": True,
        }
    ]
    # Revocation has its own list: the suspension bit at that index stays clear.
    suspension = js[f"suspension-check:revoked-{suite}"]
    js_accepted(suspension)
    assert [s["set"] for s in suspension["status"]] == [False]


@pytest.mark.parametrize("suite", ["rdfc", "jcs"])
def test_suspended_credential_is_reported_suspended_by_ours(ours: dict, suite: str) -> None:
    result = ours[f"suspended-{suite}"]
    assert result.verdict == "suspended"
    checks = checks_of(result)
    assert checks["signature"][0] == "pass"
    assert checks["status"] == ("fail", "suspended by the issuer")


@pytest.mark.parametrize("suite", ["rdfc", "jcs"])
def test_suspension_bit_is_set_in_the_issuers_list_for_js(
    scenario: Scenario, js: dict, suite: str
) -> None:
    """Our credentials carry one status entry (revocation); the suspension list at the
    same index rides beside it (the one our verifier checks too). The same JS library
    checks that entry: the suspension list credential verifies, is the issuer's, and
    has the bit set at the credential's index."""
    issued = scenario.issued[f"suspended-{suite}"]
    entry = scenario.suspension_entries[f"suspended-{suite}"]
    assert entry["statusListCredential"] == urls.status_list(SLUG, "suspension", 1)
    assert entry["statusListIndex"] == str(issued.index)
    suspension = js[f"suspension-check:suspended-{suite}"]
    js_accepted(suspension)
    assert suspension["status"] == [
        {
            "purpose": "suspension",
            "index": issued.index,
            "list": entry["statusListCredential"],
            "set": True,
        }
    ]
    # and nowhere else among our credentials
    others = [n for n in scenario.suspension_entries if not n.startswith("suspended-")]
    assert all(js[f"suspension-check:{n}"]["status"][0]["set"] is False for n in others)


@pytest.mark.parametrize("suite", ["rdfc", "jcs"])
def test_suspended_credential_itself_still_verifies_in_js(js: dict, suite: str) -> None:
    # Its one (revocation) entry is clear: the suspension shows only beside it.
    answer = js[f"suspended-{suite}"]
    js_accepted(answer)
    assert [s["set"] for s in answer["status"]] == [False]
