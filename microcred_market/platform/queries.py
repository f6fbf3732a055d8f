"""The read side of the platform's own tables, for the operator's page and API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

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
            subject=m.payload.get("subject"),
            created_at=m.created_at,
            processed_at=m.processed_at,
            attempts=m.attempts,
            last_error=m.last_error or "",
        )
        for m in rows
    ]
