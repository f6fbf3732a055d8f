"""After sign-out, a socket with the tab's old client token gets nothing and changes nothing.

The attacker of issue 12: a State is keyed by the client token (sessionStorage, the
websocket URL), so whoever has that token can open a socket to the same State after the
person signed out, with the old cookie or without one, and send any event by name. Here
every protected handler of every page State (found by walking the States, so a new page
is covered without touching this test) is replayed that way, after a plain sign-out and
after "sign out everywhere" from another device, against the real backend over a raw
websocket. Before each sign-out the same replay with the live cookie must show the
private data, so the probe is known to reach it.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import reflex as rx
import sqlalchemy as sa
from reflex_base.registry import RegistrationContext
from reflex_base.utils.format import format_event_handler

import microcred_market.ui.pages as pages
from microcred_market.accounts import service as accounts
from microcred_market.accounts.models import AuthSession, StaffRole, User
from microcred_market.accounts.passwords import hash_password
from microcred_market.orders.models import Enrolment, Order
from microcred_market.platform.clock import utcnow
from microcred_market.platform.cookies import SESSION_COOKIE
from microcred_market.platform.db import session_scope
from microcred_market.ui.state import auth
from tests.integration.orders.test_orders import make_world
from tests.support.live_app import LiveApp
from tests.support.reflex_socket import ReflexSocket

pytestmark = [pytest.mark.accounts, pytest.mark.security]

PASSWORD = "correct horse battery staple"
OPERATOR_EMAIL = "olga.operator@example.org"
OPERATOR_NAME = "Olga Operatorska"
BUYER_EMAIL = "b1@example.org"
BUYER_NAME = "Bartłomiej Kupujący"
NEWCOMER_EMAIL = "nina.newcomer@example.org"  # only the operator's outbox names her
HYDRATE = "reflex___state____state.hydrate"
NOTHING = "00000000-0000-0000-0000-000000000000"
# What any form handler may be sent: a profile edit is the change an attacker wants.
FORM = {"display_name": "Mallory", "preferred_language": "pl", "time_zone": "UTC"}


@dataclass(frozen=True)
class Probe:
    name: str  # the event name the page's JavaScript sends
    label: str  # State.handler, for messages
    route: str
    payload: dict[str, Any]
    # `maybe_signed_in` handlers serve anyone (a qualification's public rule): signed out
    # they must leak nothing, but they need not send the reader to sign in.
    requires_sign_in: bool = True


def _page_modules() -> None:
    for module in pkgutil.walk_packages(pages.__path__, pages.__name__ + "."):
        importlib.import_module(module.name)


def _routes() -> dict[type, str]:
    """Each page State -> the route whose on_load runs one of its handlers."""
    found: dict[type, str] = {}
    for _, kwargs in RegistrationContext.ensure_context().decorated_pages:
        on_load = kwargs.get("on_load") or []
        for handler in on_load if isinstance(on_load, list) else [on_load]:
            state = getattr(handler, "state", None)
            if state is not None and "route" in kwargs:
                found.setdefault(state, kwargs["route"])
    return found


def _payload(handler: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {}
    hints = handler._get_type_hints()
    for name in list(handler._parameters)[1:]:
        kind = str(hints.get(name, ""))
        payload[name] = FORM if "dict" in kind else [] if "list" in kind else "x"
    return payload


def protected_probes() -> list[Probe]:
    _page_modules()
    routes = _routes()
    probes = []
    for cls in auth.private_states():
        for name, handler in cls.event_handlers.items():
            if auth.guard_of(handler.fn) not in ("signed_in", "maybe_signed_in"):
                continue
            assert cls in routes, f"{cls.__name__} has no page with an on_load"
            probes.append(
                Probe(
                    name=format_event_handler(handler),
                    label=f"{cls.__name__}.{name}",
                    route=routes[cls],
                    payload=_payload(handler),
                    requires_sign_in=auth.guard_of(handler.fn) == "signed_in",
                )
            )
    return probes


@dataclass
class World:
    slug: str
    own_order: str
    sold_order: str
    operator_id: int

    def path(self, route: str) -> tuple[str, dict[str, str]]:
        query: dict[str, str] = {}
        for param in re.findall(r"\[(\w+)\]", route):
            # Any well-formed id will do where the route names a thing the probe does not
            # own (an attempt, an enrolment, an item): the handler must answer "not found"
            # or send to sign-in.
            known = {"slug": self.slug, "order": self.own_order, "attempt": self.own_order}
            value = known.get(param, NOTHING)
            route = route.replace(f"[{param}]", value)
            query[param] = value
        if route == "/checkout/return":
            query["order"] = self.own_order
        return route, query

    @property
    def secrets(self) -> list[str]:
        return [
            OPERATOR_EMAIL,
            OPERATOR_NAME,
            BUYER_EMAIL,
            BUYER_NAME,
            NEWCOMER_EMAIL,
            self.sold_order,
        ]


def _post(app: LiveApp, path: str, data: dict[str, str], cookie: str | None) -> httpx.Response:
    headers = {"Origin": app.front}
    if cookie:
        headers["Cookie"] = f"{SESSION_COOKIE}={cookie}"
    return httpx.post(f"{app.url}{path}", data=data, headers=headers, follow_redirects=False)


def _order_from(response: httpx.Response) -> str:
    assert response.status_code == 303, response.text
    return response.headers["location"].rstrip("/").rsplit("/", 1)[1]


def make_people(app: LiveApp, url: str) -> World:
    """An operator who is also a university's owner and a buyer; a learner who paid."""
    uni_id = make_world(url)["university_id"]
    with session_scope(url) as session:
        operator = User(
            email=OPERATOR_EMAIL,
            display_name=OPERATOR_NAME,
            email_verified_at=utcnow(),
            password_hash=hash_password(PASSWORD),
            is_admin=True,
            preferred_language="en",
        )
        session.add(operator)
        session.flush()
        assert operator.id is not None
        session.add(StaffRole(user_id=operator.id, university_id=uni_id, role="owner"))
        buyer = session.execute(sa.select(User).where(User.email == BUYER_EMAIL)).scalar_one()
        buyer.display_name = BUYER_NAME
        buyer_token = accounts.create_session(session, buyer.id or 0)
        operator_id = operator.id
    sold = _order_from(_post(app, "/api/orders", {"offering": "course"}, buyer_token))
    paid = _post(app, f"/api/payments/simulated/{sold}", {"outcome": "success"}, buyer_token)
    assert paid.status_code == 303, paid.text
    signup = {"email": NEWCOMER_EMAIL, "password": PASSWORD, "display_name": "Nina", "lang": "en"}
    assert _post(app, "/api/auth/signup", signup, None).status_code == 303
    operator_token = sign_in(app)
    own = _order_from(_post(app, "/api/orders", {"offering": "course"}, operator_token))
    return World(slug="uni", own_order=own, sold_order=sold, operator_id=operator_id)


