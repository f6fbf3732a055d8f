"""Accounts end to end through the HTTP routes, with mail read from a real SMTP server."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from microcred_market.accounts.models import AuthSession, EmailToken, User
from microcred_market.platform.clock import utcnow
from microcred_market.platform.cookies import SESSION_COOKIE
from microcred_market.platform.db import session_scope
from microcred_market.platform.models import OutboxMessage

pytestmark = pytest.mark.accounts

PASSWORD = "correct horse battery staple"


def path_of(link: str) -> str:
    parts = urlsplit(link)
    return f"{parts.path}?{parts.query}"


def sign_up(browser, smtp, email: str, name: str = "Anna Kowalska", lang: str = "en") -> str:
    response = browser.post_form(
        "/api/auth/signup",
        {"email": email, "password": PASSWORD, "display_name": name, "lang": lang},
    )
    page, flash, _ = browser.landing(response)
    assert page == "/signin" and flash and flash[0] == "info", flash
    return smtp.last_link(email)


def sign_in(browser, email: str, password: str = PASSWORD):
    return browser.post_form(
        "/api/auth/signin", {"email": email, "password": password, "next": "/account"}
    )


def test_sign_up_verify_sign_in_sign_out(browser, smtp, app_env) -> None:
    email = "anna.signup@example.org"
    link = sign_up(browser, smtp, email)
    assert link.startswith("http://testserver/api/auth/verify?token=")

    # Not verified yet: a clear message, no session.
    response = sign_in(browser, email)
    page, flash, _ = browser.landing(response)
    assert page == "/signin" and "confirm your e-mail" in flash[1]
    assert SESSION_COOKIE not in response.cookies

    page, flash, _ = browser.landing(browser.get(path_of(link)))
    assert flash == ("success", "Your e-mail address is confirmed. You can sign in now.")

    response = sign_in(browser, email)
    page, _, _ = browser.landing(response)
    assert page == "/account"
    token = response.cookies[SESSION_COOKIE]
    assert "httponly" in response.headers["set-cookie"].lower()
    me = browser.get("/api/me").json()
    assert me["email"] == email and me["display_name"] == "Anna Kowalska"
    assert "password_hash" not in me and token not in str(me)

    # Only the hash of the session token is stored.
    with session_scope(app_env) as session:
        stored = session.execute(sa.select(AuthSession.token_hash)).scalars().all()
        user = session.execute(sa.select(User).where(User.email == email)).scalar_one()
    assert token not in stored and len(stored) == 1
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash

    browser.landing(browser.post_form("/api/auth/signout", {}))
    assert browser.get("/api/me").status_code == 401
    # The old token is dead even if someone kept a copy.
    browser.client.cookies.set(SESSION_COOKIE, token)
    assert browser.get("/api/me").status_code == 401


def test_verification_link_is_single_use_and_tamper_proof(browser, smtp) -> None:
    link = sign_up(browser, smtp, "once@example.org")
    assert browser.landing(browser.get(path_of(link)))[1][0] == "success"
    again = browser.landing(browser.get(path_of(link)))[1]
    assert again[0] == "error" and "already used" in again[1]
    tampered = browser.landing(browser.get(path_of(link)[:-3] + "abc"))[1]
    assert tampered[0] == "error" and "not valid" in tampered[1]


def test_sign_up_never_reveals_an_existing_address(browser, smtp) -> None:
    email = "taken@example.org"
    sign_up(browser, smtp, email)
    first = browser.landing(
        browser.post_form(
            "/api/auth/signup",
            {"email": "fresh@example.org", "password": PASSWORD, "display_name": "X Y"},
        )
    )
    second = browser.landing(
        browser.post_form(
            "/api/auth/signup", {"email": email, "password": PASSWORD, "display_name": "X Y"}
        )
    )
    assert first[:2] == second[:2]  # same page, same message
    mails = smtp.wait_for(email, 2)
    assert mails[-1]["Subject"] == "You already have an account"


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ({"email": "not-an-address", "password": PASSWORD, "display_name": "A B"}, "valid e-mail"),
        ({"email": "a@example.org", "password": "short", "display_name": "A B"}, "at least 10"),
        (
            {"email": "a@example.org", "password": "password123", "display_name": "A B"},
            "too common",
        ),
        ({"email": "a@example.org", "password": PASSWORD, "display_name": "  "}, "your name"),
    ],
)
def test_bad_sign_up_input_gets_a_message_and_creates_nothing(
    browser, app_env, form, expected
) -> None:
    page, flash, _ = browser.landing(browser.post_form("/api/auth/signup", form))
    assert page == "/signup" and flash[0] == "error" and expected in flash[1]
    with session_scope(app_env) as session:
        assert session.execute(sa.select(sa.func.count()).select_from(User)).scalar_one() == 0
        assert (
            session.execute(sa.select(sa.func.count()).select_from(OutboxMessage)).scalar_one() == 0
        )


def test_wrong_password_and_unknown_address_look_the_same(browser, smtp) -> None:
    link = sign_up(browser, smtp, "known@example.org")
    browser.get(path_of(link))
    wrong = browser.landing(sign_in(browser, "known@example.org", "wrong password!!"))[1]
    unknown = browser.landing(sign_in(browser, "nobody@example.org", "wrong password!!"))[1]
    assert wrong == unknown and wrong[0] == "error"


def test_a_refused_sign_in_keeps_the_address_but_never_the_password(browser, smtp) -> None:
    link = sign_up(browser, smtp, "kept@example.org")
    browser.get(path_of(link))
    page, flash, query = browser.landing(sign_in(browser, "kept@example.org", "wrong password!!"))
    assert page == "/signin" and flash is not None and flash[0] == "error"
    assert query.get("email") == ["kept@example.org"] and query.get("next") == ["/account"]
    assert not [v for values in query.values() for v in values if "wrong password" in v]


def test_password_reset_link_works_once_and_expires(browser, smtp, app_env, new_browser) -> None:
    email = "reset@example.org"
    browser.get(path_of(sign_up(browser, smtp, email)))
    other_device = new_browser()
    sign_in(other_device, email)
    assert other_device.get("/api/me").status_code == 200

    unknown = browser.landing(
        browser.post_form("/api/auth/forgot", {"email": "ghost@example.org"})
    )[1]
    known = browser.landing(browser.post_form("/api/auth/forgot", {"email": email}))[1]
    assert unknown == known
    link = smtp.last_link(email, 2)
    assert "/api/auth/reset?token=" in link

    page, _, query = browser.landing(browser.get(path_of(link)))
    assert page == "/reset-password" and "flash" not in query
    page, flash, _ = browser.landing(
        browser.post_form(
            "/api/auth/reset",
            {"password": "a brand new secret", "password_again": "a brand new secret"},
        )
    )
    assert page == "/signin" and flash[0] == "success"
    # Resetting signs out every device; the new password works, the old does not.
    assert other_device.get("/api/me").status_code == 401
    assert browser.landing(sign_in(browser, email))[1][0] == "error"
    assert browser.landing(sign_in(browser, email, "a brand new secret"))[0] == "/account"
    # Reused link.
    page, flash, _ = browser.landing(browser.get(path_of(link)))
    assert page == "/forgot-password" and flash[0] == "error"

    # An expired link.
    browser.post_form("/api/auth/forgot", {"email": email})
    late = smtp.last_link(email, 3)
    with session_scope(app_env) as session:
        session.execute(sa.update(EmailToken).values(expires_at=utcnow() - timedelta(minutes=1)))
    page, flash, _ = browser.landing(browser.get(path_of(late)))
    assert page == "/forgot-password" and "not valid any more" in flash[1]


def test_change_email_is_verified_again_and_password_change(browser, smtp, app_env) -> None:
    email, new = "old@example.org", "new@example.org"
    browser.get(path_of(sign_up(browser, smtp, email)))
    sign_in(browser, email)
    flash = browser.landing(
        browser.post_form("/api/auth/change-email", {"email": new, "password": "nope nope nope"})
    )[1]
    assert flash[0] == "error"
    flash = browser.landing(
        browser.post_form("/api/auth/change-email", {"email": new, "password": PASSWORD})
    )[1]
    assert flash[0] == "info"
    assert browser.get("/api/me").json()["email"] == email  # not until confirmed
    browser.landing(browser.get(path_of(smtp.last_link(new))))
    assert browser.get("/api/me").json()["email"] == new
    assert smtp.wait_for(email, 2)[-1]["Subject"] == "Your e-mail address was changed"

    flash = browser.landing(
        browser.post_form(
            "/api/auth/change-password", {"current": PASSWORD, "password": "1234567890"}
        )
    )[1]
    assert flash[0] == "error" and "common" in flash[1]
    flash = browser.landing(
        browser.post_form(
            "/api/auth/change-password", {"current": PASSWORD, "password": "another good phrase"}
        )
    )[1]
    assert flash[0] == "success"
    assert browser.get("/api/me").status_code == 200  # this device stays signed in


def test_mail_is_in_the_readers_language(browser, smtp) -> None:
    sign_up(browser, smtp, "jan@example.org", name="Jan Nowak", lang="pl")
    mail = smtp.wait_for("jan@example.org")[-1]
    assert mail[
        "Subject"
    ] == "=?utf-8?q?Potwierd=C5=BA_sw=C3=B3j_adres_e-mail?=" or "Potwierd" in str(mail["Subject"])
    assert "Dzień dobry Jan Nowak" in mail.get_payload(decode=True).decode()


def test_cross_site_posts_are_refused(browser, smtp, app_env) -> None:
    response = browser.post_form(
        "/api/auth/signup",
        {"email": "csrf@example.org", "password": PASSWORD, "display_name": "A B"},
        origin="https://evil.example",
    )
    page, flash, _ = browser.landing(response)
    assert flash[0] == "error" and "another site" in flash[1]
    no_origin = browser.client.post(
        "/api/auth/signup", data={"email": "csrf@example.org"}, follow_redirects=False
    )
    assert browser.landing(no_origin)[1][0] == "error"
    with session_scope(app_env) as session:
        assert session.execute(sa.select(sa.func.count()).select_from(User)).scalar_one() == 0


def test_sign_in_is_rate_limited_without_lockout(browser, smtp, app_env) -> None:
    email = "limited@example.org"
    browser.get(path_of(sign_up(browser, smtp, email)))
    for _ in range(5):
        assert "do not match" in browser.landing(sign_in(browser, email, "wrong password!!"))[1][1]
    flash = browser.landing(sign_in(browser, email))[1]
    assert flash[0] == "error" and "Too many wrong passwords" in flash[1] and "second" in flash[1]
    # The backoff passes: the right password works again (no lockout).
    from microcred_market.platform.models import RateLimitHit

    with session_scope(app_env) as session:
        session.execute(sa.update(RateLimitHit).values(created_at=utcnow() - timedelta(minutes=16)))
    assert browser.landing(sign_in(browser, email))[0] == "/account"


def test_sign_out_everywhere(browser, smtp, new_browser) -> None:
    email = "everywhere@example.org"
    browser.get(path_of(sign_up(browser, smtp, email)))
    laptop, phone = new_browser(), new_browser()
    sign_in(laptop, email)
    sign_in(phone, email)
    assert phone.get("/api/me").status_code == 200
    flash = laptop.landing(laptop.post_form("/api/auth/signout-everywhere", {}))[1]
    assert "2 session" in flash[1]
    assert phone.get("/api/me").status_code == 401 and laptop.get("/api/me").status_code == 401


def test_export_and_delete_account(browser, smtp, app_env) -> None:
    email = "leaving@example.org"
    browser.get(path_of(sign_up(browser, smtp, email, name="Ewa Leaving")))
    sign_in(browser, email)
    exported = browser.get("/api/me/export")
    assert exported.status_code == 200 and "attachment" in exported.headers["content-disposition"]
    data = exported.json()
    assert data["account"]["email"] == email and data["account"]["display_name"] == "Ewa Leaving"
    assert data["sessions"] and data["activity"]
    assert "password_hash" not in exported.text and "token" not in exported.text

    flash = browser.landing(
        browser.post_form("/api/me/delete", {"password": PASSWORD, "confirm": "nope"})
    )[1]
    assert flash[0] == "error"
    page, flash, _ = browser.landing(
        browser.post_form("/api/me/delete", {"password": PASSWORD, "confirm": "DELETE"})
    )
    assert page == "/" and flash[0] == "info"
    assert browser.get("/api/me").status_code == 401
    with session_scope(app_env) as session:
        user = session.execute(sa.select(User).where(User.deleted_at.is_not(None))).scalar_one()
        assert user.email is None and user.display_name == "" and user.password_hash is None
        assert user.uuid  # the bare row stays for credentials that point to it
    # The address is free again.
    sign_up(browser, smtp, email)


def test_admin_outbox_lists_mail_for_operators_only(browser, smtp, app_env) -> None:
    from microcred_market import cli

    assert browser.get("/api/admin/outbox").status_code == 401
    browser.get(path_of(sign_up(browser, smtp, "learner@example.org")))
    sign_in(browser, "learner@example.org")
    assert browser.get("/api/admin/outbox").status_code == 403
    assert cli.main(["admin", "create", "learner@example.org"]) == 0
    body = browser.get("/api/admin/outbox").json()
    assert any(m["to"] == "learner@example.org" and m["processed_at"] for m in body["messages"])


def test_an_expired_session_is_refused(browser, smtp, app_env) -> None:
    email = "expiring@example.org"
    browser.get(path_of(sign_up(browser, smtp, email)))
    sign_in(browser, email)
    assert browser.get("/api/me").status_code == 200
    with session_scope(app_env) as session:
        session.execute(sa.update(AuthSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    assert browser.get("/api/me").status_code == 401


def test_a_refused_sign_up_keeps_the_name_and_address_but_never_the_password(browser) -> None:
    form = {"email": "ola@example.org", "password": "short", "display_name": "Ola Nowak"}
    page, flash, query = browser.landing(browser.post_form("/api/auth/signup", form))
    assert page == "/signup" and flash is not None and flash[0] == "error"
    assert query.get("name") == ["Ola Nowak"] and query.get("email") == ["ola@example.org"]
    assert not [v for values in query.values() for v in values if "short" in v]
