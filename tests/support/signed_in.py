"""Sign a test browser in as someone (a session row and its cookie)."""

from __future__ import annotations

from microcred_market.accounts import service as accounts
from microcred_market.platform.cookies import SESSION_COOKIE
from microcred_market.platform.db import session_scope


def as_user(browser, url: str, user_id: int | None) -> None:
    assert user_id is not None
    with session_scope(url) as session:
        token = accounts.create_session(session, user_id)
    browser.client.cookies.set(SESSION_COOKIE, token)
