"""stacking: qualifications a learner pinned as goals

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "qualification_goal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("qualification_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["qualification_id"], ["qualification.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "qualification_id", name="uq_qualification_goal"),
    )
    with op.batch_alter_table("qualification_goal", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_qualification_goal_user_id"), ["user_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_qualification_goal_qualification_id"),
            ["qualification_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("qualification_goal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_qualification_goal_qualification_id"))
        batch_op.drop_index(batch_op.f("ix_qualification_goal_user_id"))
    op.drop_table("qualification_goal")
