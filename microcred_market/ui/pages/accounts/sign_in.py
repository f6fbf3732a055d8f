"""Sign up, sign in, forgotten and new password, staff invitation.

Each form posts to a backend route (see `api/auth.py`) and the route redirects back
here with a signed message; passwords and tokens never travel over the websocket.
"""

from __future__ import annotations

from urllib.parse import urlencode

import reflex as rx

from microcred_market.accounts.authz import ROLES
from microcred_market.platform.cookies import read_invitation_note
from microcred_market.platform.i18n import t
from microcred_market.settings import get_settings
from microcred_market.ui.components.forms import api, field, flash_message, post_form, submit
from microcred_market.ui.components.layout import page
from microcred_market.ui.i18n import LangState, page_title
from microcred_market.ui.state.auth import AuthState, public
from microcred_market.ui.state.base import reader_lang


def with_next(path: str, next_path: str) -> str:
    """`path` that sends the person on to `next_path` afterwards (home needs no mention)."""
    return f"{path}?{urlencode({'next': next_path})}" if next_path != "/" else path


class SignInState(rx.State):
    next_path: str = "/"
    # False in the prerendered page: the button waits until `load` has read `next` from
    # the address, so a quick submit cannot lose where the person was going.
    ready: bool = False
    prefill_email: str = ""
    prefill_name: str = ""
    providers: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    # The other form (sign in <-> create an account) keeps where the person was going.
    signin_href: str = "/signin"
    signup_href: str = "/signup"

    @rx.event
    @public
    def load(self):
        params = self.router.url.query_parameters
        nxt = params.get("next", "/")
        self.next_path = nxt if nxt.startswith("/") and not nxt.startswith("//") else "/"
        self.signin_href = with_next("/signin", self.next_path)
        self.signup_href = with_next("/signup", self.next_path)
        self.ready = True
        self.prefill_email = params.get("email", "")[:254]
        self.prefill_name = params.get("name", "")[:200]
        self.providers = [
            {
                "name": p.name,
                "href": api(f"/api/auth/oidc/{p.key}/start") + "?next=" + self.next_path,
            }
            for p in get_settings().oidc_providers
        ]


def _card(*children: rx.Component, heading_key: str) -> rx.Component:
    return rx.center(
        rx.card(
            rx.vstack(
                rx.heading(LangState.tr[heading_key], as_="h1", size="6"),
                flash_message(),
                *children,
                spacing="4",
                width="100%",
            ),
            width="100%",
            max_width="440px",
            size="3",
        ),
        width="100%",
        padding_y="var(--space-6)",
    )


@rx.page(route="/signin", on_load=[AuthState.load, SignInState.load], title=page_title("sign-in"))
def signin_page() -> rx.Component:
    tr = LangState.tr
    return page(
        _card(
            post_form(
                "/api/auth/signin",
                field(
                    "email",
                    "email",
                    "email",
                    "username",
                    key=SignInState.prefill_email,
                    default_value=SignInState.prefill_email,
                ),
                field("password", "password", "password", "current-password"),
                rx.el.input(type="hidden", name="next", value=SignInState.next_path),
                submit("sign_in", id="signin-submit", disabled=~SignInState.ready),
                form_id="signin-form",
            ),
            rx.cond(
                SignInState.providers.length() > 0,
                rx.vstack(
                    rx.text(tr["or_sso"], size="2", color_scheme="gray"),
                    rx.foreach(
                        SignInState.providers,
                        lambda p: rx.link(
                            rx.button(p["name"], variant="outline", width="100%", size="3"),
                            href=p["href"],
                            width="100%",
                            class_name="sso-button",
                        ),
                    ),
                    width="100%",
                ),
            ),
            rx.link(tr["forgot_password"], href="/forgot-password", id="forgot-link"),
            rx.text(
                tr["no_account"],
                " ",
                rx.link(tr["sign_up"], href=SignInState.signup_href, id="signup-link"),
            ),
            heading_key="sign_in",
        )
    )


