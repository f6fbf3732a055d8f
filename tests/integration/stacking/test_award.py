"""The stacked credential: awarded once when the parts add up, suspended when a part goes
bad, reinstated when another part makes up for it; rules refused on save node by node."""

from __future__ import annotations

import json
import threading

import pytest
from sqlmodel import col, select

from microcred_market.accounts import authz
from microcred_market.assessments import decisions
from microcred_market.catalogue.models import Offering, Qualification
from microcred_market.credentials import issuing, printable
from microcred_market.credentials.models import IssuedCredential
from microcred_market.credentials.sources import verify_document
from microcred_market.orders.models import Enrolment
from microcred_market.platform import mail
from microcred_market.platform.clock import utcnow
from microcred_market.platform.db import get_by_uuid, session_scope
from microcred_market.platform.errors import InvalidInput
from microcred_market.platform.models import OutboxMessage
from microcred_market.platform.outbox import process_outbox
from microcred_market.stacking import service as stacking
from microcred_market.stacking.models import QualificationRule, RuleRefused, StackedAward
from microcred_market.stacking.progress import missing_text
from microcred_market.ui.pages.credentials.verify.check import presented
from microcred_market.vc import qualification as vcq
from tests.support.stacking_world import QUALIFICATION, RULE, StackWorld, make_stack_world

pytestmark = [pytest.mark.stacking, pytest.mark.credentials]


@pytest.fixture
def world(app_env: str) -> StackWorld:
    return make_stack_world(app_env)


def principal(url: str, user_id: int) -> authz.Principal:
    with session_scope(url) as session:
        return authz.principal_for(session, user_id)


def drain(url: str) -> None:
    """Run the outbox until nothing is left (issue -> check -> award -> check ...)."""
    for _ in range(10):
        if process_outbox(url) == 0:
            return


def assessor_for(world: StackWorld, slug: str) -> int:
    return world.other_assessor_id if slug == "stack-d" else world.assessor_id


def pass_part(world: StackWorld, slug: str, learner: int = 0) -> None:
    with session_scope(world.url) as session:
        offering = session.exec(select(Offering).where(Offering.slug == slug)).one()
        if offering.start_date and offering.start_date > utcnow().date():
            offering.start_date = utcnow().date()  # time passes: the course has begun
            session.add(offering)
    with session_scope(world.url) as session:
        decisions.decide(
            session,
            principal=principal(world.url, assessor_for(world, slug)),
            enrolment_uuid=world.enrolments[(learner, slug)],
        )
    drain(world.url)


def credential_of(world: StackWorld, slug: str, learner: int = 0) -> IssuedCredential:
    with session_scope(world.url) as session:
        enrolment = get_by_uuid(session, Enrolment, world.enrolments[(learner, slug)], "x")
        return session.exec(
            select(IssuedCredential).where(IssuedCredential.enrolment_id == enrolment.id)
        ).one()


def stacked_of(world: StackWorld, learner: int = 0) -> IssuedCredential | None:
    with session_scope(world.url) as session:
        return session.exec(
            select(IssuedCredential).where(
                IssuedCredential.user_id == world.learners[learner],
                col(IssuedCredential.qualification_id).is_not(None),
            )
        ).first()


def change(world: StackWorld, slug: str, action: str, learner: int = 0) -> None:
    with session_scope(world.url) as session:
        issuing.change_state(
            session,
            principal=principal(world.url, assessor_for(world, slug)),
            credential_uuid=str(credential_of(world, slug, learner).uuid),
            action=action,
            reason="Plagiarism found" if action != "reinstate" else "",
        )
    drain(world.url)


def mails(url: str, template: str) -> list[str]:
    with session_scope(url) as session:
        rows = session.exec(select(OutboxMessage).where(OutboxMessage.kind == mail.MAIL_KIND)).all()
        return sorted(r.payload["to"] for r in rows if r.payload.get("template") == template)


