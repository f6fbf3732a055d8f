"""Any sequence of edits: the published version never changes, and only a valid draft publishes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session

from microcred_market.assessments import authoring
from microcred_market.assessments.models import Assessment, AssessmentComponent
from microcred_market.platform.db import get_engine
from microcred_market.platform.errors import DomainError
from tests.conftest import migrated
from tests.integration.assessments.test_authoring import _snapshot
from tests.support.authoring_world import RUBRIC, AuthoringWorld, make_authoring_world, single

pytestmark = pytest.mark.assessments

index = st.integers(0, 4)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("rules"), st.one_of(st.none(), st.integers(-10, 110))),
        st.tuples(
            st.just("add"),
            st.sampled_from(["quiz", "task", "portfolio", "decision", "exam"]),
            st.integers(-10, 120),
        ),
        st.tuples(st.just("weight"), index, st.integers(-10, 120)),
        st.tuples(st.just("remove"), index),
        st.tuples(st.just("move"), index, st.sampled_from([-1, 1])),
        st.tuples(st.just("question"), index, st.sampled_from(["q1", "q2", "q3"])),
        st.tuples(st.just("unquestion"), index, st.sampled_from(["q1", "q2", "q3"])),
        st.tuples(st.just("pools"), index, st.integers(0, 4)),
        st.tuples(st.just("published"), st.sampled_from(authoring.EDIT_FUNCTIONS)),
    ),
    max_size=12,
)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> AuthoringWorld:
    path: Path = tmp_path_factory.mktemp("sequences") / "seq.db"
    return make_authoring_world(migrated(f"sqlite:///{path}"), slug="sequni")


def _apply(session: Session, w: AuthoringWorld, draft: str, published: str, op: tuple) -> None:
    parts = authoring.view(session, w.editor, draft).components
    pick = parts[op[1] % len(parts)].uuid if parts and isinstance(op[1], int) else None
    name = op[0]
    if name == "rules":
        authoring.set_rules(session, w.editor, draft, min_percent=op[1])
    elif name == "add":
        kind = op[1]
        authoring.add_component(
            session,
            w.editor,
            draft,
            kind=kind,
            title=f"Part {kind}",
            weight=op[2],
            mode="oral" if kind == "decision" else "",
            rubric=RUBRIC if kind in ("task", "portfolio") else None,
        )
    elif pick is None:
        return
    elif name == "weight":
        authoring.update_component(session, w.editor, pick, weight=op[2])
    elif name == "remove":
        authoring.remove_component(session, w.editor, pick)
    elif name == "move":
        authoring.move_component(session, w.editor, pick, op[2])
    elif name == "question":
        authoring.add_question(session, w.editor, pick, single(op[2]))
    elif name == "unquestion":
        authoring.remove_question(session, w.editor, pick, op[2])
    elif name == "pools":
        part = next(p for p in parts if p.uuid == pick)
        ids = [q.ident for q in part.questions]
        authoring.update_component(
            session,
            w.editor,
            pick,
            settings={**part.settings, "pools": [{"label": "P", "questions": ids, "draw": op[2]}]},
        )


def _published_edit(session: Session, w: AuthoringWorld, published: str, component: str, name: str):
    calls = {
        "set_rules": lambda: authoring.set_rules(session, w.owner, published, min_percent=1),
        "add_component": lambda: authoring.add_component(
            session, w.owner, published, kind="decision", mode="oral", title="X"
        ),
        "update_component": lambda: authoring.update_component(
            session, w.owner, component, weight=0
        ),
        "remove_component": lambda: authoring.remove_component(session, w.owner, component),
        "move_component": lambda: authoring.move_component(session, w.owner, component, 1),
        "add_question": lambda: authoring.add_question(session, w.owner, component, single("z")),
        "update_question": lambda: authoring.update_question(
            session, w.owner, component, "z", single("z")
        ),
        "remove_question": lambda: authoring.remove_question(session, w.owner, component, "z"),
        "import_qti": lambda: authoring.import_qti(session, w.owner, component, b"<x/>"),
        "publish": lambda: authoring.publish(session, w.owner, published),
        "discard_draft": lambda: authoring.discard_draft(session, w.owner, published),
    }
    calls[name]()


@given(ops=operations)
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_edits_never_touch_the_published_version(world: AuthoringWorld, ops) -> None:
    w = world
    with Session(get_engine(w.url)) as session:
        published = session.get(Assessment, w.aw.assessment_id)
        published_uuid = str(published.uuid)
        component = str(session.get(AssessmentComponent, w.aw.quiz_id).uuid)
        before = _snapshot(session, w.aw.assessment_id)
        draft = authoring.draft_for(session, w.editor, w.offering).uuid
        for op in ops:
            if op[0] == "published":
                with pytest.raises(DomainError):
                    _published_edit(session, w, published_uuid, component, op[1])
                continue
            try:
                with session.begin_nested():
                    _apply(session, w, draft, published_uuid, op)
            except DomainError:
                pass  # refused as a whole: the savepoint is gone, the draft as it was
            assert _snapshot(session, w.aw.assessment_id) == before
        problems = authoring.validate_draft(session, w.editor, draft)
        if problems:
            with pytest.raises(authoring.DraftInvalid) as refused:
                authoring.publish(session, w.editor, draft)
            assert len(refused.value.problems) == len(problems)
            assert authoring.view(session, w.editor, draft).status == "draft"
        else:
            assert authoring.publish(session, w.editor, draft).status == "published"
            assert authoring.validate_draft(session, w.editor, draft) == []
        assert _snapshot(session, w.aw.assessment_id).replace('"retired"', '"published"') == before
        session.rollback()
