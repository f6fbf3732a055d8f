"""Processing the outbox: each message is handled once, after the commit that made it.

Rows are claimed one at a time (`FOR UPDATE SKIP LOCKED` on PostgreSQL) so several
workers can run side by side; a failure is recorded and retried later, never dropped.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from microcred_market.platform.clock import utcnow
from microcred_market.platform.db import get_engine
from microcred_market.platform.models import OutboxMessage
from microcred_market.settings import get_settings

log = logging.getLogger("microcred.outbox")
MAX_ATTEMPTS = 10


def _deliver_mail(payload: dict[str, Any]) -> None:
    settings = get_settings()
    if not settings.smtp_url:
        # The offline default: the message stays readable in the outbox table and the log.
        log.info("mail to %s: %s\n%s", payload["to"], payload["subject"], payload["body"])
        return
    from microcred_market.platform.smtp import send_mail

    send_mail(
        settings.smtp_url, settings.mail_from, payload["to"], payload["subject"], payload["body"]
    )


HANDLERS: dict[str, Callable[[dict[str, Any]], None]] = {"mail": _deliver_mail}
# Kinds that can be handled many at a time inside the claiming transaction: the work and
# the "processed" marks commit together, so a crash leaves neither (a cohort of 10,000
# passes is issued in batches instead of 10,000 transactions).
BATCH_HANDLERS: dict[str, Callable[[Session, list[dict[str, Any]]], None]] = {}
BATCH_SIZE = 50


def _register_order_handlers() -> None:
    from microcred_market.orders.handlers import HANDLERS as ORDER_HANDLERS

    HANDLERS.update(ORDER_HANDLERS)
    from microcred_market.credentials.issuing import ISSUE_KIND, handle_issue, handle_issue_batch

    HANDLERS[ISSUE_KIND] = handle_issue
    BATCH_HANDLERS[ISSUE_KIND] = handle_issue_batch


# One run at a time in this process: the in-process loop and the kick after a request
# would otherwise claim the same row on SQLite, which has no SKIP LOCKED.
_RUN_LOCK = threading.Lock()


def process_outbox(url: str | None = None, limit: int = 100) -> int:
    """Handle up to `limit` pending messages; returns how many were handled."""
    with _RUN_LOCK:
        return _process_outbox(url, limit)


def _process_outbox(url: str | None, limit: int) -> int:
    if "order.receipt" not in HANDLERS:
        _register_order_handlers()
    engine = get_engine(url)
    done = 0
    failed: list[int] = []
    for _ in range(limit):
        with Session(engine) as session:
            stmt = (
                select(OutboxMessage)
                .where(OutboxMessage.processed_at.is_(None))
                .where(OutboxMessage.attempts < MAX_ATTEMPTS)
                .where(OutboxMessage.id.not_in(failed or [-1]))
                .order_by(OutboxMessage.id)
                .limit(1)
            )
            if engine.dialect.name == "postgresql":
                stmt = stmt.with_for_update(skip_locked=True)
            message = session.exec(stmt).first()
            if message is None:
                break
            if message.kind == "mail":
                done += _deliver_mail_batch(session, message, failed)
                continue
            if message.kind in BATCH_HANDLERS:
                handled = _process_batch(session, message, failed)
                if handled:
                    done += handled
                    continue
            handler = HANDLERS.get(message.kind)
            try:
                if handler is None:
                    raise RuntimeError(f"no handler for {message.kind}")
                handler(dict(message.payload))
            except Exception as error:  # recorded and retried, never lost
                message.attempts += 1
                message.last_error = f"{type(error).__name__}: {error}"[:2000]
                session.add(message)
                session.commit()
                failed.append(message.id)  # type: ignore[arg-type]
                log.warning("outbox %s failed: %s", message.id, message.last_error)
                continue
            message.attempts += 1
            message.processed_at = utcnow()
            session.add(message)
            session.commit()
            done += 1
    return done


def _deliver_mail_batch(session: Session, first: OutboxMessage, failed: list[int]) -> int:
    """Send up to BATCH_SIZE pending mails over one SMTP connection; returns how many went.

    Each message is marked sent or failed on its own, so one bad address does not hold
    back the rest. As with single messages, a crash between sending and the commit can
    send a mail twice, never lose it.
    """
    stmt = (
        select(OutboxMessage)
        .where(OutboxMessage.processed_at.is_(None))
        .where(OutboxMessage.kind == "mail")
        .where(OutboxMessage.attempts < MAX_ATTEMPTS)
        .where(OutboxMessage.id.not_in(failed or [-1]))
        .order_by(OutboxMessage.id)
        .limit(BATCH_SIZE)
    )
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    messages = [first, *[m for m in session.exec(stmt).all() if m.id != first.id]]
    settings = get_settings()
    sent = 0

    def record(message: OutboxMessage, error: Exception | None) -> None:
        message.attempts += 1
        if error is None:
            message.processed_at = utcnow()
        else:
            message.last_error = f"{type(error).__name__}: {error}"[:2000]
            failed.append(message.id)  # type: ignore[arg-type]
            log.warning("outbox %s failed: %s", message.id, message.last_error)
        session.add(message)

    if not settings.smtp_url:
        for message in messages:
            _deliver_mail(dict(message.payload))
            record(message, None)
        session.commit()
        return len(messages)
    from microcred_market.platform.smtp import connection, send_with

    try:
        with connection(settings.smtp_url) as client:
            for message in messages:
                payload = message.payload
                try:
                    send_with(
                        client,
                        settings.mail_from,
                        payload["to"],
                        payload["subject"],
                        payload["body"],
                    )
                except Exception as error:  # this address; the others still go
                    record(message, error)
                    continue
                record(message, None)
                sent += 1
    except Exception as error:  # the server: every message not yet sent waits
        for message in messages:
            if message.processed_at is None and message.id not in failed:
                record(message, error)
    session.commit()
    return sent


def _process_batch(session: Session, first: OutboxMessage, failed: list[int]) -> int:
    """Claim up to BATCH_SIZE messages of `first.kind` and handle them in one transaction.

    Returns how many were handled, or 0 when the batch failed (rolled back; the caller
    then handles `first` on its own, which records any error against that message).
    """
    stmt = (
        select(OutboxMessage)
        .where(OutboxMessage.processed_at.is_(None))
        .where(OutboxMessage.kind == first.kind)
        .where(OutboxMessage.attempts < MAX_ATTEMPTS)
        .where(OutboxMessage.id.not_in(failed or [-1]))
        .order_by(OutboxMessage.id)
        .limit(BATCH_SIZE)
    )
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    messages = [first, *[m for m in session.exec(stmt).all() if m.id != first.id]]
    try:
        with session.begin_nested():
            BATCH_HANDLERS[first.kind](session, [dict(m.payload) for m in messages])
            now = utcnow()
            for message in messages:
                message.attempts += 1
                message.processed_at = now
                session.add(message)
        session.commit()
    except Exception as error:  # fall back to one at a time, where errors are recorded
        session.rollback()
        log.info("outbox batch of %s fell back to single messages: %s", first.kind, error)
        return 0
    return len(messages)


def pending_count(session: Session) -> int:
    return int(
        session.execute(
            sa.select(sa.func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.processed_at.is_(None))
        ).scalar_one()
    )


def recent_messages(session: Session, limit: int = 200) -> list[dict[str, Any]]:
    """The newest messages first, for the operator's view of what was sent and what failed."""
    rows = session.exec(select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)).all()
    return [
        {
            "id": str(r.uuid),
            "kind": r.kind,
            "to": r.payload.get("to"),
            "subject": r.payload.get("subject"),
            "created_at": r.created_at,
            "processed_at": r.processed_at,
            "attempts": r.attempts,
            "last_error": r.last_error,
        }
        for r in rows
    ]
