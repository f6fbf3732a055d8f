"""What the staff assessment pages share: one call into a service as the signed-in person."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import reflex as rx

from microcred_market.accounts import authz
from microcred_market.platform.db import Session
from microcred_market.platform.errors import DomainError
from microcred_market.ui.state.base import reader_lang, run_in_session

R = TypeVar("R")


def _as(
    session: Session,
    user_id: int,
    fn: Callable[..., R],
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> R:
    # The permission is the service's: it is checked there, for this person, on every call.
    return fn(session, authz.principal_for(session, user_id), *args, **kwargs)


async def call_as(
    state: rx.State, user_id: int, fn: Callable[..., R], *args: Any, **kwargs: Any
) -> tuple[R | None, str]:
    """`fn(session, principal, *args)` in one unit of work; (result, "") or (None, message)."""
    try:
        return await run_in_session(_as, user_id, fn, args, kwargs), ""
    except DomainError as error:
        return None, error.text(await reader_lang(state))


def slug_param(state: rx.State, name: str = "slug") -> str:
    return str(state.router.page.params.get(name, ""))[:120]


def message_box(text: Any, kind: Any, box_id: str = "builder-message") -> rx.Component:
    return rx.cond(
        text != "",
        rx.callout(
            rx.el.span(text, white_space="pre-line"),
            icon="info",
            color_scheme=rx.match(kind, ("error", "red"), ("success", "green"), "blue"),
            role=rx.cond(kind == "error", "alert", "status"),
            id=box_id,
            width="100%",
        ),
    )
