"""review search index carries its application's network, state and created_at for the queue's counts

Hand-written. The queue counts every state's matches of a search up to a cap. For a word that
a sixth of all applications contain it checked each application of a state against the search
index (two tables read per application: 100-170 ms for all states at 100,000 applications).
With copies of network_id, state and created_at on ``review_fts_entries`` and an index
(network_id, state, created_at, application_id) that carries the text, a count is one index
range that stops at the cap. The copies are written only by triggers (a copy of the statements
in app/review/search_ddl.py, as migrations must not change with the app), like 0013's links:
filled when an index row is written, following every change of state or created_at, also by
raw SQL. SQLite's FTS5 update trigger now fires only when the text changes. Existing rows are
filled here.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 22:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

_FTS_UPDATE = (
    "CREATE TRIGGER trg_review_fts_update AFTER UPDATE{of} ON review_fts_entries BEGIN "
    "INSERT INTO review_fts(review_fts, rowid, search_text) "
    "VALUES ('delete', old.application_id, old.search_text); "
    "INSERT INTO review_fts(rowid, search_text) VALUES (new.application_id, new.search_text); END"
)

SQLITE_DDL = [
    "CREATE TRIGGER trg_review_fts_copy AFTER INSERT ON review_fts_entries BEGIN "
    "UPDATE review_fts_entries SET (network_id, state, created_at) = "
    "(SELECT network_id, state, created_at FROM applications WHERE applications.id = new.application_id) "
    "WHERE application_id = new.application_id; END",
    "CREATE TRIGGER trg_review_fts_follow AFTER UPDATE OF state, created_at ON applications "
    "WHEN old.state IS NOT new.state OR old.created_at IS NOT new.created_at BEGIN "
    "UPDATE review_fts_entries SET state = new.state, created_at = new.created_at "
    "WHERE application_id = new.id; END",
    "CREATE INDEX ix_review_fts_queue ON review_fts_entries (network_id, state, created_at, application_id, search_text)",
]

POSTGRESQL_DDL = [
    "CREATE OR REPLACE FUNCTION trg_review_fts_copy() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN SELECT network_id, state, created_at INTO NEW.network_id, NEW.state, NEW.created_at "
    "FROM applications WHERE id = NEW.application_id FOR SHARE; RETURN NEW; END $$",
    "CREATE TRIGGER trg_review_fts_copy BEFORE INSERT ON review_fts_entries "
    "FOR EACH ROW EXECUTE FUNCTION trg_review_fts_copy()",
    "CREATE OR REPLACE FUNCTION trg_review_fts_follow() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN UPDATE review_fts_entries SET state = NEW.state, created_at = NEW.created_at "
    "WHERE application_id = NEW.id; RETURN NULL; END $$",
    "CREATE TRIGGER trg_review_fts_follow AFTER UPDATE OF state, created_at ON applications FOR EACH ROW "
    "WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.created_at IS DISTINCT FROM NEW.created_at) "
    "EXECUTE FUNCTION trg_review_fts_follow()",
    "CREATE INDEX ix_review_fts_queue ON review_fts_entries (network_id, state, created_at, application_id) "
    "INCLUDE (search_text)",
]


def upgrade():
    op.add_column('review_fts_entries', sa.Column('network_id', sa.Integer(), nullable=True))
    op.add_column('review_fts_entries', sa.Column('state', sa.Enum('unconfirmed', 'received', 'in_review', 'query', 'accepted', 'rejected', 'withdrawn', name='applicationstate', native_enum=False, length=32), nullable=True))
    op.add_column('review_fts_entries', sa.Column('created_at', sa.DateTime(timezone=True), nullable=True))
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:  # filling the copies must not rewrite the full-text index
        op.execute("DROP TRIGGER IF EXISTS trg_review_fts_update")
        op.execute(_FTS_UPDATE.format(of=" OF search_text"))
    op.execute(
        "UPDATE review_fts_entries SET "
        "network_id = (SELECT network_id FROM applications WHERE applications.id = review_fts_entries.application_id), "
        "state = (SELECT state FROM applications WHERE applications.id = review_fts_entries.application_id), "
        "created_at = (SELECT created_at FROM applications WHERE applications.id = review_fts_entries.application_id)"
    )
    for statement in SQLITE_DDL if sqlite else POSTGRESQL_DDL:
        op.execute(statement)


def downgrade():
    op.execute("DROP INDEX IF EXISTS ix_review_fts_queue")
    if op.get_bind().dialect.name == "sqlite":
        for name in ("trg_review_fts_copy", "trg_review_fts_follow", "trg_review_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute(_FTS_UPDATE.format(of=""))
    else:
        op.execute("DROP TRIGGER IF EXISTS trg_review_fts_follow ON applications")
        op.execute("DROP TRIGGER IF EXISTS trg_review_fts_copy ON review_fts_entries")
        op.execute("DROP FUNCTION IF EXISTS trg_review_fts_follow()")
        op.execute("DROP FUNCTION IF EXISTS trg_review_fts_copy()")
    # SQLite 3.35+ drops a column in place (a batch copy of the table would lose its triggers).
    op.drop_column('review_fts_entries', 'created_at')
    op.drop_column('review_fts_entries', 'state')
    op.drop_column('review_fts_entries', 'network_id')
