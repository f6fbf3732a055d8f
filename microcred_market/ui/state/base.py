"""Helpers every page state uses: the reader's language and one unit of work per event."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar
from urllib.parse import urlencode

import reflex as rx

from microcred_market.platform import i18n, ratelimit
from microcred_market.platform.db import session_scope
from microcred_market.ui.i18n import LangState

P = ParamSpec("P")
R = TypeVar("R")


async def reader_lang(state: rx.State) -> str:
    lang_state = await state.get_state(LangState)
    return i18n.pick_language(lang_state.lang)


def _in_session(fn: Callable[Concatenate[Any, P], R], *args: P.args, **kwargs: P.kwargs) -> R:
    with session_scope() as session:
        return fn(session, *args, **kwargs)


async def run_in_session(
    fn: Callable[Concatenate[Any, P], R], *args: P.args, **kwargs: P.kwargs
) -> R:
    """Run `fn(session, *args, **kwargs)` in a worker thread inside one unit of work.

    Database calls block; on the event loop they would stall every other user's events.
    The session commits when `fn` returns and rolls back when it raises, and it is closed
    before the handler resumes, so no handler ever awaits with a session open.
    """
    return await asyncio.to_thread(functools.partial(_in_session, fn, *args, **kwargs))


def client_address(state: rx.State) -> str:
    """The address the websocket came from: the key of every per-client limit."""
    return str(getattr(state.router.session, "client_ip", "") or "") or "unknown"


async def over_limit(state: rx.State, action: str) -> str | None:
    """Count one `action` for this client; None to go on, else the message to show.

    The counters are the ones the HTTP routes use (Redis when configured, else the
    database), so a page event and a request from the same address draw on one budget,
    across every app instance.
    """
    try:
        await run_in_session(ratelimit.check, action, client_address(state))
    except ratelimit.RateLimited as error:
        return error.text(await reader_lang(state))
    return None


def _counted(
    session: Any, action: str, client: str, fn: Callable[..., R], *args: Any, **kw: Any
) -> R:
    ratelimit.check(session, action, client)
    return fn(session, *args, **kw)


async def run_within_limit(
    state: rx.State, action: str, fn: Callable[..., R], *args: Any, **kwargs: Any
) -> tuple[R | None, str | None]:
    """`over_limit` and then `run_in_session(fn, ...)`, in one worker thread and unit of
    work: the catalogue's search is checked on every load, and each hop to a thread
    costs about a millisecond under a crowd. (result, None), or (None, the message)."""
    try:
        found = await run_in_session(_counted, action, client_address(state), fn, *args, **kwargs)
    except ratelimit.RateLimited as error:
        return None, error.text(await reader_lang(state))
    return found, None


def catalogue_url(params: dict[str, str]) -> str:
    query = urlencode(params)
    return f"/catalogue?{query}" if query else "/catalogue"
