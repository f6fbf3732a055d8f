"""Who is signed in, checked again on every event that reads or changes private data.

The session token is an HttpOnly cookie. Reflex copies the websocket handshake's headers
into every event of that connection (`self.router.headers.cookie`), and a client cannot
override them in an event's router data. A State, though, is keyed by the client token
(kept in the tab's sessionStorage and sent in the websocket URL), not by the session:
anyone who opens a socket with an old client token reaches the State of that tab. So
nothing here remembers who is signed in between events. Every handler that touches
private data is decorated with `signed_in` (or `maybe_signed_in`), which resolves the
cookie through the accounts service on that very call (hashed token, not expired, not
revoked) and hands the handler a `Viewer`; without a live session the handler never
runs. Handlers that touch nothing private say so with `public`. A unit test walks every
handler of every State and fails if one is neither.

What a guarded handler loaded stays in the State after sign-out, and Reflex's hydrate
would send it to whoever opens the next socket with that client token. `SessionBinding`
(a Reflex middleware, before every event, hydrate included) therefore wipes every State
that a guarded handler may have filled as soon as the cookie no longer resolves to the
session those data were loaded under.
"""

from __future__ import annotations

import contextvars
import functools
import hashlib
import inspect
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal, TypeVar
from urllib.parse import quote

import reflex as rx
from reflex.event import EventSpec
from reflex.middleware import Middleware

from microcred_market.accounts import authz
from microcred_market.accounts import service as accounts
from microcred_market.accounts.queries import staff_area
from microcred_market.platform.cookies import (
    make_flash,
    read_flash,
    session_token_from_cookie_header,
)
from microcred_market.platform.db import Session
from microcred_market.platform.i18n import t
from microcred_market.ui.state.base import reader_lang, run_in_session

R = TypeVar("R")
F = TypeVar("F", bound=Callable[..., Any])
Guard = Literal["signed_in", "maybe_signed_in", "public"]
GUARD_ATTR = "__microcred_guard__"


@dataclass(frozen=True)
class Viewer:
    """The person behind this event's cookie, resolved on this call."""

    user: accounts.UserView
    principal: authz.Principal

    @property
    def user_id(self) -> int:
        return self.user.id


def _viewer_for_token(session: Session, token: str | None) -> Viewer | None:
    user = accounts.user_for_token(session, token)
    if user is None:
        return None
    return Viewer(user=user, principal=authz.principal_for(session, user.id))


def _cookie_token(state: rx.State) -> str | None:
    return session_token_from_cookie_header(state.router.headers.cookie)


def _binding(token: str) -> str:
    """What the State keeps to recognise the session it was filled under (not the token)."""
    return hashlib.sha256(b"microcred-ui-binding\0" + token.encode("utf-8")).hexdigest()


async def current_viewer(state: rx.State) -> Viewer | None:
    """The cookie of this event, checked in the database now."""
    token = _cookie_token(state)
    if not token:
        return None
    return await run_in_session(_viewer_for_token, token)


# The middleware has just resolved this event's cookie; the guard of the same event takes
# that answer instead of asking the database a second time (every autosave of a quiz is
# such an event). Single use, for the same token, within a second: never a stale answer.
_CHECKED: contextvars.ContextVar[tuple[str, Viewer, float] | None] = contextvars.ContextVar(
    "microcred_checked_viewer", default=None
)
_CHECKED_FOR_SECONDS = 1.0


def _take_checked(token: str) -> Viewer | None:
    checked = _CHECKED.get()
    _CHECKED.set(None)
    if checked is None:
        return None
    checked_token, viewer, at = checked
    if checked_token != token or time.monotonic() - at > _CHECKED_FOR_SECONDS:
        return None
    return viewer


async def _resolve(token: str) -> Viewer | None:
    return _take_checked(token) or await run_in_session(_viewer_for_token, token)


def guard_of(fn: Any) -> Guard | None:
    return getattr(fn, GUARD_ATTR, None)


def public(fn: F) -> F:
    """This handler reads and changes nothing private (catalogue, verifier, sign-in page)."""
    setattr(fn, GUARD_ATTR, "public")
    return fn


