"""enrolment outcome

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02

How a pass was earned, written with the pass by the assessment engine and copied into
the credential: the scale of the result (a percentage with the version's pass mark, or
pass/fail), the kinds of assessment, the weakest supervision, and whether it was
recognition of prior learning. Passes recorded before it carry none (the credential then
states what the offering declares, as before).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('enrolment', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('outcome', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('enrolment', schema=None) as batch_op:
        batch_op.drop_column('outcome')
