"""stacking nearly notice

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02

One row per learner and qualification once the learner was mailed that a single part
would complete it, so the mail goes once however often their credentials are judged.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "stacking_nearly_notice",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("qualification_id", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["qualification_id"], ["qualification.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"]),
        sa.PrimaryKeyConstraint("user_id", "qualification_id"),
    )


def downgrade() -> None:
    op.drop_table("stacking_nearly_notice")