def verdict(url: str, document: dict) -> tuple[str, dict]:
    with session_scope(url) as session:
        result = verify_document(session, document)
    return result.verdict, {c.name: (c.status, c.message) for c in result.checks}


def test_progress_then_award_then_a_bad_part_suspends_and_another_reinstates(
    world: StackWorld,
) -> None:
    learner = world.learners[0]
    pass_part(world, "stack-a")
    with session_scope(world.url) as session:
        answer = stacking.learner_progress(session, learner, QUALIFICATION)
        assert answer is not None and not answer.progress.satisfied
        assert missing_text(answer.progress, "en") == "1 of 2 electives; 3 of 3 ECTS still needed"
        assert missing_text(answer.progress, "pl").startswith("1 z 2 przedmiotów obieralnych")
        # The cheapest way to finish: C (50 PLN) and D (300 PLN), not B (200 PLN).
        assert answer.cheapest is not None
        assert [o.slug for o in answer.cheapest.offerings] == ["stack-c", "stack-d"]
        assert answer.soonest is not None
        assert [o.slug for o in answer.soonest.offerings] == ["stack-b", "stack-d"]
    pass_part(world, "stack-b")
    assert stacked_of(world) is None  # 2 of 2 electives, but 0 of 3 ECTS of practice
    pass_part(world, "stack-d")

    stacked = stacked_of(world)
    assert stacked is not None and stacked.state == "active"
    document = json.loads(stacked.document)
    state, checks = verdict(world.url, document)
    assert state == "valid", checks
    assert checks["schema"][0] == "pass"
    achievement = document["credentialSubject"]["achievement"]
    assert achievement["achievementType"] == "Certificate"
    assert achievement["name"] == "Data Stack Certificate"
    assert achievement["criteria"]["narrative"].splitlines()[:3] == [
        "• All of these:",
        "  • Electives: any 2 of 3",
        "    • Course A (2 ECTS)",
    ]
    assert document["credentialSubject"]["creditsEarned"] == 7
    levels = {a["targetType"]: a["targetCode"] for a in achievement["alignment"]}
    assert levels == {"ext:EQFLevel": "5", "ext:NQFLevel": "5"}
    parts = vcq.parts_of(document)
    assert {p["name"] for p in parts} == {"Course A", "Course B", "Course D"}
    for part in parts:
        row = next(
            credential_of(world, s)
            for s in ("stack-a", "stack-b", "stack-d")
            if credential_of(world, s).title == part["name"]
        )
        assert part["id"] == f"urn:uuid:{row.uuid}"
        assert part["digestMultibase"] == vcq.digest_multibase(row.document)
        assert part["partIssuer"] == json.loads(row.document)["issuer"]["id"]
        assert part["partAchievement"] in achievement["hasPart"]
    assert mails(world.url, "qualification_awarded") == ["learner0@stack.test"]
    # In the wallet like any credential: the printable certificate and the baked badge.
    assert printable.certificate_pdf(document, "https://front.test/verify").startswith(b"%PDF")
    assert printable.badge_png(document).startswith(b"\x89PNG")

    # A part is revoked: the qualification is suspended, the learner and staff are told.
    change(world, "stack-a", "revoke")
    stacked = stacked_of(world)
    assert stacked is not None and stacked.state == "suspended"
    assert verdict(world.url, json.loads(stacked.document))[0] == "suspended"
    assert mails(world.url, "qualification_suspended") == ["learner0@stack.test"]
    assert mails(world.url, "qualification_suspended_staff") == ["owner@stack.test"]
    # The verify page lists the parts with their states now.
    with session_scope(world.url) as session:
        result = verify_document(session, json.loads(stacked.document)).as_dict()
        shown = presented(session, result, "en")
    assert {(p["name"], p["word"]) for p in shown["parts"]} == {
        ("Course A", "revoked"),
        ("Course B", "active"),
        ("Course D", "active"),
    }

    # Another elective makes up for it: valid again, still one qualification credential.
    pass_part(world, "stack-c")
    stacked = stacked_of(world)
    assert stacked is not None and stacked.state == "active"
    assert verdict(world.url, json.loads(stacked.document))[0] == "valid"
    assert mails(world.url, "qualification_reinstated") == ["learner0@stack.test"]
    with session_scope(world.url) as session:
        assert len(session.exec(select(StackedAward)).all()) == 1
        # Every message went: the checks, the award and the mails (rendered and sent).
        left = session.exec(select(OutboxMessage).where(col(OutboxMessage.processed_at).is_(None)))
        assert [(m.kind, m.last_error) for m in left.all()] == []


