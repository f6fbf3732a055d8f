"""The read side of the platform's own tables, for the operator's pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from microcred_market.platform.models import OutboxMessage


@dataclass(frozen=True)
class OutboxLine:
    """One queued message: what it is, for whom, and whether it went out."""

    kind: str
    to: str
    subject: str
    created_at: datetime
    delivered: bool
    last_error: str


def recent_outbox(session: Session, limit: int = 200) -> list[OutboxLine]:
    rows = session.exec(
        select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)  # type: ignore[union-attr]
    ).all()
    return [
        OutboxLine(
            kind=m.kind,
            to=str(m.payload.get("to", "")),
            subject=str(m.payload.get("subject", "")),
            created_at=m.created_at,
            delivered=m.processed_at is not None,
            last_error=m.last_error or "",
        )
        for m in rows
    ]
