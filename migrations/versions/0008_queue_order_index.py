"""review queue: index in the queue's order (network, created_at, id)

Hand-written. The queue lists a network's applications oldest first; for the "open" tab
(three states) and "all" the database sorted every matching application to show 25 (2 s at
100,000 applications on SQLite). With this index it reads them in order and stops after one
page (bench/queue.py).

Revision ID: 0008
Revises: 0002
Create Date: 2026-12-02 05:15:00

"""
from alembic import op


revision = '0008'
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_applications_network_created", "applications", ["network_id", "created_at", "id"], unique=False
    )


def downgrade():
    op.drop_index("ix_applications_network_created", table_name="applications")
