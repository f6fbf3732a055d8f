"""Accounts in a real browser: sign up, read the mail, verify, sign in and out, reset.

Every websocket frame of the journey is recorded: the password, the session token, the
e-mail links' tokens and the password hash must never appear in one, because forms that
carry secrets post over plain HTTP and the session lives in an HttpOnly cookie.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.support import shot
from tests.support.smtp import Inbox

pytestmark = [pytest.mark.e2e, pytest.mark.accounts]

PASSWORD = "plums are purple on tuesdays"


class Frames:
    def __init__(self, page: Page) -> None:
        self.frames: list[str] = []
        page.on("websocket", self._attach)

    def _attach(self, ws: Any) -> None:
        ws.on("framesent", lambda payload: self.frames.append(str(payload)))
        ws.on("framereceived", lambda payload: self.frames.append(str(payload)))

    def assert_clean(self, *secrets: str) -> None:
        assert self.frames, "no websocket traffic was recorded"
        joined = "\n".join(self.frames)
        for secret in secrets:
            assert secret and secret not in joined, f"a secret crossed the websocket: {secret[:6]}…"
        assert "$argon2id$" not in joined


def token_of(link: str) -> str:
    return parse_qs(urlsplit(link).query)["token"][0]


def test_sign_up_verify_sign_in_sign_out_without_leaking_secrets(
    browse: Any, mailbox: Inbox
) -> None:
    page = browse.new_page()
    frames = Frames(page)
    email = "e2e.learner@example.org"

    page.goto("/signup")
    page.fill("#field-display_name", "Ola Nowak")
    page.fill("#field-email", email)
    page.fill("#field-password", PASSWORD)
    shot(page, "accounts-signup")
    page.click("#signup-submit")
    expect(page.locator("#flash")).to_contain_text("Check your inbox")
    assert urlsplit(page.url).path.rstrip("/") == "/signin"

    link = mailbox.last_link(email)
    page.goto(link)  # the link from the mail, as a person would click it
    expect(page.locator("#flash")).to_contain_text("confirmed")

    page.fill("#field-email", email)
    page.fill("#field-password", PASSWORD)
    page.click("#signin-submit")
    expect(page.locator("#account-link")).to_contain_text("Ola Nowak")
    page.click("#account-link")
    expect(page.locator("#account-email")).to_have_text(email)
    shot(page, "accounts-account")

    cookies = {c["name"]: c for c in page.context.cookies()}
    session = cookies["mc_session"]
    assert session["httpOnly"] and session["sameSite"] == "Lax"

    page.click("#signout")
    expect(page.locator("#signin-link")).to_be_visible()
    frames.assert_clean(PASSWORD, session["value"], token_of(link))


def test_reset_a_forgotten_password(browse: Any, mailbox: Inbox) -> None:
    page = browse.new_page()
    frames = Frames(page)
    email = "e2e.forgetful@example.org"
    page.goto("/signup")
    page.fill("#field-display_name", "Piotr Zapominalski")
    page.fill("#field-email", email)
    page.fill("#field-password", PASSWORD)
    page.click("#signup-submit")
    # As a person would: read the answer, then open the mail (else the form's own
    # redirect can land on top of the link).
    expect(page.locator("#flash")).to_contain_text("Check your inbox")
    page.goto(mailbox.last_link(email))

    page.click("#forgot-link")
    expect(page.locator("#forgot-form")).to_be_visible()
    page.fill("#field-email", email)
    page.click("#forgot-submit")
    expect(page.locator("#flash")).to_contain_text("If that address has an account")
    link = mailbox.last_link(email, 2)
    page.goto(link)
    assert urlsplit(page.url).path.rstrip("/") == "/reset-password"
    assert "token" not in page.url  # the token stays in an HttpOnly cookie
    new_password = "a kettle sings at dawn"
    page.fill("#field-password", new_password)
    page.fill("#field-password_again", new_password)
    page.click("#reset-submit")
    expect(page.locator("#flash")).to_contain_text("password is changed")

    page.fill("#field-email", email)
    page.fill("#field-password", new_password)
    page.click("#signin-submit")
    expect(page.locator("#account-link")).to_contain_text("Piotr")
    # The same link again: refused with a clear message.
    page.goto(link)
    expect(page.locator("#flash")).to_contain_text(re.compile("not valid any more|already used"))
    frames.assert_clean(PASSWORD, new_password, token_of(link))


def test_protected_pages_send_an_anonymous_visitor_to_sign_in(browse: Any, mailbox: Inbox) -> None:
    page = browse.new_page()
    page.goto("/account")
    expect(page.locator("#signin-form")).to_be_visible()
    assert "next=%2Faccount" in page.url or "next=/account" in page.url


def test_sign_in_page_in_polish(browse: Any, mailbox: Inbox) -> None:
    page = browse.new_page()
    page.goto("/signin")
    page.click("#lang-pl")
    expect(page.locator("h1")).to_have_text("Zaloguj się")
    page.fill("#field-email", "nobody@example.org")
    page.fill("#field-password", "wrong password!!")
    page.click("#signin-submit")
    expect(page.locator("#flash")).to_contain_text("nie pasują")
    # The address typed is still there; only the password is asked for again.
    expect(page.locator("#field-email")).to_have_value("nobody@example.org")
    expect(page.locator("#field-password")).to_have_value("")
    shot(page, "accounts-signin-pl")
