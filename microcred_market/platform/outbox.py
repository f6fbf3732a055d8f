"""Processing the outbox: each message is handled once, after the commit that made it.

Rows are claimed one at a time (`FOR UPDATE SKIP LOCKED` on PostgreSQL) so several
workers can run side by side; a failure is recorded and retried later, never dropped.
A message that failed OUTBOX_MAX_ATTEMPTS times (or can never be delivered) is marked
dead: no longer claimed, it keeps its last error until the operator retries it (`retry`).
This module is the one place below the entry points that commits (with the rate limits):
the claim of a message and its "processed" or "failed" mark are the worker's own unit of
work, and must be committed whatever the handler did, so that a message is neither lost
nor handled twice.
The handlers come from the capabilities above this module, which it cannot import:
`wiring.py` registers them (`register`, `register_batch`, `register_sender`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlmodel import Session, col, select

from microcred_market.platform import audit, wakeup
from microcred_market.platform.clock import utcnow
from microcred_market.platform.db import get_engine, saved_id
from microcred_market.platform.errors import DomainError, InvalidInput, NotFound
from microcred_market.platform.models import OutboxMessage
from microcred_market.settings import get_settings

log = logging.getLogger("microcred.outbox")


def max_attempts() -> int:
    """How often a message is tried before it is dead (OUTBOX_MAX_ATTEMPTS)."""
    return get_settings().outbox_max_attempts


class Undeliverable(DomainError):
    """A message no retry can ever deliver (a mail without recipient or subject).

    It is marked failed at once, with its reason, and never claimed again: retrying it
    would only rewrite the same failure on every poll of an otherwise idle worker.
    """


UNDELIVERABLE = f"{Undeliverable.__name__}: "


def _record_failure(message: OutboxMessage, error: Exception) -> None:
    message.attempts += 1
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    if isinstance(error, Undeliverable) or message.attempts >= max_attempts():
        message.dead_at = utcnow()
        log.error("outbox %s is dead after %s attempt(s)", message.id, message.attempts)


def bury(message: OutboxMessage, error: Undeliverable) -> None:
    """Give up on a message that can never go (its recipient deleted their account)."""
    message.last_error = f"{UNDELIVERABLE}{error}"[:2000]
    message.dead_at = utcnow()


def _live() -> list[Any]:
    """What the worker may claim: neither handled nor dead."""
    return [col(OutboxMessage.processed_at).is_(None), col(OutboxMessage.dead_at).is_(None)]


Handler = Callable[[dict[str, Any]], None]
# Handled many at a time inside the claiming transaction: the work and the "processed"
# marks commit together, so a crash leaves neither (a cohort of 10,000 passes is issued
# in batches instead of 10,000 transactions).
BatchHandler = Callable[[Session, list[dict[str, Any]]], None]
# Handled many at a time outside any transaction, each message succeeding or failing on
# its own (mail over one SMTP connection): returns one error or None per payload.
SendHandler = Callable[[list[dict[str, Any]]], list[Exception | None]]

# Runs just before a sender, in a unit of work of its own that is committed before
# anything is sent, and returns what to hand the sender (never stored) or an error per
# message. Mail mints its one-time links here, so that no usable link is ever written
# to the outbox: the database keeps only the link's hash, the mail the link itself.
Preparer = Callable[[Session, list[dict[str, Any]]], list[dict[str, Any] | Exception]]
# What of a message's payload stays once it was sent or given up (the rest is dropped).
Keeper = Callable[[dict[str, Any]], dict[str, Any]]

_HANDLERS: dict[str, Handler] = {}
_BATCH_HANDLERS: dict[str, BatchHandler] = {}
_SEND_HANDLERS: dict[str, SendHandler] = {}
_PREPARERS: dict[str, Preparer] = {}
_KEEPERS: dict[str, Keeper] = {}
_DEAD_KEEPERS: dict[str, Keeper] = {}
BATCH_SIZE = 50


def _claim(table: dict[str, Any], kind: str, handler: Any) -> None:
    """Record `handler` for `kind`; registering the same handler again is harmless."""
    if table.get(kind, handler) is not handler:
        raise ValueError(f"outbox kind {kind!r} already has a handler")
    table[kind] = handler


def register(kind: str, handler: Handler) -> None:
    """Handle messages of `kind` one at a time; the handler opens its own unit of work."""
    if kind in _SEND_HANDLERS:
        raise ValueError(f"outbox kind {kind!r} already has a sender")
    _claim(_HANDLERS, kind, handler)


def register_batch(kind: str, handler: BatchHandler) -> None:
    """Handle messages of `kind` in batches inside the claiming transaction.

    A kind with a batch handler also needs a single one (`register`): a batch that fails
    is rolled back and its first message is retried alone, which records the error.
    """
    _claim(_BATCH_HANDLERS, kind, handler)


def register_sender(
    kind: str,
    handler: SendHandler,
    *,
    prepare: Preparer | None = None,
    keep: Keeper | None = None,
    keep_dead: Keeper | None = None,
) -> None:
    """Handle messages of `kind` in batches, each marked sent or failed on its own.

    `prepare` turns the stored payloads into what is sent (see `Preparer`); `keep` says
    what of a payload stays once it was sent; `keep_dead` what stays once it died (all
    of it by default, so that the operator can retry it; a payload it changes cannot be
    sent any more, and the message is given up for good).
    """
    if kind in _HANDLERS or kind in _BATCH_HANDLERS:
        raise ValueError(f"outbox kind {kind!r} already has a handler")
    _claim(_SEND_HANDLERS, kind, handler)
    if prepare is not None:
        _claim(_PREPARERS, kind, prepare)
    if keep is not None:
        _claim(_KEEPERS, kind, keep)
    if keep_dead is not None:
        _claim(_DEAD_KEEPERS, kind, keep_dead)


def registered_kinds() -> frozenset[str]:
    """Every kind some handler takes (tests check that no written kind is left out)."""
    return frozenset(_HANDLERS) | frozenset(_BATCH_HANDLERS) | frozenset(_SEND_HANDLERS)


# One run at a time in this process: the in-process loop and the kick after a request
# would otherwise claim the same row on SQLite, which has no SKIP LOCKED.
_RUN_LOCK = threading.Lock()


def process_outbox(url: str | None = None, limit: int = 100) -> int:
    """Handle up to `limit` pending messages; returns how many were handled."""
    with _RUN_LOCK:
        return _process_outbox(url, limit)


def _process_outbox(url: str | None, limit: int) -> int:
    if not registered_kinds():
        # Without this every message would fail until it ran out of attempts.
        raise RuntimeError("the outbox has no handlers: call wiring.wire() at process start")
    engine = get_engine(url)
    done = 0
    failed: list[int] = []
    for _ in range(limit):
        with Session(engine) as session:
            stmt = (
                select(OutboxMessage)
                .where(*_live())
                .where(col(OutboxMessage.id).not_in(failed or [-1]))
                .order_by(col(OutboxMessage.id))
                .limit(1)
            )
            if engine.dialect.name == "postgresql":
                stmt = stmt.with_for_update(skip_locked=True)
            message = session.exec(stmt).first()
            if message is None:
                break
            if message.kind in _SEND_HANDLERS:
                done += _send_batch(session, message, failed)
                continue
            if message.kind in _BATCH_HANDLERS:
                handled = _process_batch(session, message, failed)
                if handled:
                    done += handled
                    continue
            handler = _HANDLERS.get(message.kind)
            try:
                if handler is None:
                    raise RuntimeError(f"no handler for {message.kind}")
                handler(dict(message.payload))
            except Exception as error:  # recorded and retried, never lost
                _record_failure(message, error)
                session.add(message)
                session.commit()  # the failure mark: the claim's own unit of work
                failed.append(saved_id(message))
                log.warning("outbox %s failed: %s", message.id, message.last_error)
                continue
            message.attempts += 1
            message.processed_at = utcnow()
            session.add(message)
            session.commit()  # the "processed" mark: the claim's own unit of work
            done += 1
    return done


def _send_batch(session: Session, first: OutboxMessage, failed: list[int]) -> int:
    """Hand up to BATCH_SIZE pending messages of `first.kind` to its sender at once.

    Each message is marked sent or failed on its own, so one bad address does not hold
    back the rest. As with single messages, a crash between sending and the commit can
    send a mail twice, never lose it. Returns how many went.
    """
    stmt = (
        select(OutboxMessage)
        .where(*_live())
        .where(OutboxMessage.kind == first.kind)
        .where(col(OutboxMessage.id).not_in(failed or [-1]))
        .order_by(col(OutboxMessage.id))
        .limit(BATCH_SIZE)
    )
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    messages = [first, *[m for m in session.exec(stmt).all() if m.id != first.id]]
    errors = _prepare_and_send(session, first.kind, [dict(m.payload) for m in messages])
    sent = 0
    now = utcnow()
    keep = _KEEPERS.get(first.kind)
    for message, error in zip(messages, errors, strict=True):
        if error is None:
            message.attempts += 1
            message.processed_at = now
            if keep is not None:
                message.payload = keep(dict(message.payload))
            sent += 1
        else:
            _record_failure(message, error)
            if keep is not None and isinstance(error, Undeliverable):
                message.payload = keep(dict(message.payload))  # never sent: nothing to keep
            elif message.dead_at is not None and first.kind in _DEAD_KEEPERS:
                kept = _DEAD_KEEPERS[first.kind](dict(message.payload))
                if kept != message.payload:  # too little left to send it: given up for good
                    message.payload = kept
                    message.last_error = f"{UNDELIVERABLE}{message.last_error}"[:2000]
            failed.append(saved_id(message))
            log.warning("outbox %s failed: %s", message.id, message.last_error)
        session.add(message)
    session.commit()  # sent and failed marks of the batch: the claim's own unit of work
    return sent


def _prepare_and_send(
    claim: Session, kind: str, payloads: list[dict[str, Any]]
) -> list[Exception | None]:
    """Prepare (committed on its own, before sending) and send; one error or None each.

    A retry prepares again: a one-time link minted for a mail that never went out is
    replaced by a new one, so at most one link per message is ever valid.
    """
    prepare = _PREPARERS.get(kind)
    ready: list[dict[str, Any] | Exception] = list(payloads)
    try:
        if prepare is not None:
            with Session(claim.get_bind()) as own:
                ready = prepare(own, payloads)
                own.commit()  # the prepared state (a link's hash) exists before the mail
        to_send = [p for p in ready if not isinstance(p, Exception)]
        results = iter(_SEND_HANDLERS[kind](to_send) if to_send else [])
        return [p if isinstance(p, Exception) else next(results) for p in ready]
    except Exception as broken:  # a sender that breaks: every message waits for a retry
        return [broken] * len(payloads)


def _process_batch(session: Session, first: OutboxMessage, failed: list[int]) -> int:
    """Claim up to BATCH_SIZE messages of `first.kind` and handle them in one transaction.

    Returns how many were handled, or 0 when the batch failed (rolled back; the caller
    then handles `first` on its own, which records any error against that message).
    """
    stmt = (
        select(OutboxMessage)
        .where(*_live())
        .where(OutboxMessage.kind == first.kind)
        .where(col(OutboxMessage.id).not_in(failed or [-1]))
        .order_by(col(OutboxMessage.id))
        .limit(BATCH_SIZE)
    )
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    messages = [first, *[m for m in session.exec(stmt).all() if m.id != first.id]]
    try:
        with session.begin_nested():
            _BATCH_HANDLERS[first.kind](session, [dict(m.payload) for m in messages])
            now = utcnow()
            for message in messages:
                message.attempts += 1
                message.processed_at = now
                session.add(message)
        session.commit()  # the batch's work and its marks together: the claim's unit of work
    except Exception as error:  # fall back to one at a time, where errors are recorded
        session.rollback()
        log.info("outbox batch of %s fell back to single messages: %s", first.kind, error)
        return 0
    return len(messages)


def pending_count(session: Session) -> int:
    """Messages still to be handled (the dead ones wait for the operator, not the worker)."""
    return int(
        session.execute(
            sa.select(sa.func.count()).select_from(OutboxMessage).where(*_live())
        ).scalar_one()
    )


def dead_count(session: Session) -> int:
    return int(
        session.execute(
            sa.select(sa.func.count())
            .select_from(OutboxMessage)
            .where(
                col(OutboxMessage.dead_at).is_not(None), col(OutboxMessage.processed_at).is_(None)
            )
        ).scalar_one()
    )


def retryable(message: OutboxMessage) -> bool:
    """Dead, and not for a reason no retry can change (no recipient, a link gone)."""
    return (
        message.dead_at is not None
        and message.processed_at is None
        and not message.last_error.startswith(UNDELIVERABLE)
    )


def retry(session: Session, message_uuid: str, actor: audit.Actor) -> None:
    """Bring a dead message back to life: its attempts start again from nothing.

    The caller has checked the permission (the operator's). Audited with the attempts,
    death and error before; the worker is woken when the caller commits.
    """
    try:
        key = UUID(str(message_uuid))
    except ValueError:
        raise NotFound("error.platform.outbox_message_unknown") from None
    message = session.exec(select(OutboxMessage).where(OutboxMessage.uuid == key)).first()
    if message is None:
        raise NotFound("error.platform.outbox_message_unknown")
    if not retryable(message):
        raise InvalidInput("error.platform.outbox_not_retryable")
    before = {
        "attempts": message.attempts,
        "dead_at": message.dead_at.isoformat() if message.dead_at else None,
        "last_error": message.last_error[:200],
    }
    message.attempts = 0
    message.dead_at = None
    session.add(message)
    audit.record(
        session,
        "outbox.retried",
        actor,
        f"{message.kind}:{message.uuid}",
        before=before,
        after={"attempts": 0, "dead_at": None},
    )
    wakeup.expect_work(session)
