"""Mail survives a mail server that is down: it waits in the outbox, then goes."""

from __future__ import annotations

from uuid import uuid4

import pytest
import sqlalchemy as sa

from microcred_market.platform.db import session_scope
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
