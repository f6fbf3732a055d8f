"""analytics: credential activity

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02

Verifications and shares of our credentials, one row each, for the university's
analytics (`credentials/activity.py`). Shares recorded so far in the credential's
history are copied in, so the figures start with what is already known.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "credential_activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("credential_id", sa.Integer(), nullable=False),
        sa.Column("university_id", sa.Integer(), nullable=False),
        sa.Column("offering_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("verdict", sa.String(length=16), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["credential_id"], ["credential.id"]),
        sa.ForeignKeyConstraint(["offering_id"], ["offering.id"]),
        sa.ForeignKeyConstraint(["university_id"], ["university.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_credential_activity_credential_id", "credential_activity", ["credential_id"]
    )
    op.create_index(
        "ix_credential_activity_university_at", "credential_activity", ["university_id", "at"]
    )
    op.execute(
        "INSERT INTO credential_activity"
        " (credential_id, university_id, offering_id, kind, verdict, at)"
        " SELECT c.id, c.university_id, c.offering_id, 'shared', '', e.created_at"
        " FROM credential_event e JOIN credential c ON c.id = e.credential_id"
        " WHERE e.kind = 'shared'"
    )


def downgrade() -> None:
    op.drop_index("ix_credential_activity_university_at", table_name="credential_activity")
    op.drop_index("ix_credential_activity_credential_id", table_name="credential_activity")
    op.drop_table("credential_activity")
