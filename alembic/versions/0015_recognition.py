"""recognition

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02

Recognition of credentials from elsewhere: a learner's request that an imported
credential count toward a qualification, the awarding university's decisions (reused
for the same achievement of the same issuer) and its trust list of issuers.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "issuer_trust",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("university_id", sa.Integer(), nullable=False),
        sa.Column("issuer_id", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("level", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("updated_by_user_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["university_id"],
            ["university.id"],
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_user_id"],
            ["user_account.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("university_id", "issuer_id", name="uq_issuer_trust"),
    )
    with op.batch_alter_table("issuer_trust", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_issuer_trust_university_id"), ["university_id"], unique=False
        )

    op.create_table(
        "recognition_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("university_id", sa.Integer(), nullable=False),
        sa.Column("qualification_id", sa.Integer(), nullable=False),
        sa.Column("issuer_id", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("achievement_id", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("node_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("ects", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("decided_by_user_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["decided_by_user_id"],
            ["user_account.id"],
        ),
        sa.ForeignKeyConstraint(
            ["qualification_id"],
            ["qualification.id"],
        ),
        sa.ForeignKeyConstraint(
            ["university_id"],
            ["university.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "university_id",
            "qualification_id",
            "issuer_id",
            "achievement_id",
            name="uq_recognition_decision",
        ),
    )
    with op.batch_alter_table("recognition_decision", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_recognition_decision_university_id"), ["university_id"], unique=False
        )

    op.create_table(
        "recognition_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("external_credential_id", sa.Integer(), nullable=False),
        sa.Column("qualification_id", sa.Integer(), nullable=False),
        sa.Column("university_id", sa.Integer(), nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("verified", sa.Boolean(), nullable=False),
        sa.Column("node_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("ects", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.Column("decided_by_user_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["decided_by_user_id"],
            ["user_account.id"],
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["recognition_decision.id"],
        ),
        sa.ForeignKeyConstraint(
            ["external_credential_id"], ["external_credential.id"], ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["qualification_id"],
            ["qualification.id"],
        ),
        sa.ForeignKeyConstraint(
            ["university_id"],
            ["university.id"],
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "external_credential_id", "qualification_id", name="uq_recognition_request"
        ),
    )
    with op.batch_alter_table("recognition_request", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_recognition_request_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_recognition_request_external_credential_id"),
            ["external_credential_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_recognition_request_qualification_id"),
            ["qualification_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_recognition_request_university_id"), ["university_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_recognition_request_user_id"), ["user_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_recognition_request_uuid"), ["uuid"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("recognition_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recognition_request_uuid"))
        batch_op.drop_index(batch_op.f("ix_recognition_request_user_id"))
        batch_op.drop_index(batch_op.f("ix_recognition_request_university_id"))
        batch_op.drop_index(batch_op.f("ix_recognition_request_qualification_id"))
        batch_op.drop_index(batch_op.f("ix_recognition_request_external_credential_id"))
        batch_op.drop_index(batch_op.f("ix_recognition_request_created_at"))

    op.drop_table("recognition_request")
    with op.batch_alter_table("recognition_decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recognition_decision_university_id"))

    op.drop_table("recognition_decision")
    with op.batch_alter_table("issuer_trust", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_issuer_trust_university_id"))

    op.drop_table("issuer_trust")
