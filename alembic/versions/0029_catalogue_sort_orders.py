"""catalogue: an index per sort order the page offers (price, start, workload), so a page
of the catalogue without words is read off the index in any order, not sorted from all
the published offerings (286-370 ms at a million offerings, 2-3 ms from the index)

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0029"
down_revision: str | None = "0028"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PUBLISHED = "status = 'published'"
ORDERS: dict[str, list[sa.TextClause | str]] = {
    "ix_offering_price_order": ["price_minor", "title", "id"],
    "ix_offering_start_order": [sa.text("(start_date IS NULL)"), "start_date", "title", "id"],
    "ix_offering_ects_order": ["ects", "title", "id"],
}


def upgrade() -> None:
    for name, columns in ORDERS.items():
        op.create_index(
            name,
            "offering",
            columns,
            postgresql_where=sa.text(PUBLISHED),
            sqlite_where=sa.text(PUBLISHED),
        )


def downgrade() -> None:
    for name in reversed(ORDERS):
        op.drop_index(name, table_name="offering")
