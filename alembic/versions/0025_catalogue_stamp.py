"""catalogue: the stamp the unfiltered catalogue's facet counts are cached under, and the
index its pages are read from in the default order

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-03
"""

import time
from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    stamp = op.create_table(
        "catalogue_stamp",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    # Starts from the clock, not 0: a database made again (or migrated down and up) never
    # repeats a number a running process may have kept counts under.
    op.bulk_insert(stamp, [{"id": 1, "n": time.time_ns() // 1000}])
    op.create_index(
        "ix_offering_catalogue_order",
        "offering",
        [sa.text("featured DESC"), sa.text("(start_date IS NULL)"), "start_date", "title", "id"],
        postgresql_where=sa.text("status = 'published'"),
        sqlite_where=sa.text("status = 'published'"),
    )


def downgrade() -> None:
    op.drop_index("ix_offering_catalogue_order", table_name="offering")
    op.drop_table("catalogue_stamp")