@rx.page(
    route="/signup",
    on_load=[AuthState.load, SignInState.load],
    title=page_title("sign-up"),
)
def signup_page() -> rx.Component:
    tr = LangState.tr
    return page(
        _card(
            post_form(
                "/api/auth/signup",
                field(
                    "full_name",
                    "display_name",
                    "text",
                    "name",
                    hint_key="name_hint",
                    max_length=200,
                    key=SignInState.prefill_name,
                    default_value=SignInState.prefill_name,
                ),
                field(
                    "email",
                    "email",
                    "email",
                    "email",
                    key=SignInState.prefill_email,
                    default_value=SignInState.prefill_email,
                ),
                field(
                    "password",
                    "password",
                    "password",
                    "new-password",
                    hint_key="password_hint",
                    min_length=10,
                ),
                rx.el.input(type="hidden", name="lang", value=LangState.current),
                rx.el.input(type="hidden", name="next", value=SignInState.next_path),
                submit("sign_up", id="signup-submit"),
                form_id="signup-form",
            ),
            rx.text(
                tr["have_account"],
                " ",
                rx.link(tr["sign_in"], href=SignInState.signin_href, id="have-account-link"),
            ),
            heading_key="sign_up",
        )
    )


@rx.page(route="/forgot-password", on_load=AuthState.load, title=page_title("forgot-password"))
def forgot_page() -> rx.Component:
    return page(
        _card(
            post_form(
                "/api/auth/forgot",
                field("email", "email", "email", "email"),
                submit("send_reset_link", id="forgot-submit"),
                form_id="forgot-form",
            ),
            heading_key="forgot_password",
        )
    )


@rx.page(route="/reset-password", on_load=AuthState.load, title=page_title("reset-password"))
def reset_page() -> rx.Component:
    return page(
        _card(
            post_form(
                "/api/auth/reset",
                field(
                    "new_password",
                    "password",
                    "password",
                    "new-password",
                    hint_key="password_hint",
                    min_length=10,
                ),
                field(
                    "password_again", "password_again", "password", "new-password", min_length=10
                ),
                submit("save_password", id="reset-submit"),
                form_id="reset-form",
            ),
            heading_key="reset_title",
        )
    )


class InvitationState(rx.State):
    """What the invitation page names: the university and the role (from a signed note)."""

    university: str = ""
    role: str = ""
    signin_href: str = "/signin?next=/invitation"
    signup_href: str = "/signup?next=/invitation"

    @rx.event
    @public
    async def load(self):
        lang = await reader_lang(self)
        about = str(self.router.url.query_parameters.get("about", ""))
        note = read_invitation_note(about)
        if note is None or note[1] not in ROLES:
            self.university, self.role = "", ""
            back = "/invitation"
        else:
            self.university = note[0]
            self.role = t(f"vocab.staff_role.{note[1]}", lang)
            back = "/invitation?" + urlencode({"about": about})
        self.signin_href = with_next("/signin", back)
        self.signup_href = with_next("/signup", back)


@rx.page(
    route="/invitation",
    on_load=[AuthState.load, InvitationState.load],
    title=page_title("invitation"),
)
def invitation_page() -> rx.Component:
    tr = LangState.tr
    s = InvitationState
    return page(
        _card(
            rx.cond(
                s.university != "",
                rx.vstack(
                    rx.heading(s.university, as_="h2", size="5", id="invitation-university"),
                    rx.text(
                        tr["invitation_role"],
                        " ",
                        rx.text.strong(s.role, id="invitation-role"),
                    ),
                    spacing="1",
                ),
            ),
            rx.text(tr["invitation_text"]),
            rx.cond(
                AuthState.signed_in,
                post_form(
                    "/api/auth/invitation", submit("accept_invitation", id="accept-invitation")
                ),
                rx.hstack(
                    rx.link(rx.button(tr["sign_in"]), href=s.signin_href, id="invitation-signin"),
                    rx.link(
                        rx.button(tr["sign_up"], variant="outline"),
                        href=s.signup_href,
                        id="invitation-signup",
                    ),
                ),
            ),
            heading_key="invitation_title",
        )
    )
