"""The quiz page over a raw websocket: what a crafted event can and cannot do.

The attacker is a learner with the real backend, their own cookie and a hand-written
Socket.IO client: they name any handler, send any payload, to any route. They must not
answer another learner's attempt, save or submit after the deadline and grace, start an
attempt beyond the limit, or ever receive the answer key (every frame is scanned).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
import sqlalchemy as sa
from reflex_base.utils.format import format_event_handler

from microcred_market.accounts import service as accounts
from microcred_market.assessments.models import AssessmentComponent, QuizAnswer, QuizAttempt
from microcred_market.platform.clock import aware, utcnow
from microcred_market.platform.cookies import SESSION_COOKIE
from microcred_market.platform.db import session_scope
from microcred_market.ui.pages.assessments.take import TakeQuizState
from tests.integration.ui.conftest import _live
from tests.support.assessment_world import AssessedWorld, make_assessed_world
from tests.support.live_app import LiveApp
from tests.support.quiz_world import add_questions, question
from tests.support.reflex_socket import ReflexSocket

pytestmark = [pytest.mark.assessments, pytest.mark.security]

HYDRATE = "reflex___state____state.hydrate"
# Key values that appear nowhere in what a learner may see.
SECRET_NUMBER = "271.828"
SECRET_WORDS = "Pierogi ruskie"
# Key values, and a key's fields with a value (another page's empty form may well have a
# field called "correct"; the key's `"correct": "qa_a"` must not be anywhere).
KEY_MARKERS = (
    re.escape(SECRET_NUMBER),
    re.escape(SECRET_WORDS),
    "(?i)pierogi",
    r'\\?"correct\\?"\s*:\s*(\\?"qa_a|true)',
    r'\\?"accepted\\?"\s*:\s*\[',
    r'\\?"tolerance\\?"\s*:\s*\\?"0\.001',
)


def _event(name: str) -> str:
    return format_event_handler(TakeQuizState.event_handlers[name])


@pytest.fixture
def live_sqlite(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[LiveApp, str]]:
    # The data-layer races are proved on PostgreSQL in tests/integration/assessments; here
    # the question is what the websocket lets through, the same on either engine.
    yield from _live(request, "sqlite", tmp_path, monkeypatch)


def _bank() -> list[dict[str, Any]]:
    numeric = question("qn", "numeric")
    numeric["key"] = {"value": SECRET_NUMBER, "tolerance": "0.001"}
    text = question("qt", "text")
    text["key"] = {"accepted": [SECRET_WORDS]}
    return [question("qa"), question("qb", "truefalse"), numeric, text]


class Learner:
    def __init__(self, app: LiveApp, aw: AssessedWorld, i: int) -> None:
        self.aw, self.i = aw, i
        with session_scope(aw.world.url) as session:
            token = accounts.create_session(session, aw.world.learners[i])
        self.socket = ReflexSocket(app.ws, cookie=f"{SESSION_COOKIE}={token}", origin=app.front)
        self.frames: list[str] = []

    def send(self, name: str, payload: dict[str, Any], attempt: str = "") -> str:
        path, query = (
            ("/assess/quiz/" + attempt, {"attempt": attempt}) if attempt else ("/learning", {})
        )
        text = self.socket.answer(_event(name), payload, path, query)
        self.frames.append(text)
        return text

    def open_page(self, attempt: str) -> str:
        self.frames.append(
            self.socket.answer(HYDRATE, {}, "/assess/quiz/" + attempt, {"attempt": attempt})
        )
        return self.send("load", {}, attempt)

    def start(self, component: str) -> str:
        enrolment = self.aw.world.enrolments[self.i]
        return self.send("start", {"enrolment": enrolment, "component": component})


def _component(aw: AssessedWorld) -> str:
    with session_scope(aw.world.url) as session:
        component = session.get(AssessmentComponent, aw.quiz_id)
        assert component is not None
        return str(component.uuid)


def _attempts(url: str) -> list[QuizAttempt]:
    with session_scope(url) as session:
        return list(session.execute(sa.select(QuizAttempt).order_by(QuizAttempt.id)).scalars())


def _answers(url: str) -> dict[str, Any]:
    with session_scope(url) as session:
        return {
            r.question_ident: r.answer for r in session.execute(sa.select(QuizAnswer)).scalars()
        }


def test_a_crafted_event_cannot_cheat_the_quiz(live_sqlite: tuple[LiveApp, str]) -> None:
    app, url = live_sqlite
    aw = make_assessed_world(url, moderated=False)
    add_questions(url, aw.quiz_id, _bank(), attempts=1, grace_seconds=5)
    component = _component(aw)
    alice, mallory = Learner(app, aw, 0), Learner(app, aw, 1)
    try:
        # Alice starts (twice, as a double click or a second tab would): one attempt.
        assert "/assess/quiz/" in alice.start(component)
        alice.start(component)
        (attempt,) = _attempts(url)
        mine = str(attempt.uuid)
        page = alice.open_page(mine)
        assert "Question qa?" in page and "Question qt?" in page
        alice.send("choose", {"ident": "qa", "value": "qa_a"}, mine)
        alice.send("type_text", {"ident": "qt", "value": "bigos"}, mine)
        assert _answers(url) == {"qa": "qa_a", "qt": "bigos"}

        # Mallory opens Alice's attempt, and sends Alice's question ids from her own page.
        assert "Question qa?" not in mallory.open_page(mine)
        mallory.send("choose", {"ident": "qa", "value": "qa_b"}, mine)
        mallory.send("type_text", {"ident": "qt", "value": "hacked"}, mine)
        mallory.send("submit", {}, mine)
        assert _answers(url) == {"qa": "qa_a", "qt": "bigos"}
        assert _attempts(url)[0].status == "open"

        # Mallory's own attempt, then a payload of the wrong shape and a question not on it.
        mallory.start(component)
        theirs = str(_attempts(url)[1].uuid)
        mallory.open_page(theirs)
        mallory.send("choose", {"ident": "qa", "value": {"$gt": ""}}, theirs)
        mallory.send("pair", {"ident": "qa", "left": "x", "right": "y"}, theirs)
        mallory.send("type_text", {"ident": "qz", "value": "not on the paper"}, theirs)
        assert set(_answers(url)) == {"qa", "qt"}

        # Alice's time runs out (the deadline moved into the past, beyond the grace).
        with session_scope(url) as session:
            row = session.get(QuizAttempt, attempt.id)
            assert row is not None
            deadline = utcnow() - timedelta(minutes=1)
            row.deadline_at = deadline
        late = alice.send("choose", {"ident": "qb", "value": "true"}, mine)
        assert "too late" in late
        alice.send("time_up", {}, mine)
        alice.send("submit", {}, mine)
        assert _answers(url) == {"qa": "qa_a", "qt": "bigos"}
        closed = _attempts(url)[0]
        assert closed.status == "overdue"
        assert aware(closed.finished_at) == deadline
        assert '"overdue"' in alice.open_page(mine)  # the page says "submitted automatically"

        # The only attempt is used: a crafted start makes no second one.
        refused = alice.start(component)
        assert "/assess/quiz/" not in refused and "all" in refused.lower()
        assert len([a for a in _attempts(url) if a.user_id == aw.world.learners[0]]) == 1
        # Another learner's enrolment is not Mallory's to start.
        mallory.send("start", {"enrolment": aw.world.enrolments[0], "component": component})
        assert len(_attempts(url)) == 2
    finally:
        alice.socket.close()
        mallory.socket.close()

    # No frame the server sent to either of them carried the key.
    for learner in (alice, mallory):
        everything = "\n".join(learner.socket.raw)
        for marker in KEY_MARKERS:
            assert re.search(marker, everything) is None, marker


def test_an_early_time_up_changes_nothing(live_sqlite: tuple[LiveApp, str]) -> None:
    app, url = live_sqlite
    aw = make_assessed_world(url, learners=1, moderated=False)
    add_questions(url, aw.quiz_id, _bank())
    alice = Learner(app, aw, 0)
    try:
        alice.start(_component(aw))
        (attempt,) = _attempts(url)
        alice.open_page(str(attempt.uuid))
        alice.send("time_up", {}, str(attempt.uuid))
        assert _attempts(url)[0].status == "open"
        saved = alice.send("choose", {"ident": "qb", "value": "false"}, str(attempt.uuid))
        assert "Saved at" in saved
    finally:
        alice.socket.close()
    assert _answers(url) == {"qb": False}
    assert UUID(str(attempt.uuid))