def sign_in(app: LiveApp) -> str:
    response = _post(
        app, "/api/auth/signin", {"email": OPERATOR_EMAIL, "password": PASSWORD, "next": "/"}, None
    )
    assert response.status_code == 303, response.text
    token = response.cookies.get(SESSION_COOKIE)
    assert token, response.headers
    return token


def rename(url: str, user_id: int, name: str) -> str:
    """Put the operator's name back; returns the name the profile form had saved."""
    with session_scope(url) as session:
        user = session.get(User, user_id)
        assert user is not None
        saved, user.display_name = user.display_name, name
    return saved


def snapshot(url: str) -> dict[str, Any]:
    with session_scope(url) as session:
        return {
            "users": sorted(
                session.execute(
                    sa.select(User.id, User.display_name, User.preferred_language, User.time_zone)
                ).all()
            ),
            "orders": sorted(session.execute(sa.select(Order.uuid, Order.state)).all()),
            "enrolments": sorted(session.execute(sa.select(Enrolment.id, Enrolment.status)).all()),
        }


def replay(
    app: LiveApp, world: World, probes: list[Probe], token: str, cookie: str | None
) -> dict[str, str]:
    """Hydrate, then every probe, on one socket; what each answered, as text."""
    socket = ReflexSocket(
        app.ws,
        token=token,
        cookie=f"{SESSION_COOKIE}={cookie}" if cookie else None,
        origin=app.front,
    )
    answers: dict[str, str] = {}
    try:
        answers["hydrate"] = socket.answer(HYDRATE, {}, "/", {})
        for probe in probes:
            path, query = world.path(probe.route)
            answers[probe.label] = socket.answer(probe.name, probe.payload, path, query)
    finally:
        socket.close()
    return answers


