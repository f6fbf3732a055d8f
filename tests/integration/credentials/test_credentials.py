"""Issuing through the outbox, keys, status lists and verification against the database."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from sqlmodel import select

from microcred_market.accounts import authz
from microcred_market.assessments import decisions
from microcred_market.credentials import issuing
from microcred_market.credentials.models import IssuedCredential, IssuerKey
from microcred_market.credentials.sources import verify_document
from microcred_market.platform import keystore, urls
from microcred_market.platform.db import session_scope
from microcred_market.platform.errors import DomainError
from microcred_market.platform.models import OutboxMessage
from microcred_market.platform.outbox import process_outbox
from microcred_market.vc import multikey, status_list
from microcred_market.vc.verify import NetworkSources, verify
from tests.support.credential_world import World, make_world

pytestmark = pytest.mark.credentials


@pytest.fixture
def world(app_env: str) -> World:
    return make_world(app_env)


def principal(url: str, user_id: int) -> authz.Principal:
    with session_scope(url) as session:
        return authz.principal_for(session, user_id)


def pass_and_issue(world: World, index: int = 0, grade: str | None = "87") -> IssuedCredential:
    with session_scope(world.url) as session:
        decisions.decide(
            session,
            principal=principal(world.url, world.assessor_id),
            enrolment_uuid=world.enrolments[index],
            grade=grade,
        )
    process_outbox(world.url)
    with session_scope(world.url) as session:
        return session.exec(
            select(IssuedCredential).where(IssuedCredential.user_id == world.learners[index])
        ).one()


def verdict(url: str, document: dict) -> tuple[str, dict]:
    with session_scope(url) as session:
        result = verify_document(session, document)
    return result.verdict, {c.name: (c.status, c.message) for c in result.checks}


def test_passing_writes_the_outbox_row_in_the_same_transaction(world: World) -> None:
    with session_scope(world.url) as session:
        decisions.decide(
            session,
            principal=principal(world.url, world.assessor_id),
            enrolment_uuid=world.enrolments[0],
        )
        pending = session.exec(
            select(OutboxMessage).where(OutboxMessage.kind == issuing.ISSUE_KIND)
        ).all()
        assert len(pending) == 1
        session.rollback()
    with session_scope(world.url) as session:
        # Rolled back: neither the pass nor the outbox row exists.
        assert session.exec(select(OutboxMessage)).all() == []


def test_staff_of_another_university_cannot_pass(world: World) -> None:
    with session_scope(world.url) as session, pytest.raises(authz.Forbidden):
        decisions.decide(
            session,
            principal=principal(world.url, world.outsider_id),
            enrolment_uuid=world.enrolments[0],
        )
    with session_scope(world.url) as session, pytest.raises(authz.NotSignedIn):
        decisions.decide(session, principal=authz.ANONYMOUS, enrolment_uuid=world.enrolments[0])


def test_a_pass_becomes_a_valid_credential_with_every_eu_element(world: World, smtp) -> None:
    row = pass_and_issue(world)
    document = json.loads(row.document)
    assert verdict(world.url, document)[0] == "valid"
    subject = document["credentialSubject"]
    achievement = subject["achievement"]
    assert achievement["achievementType"] == "MicroCredential"
    assert document["name"] == achievement["name"] == "Analiza danych w Pythonie"
    assert document["issuer"]["id"] == urls.issuer_did(world.slug)
    assert document["issuer"]["address"]["addressCountryCode"] == "PL"
    assert document["validFrom"] == document["awardedDate"]
    assert "Cleans a messy CSV file" in achievement["criteria"]["narrative"]
    frameworks = {a["targetFramework"]: a for a in achievement["alignment"]}
    assert frameworks["European Qualifications Framework"]["targetUrl"].endswith("/eqf/5")
    assert frameworks["Polish Qualifications Framework"]["targetCode"] == "5"
    assert frameworks["ESCO"]["targetUrl"] == "http://data.europa.eu/esco/skill/python"
    assert achievement["creditsAvailable"] == subject["creditsEarned"] == 2.5
    assert achievement["assessmentType"] == "project"
    assert achievement["participationForm"] == "blended"
    assert "PKA" in achievement["qualityAssurance"]
    assert achievement["supervision"] == "supervised-online-id"
    assert achievement["prerequisites"] == "Basic spreadsheet skills"
    assert achievement["isPartOf"][0].endswith(f"/qualifications/{world.slug}-diploma")
    assert subject["result"][0]["value"] == "87"
    kinds = {i["identityType"]: i for i in subject["identifier"]}
    assert kinds["emailAddress"]["hashed"] is True
    assert "@" not in json.dumps(subject)  # never a plain e-mail address
    assert kinds["name"]["identityHash"] == "Łucja Nowak 0"
    assert isinstance(document["proof"], list)
    assert document["proof"][0]["cryptosuite"] == "eddsa-rdfc-2022"
    mail = smtp.wait_for(f"learner0@{world.slug}.test")[-1]
    assert "micro-credential" in str(mail["Subject"])


def test_issuing_twice_gives_one_credential(world: World) -> None:
    row = pass_and_issue(world)
    with session_scope(world.url) as session:
        enrolment_id = row.enrolment_id
        again = issuing.issue_for_enrolment(session, enrolment_id)
        assert again.uuid == row.uuid
        issuing.handle_issue({"enrolment_id": enrolment_id})
        count = session.execute(
            sa.select(sa.func.count()).select_from(IssuedCredential)
        ).scalar_one()
    assert count == 1


def test_passing_twice_is_refused(world: World) -> None:
    pass_and_issue(world)
    with session_scope(world.url) as session, pytest.raises(DomainError):
        decisions.decide(
            session,
            principal=principal(world.url, world.assessor_id),
            enrolment_uuid=world.enrolments[0],
        )


def test_rotation_keeps_old_credentials_valid_and_withdrawal_does_not(world: World) -> None:
    first = pass_and_issue(world, 0)
    with session_scope(world.url) as session:
        new_key = issuing.rotate_key(session, world.slug)
    assert new_key.key_id == "key-2"
    second = pass_and_issue(world, 1)
    assert json.loads(second.document)["proof"][0]["verificationMethod"].endswith("#key-2")
    assert verdict(world.url, json.loads(first.document))[0] == "valid"
    assert verdict(world.url, json.loads(second.document))[0] == "valid"
    with session_scope(world.url) as session:
        issuing.withdraw_key(session, world.slug, "key-1")
    result, checks = verdict(world.url, json.loads(first.document))
    assert result == "invalid"
    assert "does not list this key" in checks["signature"][1]
    assert verdict(world.url, json.loads(second.document))[0] == "valid"


def test_private_keys_are_only_stored_encrypted(world: World) -> None:
    pass_and_issue(world)
    with session_scope(world.url) as session:
        key = session.exec(select(IssuerKey)).one()
        seed = keystore.decrypt_seed(key.encrypted_private, key.university_id, key.key_id)
        dumped = json.dumps(
            [list(r) for r in session.execute(sa.text("SELECT * FROM issuer_key")).all()],
            default=str,
        )
    assert multikey.encode_private(seed) not in dumped
    assert seed.hex() not in dumped
    with pytest.raises(keystore.KeystoreError):
        keystore.decrypt_seed(key.encrypted_private, key.university_id, key.key_id, b"\0" * 32)
    with pytest.raises(keystore.KeystoreError):  # bound to its row
        keystore.decrypt_seed(key.encrypted_private, key.university_id + 1, key.key_id)


def test_revoke_suspend_and_reinstate_show_in_verification(world: World, smtp) -> None:
    row = pass_and_issue(world)
    document = json.loads(row.document)
    assessor = principal(world.url, world.assessor_id)
    with session_scope(world.url) as session, pytest.raises(DomainError):
        issuing.change_state(
            session, principal=assessor, credential_uuid=str(row.uuid), action="suspend", reason=""
        )
    with session_scope(world.url) as session:
        issuing.change_state(
            session,
            principal=assessor,
            credential_uuid=str(row.uuid),
            action="suspend",
            reason="Exam irregularity under review",
        )
    assert verdict(world.url, document)[0] == "suspended"
    process_outbox(world.url)
    subjects = [str(m["Subject"]) for m in smtp.wait_for(f"learner0@{world.slug}.test", 2)]
    assert any("suspended" in s for s in subjects), subjects
    with session_scope(world.url) as session:
        issuing.change_state(
            session,
            principal=assessor,
            credential_uuid=str(row.uuid),
            action="reinstate",
            reason="",
        )
    assert verdict(world.url, document)[0] == "valid"
    with session_scope(world.url) as session:
        issuing.change_state(
            session,
            principal=assessor,
            credential_uuid=str(row.uuid),
            action="revoke",
            reason="Plagiarism confirmed",
        )
    result, checks = verdict(world.url, document)
    assert result == "revoked"
    assert checks["signature"][0] == "pass"
    with session_scope(world.url) as session, pytest.raises(DomainError):
        issuing.change_state(
            session,
            principal=assessor,
            credential_uuid=str(row.uuid),
            action="reinstate",
            reason="",
        )
    outsider = principal(world.url, world.outsider_id)
    with session_scope(world.url) as session, pytest.raises(authz.Forbidden):
        issuing.change_state(
            session, principal=outsider, credential_uuid=str(row.uuid), action="revoke", reason="x"
        )


def test_status_list_has_the_bit_at_the_credentials_index(world: World) -> None:
    row = pass_and_issue(world)
    with session_scope(world.url) as session:
        issuing.change_state(
            session,
            principal=principal(world.url, world.assessor_id),
            credential_uuid=str(row.uuid),
            action="revoke",
            reason="Issued in error",
        )
        listing = issuing.status_list_credential(session, world.slug, "revocation", 1)
        suspension = issuing.status_list_credential(session, world.slug, "suspension", 1)
    assert listing is not None and suspension is not None
    bits = status_list.decode(listing["credentialSubject"]["encodedList"])
    assert len(bits) * 8 >= 131_072
    assert status_list.bit(bits, row.status_index)
    assert sum(bin(b).count("1") for b in bits) == 1
    empty = status_list.decode(suspension["credentialSubject"]["encodedList"])
    assert not any(empty)


def test_unreachable_status_list_is_status_unknown_never_valid(world: World) -> None:
    row = pass_and_issue(world)
    document = json.loads(row.document)
    with session_scope(world.url) as session:
        did_document = issuing.did_document(session, world.slug)

    class OfflineStatus(NetworkSources):
        def did_document(self, did: str) -> dict:
            return did_document  # type: ignore[return-value]

    # The status list URL points at our test API host, which the network fetcher refuses
    # to reach (not https, not a public address): the verifier must not say valid.
    result = verify(document, OfflineStatus())
    assert result.verdict == "status_unknown"
    assert {c.name: c.status for c in result.checks}["signature"] == "pass"


def test_jcs_suite_on_request(world: World) -> None:
    with session_scope(world.url) as session:
        decisions.decide(
            session,
            principal=principal(world.url, world.assessor_id),
            enrolment_uuid=world.enrolments[2],
        )
        enrolment_id = session.execute(
            sa.text("SELECT id FROM enrolment WHERE passed_at IS NOT NULL")
        ).scalar_one()
        row = issuing.issue_for_enrolment(session, enrolment_id, suite="eddsa-jcs-2022")
        document = json.loads(row.document)
    assert document["proof"][0]["cryptosuite"] == "eddsa-jcs-2022"
    assert document["proof"][0]["@context"] == document["@context"]
    assert verdict(world.url, document)[0] == "valid"


def test_a_bad_row_in_a_cohort_batch_loses_nothing(app_env: str) -> None:
    world = make_world(app_env, learners=70, slug="cohort")
    with session_scope(app_env) as session:
        who = principal(app_env, world.assessor_id)
        for enrolment in world.enrolments[:35]:
            decisions.decide(session, principal=who, enrolment_uuid=enrolment)
        session.add(OutboxMessage(kind=issuing.ISSUE_KIND, payload={"enrolment_id": 999_999}))
        for enrolment in world.enrolments[35:]:
            decisions.decide(session, principal=who, enrolment_uuid=enrolment)
    process_outbox(app_env, limit=1000)
    with session_scope(app_env) as session:
        issued = session.execute(
            sa.select(sa.func.count(sa.distinct(IssuedCredential.enrolment_id)))
        ).scalar_one()
        bad = session.exec(select(OutboxMessage).where(OutboxMessage.processed_at.is_(None))).all()
    assert issued == 70
    assert len(bad) == 1 and "passed enrolment" in bad[0].last_error
