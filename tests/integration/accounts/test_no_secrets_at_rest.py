"""No working link in the database, and nothing left of a deleted account's address.

Tokens are stored hashed so that a copy of the database (a backup, a leaked dump, the
operator's outbox page) opens nothing. These probes take the token from the mail the real
SMTP server received and look for it in every column of every table, once while the mail
waits in the outbox and once after it went, and then check that the link still works.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit
from uuid import uuid4

import pytest
import sqlalchemy as sa

from microcred_market.accounts import service as accounts
from microcred_market.accounts.models import StaffInvitation, User
from microcred_market.accounts.passwords import hash_password
from microcred_market.catalogue.models import University
from microcred_market.platform.clock import utcnow
from microcred_market.platform.db import session_scope
from microcred_market.platform.mail import queue_mail
from microcred_market.platform.models import AuditEvent, OutboxMessage
from microcred_market.platform.outbox import max_attempts, process_outbox
from microcred_market.settings import reset_settings_cache
from tests.integration.conftest import Browser
from tests.support.at_rest import all_text, places_holding
from tests.support.smtp import Inbox, free_port

pytestmark = [pytest.mark.accounts, pytest.mark.security]

PASSWORD = "correct horse battery staple"


def _user(url: str, email: str, name: str = "Zofia Łęcka") -> int:
    with session_scope(url) as session:
        user = User(
            email=email,
            password_hash=hash_password(PASSWORD),
            email_verified_at=utcnow(),
            display_name=name,
        )
        session.add(user)
        session.flush()
        assert user.id is not None
        return user.id


def _university(url: str) -> None:
    with session_scope(url) as session:
        session.add(
            University(
                slug="uni-links",
                name="Uni Links",
                country_code="PL",
                city="Kraków",
                website="https://uni.example",
                approved=True,
            )
        )


def _path(link: str) -> str:
    parts = urlsplit(link)
    return f"{parts.path}?{parts.query}"


def _verify(url: str, to: str) -> None:
    with session_scope(url) as session:
        accounts.sign_up(session, email=to, password=PASSWORD, display_name="Vera", ip="10.0.0.1")


def _reset(url: str, to: str) -> None:
    _user(url, to)
    with session_scope(url) as session:
        accounts.request_password_reset(session, email=to, ip="10.0.0.1")


def _change_email(url: str, to: str) -> None:
    user_id = _user(url, to.replace("@", ".before@"))
    with session_scope(url) as session:
        accounts.request_email_change(
            session, user_id=user_id, password=PASSWORD, new_email=to, ip="10.0.0.1"
        )


def _invitation(url: str, to: str) -> None:
    inviter = _user(url, to.replace("@", ".inviter@"), name="Ines Inviter")
    _university(url)
    with session_scope(url) as session:
        accounts.invite_staff(
            session, inviter_id=inviter, university_slug="uni-links", email=to, role="editor"
        )


def _works(browser: Browser, kind: str, link: str) -> None:
    response = browser.get(_path(link))
    if kind == "verify":
        assert browser.landing(response)[1] == (
            "success",
            "Your e-mail address is confirmed. You can sign in now.",
        )
    elif kind == "change_email":
        assert browser.landing(response)[1][0] == "success"
    else:  # reset and invitation: the link opens the form and keeps the token for it
        page, flash, _ = browser.landing(response)
        assert flash is None and page in ("/reset-password", "/invitation"), (page, flash)
        if kind == "reset":
            done = browser.post_form(
                "/api/auth/reset",
                {"password": "a brand new passphrase", "password_again": "a brand new passphrase"},
            )
            assert browser.landing(done)[1][0] == "success"


FLOWS: dict[str, Callable[[str, str], None]] = {
    "verify": _verify,
    "reset": _reset,
    "change_email": _change_email,
    "invitation": _invitation,
}


@pytest.mark.parametrize("kind", list(FLOWS))
def test_no_row_holds_a_working_link_before_or_after_the_mail_goes(
    app_env: str, smtp: Inbox, browser: Browser, kind: str
) -> None:
    to = f"{kind}.{uuid4().hex[:8]}@example.org"
    FLOWS[kind](app_env, to)
    with session_scope(app_env) as session:
        waiting = session.execute(sa.select(OutboxMessage)).scalars().all()
        assert waiting and all(row.processed_at is None for row in waiting)
    queued = all_text(app_env)
    assert "token=" not in queued

    assert process_outbox(app_env) >= 1
    link = smtp.last_link(to)
    token = parse_qs(urlsplit(link).query)["token"][0]
    assert len(token) >= 40
    assert token not in queued, "the mail's token was in the database while it waited"
    assert places_holding(app_env, token) == [], "the mail's token is in the database"
    assert "token=" not in all_text(app_env)
    _works(browser, kind, link)


def test_a_mail_retried_after_the_server_was_down_carries_a_working_link(
    app_env: str, smtp: Inbox, browser: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    to = f"retry.{uuid4().hex[:8]}@example.org"
    _reset(app_env, to)
    monkeypatch.setenv("SMTP_URL", f"smtp://127.0.0.1:{free_port()}")  # nobody listens
    reset_settings_cache()
    assert process_outbox(app_env) == 0
    monkeypatch.setenv("SMTP_URL", f"smtp://127.0.0.1:{smtp.port}")  # type: ignore[attr-defined]
    reset_settings_cache()
    assert process_outbox(app_env) == 1
    link = smtp.last_link(to)
    assert places_holding(app_env, parse_qs(urlsplit(link).query)["token"][0]) == []
    _works(browser, "reset", link)


def test_a_link_used_before_its_mail_went_is_not_mailed(app_env: str, smtp: Inbox) -> None:
    """A mail whose link can no longer work is not sent: it fails once, with the reason."""
    to = f"late.{uuid4().hex[:8]}@example.org"
    _verify(app_env, to)
    with session_scope(app_env) as session:
        session.execute(sa.update(accounts.EmailToken).values(used_at=utcnow()))
    assert process_outbox(app_env) == 0
    assert smtp.to(to) == []
    with session_scope(app_env) as session:
        row = session.execute(sa.select(OutboxMessage)).scalar_one()
        assert row.processed_at is None and "can no longer be used" in row.last_error
    assert process_outbox(app_env) == 0  # not retried


def test_delete_my_account_leaves_no_address_or_name_behind(
    app_env: str, smtp: Inbox, new_browser: Callable[[], Browser]
) -> None:
    address = f"zofia_l.{uuid4().hex[:8]}@example.org"
    name = "Zofia Łęcka-Żółw"
    owner = new_browser()
    signed_up = owner.post_form(
        "/api/auth/signup",
        {"email": address, "password": PASSWORD, "display_name": name, "lang": "pl"},
    )
    assert owner.landing(signed_up)[0] == "/signin"
    owner.get(_path(smtp.last_link(address)))
    assert owner.landing(owner.post_form("/api/auth/forgot", {"email": address}))[1]
    signed_in = owner.post_form("/api/auth/signin", {"email": address, "password": PASSWORD})
    assert owner.landing(signed_in)[0] == "/"
    # A colleague invites them to a university (an audit row by someone else names them).
    _invitation(app_env, address)
    process_outbox(app_env)
    assert len(smtp.to(address)) == 3
    assert places_holding(app_env, address), "the test should start with the address stored"
    with session_scope(app_env) as session:
        events_before = session.execute(sa.select(sa.func.count(AuditEvent.id))).scalar_one()

    deleted = owner.post_form("/api/me/delete", {"confirm": "DELETE", "password": PASSWORD})
    assert owner.landing(deleted)[0] == "/"
    farewell = smtp.wait_for(address, 4)[-1]
    assert "usunięte" in farewell["Subject"].lower() or "konto" in farewell["Subject"].lower()

    assert places_holding(app_env, address) == []
    assert places_holding(app_env, name) == []
    with session_scope(app_env) as session:
        events = session.execute(sa.select(AuditEvent)).scalars().all()
        stand_in = session.execute(
            sa.select(User.uuid).where(User.deleted_at.is_not(None))
        ).scalar_one()
        invitation = session.execute(sa.select(StaffInvitation)).scalar_one()
    assert len(events) == events_before + 1  # every event stays, pseudonymised
    actions = {e.action: e for e in events}
    assert {"account.signup", "staff.invited", "account.deleted"} <= set(actions)
    assert str(stand_in) in actions["account.signup"].subject
    assert str(stand_in) in str(actions["staff.invited"].detail)
    assert str(stand_in) in invitation.email


def test_a_link_with_a_token_is_never_written_into_a_queued_mail(app_env: str) -> None:
    """The class, not the instances: any future mail that tried would fail its tests."""
    with pytest.raises(ValueError, match="SecretLink"), session_scope(app_env) as session:
        queue_mail(
            session,
            to="someone@example.org",
            template="reset_password",
            lang="en",
            name="S",
            link="http://testserver/api/auth/reset?token=abc",
        )


def test_a_farewell_that_never_goes_out_forgets_the_address_too(
    app_env: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    address = f"never.{uuid4().hex[:8]}@example.org"
    user_id = _user(app_env, address)
    with session_scope(app_env) as session:
        accounts.delete_account(session, user_id=user_id, password=PASSWORD, ip="10.0.0.1")
    monkeypatch.setenv("SMTP_URL", f"smtp://127.0.0.1:{free_port()}")  # nobody listens
    reset_settings_cache()
    for _ in range(max_attempts() + 2):
        assert process_outbox(app_env) == 0
    with session_scope(app_env) as session:
        row = session.execute(sa.select(OutboxMessage)).scalar_one()
        assert row.processed_at is None and row.dead_at is not None
    assert places_holding(app_env, address) == []
