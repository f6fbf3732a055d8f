"""Dead letters: a message that failed OUTBOX_MAX_ATTEMPTS times stops being tried, keeps
its last error, is listed for the operator, and an operator's retry sends it again."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path
from uuid import uuid4

import pytest
import sqlalchemy as sa

from microcred_market.accounts import authz, console
from microcred_market.accounts.models import User
from microcred_market.platform.clock import utcnow
from microcred_market.platform.cookies import SESSION_COOKIE
from microcred_market.platform.db import session_scope
from microcred_market.platform.mail import queue_mail
from microcred_market.platform.models import AuditEvent, OutboxMessage
from microcred_market.platform.outbox import process_outbox
from microcred_market.platform.wakeup import Listener
from microcred_market.settings import reset_settings_cache
from tests.support.signed_in import as_user
from tests.support.smtp import free_port

pytestmark = pytest.mark.accounts
ROOT = Path(__file__).resolve().parents[3]


def _people(url: str) -> tuple[int, int]:
    with session_scope(url) as session:
        ids = []
        for email, admin in (("op@example.org", True), ("learner@example.org", False)):
            user = User(email=email, email_verified_at=utcnow(), display_name=email, is_admin=admin)
            session.add(user)
            session.flush()
            ids.append(int(user.id))  # type: ignore[arg-type]
    return ids[0], ids[1]


def _principal(url: str, user_id: int) -> authz.Principal:
    with session_scope(url) as session:
        return authz.principal_for(session, user_id)


def _smtp_down(monkeypatch, max_attempts: int = 3) -> None:
    monkeypatch.setenv("SMTP_URL", f"smtp://127.0.0.1:{free_port()}")  # nobody listens
    monkeypatch.setenv("OUTBOX_MAX_ATTEMPTS", str(max_attempts))
    reset_settings_cache()


def _smtp_up(monkeypatch, smtp) -> None:
    monkeypatch.setenv("SMTP_URL", f"smtp://127.0.0.1:{smtp.port}")
    reset_settings_cache()


def _row(url: str) -> OutboxMessage:
    with session_scope(url) as session:
        row = session.execute(sa.select(OutboxMessage)).scalar_one()
        session.expunge(row)
        return row


def _queue(url: str, address: str) -> None:
    with session_scope(url) as session:
        queue_mail(
            session, to=address, template="reset_password", lang="en", name="D", link="http://x/y"
        )


def test_a_message_failing_n_times_is_dead_keeps_its_error_and_is_not_retried(
    app_env, smtp, monkeypatch
) -> None:
    address = f"dead-{uuid4().hex[:8]}@example.org"
    _queue(app_env, address)
    _smtp_down(monkeypatch, max_attempts=3)
    for attempt in (1, 2, 3):
        assert process_outbox(app_env) == 0
        row = _row(app_env)
        assert row.attempts == attempt
        assert (row.dead_at is not None) == (attempt == 3)
    assert "Error" in row.last_error
    last_error = row.last_error
    # Dead: further polls leave it alone, even once the server is back.
    _smtp_up(monkeypatch, smtp)
    for _ in range(3):
        assert process_outbox(app_env) == 0
    row = _row(app_env)
    assert row.attempts == 3 and row.processed_at is None and row.last_error == last_error
    assert smtp.to(address) == []

    operator, _ = _people(app_env)
    with session_scope(app_env) as session:
        view = console.outbox_view(session, authz.principal_for(session, operator))
    assert [line.to for line in view.dead] == [address]
    assert view.pending == []
    dead = view.dead[0]
    assert dead.retryable and dead.attempts == 3 and dead.last_error == last_error


def test_an_operator_retry_starts_again_is_audited_and_is_sent(app_env, smtp, monkeypatch) -> None:
    address = f"retry-{uuid4().hex[:8]}@example.org"
    _queue(app_env, address)
    _smtp_down(monkeypatch, max_attempts=2)
    process_outbox(app_env)
    process_outbox(app_env)
    dead = _row(app_env)
    assert dead.dead_at is not None
    operator, learner = _people(app_env)

    # Not the learner's to retry: refused, and nothing changes.
    with pytest.raises(authz.Forbidden), session_scope(app_env) as session:
        console.retry_message(session, _principal(app_env, learner), str(dead.uuid))
    assert _row(app_env).dead_at is not None

    _smtp_up(monkeypatch, smtp)
    listener = Listener(app_env)
    listener.wait(0.01)  # forget what earlier commits of this process said
    try:
        with session_scope(app_env) as session:
            console.retry_message(session, _principal(app_env, operator), str(dead.uuid))
        assert listener.wait(2.0) is True, "a retried message must wake the worker"
    finally:
        listener.close()
    row = _row(app_env)
    assert row.attempts == 0 and row.dead_at is None
    with session_scope(app_env) as session:
        event = session.execute(
            sa.select(AuditEvent).where(AuditEvent.action == "outbox.retried")
        ).scalar_one()
        assert event.actor_user_id == operator
        assert event.subject == f"mail:{dead.uuid}"
        assert event.detail["before"]["attempts"] == 2
        assert event.detail["before"]["last_error"]
        assert event.detail["after"] == {"attempts": 0, "dead_at": None}
    assert process_outbox(app_env) == 1
    assert len(smtp.wait_for(address)) == 1


@pytest.mark.postgres
def test_a_retry_wakes_a_worker_in_another_process(empty_postgres_url, smtp, monkeypatch) -> None:
    """On PostgreSQL a retry's commit NOTIFYs, like a new row: `microcred worker` elsewhere
    picks the message up at once instead of at its next poll."""
    from tests.conftest import migrated

    url = migrated(empty_postgres_url)
    with session_scope(url) as session:
        session.add(OutboxMessage(kind="test.retry", payload={}, attempts=8, dead_at=utcnow()))
    operator, _ = _people(url)
    uuid = _row(url).uuid
    listener = Listener(url)
    listener.wait(0.01)
    seen: dict = {}

    def wait() -> None:
        seen["woke"] = listener.wait(15)

    thread = threading.Thread(target=wait)
    thread.start()
    time.sleep(0.3)
    try:
        # Another process retries it: only NOTIFY can reach this one.
        code = (
            "from microcred_market.wiring import wire; wire()\n"
            "from microcred_market.accounts import authz, console\n"
            "from microcred_market.platform.db import session_scope\n"
            f"with session_scope({url!r}) as s:\n"
            f"    console.retry_message(s, authz.principal_for(s, {operator}), {str(uuid)!r})\n"
        )
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=60)
        thread.join(15)
        assert seen.get("woke") is True
    finally:
        listener.close()


def test_an_undeliverable_message_is_dead_at_once_and_cannot_be_retried(app_env) -> None:
    with session_scope(app_env) as session:
        session.add(OutboxMessage(kind="mail", payload={"body": "b", "lang": "en", "to": ""}))
    assert process_outbox(app_env) == 0
    row = _row(app_env)
    assert row.dead_at is not None and row.attempts == 1
    operator, _ = _people(app_env)
    with session_scope(app_env) as session:
        view = console.outbox_view(session, authz.principal_for(session, operator))
    assert [line.retryable for line in view.dead] == [False]
    from microcred_market.platform.errors import InvalidInput

    with pytest.raises(InvalidInput), session_scope(app_env) as session:
        console.retry_message(session, authz.principal_for(session, operator), str(row.uuid))


def test_the_retry_route_is_the_operators_alone(browser, app_env, smtp, monkeypatch) -> None:
    address = f"route-{uuid4().hex[:8]}@example.org"
    _queue(app_env, address)
    _smtp_down(monkeypatch, max_attempts=1)
    process_outbox(app_env)
    uuid = _row(app_env).uuid
    _smtp_up(monkeypatch, smtp)
    operator, learner = _people(app_env)

    browser.client.cookies.clear()
    path, _, _ = browser.landing(browser.post_form(f"/api/admin/outbox/{uuid}/retry", {}))
    assert _row(app_env).dead_at is not None  # anonymous: nothing changed
    as_user(browser, app_env, learner)
    path, flash, _ = browser.landing(browser.post_form(f"/api/admin/outbox/{uuid}/retry", {}))
    assert flash is not None and flash[0] == "error"
    assert _row(app_env).dead_at is not None

    as_user(browser, app_env, operator)
    path, flash, _ = browser.landing(browser.post_form(f"/api/admin/outbox/{uuid}/retry", {}))
    assert path == "/admin/outbox" and flash is not None and flash[0] == "success"
    # The route kicks the outbox after answering: the mail went.
    assert len(smtp.wait_for(address)) == 1
    assert _row(app_env).processed_at is not None
    assert SESSION_COOKIE  # the cookie name the helper set


@pytest.mark.parametrize("engine", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_messages_out_of_attempts_before_the_upgrade_become_dead(request, engine) -> None:
    from microcred_market.platform import migrations
    from microcred_market.platform.db import get_engine

    url = request.getfixturevalue(f"empty_{engine}_url")
    with get_engine(url).connect() as connection:
        migrations.upgrade(connection, "0019")
        connection.commit()
    old = sa.table(
        "outbox",
        sa.column("uuid", sa.Uuid()),
        sa.column("kind", sa.String()),
        sa.column("payload", sa.JSON()),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("attempts", sa.Integer()),
        sa.column("last_error", sa.Text()),
    )
    with session_scope(url) as session:
        for attempts in (10, 3):
            session.execute(
                old.insert().values(
                    uuid=uuid4(),
                    kind="mail",
                    payload={"to": f"{attempts}@example.org"},
                    created_at=utcnow(),
                    attempts=attempts,
                    last_error="SMTPError: down",
                )
            )
    with get_engine(url).connect() as connection:
        migrations.upgrade(connection)
        connection.commit()
    with session_scope(url) as session:
        rows = session.execute(sa.select(OutboxMessage).order_by(OutboxMessage.attempts)).scalars()
        assert [(r.attempts, r.dead_at is not None) for r in rows] == [(3, False), (10, True)]
