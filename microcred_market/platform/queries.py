"""The read side of the platform's own tables, for the operator's page and API."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from microcred_market.platform import outbox
from microcred_market.platform.models import OutboxMessage


@dataclass(frozen=True)
class OutboxLine:
    """One queued message: what it is, for whom, and whether it went out."""

    id: str
    kind: str
    to: str | None
    subject: str | None
    created_at: datetime
    processed_at: datetime | None
    attempts: int
    last_error: str

    @property
    def delivered(self) -> bool:
        return self.processed_at is not None


def recent_outbox(session: Session, limit: int = 200) -> list[OutboxLine]:
    """The newest messages first, for the operator's view of what was sent and what failed."""
    rows = session.exec(
        select(OutboxMessage).order_by(col(OutboxMessage.id).desc()).limit(limit)
    ).all()
    return [
        OutboxLine(
            id=str(m.uuid),
            kind=m.kind,
            to=m.payload.get("to"),
            subject=masked(str(m.payload["subject"])) if m.payload.get("subject") else None,
            created_at=m.created_at,
            processed_at=m.processed_at,
            attempts=m.attempts,
            last_error=masked(m.last_error or ""),
        )
        for m in rows
    ]


# A one-time link (password reset, invitation) never reaches the operator's pages, even
# from rows written before mail bodies were left out of the outbox.
_SECRET = re.compile(r"(token=)[^&\s\"'<>]+", re.IGNORECASE)


def masked(text: str) -> str:
    return _SECRET.sub(r"\1…", text)


@dataclass(frozen=True)
class QueuedLine:
    """One message waiting, or dead, with what the operator needs to decide on it."""

    id: str
    kind: str
    to: str | None
    subject: str | None
    created_at: datetime
    attempts: int
    last_error: str
    dead_at: datetime | None
    retryable: bool
    lang: str = ""  # a mail's language (its subject is in it)


def queued(session: Session, *, dead: bool, limit: int = 200) -> list[QueuedLine]:
    """Messages not handled yet: those the worker still tries, or the dead ones."""
    state = (
        col(OutboxMessage.dead_at).is_not(None) if dead else col(OutboxMessage.dead_at).is_(None)
    )
    rows = session.exec(
        select(OutboxMessage)
        .where(col(OutboxMessage.processed_at).is_(None), state)
        .order_by(col(OutboxMessage.id).desc())
        .limit(limit)
    ).all()
    return [
        QueuedLine(
            id=str(m.uuid),
            kind=m.kind,
            to=m.payload.get("to"),
            subject=masked(str(m.payload.get("subject") or "")) or None,
            created_at=m.created_at,
            attempts=m.attempts,
            last_error=masked(m.last_error or ""),
            dead_at=m.dead_at,
            retryable=outbox.retryable(m),
            lang=str(m.payload.get("lang") or ""),
        )
        for m in rows
    ]


MAIL_PAGE_SIZE = 50


@dataclass(frozen=True)
class MailLine:
    """One mail as the operator sees it: to whom, what, when, and whether it went.

    Never its body: it may have carried a one-time link (and is not kept once sent).
    """

    id: str
    to: str
    subject: str
    template: str
    lang: str
    created_at: datetime
    sent_at: datetime | None
    dead: bool
    last_error: str


@dataclass(frozen=True)
class MailPage:
    lines: list[MailLine]
    total: int
    page: int
    pages: int


def mail_log(session: Session, recipient: str = "", page: int = 1) -> MailPage:
    """Mail of the outbox, newest first, optionally to a recipient (part of the address)."""
    conditions: list[Any] = [col(OutboxMessage.kind) == "mail"]
    wanted = recipient.strip().lower()[:200]
    if wanted:
        escaped = wanted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(
            sa.func.lower(col(OutboxMessage.payload)["to"].as_string()).like(
                f"%{escaped}%", escape="\\"
            )
        )
    total = int(
        session.execute(
            sa.select(sa.func.count()).select_from(OutboxMessage).where(*conditions)
        ).scalar_one()
    )
    pages = max(1, -(-total // MAIL_PAGE_SIZE))
    page = min(max(1, page), pages)
    rows = session.exec(
        select(OutboxMessage)
        .where(*conditions)
        .order_by(col(OutboxMessage.id).desc())
        .limit(MAIL_PAGE_SIZE)
        .offset((page - 1) * MAIL_PAGE_SIZE)
    ).all()
    lines = [
        MailLine(
            id=str(m.uuid),
            to=str(m.payload.get("to") or ""),
            subject=masked(str(m.payload.get("subject") or "")),
            template=str(m.payload.get("template") or ""),
            lang=str(m.payload.get("lang") or ""),
            created_at=m.created_at,
            sent_at=m.processed_at,
            dead=m.dead_at is not None and m.processed_at is None,
            last_error=masked(m.last_error or ""),
        )
        for m in rows
    ]
    return MailPage(lines=lines, total=total, page=page, pages=pages)
