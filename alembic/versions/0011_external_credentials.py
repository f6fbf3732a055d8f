"""external credentials

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02

Credentials a learner earned elsewhere and brought into the wallet: the credential as it
came (to verify again), what the verifier read from it and its last verdict.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('external_credential',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('format', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('fingerprint', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('issuer_id', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('issuer_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('achievement_id', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('achievement_name', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('ects', sa.Numeric(precision=5, scale=2), nullable=True),
    sa.Column('issued_on', sa.DateTime(timezone=True), nullable=True),
    sa.Column('expires_on', sa.DateTime(timezone=True), nullable=True),
    sa.Column('verdict', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('checked_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'fingerprint', name='uq_external_credential_payload')
    )
    with op.batch_alter_table('external_credential', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_external_credential_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_external_credential_uuid'), ['uuid'], unique=True)


def downgrade() -> None:
    with op.batch_alter_table('external_credential', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_external_credential_uuid'))
        batch_op.drop_index(batch_op.f('ix_external_credential_user_id'))
    op.drop_table('external_credential')
