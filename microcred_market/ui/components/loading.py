"""What a page shows before the server has answered: a skeleton, never a guess.

A page's State keeps what it showed last (another university, another order) and the
prerendered page carries the State's defaults ("0 results", "not found"). Both are lies
until this page's own `on_load` has run, so a page shows its content, or a message such
as "not found", only when it is `ready`: its State's `loaded` flag is set (by its load
handler, reset when a load starts) and Reflex has run every `on_load` handler of the
current address (`is_hydrated`, which the browser clears the moment the address changes).
"""

from __future__ import annotations

import reflex as rx

from microcred_market.ui.i18n import LangState

# The address the browser shows, read while the page renders. On a move inside the app
# (a link from one university to another) the new page renders once with the State of
# the old one before Reflex clears `is_hydrated`; comparing addresses catches that frame.
_SHOWN_PATH: rx.Var[str] = rx.Var(
    _js_expr="(typeof window === 'undefined' ? '' : window.location.pathname.replace(/\\/+$/, ''))"
).to(str)


def current_path(state: rx.State) -> str:
    """The address a load handler is loading for, as `ready` compares it."""
    return str(state.router.url.path).rstrip("/")


def ready(
    loaded: rx.Var[bool] | bool, loaded_path: rx.Var[str] | str | None = None
) -> rx.Var[bool]:
    """True once this address's load handlers have run and the page's State says loaded.

    Pages whose address names what they show (a slug, an order) also pass the path their
    State was loaded for (`current_path` in the handler), so another one's content is never
    shown under this address, not even for one frame.
    """
    shown = rx.State.is_hydrated & loaded
    if loaded_path is not None:
        shown = shown & (loaded_path == _SHOWN_PATH)
    return shown  # type: ignore[return-value]  # a Var expression


def _bar(width: str, height: str = "1em") -> rx.Component:
    return rx.el.div(class_name="skeleton-bar", width=width, height=height)


def skeleton(lines: int = 4, heading: bool = True) -> rx.Component:
    """A grey outline of a page's text while it loads; screen readers hear "Loading…"."""
    widths = ["92%", "78%", "85%", "60%", "70%", "88%"]
    return rx.el.div(
        rx.el.span(LangState.tr["loading"], class_name="sr-only"),
        *([_bar("45%", "2em")] if heading else []),
        *[_bar(widths[i % len(widths)]) for i in range(lines)],
        class_name="skeleton",
        role="status",
        aria_busy="true",
        width="100%",
    )


def skeleton_cards(count: int = 6) -> rx.Component:
    """Card-shaped placeholders where offering cards will be."""
    return rx.el.div(
        rx.el.span(LangState.tr["loading"], class_name="sr-only"),
        *[
            rx.el.div(
                _bar("80%", "1.4em"),
                _bar("55%"),
                _bar("95%"),
                _bar("70%"),
                class_name="skeleton-card",
            )
            for _ in range(count)
        ],
        class_name="skeleton skeleton-grid",
        role="status",
        aria_busy="true",
        width="100%",
    )


def when_ready(
    loaded: rx.Var[bool] | bool,
    content: rx.Component,
    placeholder: rx.Component | None = None,
    loaded_path: rx.Var[str] | str | None = None,
) -> rx.Component:
    """`content` once the page is `ready`, its skeleton until then."""
    return rx.cond(
        ready(loaded, loaded_path),
        content,
        placeholder if placeholder is not None else skeleton(),
    )
