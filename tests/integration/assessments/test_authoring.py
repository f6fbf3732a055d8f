"""Staff author assessments in drafts; a published version never changes."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from microcred_market.accounts import authz
from microcred_market.assessments import authoring, results
from microcred_market.assessments.models import Assessment, AssessmentComponent
from microcred_market.orders.models import Enrolment
from microcred_market.platform.db import session_scope
from microcred_market.platform.errors import InvalidInput
from microcred_market.platform.models import AuditEvent
from tests.support.authoring_world import RUBRIC, AuthoringWorld, make_authoring_world, single

pytestmark = pytest.mark.assessments


@pytest.fixture
def w(fresh_url: str) -> AuthoringWorld:
    return make_authoring_world(fresh_url)


def _snapshot(session: Session, assessment_id: int) -> str:
    """Everything a published version is: its rules, parts and questions, as one text."""
    a = session.get(Assessment, assessment_id)
    assert a is not None
    session.refresh(a)
    view = authoring._view(session, a)
    return json.dumps(
        {
            "status": view.status,
            "rules": [
                view.pass_rule,
                str(view.window_opens_at),
                str(view.window_closes_at),
                view.blind_review,
                view.second_marker_margin,
                view.moderated,
                view.appeal_days,
            ],
            "components": [
                [
                    c.kind,
                    c.mode,
                    c.title,
                    c.instructions,
                    c.weight,
                    c.pass_rule,
                    c.rubric,
                    c.settings,
                    [q.question for q in c.questions],
                    c.uuid,
                ]
                for c in view.components
            ],
        },
        sort_keys=True,
        default=str,
    )


def _quiz_with_questions(session: Session, w: AuthoringWorld, draft: str, n: int = 3) -> str:
    quiz = authoring.add_component(
        session,
        w.editor,
        draft,
        kind="quiz",
        title="Test",
        weight=100,
        pass_rule={"min_percent": 60},
        settings={"time_limit_minutes": 20, "attempts": 2},
    )
    for i in range(n):
        authoring.add_question(session, w.editor, quiz.uuid, single(f"q{i + 1}"))
    return quiz.uuid


def test_a_draft_copies_the_published_version_and_publishing_it_leaves_the_old_one(w) -> None:
    with session_scope(w.url) as session:
        before = _snapshot(session, w.aw.assessment_id)
        draft = authoring.draft_for(session, w.editor, w.offering)
        assert (draft.version, draft.status, draft.published_version) == (2, "draft", 1)
        assert [c.kind for c in draft.components] == ["quiz", "decision"]
        # The same open draft comes back, not a third version.
        assert authoring.draft_for(session, w.owner, w.offering).uuid == draft.uuid
        quiz, oral = draft.components
        authoring.update_component(session, w.editor, quiz.uuid, title="Knowledge test")
        for i in range(4):
            authoring.add_question(session, w.editor, quiz.uuid, single(f"q{i}"))
        authoring.move_component(session, w.editor, oral.uuid, -1)
        assert _snapshot(session, w.aw.assessment_id) == before
    # A learner who started under version 1 keeps it; a new learner gets version 2.
    with session_scope(w.url) as session:
        enrolment = session.execute(sa.select(Enrolment)).scalars().first()
        results.record_component_result(
            session,
            enrolment=enrolment,
            component=session.get(AssessmentComponent, w.aw.oral_id),
            percent=None,
            passed=True,
            source="decision",
            decided_by_user_id=w.aw.world.assessor_id,
        )
        published = authoring.publish(session, w.owner, draft.uuid)
        assert published.status == "published" and published.version == 2
        assert [c.title for c in published.components] == ["Oral exam", "Knowledge test"]
        # The quiz now says which questions a learner is given: all four.
        assert published.components[1].settings["pools"][0]["draw"] == 4
        old = session.get(Assessment, w.aw.assessment_id)
        assert old.status == "published"  # in use: not retired
        assert results.assessment_of(session, enrolment).version == 1
        assert results.published_assessment(session, enrolment.offering_id).version == 2
        event = session.execute(
            sa.select(AuditEvent).where(AuditEvent.action == "assessment.publish")
        ).scalar_one()
        assert event.detail["version"] == 2 and event.actor_user_id == w.owner.user_id
    with session_scope(w.url) as session:
        # Editing again opens version 3, copied from 2.
        assert authoring.draft_for(session, w.editor, w.offering).version == 3


def test_a_version_nobody_used_is_retired_when_the_next_is_published(w) -> None:
    with session_scope(w.url) as session:
        draft = authoring.draft_for(session, w.editor, w.offering)
        for c in draft.components:
            if c.kind == "quiz":
                authoring.add_question(session, w.editor, c.uuid, single("only"))
        authoring.publish(session, w.editor, draft.uuid)
        assert session.get(Assessment, w.aw.assessment_id).status == "retired"


@pytest.mark.parametrize("name", authoring.EDIT_FUNCTIONS)
def test_every_edit_refuses_a_published_version(w, name: str) -> None:
    with session_scope(w.url) as session:
        a = session.get(Assessment, w.aw.assessment_id)
        quiz = session.get(AssessmentComponent, w.aw.quiz_id)
        target, component = str(a.uuid), str(quiz.uuid)
        before = _snapshot(session, w.aw.assessment_id)
    calls = {
        "set_rules": lambda s: authoring.set_rules(s, w.owner, target, min_percent=10),
        "add_component": lambda s: authoring.add_component(
            s, w.owner, target, kind="decision", mode="oral", title="X"
        ),
        "update_component": lambda s: authoring.update_component(s, w.owner, component, weight=1),
        "remove_component": lambda s: authoring.remove_component(s, w.owner, component),
        "move_component": lambda s: authoring.move_component(s, w.owner, component, 1),
        "add_question": lambda s: authoring.add_question(s, w.owner, component, single("qx")),
        "update_question": lambda s: authoring.update_question(
            s, w.owner, component, "qx", single("qx")
        ),
        "remove_question": lambda s: authoring.remove_question(s, w.owner, component, "qx"),
        "import_qti": lambda s: authoring.import_qti(s, w.owner, component, b"<x/>"),
        "publish": lambda s: authoring.publish(s, w.owner, target),
        "discard_draft": lambda s: authoring.discard_draft(s, w.owner, target),
    }
    with session_scope(w.url) as session, pytest.raises(InvalidInput, match="is published"):
        calls[name](session)
    with session_scope(w.url) as session:
        assert _snapshot(session, w.aw.assessment_id) == before


@pytest.mark.parametrize("who", ["assessor", "outsider", "anonymous"])
def test_only_owners_and_editors_of_that_university_author(w, who: str) -> None:
    principal = authz.ANONYMOUS if who == "anonymous" else getattr(w, who)
    with session_scope(w.url) as session:
        draft = authoring.draft_for(session, w.editor, w.offering)
        quiz = draft.components[0].uuid
    refused = (authz.NotSignedIn, authz.Forbidden)
    attempts = [
        lambda s: authoring.draft_for(s, principal, w.offering),
        lambda s: authoring.view(s, principal, draft.uuid),
        lambda s: authoring.offerings_overview(s, principal, w.aw.world.slug),
        lambda s: authoring.set_rules(s, principal, draft.uuid),
        lambda s: authoring.add_question(s, principal, quiz, single("q9")),
        lambda s: authoring.validate_draft(s, principal, draft.uuid),
        lambda s: authoring.preview(s, principal, quiz),
        lambda s: authoring.publish(s, principal, draft.uuid),
        lambda s: authoring.export_qti(s, principal, quiz),
    ]
    for call in attempts:
        with session_scope(w.url) as session, pytest.raises(refused):
            call(session)


def test_the_validator_names_each_problem(w) -> None:
    with session_scope(w.url) as session:
        draft = authoring.draft_for(session, w.editor, w.offering)
        for c in draft.components:
            authoring.remove_component(session, w.editor, c.uuid)
        assert [p.key for p in authoring.validate_draft(session, w.editor, draft.uuid)] == [
            "error.assessments.no_components"
        ]
        authoring.add_component(
            session, w.editor, draft.uuid, kind="quiz", title="Empty quiz", weight=50
        )
        authoring.add_component(
            session, w.editor, draft.uuid, kind="task", title="Report", weight=30
        )
        authoring.add_component(
            session, w.editor, draft.uuid, kind="decision", mode="interview", title="Talk"
        )
        problems = authoring.validate_draft(session, w.editor, draft.uuid)
        assert sorted(p.key for p in problems) == sorted(
            [
                "error.assessments.weights_sum",
                "error.assessments.quiz_no_questions",
                "error.assessments.rubric_missing",
            ]
        )
        with pytest.raises(authoring.DraftInvalid) as refused:
            authoring.publish(session, w.editor, draft.uuid)
        message = refused.value.message
        assert "add up to 80" in message and "Empty quiz has no questions" in message
        assert len(message.splitlines()) == 1 + len(problems)  # one line per problem
        assert session.get(Assessment, w.aw.assessment_id).status == "published"


def test_field_checks_refuse_at_once_and_write_nothing(w) -> None:
    with session_scope(w.url) as session:
        draft = authoring.draft_for(session, w.editor, w.offering)
        quiz = draft.components[0]
    bad = [
        (dict(weight=140), "from 0 to 100"),
        (dict(kind="exam"), "Choose a quiz"),
        (dict(title=""), "title"),
        (dict(settings={"attempts": 0}), "attempts"),
        (dict(settings={"time_limit_minutes": 601}), "time limit"),
        (
            dict(settings={"opens_at": "2026-05-02T10:00", "closes_at": "2026-05-01T10:00"}),
            "close after",
        ),
        (
            dict(settings={"pools": [{"label": "A", "questions": ["nope"], "draw": 1}]}),
            "not in the bank",
        ),
        (dict(settings={"colour": "red"}), "no setting colour"),
    ]
    for change, words in bad:
        with session_scope(w.url) as session, pytest.raises(InvalidInput, match=words):
            authoring.update_component(session, w.editor, quiz.uuid, **change)
    task_rubrics = [
        ({"criteria": []}, "from 1 to"),
        (
            {
                "criteria": [
                    {
                        "title": "A",
                        "levels": [
                            {"points": 2, "descriptor": "x"},
                            {"points": 1, "descriptor": "y"},
                        ],
                    }
                ]
            },
            "go up",
        ),
        (
            {"criteria": [{"title": "A", "levels": [{"points": 1, "descriptor": "x"}]}]},
            "from 2 to 10 levels",
        ),
        (
            {
                "criteria": [
                    {
                        "title": "A",
                        "levels": [
                            {"points": 0, "descriptor": ""},
                            {"points": 1, "descriptor": "y"},
                        ],
                    }
                ]
            },
            "descriptor",
        ),
    ]
    for rubric, words in task_rubrics:
        with session_scope(w.url) as session, pytest.raises(InvalidInput, match=words):
            authoring.add_component(
                session, w.editor, draft.uuid, kind="task", title="T", rubric=rubric
            )
    with session_scope(w.url) as session, pytest.raises(InvalidInput, match="lowest passing level"):
        authoring.add_component(
            session,
            w.editor,
            draft.uuid,
            kind="task",
            title="T",
            rubric=RUBRIC,
            pass_rule={"min_level": 3},
        )
    with session_scope(w.url) as session, pytest.raises(InvalidInput, match="close after it opens"):
        authoring.set_rules(
            session,
            w.editor,
            draft.uuid,
            window_opens_at="2026-06-01T10:00",
            window_closes_at="2026-05-01T10:00",
        )
    with session_scope(w.url) as session:
        assert authoring.view(session, w.editor, draft.uuid) == draft


def test_rules_window_in_the_editors_zone_and_a_rubric_task_publishes(w) -> None:
    with session_scope(w.url) as session:
        draft = authoring.draft_for(session, w.editor, w.offering)
        for c in draft.components:
            authoring.remove_component(session, w.editor, c.uuid)
        task = authoring.add_component(
            session,
            w.editor,
            draft.uuid,
            kind="task",
            title="Report",
            weight=100,
            rubric=RUBRIC,
            pass_rule={"min_level": 1},
            settings={"due_at": "2026-07-01T12:00"},
            time_zone="Europe/Warsaw",
        )
        assert task.pass_rule == {"min_level": 1}
        assert task.settings["due_at"] == "2026-07-01T10:00:00+00:00"
        view = authoring.set_rules(
            session,
            w.editor,
            draft.uuid,
            min_percent=70,
            window_opens_at="2026-06-01T09:00",
            window_closes_at="2026-07-31T18:00",
            blind_review=True,
            second_marker_margin=5,
            moderated=True,
            appeal_days=10,
            time_zone="Europe/Warsaw",
        )
        assert view.pass_rule == {"all_components": True, "min_percent": 70}
        assert view.window_opens_at.isoformat() == "2026-06-01T07:00:00+00:00"
        assert (view.blind_review, view.second_marker_margin, view.appeal_days) == (True, 5, 10)
        assert authoring.validate_draft(session, w.editor, draft.uuid) == []
        assert authoring.publish(session, w.editor, draft.uuid).status == "published"


def test_questions_are_checked_and_removing_one_keeps_the_pools_drawable(w) -> None:
    with session_scope(w.url) as session:
        draft = authoring.draft_for(session, w.editor, w.offering)
        quiz = draft.components[0].uuid
        with pytest.raises(InvalidInput, match="cannot be saved"):
            authoring.add_question(
                session, w.editor, quiz, {**single("q1"), "key": {"correct": "z"}}
            )
        for i in range(3):
            authoring.add_question(session, w.editor, quiz, single(f"q{i}"))
        with pytest.raises(InvalidInput, match="already used"):
            authoring.add_question(session, w.editor, quiz, single("q1"))
        authoring.update_component(
            session,
            w.editor,
            quiz,
            settings={"pools": [{"label": "All", "questions": ["q0", "q1", "q2"], "draw": 3}]},
        )
        authoring.update_question(session, w.editor, quiz, "q2", {**single("q2b"), "points": 3})
        authoring.remove_question(session, w.editor, quiz, "q0")
        part = authoring.view(session, w.editor, draft.uuid).components[0]
        assert [q.ident for q in part.questions] == ["q1", "q2b"]
        assert part.settings["pools"] == [{"label": "All", "questions": ["q1", "q2b"], "draw": 2}]
        assert authoring.new_question_id(session, w.editor, quiz) == "q3"
        assert authoring.validate_draft(session, w.editor, draft.uuid) == []


def test_preview_shows_a_draw_without_any_key(w) -> None:
    with session_scope(w.url) as session:
        draft = authoring.draft_for(session, w.editor, w.offering)
        quiz = draft.components[0].uuid
        for i in range(5):
            authoring.add_question(session, w.editor, quiz, single(f"q{i}"))
        authoring.add_question(
            session,
            w.editor,
            quiz,
            {
                "id": "order",
                "kind": "ordering",
                "prompt": "Order them",
                "points": 2,
                "choices": [{"id": "x", "text": "First"}, {"id": "y", "text": "Second"}],
                "key": {"order": ["x", "y"]},
            },
        )
        authoring.update_component(
            session,
            w.editor,
            quiz,
            settings={
                "pools": [
                    {"label": "A", "questions": ["q0", "q1", "q2", "q3", "q4"], "draw": 2},
                    {"label": "B", "questions": ["order"], "draw": 1},
                ]
            },
        )
        shown = authoring.preview(session, w.editor, quiz, seed=7)
        assert shown.drawn == 3 and shown.bank == 6
        text = json.dumps(shown.questions)
        assert '"key"' not in text and "correct" not in text
        ordering = next(q for q in shown.questions if q["kind"] == "ordering")
        assert [c["id"] for c in ordering["choices"]] == ["y", "x"]  # never the answer's order


def test_overview_lists_each_offering_with_its_versions(w) -> None:
    with session_scope(w.url) as session:
        authoring.draft_for(session, w.editor, w.offering)
        lines = authoring.offerings_overview(session, w.editor, w.aw.world.slug)
        line = next(x for x in lines if x.slug == w.offering)
        assert (line.published_version, line.draft_version, line.components) == (1, 2, 2)


def test_draft_for_an_offering_without_assessment_starts_empty(w) -> None:
    with session_scope(w.url) as session:
        session.execute(sa.delete(AssessmentComponent))
        session.execute(sa.delete(Assessment))
    with session_scope(w.url) as session:
        draft = authoring.draft_for(session, w.editor, w.offering)
        assert (draft.version, draft.components, draft.published_version) == (1, [], None)
        assert draft.pass_rule == {"all_components": True, "min_percent": 50}
