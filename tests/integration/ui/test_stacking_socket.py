"""The stacking pages over a raw websocket, as anyone can drive them.

Pinning a goal needs a session (an anonymous event pins nothing), a learner's pin from
the qualification page makes the catalogue's cards say "counts toward your goal" for
that learner alone, and unpinning from "My progress" ends it. The qualification
builder's live check answers staff of the awarding university only, writes nothing,
and ignores qualifications that are not on the page."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from reflex_base.utils.format import format_event_handler

from microcred_market.accounts import service as accounts
from microcred_market.platform.cookies import SESSION_COOKIE
from microcred_market.platform.db import session_scope
from microcred_market.stacking.models import QualificationGoal, QualificationRule
from microcred_market.ui.pages.stacking.dashboard import ProgressDashboardState
from microcred_market.ui.pages.stacking.progress import QualificationProgressState
from microcred_market.ui.pages.stacking.staff_rules import StaffRulesState
from microcred_market.ui.state.goal_marks import GoalMarksState
from tests.integration.ui.conftest import _live
from tests.support.live_app import LiveApp
from tests.support.reflex_socket import ReflexSocket
from tests.support.stacking_world import QUALIFICATION, RULE, make_stack_world

pytestmark = [pytest.mark.stacking, pytest.mark.security]

COUNTS = "Counts toward your goal: Data Stack Certificate"
QUALIFICATION_PAGE = (f"/qualifications/{QUALIFICATION}", {"slug": QUALIFICATION})


@pytest.fixture
def live_sqlite(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[LiveApp, str]]:
    yield from _live(request, "sqlite", tmp_path, monkeypatch)


def _handler(fn: object) -> str:
    return format_event_handler(fn)  # type: ignore[arg-type]


def _goals(url: str) -> list[int]:
    with session_scope(url) as session:
        return sorted(session.execute(sa.select(QualificationGoal.user_id)).scalars())


def _say(app: LiveApp, token: str | None, *events: tuple[object, dict, str, dict]) -> str:
    cookie = f"{SESSION_COOKIE}={token}" if token else None
    socket = ReflexSocket(app.ws, cookie=cookie, origin=app.front)
    try:
        return "\n".join(
            socket.answer(_handler(fn), payload, path, params)
            for fn, payload, path, params in events
        )
    finally:
        socket.close()


def test_a_pin_needs_a_session_and_marks_the_catalogue_for_that_learner_alone(
    live_sqlite: tuple[LiveApp, str],
) -> None:
    app, url = live_sqlite
    world = make_stack_world(url, learners=2)
    with session_scope(url) as session:
        mine, theirs = (accounts.create_session(session, uid) for uid in world.learners)
    load_q = (QualificationProgressState.load, {}, *QUALIFICATION_PAGE)
    toggle = (QualificationProgressState.toggle_goal, {}, *QUALIFICATION_PAGE)
    catalogue = (GoalMarksState.load, {}, "/catalogue", {})

    _say(app, None, load_q, toggle)
    assert _goals(url) == []

    text = _say(app, mine, load_q, toggle)
    assert "Pinned as your goal" in text
    assert _goals(url) == [world.learners[0]]

    assert COUNTS in _say(app, mine, catalogue)
    assert COUNTS not in _say(app, theirs, catalogue)
    assert COUNTS not in _say(app, None, catalogue)

    # another learner cannot unpin someone else's goal: the handler takes the session's user
    unpin = (ProgressDashboardState.unpin, {"slug": QUALIFICATION}, "/progress", {})
    _say(app, theirs, unpin)
    assert _goals(url) == [world.learners[0]]
    text = _say(app, mine, (ProgressDashboardState.load, {}, "/progress", {}), unpin)
    assert "No longer one of your goals" in text
    assert _goals(url) == []
    assert COUNTS not in _say(app, mine, catalogue)


def _saved_rule(url: str) -> object:
    with session_scope(url) as session:
        return session.execute(sa.select(QualificationRule.rule)).scalar_one()


def test_the_builder_checks_a_rule_as_typed_for_its_staff_alone(
    live_sqlite: tuple[LiveApp, str],
) -> None:
    app, url = live_sqlite
    world = make_stack_world(url, learners=1)
    with session_scope(url) as session:
        owner, learner = (
            accounts.create_session(session, uid) for uid in (world.owner_id, world.learners[0])
        )
    page = ("/staff/stack-uni/qualifications", {"slug": "stack-uni"})
    load = (StaffRulesState.load, {}, *page)
    bad = json.loads(json.dumps(RULE))
    bad["root"]["children"][0]["n"] = 4
    good = json.loads(json.dumps(RULE))
    good["root"]["children"][0]["n"] = 1

    def preview(text: str, qualification: str = QUALIFICATION) -> tuple:
        return (StaffRulesState.preview, {"qualification": qualification, "text": text}, *page)

    before = _saved_rule(url)
    text = _say(app, owner, load, preview(json.dumps(bad)))
    assert "The rule was not saved: 1 problem." in text
    assert "electives: Asks for 4 parts" in text
    text = _say(app, owner, load, preview(json.dumps(good)))
    assert "Valid: this rule names 4 courses or achievements." in text
    assert "It can count at most 9 ECTS." in text and "Not saved yet." in text
    assert "Electives: any 1 of 3" in text and "Course D (3 ECTS)" in text  # catalogue titles
    assert _saved_rule(url) == before  # a preview writes nothing

    # a learner, an anonymous socket and a qualification not on the page get no answer
    for token in (learner, None):
        assert "Valid: this rule" not in _say(app, token, load, preview(json.dumps(good)))
    assert "Valid: this rule" not in _say(app, owner, load, preview(json.dumps(good), "x" * 500))
