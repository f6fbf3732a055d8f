"""offering versions

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02

The numbered snapshots of a published offering's facts, and on each credential the
version it was signed with.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "offering_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("offering_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("created_by_user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["offering_id"], ["offering.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("offering_id", "number", name="uq_offering_version_number"),
    )
    op.create_index("ix_offering_version_uuid", "offering_version", ["uuid"], unique=True)
    op.create_index("ix_offering_version_offering_id", "offering_version", ["offering_id"])
    with op.batch_alter_table("credential") as batch:
        batch.add_column(sa.Column("offering_version_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_credential_offering_version", "offering_version", ["offering_version_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("credential") as batch:
        batch.drop_constraint("fk_credential_offering_version", type_="foreignkey")
        batch.drop_column("offering_version_id")
    op.drop_index("ix_offering_version_offering_id", table_name="offering_version")
    op.drop_index("ix_offering_version_uuid", table_name="offering_version")
    op.drop_table("offering_version")