def test_a_suspended_part_suspends_and_its_reinstatement_lifts_it(world: StackWorld) -> None:
    for slug in ("stack-a", "stack-b", "stack-d"):
        pass_part(world, slug)
    change(world, "stack-d", "suspend")
    assert (stacked_of(world) or IssuedCredential()).state == "suspended"
    change(world, "stack-d", "reinstate")
    assert (stacked_of(world) or IssuedCredential()).state == "active"


def test_staff_suspension_is_not_lifted_by_the_rules(world: StackWorld) -> None:
    for slug in ("stack-a", "stack-b", "stack-d"):
        pass_part(world, slug)
    stacked = stacked_of(world)
    assert stacked is not None
    with session_scope(world.url) as session:
        issuing.change_state(
            session,
            principal=principal(world.url, world.assessor_id),
            credential_uuid=str(stacked.uuid),
            action="suspend",
            reason="Under review",
        )
    pass_part(world, "stack-c")  # the rules are met (and were): staff's suspension stays
    assert (stacked_of(world) or IssuedCredential()).state == "suspended"


def test_rules_are_refused_on_save_with_one_message_per_node(world: StackWorld) -> None:
    bad = json.loads(json.dumps(RULE))
    bad["root"]["children"][0]["n"] = 4  # 4 of 3 electives
    bad["root"]["children"][1]["ects"] = "12"  # more than its parts can give
    bad["root"]["children"][1]["children"][0]["ects"] = "5"  # the catalogue says 3
    owner = principal(world.url, world.owner_id)
    with session_scope(world.url) as session:
        with pytest.raises(RuleRefused) as refused:
            stacking.set_rules(session, owner, QUALIFICATION, json.dumps(bad))
        by_node = {p.node_id: p.key for p in refused.value.problems}
        assert by_node == {
            "practice": "error.stacking.rule_ects_beyond",
            "electives": "error.stacking.rule_n_too_large",
            "d": "error.stacking.rule_ects_mismatch",
        }
        text = refused.value.text("en")
        assert text.splitlines()[0] == "The rule was not saved: 3 problems."
        assert "electives: Asks for 4 parts, but there are only 3." in text or "electives:" in text
        assert "d: stack-d is worth 3 ECTS in the catalogue, not 5." in text
        assert (
            refused.value.text("pl").splitlines()[0] == "Reguła nie została zapisana: 3 problemy."
        )
    with session_scope(world.url) as session:
        qualification = session.exec(
            select(Qualification).where(Qualification.slug == QUALIFICATION)
        ).one()
        assert session.get(QualificationRule, qualification.id).rule == RULE  # unchanged
    # Only the awarding university's owners and editors may write rules.
    for who in (world.assessor_id, world.outsider_id):
        with session_scope(world.url) as session, pytest.raises(authz.Forbidden):
            stacking.set_rules(session, principal(world.url, who), QUALIFICATION, RULE)
    with session_scope(world.url) as session:
        view = stacking.set_rules(session, owner, QUALIFICATION, RULE, prk_level=5)
        assert view.university == "stack-uni" and view.prk_level == 5
    # The table refuses a bad rule whoever writes it.
    with session_scope(world.url) as session:
        row = session.get(QualificationRule, qualification.id)
        row.rule = bad
        session.add(row)
        with pytest.raises(RuleRefused):
            session.flush()
        session.rollback()


