"""Over a raw websocket, an assessor of another university cannot claim or mark work here,
and under blind review nothing this university's assessor receives names the learner.

The review screen's events name the item by the page's address, which a crafted event
sets at will; the service must refuse by who is asking, not by what the page showed.
The same probe with this university's assessor does claim and mark, so it is known to
reach the handlers.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from reflex_base.utils.format import format_event_handler
from sqlmodel import select

from microcred_market.accounts import service as accounts
from microcred_market.assessments import submissions
from microcred_market.assessments.models import Review, ReviewLock
from microcred_market.platform.cookies import SESSION_COOKIE
from microcred_market.platform.db import session_scope
from microcred_market.ui.pages.assessments.review_item import ReviewItemState
from tests.integration.ui.conftest import _live
from tests.support.live_app import LiveApp
from tests.support.reflex_socket import ReflexSocket
from tests.support.review_world import LEARNER_NAME, make_review_world

pytestmark = [pytest.mark.assessments, pytest.mark.security]

SECRET_TEXT = "Shipment logs of a Kraków haulier"


@pytest.fixture
def live_sqlite(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[LiveApp, str]]:
    yield from _live(request, "sqlite", tmp_path, monkeypatch)


def _events(socket: ReflexSocket, path: str, query: dict[str, str]) -> str:
    answers = []
    for handler, payload in (
        (ReviewItemState.load, {}),
        (ReviewItemState.claim, {}),
        (ReviewItemState.save, {"form": {"level_analysis": "2", "level_charts": "2"}}),
    ):
        name = format_event_handler(handler)  # type: ignore[arg-type]
        answers.append(socket.answer(name, payload, path, query))
    return "\n".join(answers)


def test_another_universitys_assessor_cannot_claim_or_score(
    live_sqlite: tuple[LiveApp, str], tmp_path: Path
) -> None:
    app, url = live_sqlite
    rw = make_review_world(url, tmp_path / "unused", blind=True)
    with session_scope(url) as session:
        view = submissions.submit_work(
            session,
            user_id=rw.aw.world.learners[0],
            enrolment_uuid=rw.aw.world.enrolments[0],
            component_uuid=rw.task_uuid,
            text=SECRET_TEXT,
        )
        outsider = accounts.create_session(session, rw.aw.world.outsider_id)
        assessor = accounts.create_session(session, rw.aw.world.assessor_id)
    ref = f"s-{view.uuid}"
    path, query = f"/staff/assessuni/review/{ref}", {"slug": "assessuni", "item": ref}
    # The outsider owns another university; here they are nobody.
    socket = ReflexSocket(app.ws, cookie=f"{SESSION_COOKIE}={outsider}", origin=app.front)
    try:
        text = _events(socket, path, query)
    finally:
        socket.close()
    assert SECRET_TEXT not in text and LEARNER_NAME not in text
    with session_scope(url) as session:
        assert session.exec(select(ReviewLock)).all() == []
        assert session.exec(select(Review)).all() == []
    # The same events from this university's assessor claim and mark.
    socket = ReflexSocket(app.ws, cookie=f"{SESSION_COOKIE}={assessor}", origin=app.front)
    try:
        text = _events(socket, path, query)
    finally:
        socket.close()
    assert SECRET_TEXT in text
    # Blind review: what reached this assessor's browser never names the learner.
    assert "Nowak" not in text and "Łucja" not in text
    with session_scope(url) as session:
        reviews = session.exec(select(Review)).all()
        assert [(r.assessor_user_id, r.percent) for r in reviews] == [
            (rw.aw.world.assessor_id, 100)
        ]
