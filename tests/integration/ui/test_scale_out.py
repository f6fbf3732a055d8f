"""Scale-out without sticky sessions: two backend processes share PostgreSQL and Redis.

One browser tab's events go to both processes in turn, as a load balancer with no
affinity would send them: what the tab did on one process is the state the other
continues from, a sign-in made through one is honoured by the other, a sign-out through
one ends access through the other, and a checkout begun on one and paid on the other
gives one paid order and one enrolment.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import pytest
import sqlalchemy as sa

from microcred_market.accounts import service as accounts
from microcred_market.accounts.models import User
from microcred_market.orders.models import Enrolment, Order
from microcred_market.platform import dbadmin
from microcred_market.platform.db import reset_engine, session_scope
from microcred_market.settings import reset_settings_cache
from tests.conftest import migrated
from tests.integration.ui.conftest import REDIS_STATES, _redis_answers
from tests.integration.ui.test_websocket_sessions import (
    OPERATOR_EMAIL,
    _order_from,
    _post,
    leaks,
    make_people,
    protected_probes,
    replay,
    sign_in,
)
from tests.support.live_app import LiveApp, live_app
from tests.support.reflex_socket import ReflexSocket

pytestmark = [pytest.mark.accounts, pytest.mark.postgres]

CATALOGUE = (
    "reflex___state____state.microcred_market___ui___pages___catalogue___search____catalogue_state"
)
TOGGLE = f"{CATALOGUE}.toggle_filters"


@pytest.fixture
def two_backends(
    postgres_admin: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[LiveApp, LiveApp, str]]:
    if not _redis_answers():
        pytest.fail("Redis is needed to share States between processes (127.0.0.1:6379)")
    url = migrated(dbadmin.create_postgres_database(admin_url=postgres_admin))
    data = tmp_path / "data"
    data.mkdir()
    env = {"DATABASE_URL": url, "DATA_DIR": str(data), "INPROCESS_WORKER": "0"}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    env["REDIS_URL"] = REDIS_STATES
    reset_settings_cache()
    with live_app(env, tmp_path) as first, live_app(env, tmp_path) as second:
        monkeypatch.setenv("PUBLIC_BASE_URL", first.front)
        monkeypatch.setenv("API_URL", first.url)
        reset_settings_cache()
        yield first, second, url
    reset_settings_cache()
    reset_engine()
    dbadmin.drop_postgres_database(url, admin_url=postgres_admin)


def _filters_shown(app: LiveApp, tab: str) -> bool:
    """Toggle the catalogue's filter panel through `app`; whether it is now shown."""
    socket = ReflexSocket(app.ws, token=tab, origin=app.front)
    try:
        text = socket.answer(TOGGLE, {}, "/catalogue", {})
    finally:
        socket.close()
    found = re.findall(r'"show_filters(?:_rx_state_)?":\s*(true|false)', text)
    assert found, text[:2000]
    return found[-1] == "true"


def test_one_tab_alternating_between_two_backends_stays_consistent(
    two_backends: tuple[LiveApp, LiveApp, str],
) -> None:
    first, second, url = two_backends
    tab = "tab-scale-out"

    # State: each toggle continues from the other process's last answer.
    shown = [_filters_shown(app, tab) for app in (first, second, first, second)]
    assert shown == [True, False, True, False]

    # Sign-in through one process is honoured by the other, and sign-out ends it there.
    world = make_people(first, url)
    probes = [
        p for p in protected_probes() if p.label in ("LearningState.load", "AccountState.load")
    ]
    cookie = sign_in(second)
    seen = leaks(replay(first, world, probes, tab, cookie), world.secrets)
    assert OPERATOR_EMAIL in {s for found in seen.values() for s in found}, seen
    assert _post(first, "/api/auth/signout", {}, cookie).status_code == 303
    answers = replay(second, world, probes, tab, cookie)
    assert leaks(answers, world.secrets) == {}
    assert all("/signin?next=" in answers[p.label] for p in probes), answers

    # Checkout begun on one process, paid through the other: one order, one enrolment.
    with session_scope(url) as session:
        buyer = session.execute(sa.select(User).where(User.email == "b2@example.org")).scalar_one()
        token = accounts.create_session(session, buyer.id or 0)
    order = _order_from(_post(first, "/api/orders", {"offering": "course"}, token))
    paid = _post(second, f"/api/payments/simulated/{order}", {"outcome": "success"}, token)
    assert paid.status_code == 303, paid.text
    again = _post(first, f"/api/payments/simulated/{order}", {"outcome": "success"}, token)
    assert again.status_code == 303, again.text
    with session_scope(url) as session:
        row = session.execute(sa.select(Order).where(Order.uuid == UUID(order))).scalar_one()
        enrolments = session.execute(
            sa.select(sa.func.count()).select_from(Enrolment).where(Enrolment.user_id == buyer.id)
        ).scalar_one()
    assert row.state == "paid"
    assert enrolments == 1