def _guarded(fn: Callable[..., Any], required: bool) -> Callable[..., Any]:
    generator = inspect.isasyncgenfunction(fn)
    if not (inspect.iscoroutinefunction(fn) or generator):
        raise TypeError(f"{fn.__qualname__}: a guarded handler is a plain `async def`")
    signature = inspect.signature(fn)
    if "viewer" not in signature.parameters:
        raise TypeError(f"{fn.__qualname__}: a guarded handler takes `viewer` as a keyword")

    async def check(self: rx.State) -> tuple[Viewer | None, EventSpec | None]:
        token = _cookie_token(self)
        viewer = await _resolve(token) if token else None
        auth = await self.get_state(AuthState)
        if viewer is None or not token:
            if auth._bound:
                await wipe_private_states(self)
            if required:
                return None, await _to_sign_in(self)
        else:
            auth._bound = _binding(token)
        return viewer, None

    @functools.wraps(fn)
    async def handler(self: rx.State, *args: Any, **kwargs: Any) -> Any:
        viewer, refused = await check(self)
        if refused is not None:
            return refused
        return await fn(self, *args, viewer=viewer, **kwargs)

    @functools.wraps(fn)
    async def steps(self: rx.State, *args: Any, **kwargs: Any) -> Any:
        """A handler that yields (to show progress): checked once, before its first step,
        and it still runs under the State's lock, as every guarded handler does."""
        viewer, refused = await check(self)
        if refused is not None:
            yield refused
            return
        async for step in fn(self, *args, viewer=viewer, **kwargs):
            yield step

    if generator:
        handler = steps

    # Reflex maps the event's payload by the signature; `viewer` is ours, not the page's.
    handler.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[p for p in signature.parameters.values() if p.name != "viewer"]
    )
    handler.__annotations__ = {k: v for k, v in fn.__annotations__.items() if k != "viewer"}
    setattr(handler, GUARD_ATTR, "signed_in" if required else "maybe_signed_in")
    return handler


def signed_in(fn: Callable[..., Awaitable[R]]) -> Callable[..., Awaitable[R | EventSpec]]:
    """Run the handler only for a live session; otherwise wipe and go to sign-in."""
    return _guarded(fn, required=True)


def signed_in_steps(fn: Callable[..., AsyncIterator[Any]]) -> Callable[..., AsyncIterator[Any]]:
    """`signed_in` for a handler that yields its steps (a progress bar): the session is
    checked once, before the first step; the handler stays under the State's lock."""
    return _guarded(fn, required=True)


def maybe_signed_in(fn: Callable[..., Awaitable[R]]) -> Callable[..., Awaitable[R]]:
    """Run the handler with the live session's viewer, or with None (never a stale one)."""
    return _guarded(fn, required=False)


async def _to_sign_in(state: rx.State) -> EventSpec:
    path = state.router.url.path or "/"
    if not path.startswith("/") or path.startswith("//") or "\\" in path:
        path = "/"
    flash = make_flash("info", t("ui.sign_in_to_continue", await reader_lang(state)))
    return rx.redirect(f"/signin?next={quote(path[:300], safe='/')}&flash={quote(flash)}")


def _all_states(cls: type[Any]) -> Iterator[type[Any]]:
    for sub in sorted(cls.get_substates(), key=lambda c: c.get_full_name()):
        yield sub
        yield from _all_states(sub)


def private_states() -> list[type[Any]]:
    """Every State with a guarded handler: the only ones that can hold private data."""
    found = []
    for cls in _all_states(rx.State):
        if not cls.__module__.startswith("microcred_market."):
            continue
        if any(
            guard_of(h.fn) in ("signed_in", "maybe_signed_in") for h in cls.event_handlers.values()
        ):
            found.append(cls)
    return found


async def wipe_private_states(state: rx.State) -> None:
    """Forget everything a guarded handler loaded, in every State of this client token."""
    for cls in private_states():
        (await state.get_state(cls)).reset()
    (await state.get_state(AuthState))._bound = ""


class SessionBinding(Middleware):
    """Before every event: a State filled under a session that has ended is wiped first."""

    async def preprocess(self, app: Any, state: Any, event: Any) -> None:
        auth = await state.get_state(AuthState)
        if not auth._bound:
            return None  # nothing private was loaded into this client's States
        token = _cookie_token(state)
        if token and _binding(token) == auth._bound:
            viewer = await run_in_session(_viewer_for_token, token)
            if viewer is not None:
                _CHECKED.set((token, viewer, time.monotonic()))
                return None
        await wipe_private_states(state)
        return None


class AuthState(rx.State):
    signed_in: bool = False
    display_name: str = ""
    email: str = ""
    # Shows the operator's link to every order; the page itself checks again.
    sees_all_orders: bool = False
    # The header's link to the person's university staff area ("" for none).
    staff_href: str = ""
    flash_kind: str = ""
    flash_text: str = ""
    # Which session the private States were filled under (a digest, never the token).
    _bound: str = ""

    @rx.event
    @maybe_signed_in
    async def load(self, *, viewer: Viewer | None) -> None:
        """Runs first on every page: who is this, and is there a message to show?"""
        user = viewer.user if viewer else None
        self.signed_in = user is not None
        self.display_name = user.display_name if user else ""
        self.email = user.email if user else ""
        who = viewer.principal if viewer else authz.ANONYMOUS
        self.sees_all_orders = authz.can(who, "admin.orders.view")
        self.staff_href = await run_in_session(staff_area, user.id) if user else ""
        flash = read_flash(self.router.url.query_parameters.get("flash"))
        self.flash_kind, self.flash_text = flash if flash else ("", "")

    @rx.event
    @public
    def dismiss_flash(self):
        self.flash_kind = ""
        self.flash_text = ""
