"""analytics: the cells a committed write changed, noted for the next reader to recount
(the recount left the writer's transaction, where every checkout of a university queued
behind it)

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0028"
down_revision: str | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "analytics_pending",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("university_id", sa.Integer(), nullable=False),
        sa.Column("offering_id", sa.Integer(), nullable=True),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_analytics_pending_university", "analytics_pending", ["university_id"])


def downgrade() -> None:
    # The cells the notes name were not recounted yet: an older version recounts in the
    # writer's transaction and would never read them, so recount everything it keeps.
    bind = op.get_bind()
    noted = bind.execute(sa.text("SELECT count(*) FROM analytics_pending")).scalar_one()
    op.drop_index("ix_analytics_pending_university", table_name="analytics_pending")
    op.drop_table("analytics_pending")
    if noted:
        from sqlmodel import Session

        from microcred_market.analytics import cells

        cells.rebuild(Session(bind=bind))
