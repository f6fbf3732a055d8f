"""The learner's own account: profile, e-mail, password, sessions, data and deletion.

Name, language and time zone are not secret and are edited over the websocket; every
form that carries a password posts to the backend instead.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import available_timezones

import reflex as rx

from microcred_market.accounts import service as accounts
from microcred_market.platform import i18n
from microcred_market.platform.errors import DomainError
from microcred_market.ui.components.forms import api, field, flash_message, post_form, submit
from microcred_market.ui.components.layout import page
from microcred_market.ui.components.loading import ready, skeleton
from microcred_market.ui.guards import page_allowed
from microcred_market.ui.i18n import LangState, page_title, table
from microcred_market.ui.state.auth import AuthState, Viewer, signed_in
from microcred_market.ui.state.base import run_in_session

# A short list first (where our learners are), then every other zone.
COMMON_ZONES = [
    "Europe/Warsaw",
    "Europe/Berlin",
    "Europe/Amsterdam",
    "Europe/Madrid",
    "Europe/Lisbon",
    "Europe/Vilnius",
    "Europe/Paris",
    "Europe/Rome",
    "Europe/Helsinki",
    "Europe/Dublin",
    "UTC",
]
ZONES = COMMON_ZONES + sorted(
    z for z in available_timezones() if z not in COMMON_ZONES and "/" in z
)


class AccountState(rx.State):
    display_name: str = ""
    email: str = ""
    preferred_language: str = "en"
    time_zone: str = "Europe/Warsaw"
    message: str = ""
    error: str = ""
    allowed: bool = False

    @rx.event
    @signed_in
    async def load(self, *, viewer: Viewer):
        if not page_allowed(viewer.principal, "/account"):
            return rx.redirect("/signin?next=/account")
        user = viewer.user
        self.allowed = True
        self.display_name = user.display_name
        self.email = user.email
        self.preferred_language = user.preferred_language
        self.time_zone = user.time_zone
        self.message = self.error = ""

    @rx.event
    @signed_in
    async def save_profile(self, form: dict[str, Any], *, viewer: Viewer):
        lang = str(form.get("preferred_language", "en"))
        try:
            user = await run_in_session(
                accounts.update_profile,
                user_id=viewer.user_id,
                display_name=str(form.get("display_name", "")),
                preferred_language=lang,
                time_zone=str(form.get("time_zone", "")),
            )
        except DomainError as error:
            self.error, self.message = error.text(lang), ""
            return None
        self.display_name, self.preferred_language, self.time_zone = (
            user.display_name,
            user.preferred_language,
            user.time_zone,
        )
        (await self.get_state(AuthState)).display_name = user.display_name
        self.error, self.message = "", table(user.preferred_language)["saved"]
        return None


def _section(title_key: str, *children: rx.Component, section_id: str = "") -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(LangState.tr[title_key], as_="h2", size="4"),
            *children,
            spacing="3",
            width="100%",
        ),
        width="100%",
        id=section_id or None,
    )


def profile_form() -> rx.Component:
    tr = LangState.tr
    s = AccountState
    return rx.form(
        rx.vstack(
            rx.el.label(tr["full_name"], html_for="profile-name", class_name="form-label"),
            rx.el.input(
                id="profile-name",
                name="display_name",
                default_value=s.display_name,
                key=s.display_name,
                required=True,
                max_length=200,
                class_name="form-input",
            ),
            rx.el.label(tr["preferred_language"], html_for="profile-lang", class_name="form-label"),
            rx.el.select(
                *[
                    rx.el.option(i18n.t("ui.language.endonym", code), value=code)
                    for code in i18n.languages()
                ],
                id="profile-lang",
                name="preferred_language",
                default_value=s.preferred_language,
                key=s.preferred_language,
                class_name="native-select",
            ),
            rx.el.label(tr["time_zone"], html_for="profile-tz", class_name="form-label"),
            rx.el.select(
                *[rx.el.option(z, value=z) for z in ZONES],
                id="profile-tz",
                name="time_zone",
                default_value=s.time_zone,
                key=s.time_zone,
                class_name="native-select",
            ),
            rx.button(tr["save"], type="submit", id="profile-save"),
            rx.cond(
                s.message != "",
                rx.text(s.message, color_scheme="green", role="status", id="profile-msg"),
            ),
            rx.cond(s.error != "", rx.text(s.error, color_scheme="red", role="alert")),
            align="start",
            width="100%",
        ),
        on_submit=AccountState.save_profile,
        width="100%",
    )


@rx.page(route="/account", on_load=[AuthState.load, AccountState.load], title=page_title("account"))
def account_page() -> rx.Component:
    tr = LangState.tr
    return page(
        rx.cond(
            ready(AccountState.allowed),
            rx.vstack(
                rx.heading(tr["my_account"], as_="h1", size="7"),
                rx.text(
                    tr["signed_in_as"], " ", rx.el.strong(AccountState.email, id="account-email")
                ),
                flash_message(),
                rx.grid(
                    _section("profile", profile_form(), section_id="profile"),
                    _section(
                        "change_email",
                        post_form(
                            "/api/auth/change-email",
                            field("new_email", "email", "email", "email", id_prefix="change-email"),
                            field(
                                "password",
                                "password",
                                "password",
                                "current-password",
                                id_prefix="change-email",
                            ),
                            submit("send_confirmation"),
                            form_id="change-email-form",
                        ),
                    ),
                    _section(
                        "change_password",
                        post_form(
                            "/api/auth/change-password",
                            field(
                                "current_password",
                                "current",
                                "password",
                                "current-password",
                                id_prefix="change-pw",
                            ),
                            field(
                                "new_password",
                                "password",
                                "password",
                                "new-password",
                                hint_key="password_hint",
                                min_length=10,
                                id_prefix="change-pw",
                            ),
                            submit("change_password"),
                            form_id="change-password-form",
                        ),
                    ),
                    _section(
                        "sessions",
                        post_form(
                            "/api/auth/signout-everywhere",
                            submit("sign_out_everywhere", color="gray"),
                            form_id="signout-everywhere-form",
                        ),
                    ),
                    _section(
                        "privacy",
                        rx.link(
                            tr["download_data"], href=api("/api/me/export"), id="download-data"
                        ),
                        rx.heading(tr["delete_account"], as_="h3", size="3"),
                        rx.text(tr["delete_explainer"], size="2", id="delete-explainer"),
                        post_form(
                            "/api/me/delete",
                            field(
                                "password",
                                "password",
                                "password",
                                "current-password",
                                id_prefix="delete",
                            ),
                            field(
                                "type_delete",
                                "confirm",
                                "text",
                                "off",
                                pattern="DELETE",
                                id_prefix="delete",
                            ),
                            submit("delete_account", color="red"),
                            form_id="delete-form",
                        ),
                        section_id="privacy",
                    ),
                    columns=rx.breakpoints(initial="1", md="2"),
                    spacing="4",
                    width="100%",
                ),
                spacing="4",
                width="100%",
            ),
            skeleton(),
        )
    )
