"""the complainant's and agents' own steps: a case's intake channel when an agent registered it
(phone, letter, in person), one survey per closing, the investigation record

Revision ID: 0008
Revises: 0005
Create Date: 2026-12-02 01:50:00
"""
from alembic import op
import sqlalchemy as sa

from core.storage.types import ExactDecimal, UTCDateTime


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cases') as batch:
        batch.add_column(sa.Column('received_via', sa.String(length=16), nullable=True))
    with op.batch_alter_table('satisfaction') as batch:
        batch.add_column(sa.Column('closed_at', UTCDateTime(), nullable=True))
        batch.drop_constraint('uq_satisfaction_case_id', type_='unique')
        batch.create_unique_constraint('uq_satisfaction_case_closing', ['case_id', 'closed_at'])
        batch.create_index('ix_satisfaction_case_id', ['case_id'])
    # a rating given before this revision rates the closing its case is at
    op.execute("UPDATE satisfaction SET closed_at = (SELECT closed_at FROM cases WHERE cases.id = satisfaction.case_id)")
    op.create_table(
        'investigations',
        sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
        sa.Column('case_id', sa.String(length=32), nullable=False),
        sa.Column('findings', sa.Text(), nullable=True),
        sa.Column('root_cause', sa.String(length=64), nullable=True),
        sa.Column('corrective_action', sa.Text(), nullable=True),
        sa.Column('redress_kind', sa.String(length=64), nullable=True),
        sa.Column('redress_amount', ExactDecimal(), nullable=True),
        sa.Column('redress_currency', sa.String(length=3), nullable=True),
        sa.Column('recorded_by', sa.String(length=64), nullable=False),
        sa.Column('recorded_at', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name='fk_investigations_case_id_cases'),
        sa.PrimaryKeyConstraint('id', name='pk_investigations'),
        sa.UniqueConstraint('case_id', name='uq_investigations_case_id'),
    )


def downgrade() -> None:
    op.drop_table('investigations')
    with op.batch_alter_table('satisfaction') as batch:
        batch.drop_index('ix_satisfaction_case_id')
        batch.drop_constraint('uq_satisfaction_case_closing', type_='unique')
        batch.create_unique_constraint('uq_satisfaction_case_id', ['case_id'])
        batch.drop_column('closed_at')
    with op.batch_alter_table('cases') as batch:
        batch.drop_column('received_via')
