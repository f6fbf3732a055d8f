"""analytics: the figures kept per cell

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-02

The analytics page's figures per (university, offering, cohort, month), kept right in
the same transaction as every write that changes them (`analytics.cells`), so the page
reads a few hundred sums instead of counting a university's whole history; and indexes
by (offering, date) for the recount a write makes of its offering's cells of a few months.
Verifications and shares are not in the cells (a verification costs only its own row):
the page reads them from credential_activity, one offering's by (offering_id, at).
The cells of the history already recorded are counted here once.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlmodel import Session

from microcred_market.analytics import cells

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


_RECOUNT_INDEXES = (
    ("ix_enrolment_offering_created", "enrolment", ["offering_id", "created_at"]),
    ("ix_enrolment_offering_passed", "enrolment", ["offering_id", "passed_at"]),
    ("ix_order_record_offering_paid", "order_record", ["offering_id", "paid_at"]),
    ("ix_credential_offering_issued", "credential", ["offering_id", "issued_at"]),
    # Not a recount: the page reads one offering's verifications and shares live from
    # credential_activity (they are not in the cells; the whole university's by the
    # (university_id, at) index of 0019).
    ("ix_credential_activity_offering_at", "credential_activity", ["offering_id", "at"]),
)


def upgrade() -> None:
    op.create_table(
        "analytics_cell",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("university_id", sa.Integer(), nullable=False),
        sa.Column("offering_id", sa.Integer(), nullable=True),
        sa.Column("cohort_id", sa.Integer(), nullable=True),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("enrolments", sa.Integer(), nullable=False),
        sa.Column("cancelled", sa.Integer(), nullable=False),
        sa.Column("passed", sa.Integer(), nullable=False),
        sa.Column("not_passed", sa.Integer(), nullable=False),
        sa.Column("credentials", sa.Integer(), nullable=False),
        sa.Column("days_to_credential", sa.Float(), nullable=False),
        sa.Column("sales", sa.Integer(), nullable=False),
        sa.Column("gross_minor", sa.Integer(), nullable=False),
        sa.Column("fee_minor", sa.Integer(), nullable=False),
        sa.Column("refunds_minor", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_analytics_cell_university_month", "analytics_cell", ["university_id", "month"]
    )
    op.create_index(
        "ix_analytics_cell_university_offering_month",
        "analytics_cell",
        ["university_id", "offering_id", "month"],
    )
    # A write recounts its offering's cells of a few months: these find those rows.
    for name, table, columns in _RECOUNT_INDEXES:
        op.create_index(name, table, columns)
    session = Session(bind=op.get_bind(), join_transaction_mode="create_savepoint")
    try:
        cells.rebuild(session)
        session.commit()
    finally:
        session.close()


def downgrade() -> None:
    for name, table, _columns in reversed(_RECOUNT_INDEXES):
        op.drop_index(name, table_name=table)
    op.drop_index("ix_analytics_cell_university_offering_month", table_name="analytics_cell")
    op.drop_index("ix_analytics_cell_university_month", table_name="analytics_cell")
    op.drop_table("analytics_cell")
