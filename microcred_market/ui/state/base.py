"""Helpers every page state uses: the reader's language and a database session."""

from __future__ import annotations

from urllib.parse import urlencode

import reflex as rx

from microcred_market.ui.i18n import LangState


async def reader_lang(state: rx.State) -> str:
    lang_state = await state.get_state(LangState)
    return lang_state.lang if lang_state.lang in ("en", "pl") else "en"


def catalogue_url(params: dict[str, str]) -> str:
    query = urlencode(params)
    return f"/catalogue?{query}" if query else "/catalogue"
