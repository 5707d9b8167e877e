"""statistics on the review search text as the queue's common-word search writes it (PostgreSQL)

Hand-written. A queue search for a very common word walks the queue's index and checks each
row with ``' ' || search_text LIKE '% n7xword%'``. PostgreSQL has no statistics for that
expression and assumed a handful of matching rows, so it read the whole search index and
sorted instead (45 ms for a page at 100,000 applications). Extended statistics on the very
expression (PostgreSQL 14 and later) give it the real share; the page becomes an index walk
(2 ms). SQLite needs nothing. A copy of app/review/search.py's statement, as migrations must
not change with the app.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 19:00:00

"""
from alembic import op


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

STATISTICS = (
    "CREATE STATISTICS IF NOT EXISTS review_fts_padded ON ((' ' || search_text)) FROM review_fts_entries"
)


def _postgresql_14() -> bool:
    bind = op.get_bind()
    return bind.dialect.name == "postgresql" and bind.dialect.server_version_info >= (14,)


def upgrade():
    if _postgresql_14():
        op.execute(STATISTICS)
        op.execute("ANALYZE review_fts_entries")


def downgrade():
    if _postgresql_14():
        op.execute("DROP STATISTICS IF EXISTS review_fts_padded")
