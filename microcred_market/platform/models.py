"""Tables every capability shares: the outbox, rate-limit hits and the audit log."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from microcred_market.platform.clock import utcnow

TS = sa.DateTime(timezone=True)


class OutboxMessage(SQLModel, table=True):
    """Work that must happen after a commit (mail now; credentials and payouts later).

    Written in the same transaction as the change that causes it, processed afterwards
    by the in-process runner or `microcred worker`, idempotently.
    """

    __tablename__ = "outbox"

    id: int | None = Field(default=None, primary_key=True)
    uuid: UUID = Field(default_factory=uuid4, unique=True, index=True)
    kind: str = Field(max_length=40, index=True)
    payload: dict = Field(default_factory=dict, sa_type=sa.JSON)
    created_at: datetime = Field(default_factory=utcnow, sa_type=TS)
    processed_at: datetime | None = Field(default=None, sa_type=TS, index=True)
    attempts: int = Field(default=0)
    last_error: str = Field(default="", sa_type=sa.Text)
    # Set when the message failed OUTBOX_MAX_ATTEMPTS times (or can never be delivered):
    # it is no longer claimed, and waits for the operator to retry it.
    dead_at: datetime | None = Field(default=None, sa_type=TS, index=True)


class RateLimitHit(SQLModel, table=True):
    __tablename__ = "rate_limit_hit"
    __table_args__ = (sa.Index("ix_rate_limit_key_at", "key", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=300)
    created_at: datetime = Field(default_factory=utcnow, sa_type=TS)


class AuditEvent(SQLModel, table=True):
    """Written through `platform.audit.record`; `detail` holds `before` and `after`."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=TS, index=True)
    actor_user_id: int | None = Field(default=None, foreign_key="user_account.id", index=True)
    # Who acted when no account did (the command line: "cli:<OS login>").
    actor_name: str = Field(default="", max_length=200)
    action: str = Field(max_length=60, index=True)
    subject: str = Field(default="", max_length=200)
    detail: dict = Field(default_factory=dict, sa_type=sa.JSON)
