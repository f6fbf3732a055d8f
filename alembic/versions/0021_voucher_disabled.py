"""vouchers: disabled by the operator

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-02

The operator's vouchers page disables a code (`disabled_at`): the checkout refuses it
from then on, while the orders already paid with it keep their discount.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("voucher") as batch:
        batch.add_column(sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("voucher") as batch:
        batch.drop_column("disabled_at")
