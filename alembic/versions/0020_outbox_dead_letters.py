"""outbox: dead letters

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02

A message that failed OUTBOX_MAX_ATTEMPTS times is marked dead (`dead_at`) instead of
being skipped for its attempt count: the worker claims only live messages, and the
operator's outbox page lists the dead ones with their last error and retries them.
Messages that had already run out of attempts (10 before this revision) become dead now.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("dead_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_index("ix_outbox_dead_at", ["dead_at"])
    outbox = sa.table(
        "outbox",
        sa.column("processed_at", sa.DateTime(timezone=True)),
        sa.column("attempts", sa.Integer()),
        sa.column("dead_at", sa.DateTime(timezone=True)),
    )
    op.execute(
        outbox.update()
        .where(outbox.c.processed_at.is_(None), outbox.c.attempts >= 10)
        .values(dead_at=sa.func.current_timestamp())
    )


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_index("ix_outbox_dead_at")
        batch.drop_column("dead_at")
