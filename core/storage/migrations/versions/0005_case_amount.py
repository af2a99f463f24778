"""the money a complaint is about: a case's amount (exact) and its ISO 4217 currency

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 01:10:00
"""
from alembic import op
import sqlalchemy as sa

from core.storage.types import ExactDecimal


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cases') as batch:
        batch.add_column(sa.Column('amount', ExactDecimal(), nullable=True))
        batch.add_column(sa.Column('currency', sa.String(length=3), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('cases') as batch:
        batch.drop_column('currency')
        batch.drop_column('amount')
