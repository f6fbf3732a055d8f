"""Mail survives a mail server that is down: it waits in the outbox, then goes."""

from __future__ import annotations

import time
from pathlib import Path
from uuid import uuid4

import pytest
import sqlalchemy as sa

from microcred_market import worker
from microcred_market.platform.db import get_engine, session_scope
from microcred_market.platform.errors import DomainError
from microcred_market.platform.mail import queue_mail
from microcred_market.platform.models import OutboxMessage
from microcred_market.platform.outbox import process_outbox
from microcred_market.settings import reset_settings_cache
from tests.support.smtp import free_port

pytestmark = pytest.mark.accounts


def test_mail_waits_while_smtp_is_down_and_is_sent_once_it_is_back(
    app_env, smtp, monkeypatch
) -> None:
    address = f"patient-{uuid4().hex[:8]}@example.org"
    with session_scope(app_env) as session:
        queue_mail(
            session,
            to=address,
            template="reset_password",
            lang="en",
            name="P",
            link="http://x/y",
        )
    monkeypatch.setenv("SMTP_URL", f"smtp://127.0.0.1:{free_port()}")  # nobody listens
    reset_settings_cache()
    assert process_outbox(app_env) == 0
    with session_scope(app_env) as session:
        row = session.execute(sa.select(OutboxMessage)).scalar_one()
        assert row.processed_at is None and row.attempts == 1 and "Error" in row.last_error

    monkeypatch.setenv("SMTP_URL", f"smtp://127.0.0.1:{smtp.port}")
    reset_settings_cache()
    assert process_outbox(app_env) == 1
    assert process_outbox(app_env) == 0  # sent exactly once
    assert len(smtp.to(address)) == 1


def test_a_rolled_back_transaction_sends_nothing(app_env, smtp) -> None:
    with pytest.raises(RuntimeError), session_scope(app_env) as session:
        queue_mail(
            session,
            to="never@example.org",
            template="reset_password",
            lang="en",
            name="N",
            link="http://x/y",
        )
        raise RuntimeError("something failed after the mail was queued")
    assert process_outbox(app_env) == 0
    assert smtp.to("never@example.org") == []


def test_a_cohort_of_mail_goes_out_once_each(app_env, smtp) -> None:
    batch = uuid4().hex[:8]
    addresses = [f"cohort-{batch}-{i}@example.org" for i in range(120)]
    with session_scope(app_env) as session:
        for address in addresses:
            queue_mail(
                session, to=address, template="reset_password", lang="pl", name="Ł", link="x"
            )
    assert process_outbox(app_env) == 120
    assert process_outbox(app_env) == 0
    for address in addresses:
        received = smtp.wait_for(address)
        assert len(received) == 1 and "Ustaw nowe" in received[0]["Subject"]


def _raw_mail(session, **payload) -> None:
    """A mail row as older code or a hand-made insert left it, past queue_mail's check."""
    session.add(OutboxMessage(kind="mail", payload={"body": "b", "lang": "en", **payload}))


@pytest.mark.parametrize(
    "payload",
    [
        {"to": "", "subject": "Hello"},
        {"to": "  ", "subject": "Hello"},
        {"subject": "Hello"},
        {"to": "someone@example.org", "subject": ""},
        {"to": "someone@example.org"},
    ],
    ids=["blank-to", "spaces-to", "no-to", "blank-subject", "no-subject"],
)
@pytest.mark.parametrize("with_smtp", [True, False], ids=["smtp", "no-smtp"])
def test_a_mail_without_recipient_or_subject_is_failed_never_delivered(
    app_env, smtp, monkeypatch, payload, with_smtp
) -> None:
    if not with_smtp:
        monkeypatch.delenv("SMTP_URL")
        reset_settings_cache()
    with session_scope(app_env) as session:
        _raw_mail(session, **payload)
        queue_mail(
            session, to="fine@example.org", template="reset_password", lang="en", name="F", link="x"
        )
    assert process_outbox(app_env) == 1  # only the good one went
    with session_scope(app_env) as session:
        rows = session.execute(sa.select(OutboxMessage).order_by(OutboxMessage.id)).scalars().all()
        bad, good = rows
        assert bad.processed_at is None, "a mail nobody can receive was marked delivered"
        assert "cannot be sent" in bad.last_error
        assert good.processed_at is not None
    # Failed for good: never claimed again, so an idle worker rewrites nothing.
    assert process_outbox(app_env) == 0
    with session_scope(app_env) as session:
        again = session.get(OutboxMessage, bad.id)
        assert again is not None and again.attempts == bad.attempts


def test_queue_mail_refuses_a_mail_without_recipient(app_env) -> None:
    with pytest.raises(DomainError, match="without a recipient"), session_scope(app_env) as s:
        queue_mail(s, to=" ", template="reset_password", lang="en", name="N", link="x")
    with session_scope(app_env) as session:
        assert session.execute(sa.select(sa.func.count()).select_from(OutboxMessage)).scalar() == 0


def _writes_while(url: str, run) -> list[str]:
    """Every statement that would change the database while `run()` runs."""
    engine = get_engine(url)
    statements: list[str] = []

    def seen(_conn, _cursor, statement: str, *_args) -> None:
        if not statement.lstrip().upper().startswith(("SELECT", "PRAGMA")):
            statements.append(statement.split("\n")[0][:120])

    sa.event.listen(engine, "before_cursor_execute", seen)
    try:
        run()
    finally:
        sa.event.remove(engine, "before_cursor_execute", seen)
    return statements


def test_an_idle_poll_writes_nothing(app_env, smtp, monkeypatch) -> None:
    """The in-process loop polls every few seconds: with nothing due it must only read,
    or the database files change (and a dev server watching them restarts) while idle."""
    monkeypatch.setattr(worker, "process_outbox", lambda: process_outbox(app_env))
    with session_scope(app_env) as session:
        queue_mail(
            session, to="once@example.org", template="reset_password", lang="en", name="O", link="x"
        )
        _raw_mail(session, to="", subject="broken")  # failed for good on the first poll
    worker.tick()  # the real work: sends one, fails one
    assert smtp.wait_for("once@example.org")

    writes = _writes_while(app_env, lambda: [worker.tick() for _ in range(5)])
    assert writes == []
    if app_env.startswith("sqlite"):
        path = Path(app_env.removeprefix("sqlite:///"))
        files = sorted(path.parent.glob(path.name + "*"))
        before = {f.name: (f.stat().st_mtime_ns, f.stat().st_size) for f in files}
        time.sleep(0.05)
        for _ in range(5):
            worker.tick()
        after = {f.name: (f.stat().st_mtime_ns, f.stat().st_size) for f in files}
        assert after == before
