"""inbound rows claimed with attempts and a lease; the sender's conversation (and the case an
agent wrote about) on each row; the process delivering a notification; durable dialogue sessions
for deployments without Redis

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 18:30:00
"""
from alembic import op
import sqlalchemy as sa

from core.storage.types import UTCDateTime


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('inbound') as batch:
        batch.add_column(sa.Column('conversation', sa.String(length=320), nullable=True))
        batch.add_column(sa.Column('case_reference', sa.String(length=16), nullable=True))
        batch.add_column(sa.Column('attempts', sa.Integer(), nullable=False, server_default='0'))
        batch.add_column(sa.Column('claimed_by', sa.String(length=128), nullable=True))
        batch.add_column(sa.Column('claimed_until', UTCDateTime(), nullable=True))
    with op.batch_alter_table('notifications') as batch:
        batch.add_column(sa.Column('claimed_by', sa.String(length=128), nullable=True))
    op.create_table(
        'conversation_state',
        sa.Column('key', sa.String(length=400), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('expires_at', UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_conversation_state')),
    )
    op.create_index(op.f('ix_conversation_state_expires_at'), 'conversation_state', ['expires_at'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_conversation_state_expires_at'), table_name='conversation_state')
    op.drop_table('conversation_state')
    with op.batch_alter_table('notifications') as batch:
        batch.drop_column('claimed_by')
    with op.batch_alter_table('inbound') as batch:
        batch.drop_column('claimed_until')
        batch.drop_column('claimed_by')
        batch.drop_column('attempts')
        batch.drop_column('case_reference')
        batch.drop_column('conversation')
