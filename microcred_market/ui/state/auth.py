"""Who is signed in, for the header and for page guards.

The session token is an HttpOnly cookie that the browser sends with the websocket
handshake; we read it here on the server and keep only the user's id in a backend-only
var. Nothing secret is ever a public var, so nothing secret crosses the websocket.
"""

from __future__ import annotations

import reflex as rx

from microcred_market.accounts import authz
from microcred_market.accounts import service as accounts
from microcred_market.platform.cookies import read_flash, session_token_from_cookie_header
from microcred_market.ui.state.base import run_in_session


class AuthState(rx.State):
    signed_in: bool = False
    display_name: str = ""
    email: str = ""
    # Shows the operator's link to every order; the page itself checks again.
    sees_all_orders: bool = False
    flash_kind: str = ""
    flash_text: str = ""
    _user_id: int | None = None

    def _token(self) -> str | None:
        return session_token_from_cookie_header(self.router.headers.cookie)

    @rx.event
    async def load(self) -> None:
        """Runs first on every page: who is this, and is there a message to show?"""
        user = await run_in_session(accounts.user_for_token, self._token())
        self._user_id = user.id if user else None
        self.signed_in = user is not None
        self.display_name = user.display_name if user else ""
        self.email = user.email if user else ""
        who = authz.Principal(user_id=user.id, is_admin=user.is_admin) if user else authz.ANONYMOUS
        self.sees_all_orders = authz.can(who, "admin.orders.view")
        flash = read_flash(self.router.url.query_parameters.get("flash"))
        self.flash_kind, self.flash_text = flash if flash else ("", "")

    async def principal(self) -> authz.Principal:
        return await run_in_session(authz.principal_for, self._user_id)

    @rx.event
    def dismiss_flash(self):
        self.flash_kind = ""
        self.flash_text = ""
