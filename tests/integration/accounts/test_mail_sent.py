"""The operator's mail sent: newest first, by recipient, paged, and never a live link."""

from __future__ import annotations

from uuid import uuid4

import pytest
import sqlalchemy as sa

from microcred_market.accounts import authz, console
from microcred_market.accounts import service as accounts
from microcred_market.accounts.models import User
from microcred_market.platform.clock import utcnow
from microcred_market.platform.db import session_scope
from microcred_market.platform.mail import queue_mail
from microcred_market.platform.models import OutboxMessage
from microcred_market.platform.outbox import process_outbox
from microcred_market.platform.queries import MAIL_PAGE_SIZE

pytestmark = pytest.mark.accounts


def _principal(url: str, admin: bool) -> authz.Principal:
    with session_scope(url) as session:
        user = User(
            email=f"{'op' if admin else 'learner'}-{uuid4().hex[:6]}@example.org",
            email_verified_at=utcnow(),
            display_name="X",
            is_admin=admin,
        )
        session.add(user)
        session.flush()
        return authz.principal_for(session, user.id)


def _mail(url: str, to: str, n: int = 1) -> None:
    with session_scope(url) as session:
        for _ in range(n):
            queue_mail(session, to=to, template="reset_password", lang="en", name="N", link="x")


def test_mail_is_listed_newest_first_by_recipient_and_paged(app_env, smtp) -> None:
    operator = _principal(app_env, admin=True)
    _mail(app_env, "first@example.org")
    _mail(app_env, "many@example.org", MAIL_PAGE_SIZE + 5)
    _mail(app_env, "Last@Example.org")
    process_outbox(app_env, limit=200)
    with session_scope(app_env) as session:
        everything = console.mail_log(session, operator)
        assert everything.total == MAIL_PAGE_SIZE + 7 and everything.pages == 2
        assert everything.lines[0].to == "Last@Example.org"
        assert all(line.sent_at is not None for line in everything.lines)
        second = console.mail_log(session, operator, page=2)
        assert second.lines[-1].to == "first@example.org"
        assert len(second.lines) == 7
        last = console.mail_log(session, operator, "last@")
        assert [line.to for line in last.lines] == ["Last@Example.org"]
        many = console.mail_log(session, operator, "MANY", page=9)
        assert (many.total, many.page, len(many.lines)) == (MAIL_PAGE_SIZE + 5, 2, 5)
        # A LIKE wildcard in the search is a character, not "anything".
        assert console.mail_log(session, operator, "%").total == 0
        assert console.mail_log(session, operator, "_").total == 0


def test_a_password_reset_link_never_reaches_the_operator(app_env, smtp, browser) -> None:
    """The reset mail carries a working link; the operator's list shows that it went, and
    nothing of the link. Rows from before bodies were left out are masked as well."""
    address = f"forgetful-{uuid4().hex[:6]}@example.org"
    operator = _principal(app_env, admin=True)
    with session_scope(app_env) as session:
        user = User(email=address, email_verified_at=utcnow(), display_name="F")
        session.add(user)
    browser.post_form("/api/auth/forgot", {"email": address})
    process_outbox(app_env)
    link = smtp.last_link(address)
    token = link.split("token=", 1)[1]
    with session_scope(app_env) as session:
        session.add(
            OutboxMessage(
                kind="mail",
                payload={"to": "old@example.org", "subject": f"Reset {link}", "body": link},
                attempts=8,
                last_error=f"SMTPError: refused {link}",
                dead_at=utcnow(),
            )
        )
    with session_scope(app_env) as session:
        found = console.mail_log(session, operator)
        outbox = console.outbox_view(session, operator)
    shown = repr(found) + repr(outbox)
    assert token not in shown
    assert "token=…" in shown
    assert [line.to for line in found.lines] == ["old@example.org", address]
    assert found.lines[1].sent_at is not None and found.lines[0].dead


def test_mail_sent_is_the_operators_alone(app_env) -> None:
    learner = _principal(app_env, admin=False)
    for principal in (learner, authz.ANONYMOUS):
        with pytest.raises((authz.Forbidden, authz.NotSignedIn)), session_scope(app_env) as s:
            console.mail_log(s, principal)
    assert accounts  # the service module the page's sign-in uses
    with session_scope(app_env) as session:
        assert session.execute(sa.select(sa.func.count()).select_from(OutboxMessage)).scalar() == 0
