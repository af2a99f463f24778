"""when a case began waiting for the complainant: the time targets' clock pauses meanwhile

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 01:50:00
"""
from alembic import op
import sqlalchemy as sa

from core.storage.types import UTCDateTime


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cases') as batch:
        batch.add_column(sa.Column('waiting_since', UTCDateTime(), nullable=True))
    # cases already waiting: since their last change, the nearest record there is of when they began
    op.execute("UPDATE cases SET waiting_since = updated_at WHERE status = 'awaiting_complainant'")


def downgrade() -> None:
    with op.batch_alter_table('cases') as batch:
        batch.drop_column('waiting_since')
