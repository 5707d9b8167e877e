"""page_generation: the counter the logged-in page cache checks on every answer

Hand-written. Every commit that changes data moves the number on (app/core/viewercache.py);
a page kept in a worker's memory is answered again only while the number is the one it was
built under. One row, id 1.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 05:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        'page_generation',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('value', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_page_generation')),
    )
    op.bulk_insert(table, [{'id': 1, 'value': 0}])


def downgrade():
    op.drop_table('page_generation')
