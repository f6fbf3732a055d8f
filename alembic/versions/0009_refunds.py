"""refunds

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01

How much of an order was given back (a partial refund keeps the learner enrolled), and
the rule that a recorded result also marks the assessment as started: passes recorded
before it (staff "pass", the results file) lose the right of withdrawal they wrongly kept.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('order_record', schema=None, recreate='never') as batch_op:
        batch_op.add_column(
            sa.Column('refunded_minor', sa.Integer(), server_default='0', nullable=False)
        )
    op.execute(
        "UPDATE order_record SET refunded_minor = amount_minor WHERE state = 'refunded'"
    )
    op.execute(
        "UPDATE enrolment SET assessment_started_at = passed_at "
        "WHERE passed_at IS NOT NULL AND assessment_started_at IS NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table('order_record', schema=None) as batch_op:
        batch_op.drop_column('refunded_minor')
