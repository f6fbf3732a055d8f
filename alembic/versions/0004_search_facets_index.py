"""covering index for catalogue search (filters and facets read it, not the table)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = [
    "id",
    "status",
    "university_id",
    "eqf_level",
    "language",
    "participation_form",
    "assessment_type",
    "currency",
    "self_paced",
    "ects",
    "price_minor",
    "start_date",
]


def upgrade() -> None:
    with op.batch_alter_table("offering", schema=None) as batch_op:
        batch_op.create_index("ix_offering_search_facets", COLUMNS, unique=False)


def downgrade() -> None:
    with op.batch_alter_table("offering", schema=None) as batch_op:
        batch_op.drop_index("ix_offering_search_facets")
