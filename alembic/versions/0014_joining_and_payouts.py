"""university applications and payout accounts

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02

A university applies to join the market and an operator decides; a university's
connected account at the payment provider, with what the provider last said about it
(`charges_enabled`). Accounts pasted with `microcred connect` before this migration are
copied over as not yet able to take charges: the next `account.updated` from Stripe,
the owner's payments page or `microcred connect` again asks Stripe and sets it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('university_application',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.Uuid(), nullable=False),
    sa.Column('applicant_user_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('country_code', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('city', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('website', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('quality_body', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('contact_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('contact_email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('contact_phone', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('decided_by', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('university_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['applicant_user_id'], ['user_account.id'], ),
    sa.ForeignKeyConstraint(['decided_by'], ['user_account.id'], ),
    sa.ForeignKeyConstraint(['university_id'], ['university.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('university_application', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_university_application_uuid'), ['uuid'], unique=True)
        batch_op.create_index(batch_op.f('ix_university_application_applicant_user_id'), ['applicant_user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_university_application_state'), ['state'], unique=False)

    op.create_table('payout_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('university_id', sa.Integer(), nullable=False),
    sa.Column('provider', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('account_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('charges_enabled', sa.Boolean(), nullable=False),
    sa.Column('payouts_enabled', sa.Boolean(), nullable=False),
    sa.Column('details_submitted', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('checked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['university_id'], ['university.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('university_id', 'provider', name='uq_payout_university_provider'),
    sa.UniqueConstraint('provider', 'account_id', name='uq_payout_provider_account'),
    )
    with op.batch_alter_table('payout_account', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payout_account_university_id'), ['university_id'], unique=False)

    op.execute(
        "INSERT INTO payout_account (university_id, provider, account_id, charges_enabled,"
        " payouts_enabled, details_submitted, created_at)"
        " SELECT university_id, 'stripe', stripe_account_id, false, false, false, CURRENT_TIMESTAMP"
        " FROM platform_setting"
        " WHERE university_id IS NOT NULL AND stripe_account_id IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table('payout_account', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payout_account_university_id'))
    op.drop_table('payout_account')
    with op.batch_alter_table('university_application', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_university_application_state'))
        batch_op.drop_index(batch_op.f('ix_university_application_applicant_user_id'))
        batch_op.drop_index(batch_op.f('ix_university_application_uuid'))
    op.drop_table('university_application')
