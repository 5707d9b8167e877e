"""outbox: Reply-To of a queued mail (Rückfrage: the coordination; contact form: the sender)

Hand-written and reviewed: one NOT NULL column with an empty-string server default, so
existing rows need no data migration; batch mode for SQLite's ALTER TABLE.

Revision ID: 0009
Revises: 0002
Create Date: 2026-12-02 05:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reply_to', sa.String(length=254), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_column('reply_to')
