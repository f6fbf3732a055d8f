"""cohorts and waiting lists

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02

An offering's cohorts (dates, seats, open or closed), the waiting list of a full cohort,
and on each order and enrolment the cohort its seat is in.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "cohort",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("offering_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("seat_capacity", sa.Integer(), nullable=True),
        sa.Column("seats_taken", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("seats_taken >= 0", name="ck_cohort_seats_taken"),
        sa.ForeignKeyConstraint(["offering_id"], ["offering.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_cohort_uuid", "cohort", ["uuid"], unique=True)
    op.create_index("ix_cohort_offering_id", "cohort", ["offering_id"])
    op.create_table(
        "waitlist_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("offered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("offer_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claimed_order_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["cohort_id"], ["cohort.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"]),
        sa.ForeignKeyConstraint(["claimed_order_id"], ["order_record.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("cohort_id", "user_id", name="uq_waitlist_cohort_user"),
    )
    op.create_index("ix_waitlist_entry_uuid", "waitlist_entry", ["uuid"], unique=True)
    op.create_index("ix_waitlist_entry_user_id", "waitlist_entry", ["user_id"])
    op.create_index("ix_waitlist_queue", "waitlist_entry", ["cohort_id", "status", "joined_at"])
    with op.batch_alter_table("order_record") as batch:
        batch.add_column(sa.Column("cohort_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_order_cohort", "cohort", ["cohort_id"], ["id"])
    with op.batch_alter_table("enrolment") as batch:
        batch.add_column(sa.Column("cohort_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_enrolment_cohort", "cohort", ["cohort_id"], ["id"])
        batch.create_index("ix_enrolment_cohort_id", ["cohort_id"])


def downgrade() -> None:
    with op.batch_alter_table("enrolment") as batch:
        batch.drop_index("ix_enrolment_cohort_id")
        batch.drop_constraint("fk_enrolment_cohort", type_="foreignkey")
        batch.drop_column("cohort_id")
    with op.batch_alter_table("order_record") as batch:
        batch.drop_constraint("fk_order_cohort", type_="foreignkey")
        batch.drop_column("cohort_id")
    op.drop_index("ix_waitlist_queue", table_name="waitlist_entry")
    op.drop_index("ix_waitlist_entry_user_id", table_name="waitlist_entry")
    op.drop_index("ix_waitlist_entry_uuid", table_name="waitlist_entry")
    op.drop_table("waitlist_entry")
    op.drop_index("ix_cohort_offering_id", table_name="cohort")
    op.drop_index("ix_cohort_uuid", table_name="cohort")
    op.drop_table("cohort")
