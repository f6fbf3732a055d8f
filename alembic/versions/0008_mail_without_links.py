"""mail without links

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02

Mail written before links were minted at sending time kept its whole body, one-time
links included, for ever: this trims every mail that went (or failed for good) to its
recipient, subject and template, as new mail is kept. Accounts deleted before deletion
pseudonymised the audit trail still have their address in audit events, the outbox,
invitations and rate-limit counts: the address is read back from the account's sign-up
event and replaced by the same pseudonym new deletions use. Data only; nothing to undo.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEPT = ("to", "subject", "lang", "template")
MAX_ATTEMPTS = 10

outbox = sa.table(
    "outbox",
    sa.column("id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("payload", sa.JSON),
    sa.column("processed_at", sa.DateTime(timezone=True)),
    sa.column("attempts", sa.Integer),
)
users = sa.table(
    "user_account",
    sa.column("id", sa.Integer),
    sa.column("uuid", sa.Uuid),
    sa.column("deleted_at", sa.DateTime(timezone=True)),
)
events = sa.table(
    "audit_event",
    sa.column("id", sa.Integer),
    sa.column("actor_user_id", sa.Integer),
    sa.column("action", sa.String),
    sa.column("subject", sa.String),
    sa.column("detail", sa.JSON),
)
invitations = sa.table("staff_invitation", sa.column("email", sa.String))
hits = sa.table("rate_limit_hit", sa.column("key", sa.String))


def _replaced(value: Any, old: str, new: str) -> Any:
    if isinstance(value, str):
        return value.replace(old, new)
    if isinstance(value, dict):
        return {k: _replaced(v, old, new) for k, v in value.items()}
    if isinstance(value, list):
        return [_replaced(v, old, new) for v in value]
    return value


def _payload(raw: Any) -> dict[str, Any]:
    return json.loads(raw) if isinstance(raw, str) else dict(raw or {})


def upgrade() -> None:
    connection = op.get_bind()
    mail = connection.execute(
        sa.select(outbox.c.id, outbox.c.payload, outbox.c.processed_at, outbox.c.attempts).where(
            outbox.c.kind == "mail"
        )
    ).all()
    done = [row for row in mail if row.processed_at is not None or row.attempts >= MAX_ATTEMPTS]
    for row in done:
        payload = _payload(row.payload)
        kept = {key: payload[key] for key in KEPT if key in payload}
        if kept != payload:
            connection.execute(sa.update(outbox).where(outbox.c.id == row.id).values(payload=kept))

    deleted = connection.execute(
        sa.select(users.c.id, users.c.uuid).where(users.c.deleted_at.is_not(None))
    ).all()
    for user in deleted:
        addresses = (
            connection.execute(
                sa.select(events.c.subject).where(
                    events.c.actor_user_id == user.id, events.c.action == "account.signup"
                )
            )
            .scalars()
            .all()
        )
        stand_in = f"deleted-account:{user.uuid}"
        for address in {a for a in addresses if a and "@" in a}:
            _forget(connection, address, stand_in)


def _forget(connection: sa.Connection, address: str, stand_in: str) -> None:
    escaped = json.dumps(address)[1:-1]
    for row in connection.execute(
        sa.select(events.c.id, events.c.subject, events.c.detail).where(
            sa.or_(
                events.c.subject.contains(address, autoescape=True),
                sa.cast(events.c.detail, sa.Text).contains(escaped, autoescape=True),
            )
        )
    ).all():
        connection.execute(
            sa.update(events)
            .where(events.c.id == row.id)
            .values(
                subject=(row.subject or "").replace(address, stand_in)[:200],
                detail=_replaced(_payload(row.detail), address, stand_in),
            )
        )
    for row in connection.execute(
        sa.select(outbox.c.id, outbox.c.payload, outbox.c.processed_at).where(
            sa.cast(outbox.c.payload, sa.Text).contains(escaped, autoescape=True)
        )
    ).all():
        payload = _payload(row.payload)
        values: dict[str, Any] = {"payload": _replaced(payload, address, stand_in)}
        if row.processed_at is None and payload.get("to") == address:
            values = {
                "payload": {
                    k: _replaced(payload[k], address, stand_in) for k in KEPT if k in payload
                },
                "attempts": MAX_ATTEMPTS,
            }
        connection.execute(sa.update(outbox).where(outbox.c.id == row.id).values(**values))
    connection.execute(
        sa.update(invitations).where(invitations.c.email == address).values(email=stand_in)
    )
    connection.execute(sa.delete(hits).where(hits.c.key.endswith(":" + address, autoescape=True)))


def downgrade() -> None:
    pass  # the bodies and addresses are gone on purpose
