"""external referral: when the external dispute-resolution body was offered, which body the case
went to and when, and the outcome an agent recorded (ISO 10003)

Revision ID: 0007
Revises: 0005
Create Date: 2026-12-02 02:00:00
"""
from alembic import op
import sqlalchemy as sa
import core.storage.types


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cases') as batch:
        batch.add_column(sa.Column('referral_offered_at', core.storage.types.UTCDateTime(), nullable=True))
        batch.add_column(sa.Column('referral_body', sa.String(length=200), nullable=True))
        batch.add_column(sa.Column('referred_at', core.storage.types.UTCDateTime(), nullable=True))
        batch.add_column(sa.Column('referral_outcome', sa.String(length=32), nullable=True))
        batch.add_column(sa.Column('referral_outcome_at', core.storage.types.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('cases') as batch:
        for name in ('referral_outcome_at', 'referral_outcome', 'referred_at', 'referral_body', 'referral_offered_at'):
            batch.drop_column(name)
