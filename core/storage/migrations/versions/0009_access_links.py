"""one-time access links to a case's status page and the web sessions they open (issue 18): only
the SHA-256 of each token is stored

Revision ID: 0009_access_links
Revises: 0008
Create Date: 2026-12-02 04:00:00
"""
from typing import Any

from alembic import op
import sqlalchemy as sa

from core.storage.types import UTCDateTime


revision = '0009_access_links'
down_revision = '0008'
branch_labels = None
depends_on = None


def _id() -> sa.Column[int]:
    return sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False)


def _case_id(table: str) -> list[Any]:
    return [sa.Column('case_id', sa.String(length=32), nullable=False),
            sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=f'fk_{table}_case_id_cases')]


def upgrade() -> None:
    op.create_table(
        'access_links', _id(), *_case_id('access_links'),
        sa.Column('token_sha256', sa.String(length=64), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('expires_at', UTCDateTime(), nullable=False),
        sa.Column('used_at', UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id', name='pk_access_links'),
        sa.UniqueConstraint('token_sha256', name='uq_access_links_token_sha256'),
    )
    op.create_index('ix_access_links_case_id', 'access_links', ['case_id'])
    op.create_table(
        'web_grants', _id(), *_case_id('web_grants'),
        sa.Column('session_sha256', sa.String(length=64), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('expires_at', UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name='pk_web_grants'),
        sa.UniqueConstraint('session_sha256', name='uq_web_grants_session_sha256'),
    )
    op.create_index('ix_web_grants_case_id', 'web_grants', ['case_id'])


def downgrade() -> None:
    op.drop_index('ix_web_grants_case_id', table_name='web_grants')
    op.drop_table('web_grants')
    op.drop_index('ix_access_links_case_id', table_name='access_links')
    op.drop_table('access_links')
