"""Over a raw websocket: the owner of one university names another's offering in the
cohorts page's address (a crafted event sets it at will) and gets nothing of its cohorts,
nor can create one there; that university's own owner sees them and creates one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from reflex_base.utils.format import format_event_handler

from microcred_market.accounts import authz
from microcred_market.accounts.models import User
from microcred_market.orders import cohorts
from microcred_market.orders.models import Cohort
from microcred_market.platform.cookies import SESSION_COOKIE
from microcred_market.platform.db import session_scope
from microcred_market.ui.pages.orders.cohorts import CohortsState
from microcred_market.ui.pages.orders.cohorts_index import CohortsIndexState
from tests.integration.ui.conftest import _live
from tests.support.live_app import LiveApp
from tests.support.portal_world import person, university
from tests.support.reflex_socket import ReflexSocket

pytestmark = [pytest.mark.portal, pytest.mark.security]

SECRET_LABEL = "Autumn cohort only our staff know of"


@pytest.fixture
def live_sqlite(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[LiveApp, str]]:
    yield from _live(request, "sqlite", tmp_path, monkeypatch)


def _events(socket: ReflexSocket) -> str:
    path = "/staff/uni-b/offerings/course-uni-b/cohorts"
    params = {"slug": "uni-b", "offering": "course-uni-b"}
    load = format_event_handler(CohortsState.load)  # type: ignore[arg-type]
    save = format_event_handler(CohortsState.save)  # type: ignore[arg-type]
    texts = [socket.answer(load, {}, path, params)]
    form = {"form": {"cohort": "", "label": "Planted", "seats": "3", "status": "open"}}
    texts.append(socket.answer(save, form, path, params))
    return "\n".join(texts)


def _labels(url: str) -> list[str]:
    with session_scope(url) as session:
        return sorted(session.execute(sa.select(Cohort.label)).scalars())


def test_an_owner_of_another_university_gets_and_changes_nothing_of_its_cohorts(
    live_sqlite: tuple[LiveApp, str],
) -> None:
    app, url = live_sqlite
    intruder = person(url, "owner@uni-a.example")
    owner = person(url, "owner@uni-b.example")
    university(url, "uni-a", owner="owner@uni-a.example")
    b_id = university(url, "uni-b", owner="owner@uni-b.example")
    with session_scope(url) as session:
        owner_id = session.execute(
            sa.select(User.id).where(User.email == "owner@uni-b.example")
        ).scalar_one()
        cohorts.save_cohort(
            session,
            authz.Principal(user_id=owner_id, roles={b_id: "owner"}),
            "uni-b",
            "course-uni-b",
            label=SECRET_LABEL,
        )
    socket = ReflexSocket(app.ws, cookie=f"{SESSION_COOKIE}={intruder}", origin=app.front)
    try:
        text = _events(socket)
    finally:
        socket.close()
    assert SECRET_LABEL not in text
    assert _labels(url) == [SECRET_LABEL]
    socket = ReflexSocket(app.ws, cookie=f"{SESSION_COOKIE}={owner}", origin=app.front)
    try:
        text = _events(socket)
    finally:
        socket.close()
    assert SECRET_LABEL in text and "Planted" in text
    assert _labels(url) == sorted([SECRET_LABEL, "Planted"])


def test_the_cohorts_index_shows_a_university_its_cohorts_and_another_ones_staff_nothing(
    live_sqlite: tuple[LiveApp, str],
) -> None:
    app, url = live_sqlite
    intruder = person(url, "owner@uni-a.example")
    owner = person(url, "owner@uni-b.example")
    university(url, "uni-a", owner="owner@uni-a.example")
    b_id = university(url, "uni-b", owner="owner@uni-b.example")
    with session_scope(url) as session:
        owner_id = session.execute(
            sa.select(User.id).where(User.email == "owner@uni-b.example")
        ).scalar_one()
        cohorts.save_cohort(
            session,
            authz.Principal(user_id=owner_id, roles={b_id: "owner"}),
            "uni-b",
            "course-uni-b",
            label=SECRET_LABEL,
            seats="12",
        )
    load = format_event_handler(CohortsIndexState.load)  # type: ignore[arg-type]
    path, params = "/staff/uni-b/cohorts", {"slug": "uni-b"}
    socket = ReflexSocket(app.ws, cookie=f"{SESSION_COOKIE}={intruder}", origin=app.front)
    try:
        text = socket.answer(load, {}, path, params)
    finally:
        socket.close()
    assert SECRET_LABEL not in text and "course-uni-b" not in text
    socket = ReflexSocket(app.ws, cookie=f"{SESSION_COOKIE}={owner}", origin=app.front)
    try:
        text = socket.answer(load, {}, path, params)
    finally:
        socket.close()
    assert SECRET_LABEL in text and "course-uni-b" in text
    assert "0 of 12" in text, text
