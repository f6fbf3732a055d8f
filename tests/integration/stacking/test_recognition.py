"""Recognition: a credential from elsewhere counts toward a qualification once the awarding
university mapped it to a node; decisions are reused, the trust list decides at once,
self-reported claims always wait for staff, other universities' staff cannot decide."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from typing import Any

import nacl.signing
import pytest
from sqlmodel import select

from microcred_market import wiring
from microcred_market.accounts import authz
from microcred_market.accounts.authz import Forbidden
from microcred_market.credentials import external
from microcred_market.platform import mail
from microcred_market.platform.clock import utcnow
from microcred_market.platform.db import session_scope
from microcred_market.platform.errors import InvalidInput
from microcred_market.platform.models import AuditEvent as AuditEntry
from microcred_market.platform.models import OutboxMessage
from microcred_market.stacking import recognition
from microcred_market.stacking import service as stacking
from microcred_market.stacking.models import QualificationRule
from microcred_market.vc import multikey, ob3, proofs
from microcred_market.vc.contexts import microcred_context_url
from tests.support.stacking_world import QUALIFICATION, RULE, StackWorld, make_stack_world

pytestmark = pytest.mark.stacking
# PostgreSQL for the decision reused across learners (unique keys, joins); the rest on
# SQLite only, to keep the file fast.
SQLITE_ONLY = pytest.mark.parametrize("fresh_url", ["sqlite"], indirect=True)

WITH_PRIOR = copy.deepcopy(RULE)
WITH_PRIOR["root"]["children"].append(
    {"kind": "recognised", "id": "prior", "ects": "2", "label": "prior learning"}
)
KEY = nacl.signing.SigningKey(b"r" * 32)
ISSUER = f"did:key:{multikey.encode_public(bytes(KEY.verify_key))}"
ACHIEVEMENT = "https://other.example/courses/welding"


@pytest.fixture
def world(app_env: str) -> StackWorld:
    wiring.wire()
    world = make_stack_world(app_env)
    with session_scope(world.url) as session:
        row = session.exec(select(QualificationRule)).one()
        row.rule = WITH_PRIOR
        session.add(row)
    return world


def foreign(n: int, ects: str = "3") -> dict[str, Any]:
    """A signed credential for the same achievement of the same issuer (the n-th copy)."""
    public = multikey.encode_public(bytes(KEY.verify_key))
    document = ob3.build_credential(
        credential_id=f"urn:uuid:6f1c7a1e-0000-4000-8000-0000000001{n:02d}",
        issuer=ob3.IssuerFacts(ISSUER, "Other Academy", "https://other.example", "DE", "Germany"),
        achievement_facts=ob3.AchievementFacts(
            url=ACHIEVEMENT,
            title="Welding basics",
            description="Safe MIG welding.",
            learning_outcomes=["Welds a butt joint"],
            ects=Decimal(ects),
            eqf_level=4,
            language="de",
            assessment_type="practical",
            participation_form="onsite",
            quality_assurance="Chamber of crafts",
        ),
        learner=ob3.LearnerFacts(f"urn:uuid:6f1c7a1e-0000-4000-8000-0000000002{n:02d}", "Jo", None),
        issued_at=utcnow(),
        context_url=microcred_context_url(),
    )
    return proofs.sign(document, proofs.Signer(f"{ISSUER}#{public}", bytes(KEY)))


def bring(world: StackWorld, learner: int, document: dict[str, Any] | str) -> str:
    text = document if isinstance(document, str) else json.dumps(document)
    with session_scope(world.url) as session:
        view = external.import_bytes(
            session,
            user_id=world.learners[learner],
            data=text.encode(),
            source="text",
            client="1.2.3.4",
        )
    return view.uuid


def ask(world: StackWorld, learner: int, uuid: str) -> recognition.RequestView:
    with session_scope(world.url) as session:
        return recognition.ask(
            session,
            user_id=world.learners[learner],
            credential_uuid=uuid,
            qualification_slug=QUALIFICATION,
        )


def principal(world: StackWorld, user_id: int) -> authz.Principal:
    with session_scope(world.url) as session:
        return authz.principal_for(session, user_id)


def decide(world: StackWorld, user_id: int, request: str, **kwargs: Any) -> recognition.RequestView:
    with session_scope(world.url) as session:
        return recognition.decide(
            session, principal=principal(world, user_id), request_uuid=request, **kwargs
        )


def trust(world: StackWorld, level: str, reason: str = "") -> None:
    with session_scope(world.url) as session:
        recognition.set_trust(
            session,
            principal=principal(world, world.assessor_id),
            university_slug="stack-uni",
            issuer_id=ISSUER,
            level=level,
            reason=reason,
        )


def queue_of(world: StackWorld) -> list[str]:
    with session_scope(world.url) as session:
        return [
            v.uuid
            for v in recognition.queue(session, principal(world, world.owner_id), "stack-uni")
        ]


def mails_to(world: StackWorld, template: str) -> list[str]:
    with session_scope(world.url) as session:
        rows = session.exec(select(OutboxMessage).where(OutboxMessage.kind == mail.MAIL_KIND)).all()
        return sorted(r.payload["to"] for r in rows if r.payload.get("template") == template)


def test_staff_decide_once_and_the_decision_is_reused(world: StackWorld) -> None:
    first = ask(world, 0, bring(world, 0, foreign(1)))
    second = ask(world, 1, bring(world, 1, foreign(2)))
    assert (first.state, second.state) == ("pending", "pending")
    assert queue_of(world) == [first.uuid, second.uuid]  # oldest first

    # The node must be a leaf of the rule tree, the ECTS no more than the credential states.
    with pytest.raises(InvalidInput) as error:
        decide(world, world.assessor_id, first.uuid, accept=True, node_id="electives", ects="2")
    assert error.value.key == "error.recognition.node_invalid"
    with pytest.raises(InvalidInput) as error:
        decide(world, world.assessor_id, first.uuid, accept=True, node_id="prior", ects="4")
    assert error.value.key == "error.recognition.ects_above_stated"
    with pytest.raises(InvalidInput):
        decide(world, world.assessor_id, first.uuid, accept=False, reason=" ")

    done = decide(world, world.assessor_id, first.uuid, accept=True, node_id="prior", ects="2")
    assert (done.state, done.node_id, done.ects, done.reused) == ("accepted", "prior", "2", False)
    # The other learner's request for the same achievement was decided with it...
    assert queue_of(world) == []
    with session_scope(world.url) as session:
        theirs = recognition.my_requests(session, world.learners[1])
        assert [(v.state, v.node_id, v.ects, v.reused) for v in theirs] == [
            ("accepted", "prior", "2", True)
        ]
        assert session.exec(
            select(AuditEntry).where(AuditEntry.action == "recognition.decide")
        ).all()
    assert mails_to(world, "recognition_accepted") == ["learner0@stack.test", "learner1@stack.test"]
    # ...and a third credential for it is accepted the moment it is asked for.
    with session_scope(world.url) as session:
        session.exec(select(QualificationRule)).one()  # the world still has one rule
    third = ask(world, 1, bring(world, 1, foreign(3)))
    assert (third.state, third.node_id, third.reused) == ("accepted", "prior", True)
    with pytest.raises(InvalidInput) as error:
        decide(world, world.owner_id, third.uuid, accept=False, reason="Too late")
    assert error.value.key == "error.recognition.decided"


@SQLITE_ONLY
def test_the_trust_list_refuses_or_sends_to_review(world: StackWorld) -> None:
    trust(world, "refuse", "Not an accredited body")
    refused = ask(world, 0, bring(world, 0, foreign(1)))
    assert (refused.state, refused.reason, refused.reused) == (
        "refused",
        "Not an accredited body",
        True,
    )

    # auto_accept with a stored decision maps at once; review always waits for staff.
    trust(world, "auto_accept")
    pending = ask(world, 1, bring(world, 1, foreign(2)))
    assert pending.state == "pending"  # nothing decided for this achievement yet
    decide(world, world.owner_id, pending.uuid, accept=True, node_id="prior", ects="2.5")
    at_once = ask(world, 1, bring(world, 1, foreign(3)))
    assert (at_once.state, at_once.ects) == ("accepted", "2.5")
    trust(world, "review")
    waits = ask(world, 0, bring(world, 0, foreign(4)))
    assert waits.state == "pending"
    with session_scope(world.url) as session:
        levels = recognition.trust_list(session, principal(world, world.owner_id), "stack-uni")
        assert [(t.issuer_id, t.level) for t in levels] == [(ISSUER, "review")]
        assert (
            len(
                session.exec(
                    select(AuditEntry).where(AuditEntry.action == "recognition.trust")
                ).all()
            )
            == 3
        )
    with pytest.raises(InvalidInput):
        trust(world, "refuse")  # a refusal needs its reason


@SQLITE_ONLY
def test_a_self_reported_claim_always_waits_for_staff(world: StackWorld) -> None:
    claim = foreign(1)
    del claim["proof"]
    # Staff once accepted this achievement of this issuer, and trust the issuer.
    decided = ask(world, 1, bring(world, 1, foreign(2)))
    decide(world, world.assessor_id, decided.uuid, accept=True, node_id="prior", ects="2")
    trust(world, "auto_accept")
    request = ask(world, 0, bring(world, 0, claim))
    assert (request.state, request.verified) == ("pending", False)
    assert queue_of(world) == [request.uuid]
    # Staff may still accept it by hand; that decision is not stored for reuse from a claim.
    decide(world, world.assessor_id, request.uuid, accept=False, reason="No proof")
    again = ask(world, 1, bring(world, 1, foreign(3)))
    assert again.state == "accepted"


@SQLITE_ONLY
def test_staff_of_another_university_cannot_see_or_decide(world: StackWorld) -> None:
    request = ask(world, 0, bring(world, 0, foreign(1)))
    for user in (world.other_assessor_id, world.outsider_id):
        with pytest.raises(Forbidden):
            decide(world, user, request.uuid, accept=False, reason="Not ours")
        with session_scope(world.url) as session, pytest.raises(Forbidden):
            recognition.queue(session, principal(world, user), "stack-uni")
    # Someone else's import cannot be asked for.
    uuid = bring(world, 1, foreign(2))
    with pytest.raises(Exception) as error:
        ask(world, 0, uuid)
    assert getattr(error.value, "key", "") == "error.external.not_found"
    assert queue_of(world) == [request.uuid]


@SQLITE_ONLY
def test_progress_counts_an_accepted_import_once(world: StackWorld) -> None:
    learner = world.learners[0]
    uuid = bring(world, 0, foreign(1))
    request = ask(world, 0, uuid)
    with session_scope(world.url) as session:
        answer = stacking.learner_progress(session, learner, QUALIFICATION)
        assert answer is not None and answer.progress.nodes["prior"].ects_counted == 0
    decide(world, world.assessor_id, request.uuid, accept=True, node_id="prior", ects="2")
    with session_scope(world.url) as session:
        held = [h for h in stacking.held_credentials(session, learner) if h.id.startswith("ext:")]
        assert len(held) == 1
        answer = stacking.learner_progress(session, learner, QUALIFICATION)
        assert answer is not None
        prior = answer.progress.nodes["prior"]
        assert (prior.satisfied, prior.ects_counted) == (True, Decimal(2))
        assert answer.progress.ects_counted == Decimal(2)
        assert list(answer.progress.counted) == [f"ext:{uuid}"]
        # The other learner's progress is untouched.
        other = stacking.learner_progress(session, world.learners[1], QUALIFICATION)
        assert other is not None and other.progress.ects_counted == 0
    # Once its issuer revokes it (a later check says so), it stops counting.
    with session_scope(world.url) as session:
        from microcred_market.credentials.models import ExternalCredential

        row = session.exec(
            select(ExternalCredential).where(ExternalCredential.user_id == learner)
        ).one()
        row.verdict = "revoked"
        session.add(row)
    with session_scope(world.url) as session:
        answer = stacking.learner_progress(session, learner, QUALIFICATION)
        assert answer is not None and answer.progress.ects_counted == 0


@SQLITE_ONLY
def test_the_wallet_form_asks_and_the_card_shows_the_decision(browser, world: StackWorld) -> None:
    from microcred_market.accounts import service as accounts
    from microcred_market.platform.cookies import SESSION_COOKIE
    from microcred_market.ui.pages.credentials.wallet_external import external_card
    from tests.integration.conftest import FRONT

    uuid = bring(world, 0, foreign(1))
    with session_scope(world.url) as session:
        token = accounts.create_session(session, world.learners[0])
    browser.client.cookies.set(SESSION_COOKIE, token)
    answer = browser.client.post(
        f"/api/wallet/external/{uuid}/recognition",
        data={"qualification": QUALIFICATION},
        headers={"Origin": FRONT},
        follow_redirects=False,
    )
    path, flash, _query = browser.landing(answer)
    assert path == "/wallet"
    assert flash == ("success", "Asked: Data Stack Certificate (waiting for the university).")
    (request,) = queue_of(world)
    decide(world, world.assessor_id, request, accept=False, reason="Different level")
    with session_scope(world.url) as session:
        (item,) = external.imported(session, world.learners[0])
        asked = tuple(recognition.my_requests(session, world.learners[0]))
        assert recognition.qualifications_open(session) == [
            (QUALIFICATION, "Data Stack Certificate")
        ]
    assert external_card(item, "pl", asked)["decisions"] == (
        "Data Stack Certificate: odmowa (Different level)"
    )
    assert mails_to(world, "recognition_refused") == ["learner0@stack.test"]


@SQLITE_ONLY
def test_a_recognition_counts_only_toward_the_qualification_it_was_made_for(
    world: StackWorld,
) -> None:
    """Node ids mean something inside one rule tree: another qualification with a node of
    the same id gets nothing from a decision made for the first."""
    from microcred_market.catalogue.models import Qualification

    with session_scope(world.url) as session:
        other = Qualification(
            slug="other-stack", title="Other", eqf_level=5, ects_required=Decimal(2)
        )
        session.add(other)
        session.flush()
        rule = {
            "version": 1,
            "root": {
                "kind": "all_of",
                "id": "root",
                "children": [
                    {"kind": "recognised", "id": "prior", "ects": "2", "label": "prior learning"}
                ],
            },
        }
        session.add(
            QualificationRule(qualification_id=other.id, university_id=world.awarding_id, rule=rule)
        )
    request = ask(world, 0, bring(world, 0, foreign(1)))
    decide(world, world.assessor_id, request.uuid, accept=True, node_id="prior", ects="2")
    with session_scope(world.url) as session:
        mine = stacking.learner_progress(session, world.learners[0], QUALIFICATION)
        theirs = stacking.learner_progress(session, world.learners[0], "other-stack")
        assert mine is not None and mine.progress.nodes["prior"].ects_counted == Decimal(2)
        assert theirs is not None and theirs.progress.nodes["prior"].ects_counted == 0
        assert not theirs.progress.satisfied
