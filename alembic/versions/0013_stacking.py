"""stacking

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02

Qualifications' rule trees with the facts of their award (awarding university, PRK
level, ZSK code, partial), one stacked award per learner and qualification, and the
credential table opened to qualification credentials (no enrolment, no offering).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('qualification_rule',
    sa.Column('qualification_id', sa.Integer(), nullable=False),
    sa.Column('university_id', sa.Integer(), nullable=False),
    sa.Column('rule', sa.JSON(), nullable=False),
    sa.Column('prk_level', sa.Integer(), nullable=True),
    sa.Column('zsk_code', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('partial', sa.Boolean(), nullable=False),
    sa.Column('achievement_type', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_user_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('prk_level IS NULL OR prk_level BETWEEN 1 AND 8', name='ck_rule_prk'),
    sa.ForeignKeyConstraint(['qualification_id'], ['qualification.id'], ),
    sa.ForeignKeyConstraint(['university_id'], ['university.id'], ),
    sa.ForeignKeyConstraint(['updated_by_user_id'], ['user_account.id'], ),
    sa.PrimaryKeyConstraint('qualification_id')
    )
    with op.batch_alter_table('qualification_rule', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qualification_rule_university_id'), ['university_id'], unique=False)

    op.create_table('stacked_award',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('qualification_id', sa.Integer(), nullable=False),
    sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('credential_id', sa.Integer(), nullable=True),
    sa.Column('suspended_by_rules', sa.Boolean(), nullable=False),
    sa.Column('ects', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['credential_id'], ['credential.id'], ),
    sa.ForeignKeyConstraint(['qualification_id'], ['qualification.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'qualification_id', name='uq_stacked_award_learner')
    )
    with op.batch_alter_table('stacked_award', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stacked_award_qualification_id'), ['qualification_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stacked_award_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stacked_award_uuid'), ['uuid'], unique=True)

    with op.batch_alter_table('credential', schema=None) as batch_op:
        batch_op.add_column(sa.Column('qualification_id', sa.Integer(), nullable=True))
        batch_op.alter_column('enrolment_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.alter_column('offering_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.create_foreign_key('fk_credential_qualification_id', 'qualification', ['qualification_id'], ['id'])



def downgrade() -> None:
    # Qualification credentials have no enrolment: they go before the column is required.
    op.execute("DELETE FROM stacked_award")
    op.execute(
        "DELETE FROM credential_event WHERE credential_id IN "
        "(SELECT id FROM credential WHERE qualification_id IS NOT NULL)"
    )
    op.execute("DELETE FROM credential WHERE qualification_id IS NOT NULL")
    with op.batch_alter_table('credential', schema=None) as batch_op:
        batch_op.drop_constraint('fk_credential_qualification_id', type_='foreignkey')
        batch_op.alter_column('offering_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.alter_column('enrolment_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.drop_column('qualification_id')

    with op.batch_alter_table('stacked_award', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stacked_award_uuid'))
        batch_op.drop_index(batch_op.f('ix_stacked_award_user_id'))
        batch_op.drop_index(batch_op.f('ix_stacked_award_qualification_id'))

    op.drop_table('stacked_award')
    with op.batch_alter_table('qualification_rule', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_qualification_rule_university_id'))

    op.drop_table('qualification_rule')
