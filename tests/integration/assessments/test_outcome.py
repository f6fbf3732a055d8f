"""Result to credential: every pass path is an assessor's decision, and the credential says how.

Staff "pass", the results file and the command line record a decision component result
inside the assessment window (never a pass by themselves); the credential then states the
scale of what was assessed (the version's pass mark, or pass/fail), the kinds of
assessment, the weakest supervision, and recognition of prior learning, in our context v2.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

import jsonschema
import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from microcred_market.assessments import results
from microcred_market.assessments.models import Assessment, AssessmentComponent
from microcred_market.catalogue.models import Offering
from microcred_market.credentials.models import IssuedCredential
from microcred_market.credentials.sources import verify_document
from microcred_market.orders.models import Enrolment
from microcred_market.platform.clock import utcnow
from microcred_market.platform.db import session_scope
from microcred_market.platform.outbox import process_outbox
from microcred_market.ui.pages.credentials.verify.present import present
from microcred_market.vc import contexts
from tests.integration.credentials.test_credential_api import as_user
from tests.support.assessment_world import AssessedWorld, make_assessed_world
from tests.support.credential_world import World, make_world

pytestmark = pytest.mark.assessments


def _passed(url: str) -> int:
    with session_scope(url) as session:
        return session.execute(
            sa.select(sa.func.count())
            .select_from(Enrolment)
            .where(Enrolment.passed_at.is_not(None))
        ).scalar_one()


def _assessments(url: str) -> int:
    with session_scope(url) as session:
        return session.execute(sa.select(sa.func.count()).select_from(Assessment)).scalar_one()


def _starts_in(url: str, offering_id: int, days: int) -> None:
    with session_scope(url) as session:
        offering = session.get(Offering, offering_id)
        assert offering is not None
        offering.start_date = date.today() + timedelta(days=days)
        session.add(offering)


def _pass_form(browser, world: World, index: int = 0, grade: str = "") -> tuple[str, str]:
    as_user(browser, world.url, world.assessor_id)
    response = browser.post_form(
        f"/api/enrolments/{world.enrolments[index]}/pass", {"grade": grade, "back": "/"}
    )
    _, flash, _ = browser.landing(response)
    assert flash is not None
    return flash[0], flash[1]


def _csv(browser, world: World, text: str) -> tuple[str, str]:
    as_user(browser, world.url, world.assessor_id)
    response = browser.client.post(
        f"/api/staff/{world.slug}/results",
        files={"results": ("results.csv", text.encode(), "text/csv")},
        headers={"Origin": "http://front.test"},
        follow_redirects=False,
    )
    _, flash, _ = browser.landing(response)
    assert flash is not None
    return flash[0], flash[1]


def _document(url: str) -> dict:
    with session_scope(url) as session:
        return json.loads(session.exec(select(IssuedCredential)).one().document)


@pytest.fixture
def world(app_env: str) -> World:
    return make_world(app_env, learners=2, slug="outcomeuni")


# ------------------------------------------------------------------ every path, inside the window


def test_the_staff_pass_is_a_decision_and_waits_for_the_course_to_start(
    browser, world: World
) -> None:
    _starts_in(world.url, world.offering_id, 5)
    kind, words = _pass_form(browser, world, grade="80")
    assert kind == "error" and "no result can be recorded before it" in words, words
    assert _passed(world.url) == 0
    _starts_in(world.url, world.offering_id, 0)
    kind, words = _pass_form(browser, world, grade="80")
    assert kind == "success", words
    with session_scope(world.url) as session:
        (assessment,) = session.exec(select(Assessment)).all()
        (part,) = results.components(session, assessment.id or 0)
        assert (part.kind, part.weight, assessment.moderated) == ("decision", 100, False)
        enrolment = session.exec(
            select(Enrolment).where(Enrolment.uuid == UUID(world.enrolments[0]))
        ).one()
        assert enrolment.passed_at is not None and enrolment.grade == "80"
        assert enrolment.outcome is not None and enrolment.outcome["scale"] == "percent"


def test_the_results_file_waits_for_the_window_and_leaves_nothing_behind(
    browser, world: World
) -> None:
    _starts_in(world.url, world.offering_id, 5)
    kind, words = _csv(browser, world, "email,grade\nlearner0@outcomeuni.test,90\n")
    assert kind == "error" and "line 2:" in words and "no result can be recorded" in words
    assert _passed(world.url) == 0
    assert _assessments(world.url) == 0  # the first version made while checking is undone
    _starts_in(world.url, world.offering_id, -1)
    kind, words = _csv(browser, world, "email,grade\nlearner0@outcomeuni.test,90\n")
    assert kind == "success", words
    assert _passed(world.url) == 1


def test_a_draft_assessment_must_be_published_first(browser, world: World) -> None:
    with session_scope(world.url) as session:
        session.add(Assessment(offering_id=world.offering_id, version=1, status="draft"))
    kind, words = _pass_form(browser, world)
    assert kind == "error" and "publish it first" in words
    assert _passed(world.url) == 0


def test_a_staff_pass_under_a_moderated_assessment_is_one_part_awaiting_release(
    browser, app_env: str
) -> None:
    aw = make_assessed_world(app_env, slug="modouni")
    kind, words = _pass_form(browser, aw.world)
    assert kind == "success" and "once the results are released" in words
    assert _passed(app_env) == 0
    with session_scope(app_env) as session:
        (row,) = session.exec(select(results.ComponentResult)).all()
        assert row.component_id == aw.oral_id and row.released_at is None


def test_the_cli_sample_is_issued_through_a_decision(tmp_path, app_env: str) -> None:
    from microcred_market import cli

    assert cli.main(["credential", "demo", "--out", str(tmp_path)]) == 0
    document = json.loads((tmp_path / "credential.json").read_text())
    declared = document["credentialSubject"]["achievement"]["resultDescription"][0]
    assert declared["resultType"] == "Percent" and declared["requiredValue"] == "50"
    assert document["@context"][-1].endswith("/contexts/microcred-v2.json")
    assert (tmp_path / "microcred-v1.json").exists()


# ------------------------------------------------------------------ what the credential says


def _record(
    session: Session, aw: AssessedWorld, component_id: int, percent, supervision: str
) -> results.ComponentResult:
    enrolment = session.exec(
        select(Enrolment).where(Enrolment.uuid == UUID(aw.world.enrolments[0]))
    ).one()
    return results.record_component_result(
        session,
        enrolment=enrolment,
        component=session.get(AssessmentComponent, component_id),
        percent=percent,
        passed=None if percent is not None else True,
        source="quiz" if percent is not None else "decision",
        decided_by_user_id=aw.world.assessor_id,
        supervision=supervision,
    )


def _checked(url: str, document: dict, lang: str) -> dict:
    validator = jsonschema.Draft201909Validator(contexts.ob_schema())
    assert [e.message for e in validator.iter_errors(document)] == []
    with session_scope(url) as session:
        verification = verify_document(session, document)
    assert verification.verdict == "valid", verification.checks
    shown = present(verification.as_dict(), lang)
    return {f["id"]: f["v"] for f in shown["facts"]}


def test_the_credential_states_the_versions_pass_mark_kinds_and_weakest_supervision(
    app_env: str,
) -> None:
    aw = make_assessed_world(app_env, slug="markuni")
    with session_scope(app_env) as session:
        assessment = session.get(Assessment, aw.assessment_id)
        assessment.pass_rule = {"all_components": True, "min_percent": 40}
        quiz = session.get(AssessmentComponent, aw.quiz_id)
        quiz.pass_rule = {"min_percent": 40}
        session.add_all([assessment, quiz])
    with session_scope(app_env) as session:
        rows = [
            _record(session, aw, aw.quiz_id, Decimal("45"), "supervised-online-id"),
            _record(session, aw, aw.oral_id, None, "supervised-onsite-id"),
        ]
        assert len(results.release_results(session, rows, released_by_user_id=None)) == 1
    process_outbox(app_env)
    document = _document(app_env)
    achievement = document["credentialSubject"]["achievement"]
    declared = achievement["resultDescription"][0]
    # 45 % passes a version whose pass mark is 40: the credential says 40, not a fixed 50.
    assert (declared["resultType"], declared["requiredValue"]) == ("Percent", "40")
    assert document["credentialSubject"]["result"][0]["value"] == "45"
    assert achievement["assessmentType"] == ["test", "oral"]
    assert achievement["supervision"] == "supervised-online-id"
    assert "recognitionOfPriorLearning" not in achievement
    facts = _checked(app_env, document, "pl")
    assert facts["assessment"] == "Test, Egzamin ustny"
    assert facts["pass-mark"] == "40%" and facts["grade"] == "45"
    assert "prior-learning" not in facts


def test_recognition_of_prior_learning_by_decisions_alone_is_pass_fail(app_env: str) -> None:
    aw = make_assessed_world(app_env, slug="rpluni")
    with session_scope(app_env) as session:
        offering = session.get(Offering, aw.world.offering_id)
        offering.assessment_only = True
        quiz = session.get(AssessmentComponent, aw.quiz_id)
        quiz.kind, quiz.pass_rule, quiz.settings = "portfolio", {"min_level": 1}, {}
        assessment = session.get(Assessment, aw.assessment_id)
        assessment.pass_rule = {"all_components": True}
        session.add_all([offering, quiz, assessment])
    with session_scope(app_env) as session:
        rows = [
            _record(session, aw, aw.quiz_id, None, "supervised-no-id"),
            _record(session, aw, aw.oral_id, None, "supervised-onsite-id"),
        ]
        results.release_results(session, rows, released_by_user_id=None)
    process_outbox(app_env)
    document = _document(app_env)
    achievement = document["credentialSubject"]["achievement"]
    declared = achievement["resultDescription"][0]
    assert declared["resultType"] == "RubricCriterionLevel"
    result = document["credentialSubject"]["result"][0]
    assert result["achievedLevel"] == declared["requiredLevel"]
    assert achievement["recognitionOfPriorLearning"] is True
    assert achievement["assessmentType"] == ["expert_review", "oral"]
    assert achievement["supervision"] == "supervised-no-id"
    english = _checked(app_env, document, "en")
    assert english["assessment"] == "Expert review of evidence, Oral examination"
    assert "without taking the course" in english["prior-learning"]
    assert english["grade"].startswith("Passed")
    polish = _checked(app_env, document, "pl")
    assert "bez udziału w kursie" in polish["prior-learning"]
    assert polish["grade"].startswith("Zaliczone")


def test_a_credential_in_context_v1_still_verifies(app_env: str) -> None:
    """Issued before v2: our verifier still loads v1 (never changed) and accepts it."""
    world = make_world(app_env, learners=1, slug="oldctxuni")
    with session_scope(app_env) as session:
        enrolment = session.exec(select(Enrolment)).one()
        from microcred_market.credentials import issuing

        # As passes were recorded before assessments: no outcome, the old declaration.
        enrolment.passed_at = utcnow()
        enrolment.grade = "77"
        session.add(enrolment)
        session.flush()
        ctx = issuing._issuing_context(session, world.offering_id)
        user = session.get(issuing.User, enrolment.user_id)
        row = issuing._credential_row(ctx, enrolment, user, "eddsa-rdfc-2022", 1, 7)
        document = json.loads(row.document)
    assert document["@context"][-1].endswith("microcred-v2.json")
    old = dict(document)
    old.pop("proof")
    old["@context"] = [*document["@context"][:-1], contexts.microcred_context_url(version=1)]
    with session_scope(app_env) as session:
        university = issuing.university_by_slug(session, world.slug)
        signer = issuing._signer(university, issuing.active_key(session, university))
    signed = issuing.proofs.sign(old, signer)
    facts = _checked(app_env, signed, "en")
    assert facts["grade"] == "77" and facts["pass-mark"] == "50%"