def leaks(answers: dict[str, str], secrets: list[str]) -> dict[str, list[str]]:
    return {
        label: found
        for label, text in answers.items()
        if (found := [s for s in secrets if s in text])
    }


def test_every_protected_handler_is_probed() -> None:
    labels = {p.label for p in protected_probes()}
    assert {
        "AccountState.load",
        "AccountState.save_profile",
        "OutboxState.load",
        "OrdersAdminState.load",
        "StaffState.load",
        "StaffLearnersState.load",
        "WalletState.load",
        "LearningState.load",
    } <= labels


def test_signing_out_ends_access_over_the_websocket(live_any_states: tuple[LiveApp, str]) -> None:
    app, url = live_any_states
    world = make_people(app, url)
    probes = protected_probes()
    tab_a, tab_b = "tab-a-" + world.own_order, "tab-b-" + world.own_order
    cookie_a, cookie_b = sign_in(app), sign_in(app)

    # Signed in, both tabs see the private data (the probe reaches it), and the profile
    # form works: it is the change the attacker will try again later.
    for tab, cookie in ((tab_a, cookie_a), (tab_b, cookie_b)):
        seen = leaks(replay(app, world, probes, tab, cookie), world.secrets)
        shown = {s for found in seen.values() for s in found}
        assert shown >= {OPERATOR_EMAIL, OPERATOR_NAME, BUYER_NAME, NEWCOMER_EMAIL}, seen
        assert world.sold_order in shown, seen
        assert {"AccountState.load", "OutboxState.load", "OrdersAdminState.load"} <= set(seen)
        assert rename(url, world.operator_id, OPERATOR_NAME) == "Mallory"

    # Sign out in tab A: its socket, with the old cookie or with none, gets nothing.
    assert _post(app, "/api/auth/signout", {}, cookie_a).status_code == 303
    before = snapshot(url)
    for cookie in (cookie_a, None):
        answers = replay(app, world, probes, tab_a, cookie)
        assert leaks(answers, world.secrets) == {}, f"cookie={'old' if cookie else 'none'}"
        assert snapshot(url) == before
        for probe in probes:
            if probe.requires_sign_in:
                assert "/signin?next=" in answers[probe.label], (probe.label, answers)

    # Tab B (another session) still works until "sign out everywhere" from a third one.
    assert "AccountState.load" in leaks(replay(app, world, probes, tab_b, cookie_b), world.secrets)
    assert rename(url, world.operator_id, OPERATOR_NAME) == "Mallory"
    cookie_c = sign_in(app)
    assert _post(app, "/api/auth/signout-everywhere", {}, cookie_c).status_code == 303
    with session_scope(url) as session:
        live_sessions = session.execute(
            sa.select(sa.func.count())
            .select_from(AuthSession)
            .where(AuthSession.user_id == world.operator_id, AuthSession.revoked_at.is_(None))  # type: ignore[union-attr]
        ).scalar_one()
    assert live_sessions == 0
    before = snapshot(url)
    for cookie in (cookie_b, None):
        answers = replay(app, world, probes, tab_b, cookie)
        assert leaks(answers, world.secrets) == {}, f"cookie={'old' if cookie else 'none'}"
        assert snapshot(url) == before


def test_a_guarded_handler_keeps_its_page_signature() -> None:
    """Reflex maps payloads by the signature: the injected `viewer` is not part of it."""
    _page_modules()
    for cls in auth.private_states():
        for handler in cls.event_handlers.values():
            if auth.guard_of(handler.fn) in ("signed_in", "maybe_signed_in"):
                assert "viewer" not in inspect.signature(handler.fn).parameters
                assert isinstance(handler, rx.event.EventHandler)