@pytest.mark.postgres
@pytest.mark.parametrize("fresh_url", ["postgres"], indirect=True)
def test_two_parts_at_once_award_exactly_once(app_env: str) -> None:
    """PostgreSQL: two transactions at once, as two workers would run them."""
    world = make_stack_world(app_env)
    pass_part(world, "stack-a")
    with session_scope(world.url) as session:
        for slug in ("stack-b", "stack-d"):
            decisions.decide(
                session,
                principal=principal(world.url, assessor_for(world, slug)),
                enrolment_uuid=world.enrolments[(0, slug)],
            )
        ids = {
            slug: get_by_uuid(session, Enrolment, world.enrolments[(0, slug)], "x").id
            for slug in ("stack-b", "stack-d")
        }
    issued = threading.Barrier(2)
    checking = threading.Barrier(2)
    errors: list[BaseException] = []

    def part_arrives(enrolment_id: int) -> None:
        try:
            with session_scope(world.url) as session:
                issuing.issue_for_enrolment(session, enrolment_id)
                issued.wait(timeout=10)  # both parts issued, neither committed
            checking.wait(timeout=10)  # both committed: both checks see both parts
            with session_scope(world.url) as session:
                stacking.check_award(session, world.learners[0])
        except BaseException as error:  # noqa: BLE001 (reported below)
            errors.append(error)

    threads = [threading.Thread(target=part_arrives, args=(i,)) for i in ids.values()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    with session_scope(world.url) as session:
        awards = session.exec(select(StackedAward)).all()
        assert len(awards) == 1
        queued = session.exec(
            select(OutboxMessage).where(OutboxMessage.kind == stacking.AWARD_KIND)
        ).all()
        assert len(queued) == 1
    drain(world.url)
    with session_scope(world.url) as session:
        stacked = session.exec(
            select(IssuedCredential).where(col(IssuedCredential.qualification_id).is_not(None))
        ).all()
        assert len(stacked) == 1


def test_the_builder_preview_refuses_what_a_save_would_and_writes_nothing(
    world: StackWorld,
) -> None:
    owner = principal(world.url, world.owner_id)
    with session_scope(world.url) as session:
        saved = stacking.rule_view(session, QUALIFICATION).rule_json
    bad = json.loads(json.dumps(RULE))
    bad["root"]["children"][0]["n"] = 4
    with session_scope(world.url) as session, pytest.raises(RuleRefused) as save_refused:
        stacking.set_rules(session, owner, QUALIFICATION, json.dumps(bad))
    with session_scope(world.url) as session, pytest.raises(RuleRefused) as preview_refused:
        stacking.preview_rules(session, owner, QUALIFICATION, json.dumps(bad))
    assert [(p.node_id, p.key) for p in preview_refused.value.problems] == [
        (p.node_id, p.key) for p in save_refused.value.problems
    ]
    with session_scope(world.url) as session, pytest.raises(InvalidInput) as not_json:
        stacking.preview_rules(session, owner, QUALIFICATION, '{"version": 1,')
    assert not_json.value.key == "error.stacking.rule_not_json"

    # A good rule reads in words with the catalogue's titles, and nothing is saved.
    other = json.loads(json.dumps(RULE))
    other["root"]["children"][0]["n"] = 1
    del other["root"]["children"][0]["children"][2]
    with session_scope(world.url) as session:
        found = stacking.preview_rules(session, owner, QUALIFICATION, json.dumps(other))
    assert found.achievements_named == 3
    assert found.ects_possible == 7  # 2 + 2 electives and the 3 of practice
    assert set(found.titles) == {"stack-a", "stack-b", "stack-d"}
    with session_scope(world.url) as session:
        assert stacking.rule_view(session, QUALIFICATION).rule_json == saved
    # ... and whoever may not save may not preview either.
    for who in (world.assessor_id, world.outsider_id):
        with session_scope(world.url) as session, pytest.raises(authz.Forbidden):
            stacking.preview_rules(session, principal(world.url, who), QUALIFICATION, RULE)
