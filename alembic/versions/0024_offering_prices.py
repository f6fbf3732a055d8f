"""catalogue: prices of an offering in other currencies than its own

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "offering_price",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("offering_id", sa.Integer(), nullable=False),
        sa.Column("currency", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("amount_minor", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("amount_minor >= 0", name="ck_offering_price_amount_nonnegative"),
        sa.ForeignKeyConstraint(["offering_id"], ["offering.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("offering_id", "currency", name="uq_offering_price_currency"),
    )
    with op.batch_alter_table("offering_price", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_offering_price_offering_id"), ["offering_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("offering_price", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offering_price_offering_id"))
    op.drop_table("offering_price")
