"""review queue search index (SQLite FTS5 / PostgreSQL tsvector + GIN) and an index for "only mine"

Hand-written (autogenerate ignores names starting with review_fts, ix_review_fts and
trg_review_fts; see app/models/schema.py): a copy of the statements in app/review/search.py,
because a migration must not change when the app does. Existing applications are indexed
here with a copy of the app's word folding (app/directory/search_index.tokens).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 11:10:00

"""
import re
import unicodedata

from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = "0010"
branch_labels = None
depends_on = None

SQLITE_DDL = [
    "CREATE VIRTUAL TABLE review_fts USING fts5(search_text, "
    "content='review_fts_entries', content_rowid='application_id', "
    "tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
    "CREATE TRIGGER trg_review_fts_insert AFTER INSERT ON review_fts_entries BEGIN "
    "INSERT INTO review_fts(rowid, search_text) VALUES (new.application_id, new.search_text); END",
    "CREATE TRIGGER trg_review_fts_delete AFTER DELETE ON review_fts_entries BEGIN "
    "INSERT INTO review_fts(review_fts, rowid, search_text) "
    "VALUES ('delete', old.application_id, old.search_text); END",
    "CREATE TRIGGER trg_review_fts_update AFTER UPDATE ON review_fts_entries BEGIN "
    "INSERT INTO review_fts(review_fts, rowid, search_text) "
    "VALUES ('delete', old.application_id, old.search_text); "
    "INSERT INTO review_fts(rowid, search_text) VALUES (new.application_id, new.search_text); END",
    "CREATE TRIGGER trg_review_fts_changed AFTER UPDATE OF first_name, last_name, institution, email, network_id "
    "ON applications BEGIN DELETE FROM review_fts_entries WHERE application_id = new.id; END",
]

POSTGRESQL_DDL = [
    "ALTER TABLE review_fts_entries ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED",
    "CREATE INDEX ix_review_fts_text ON review_fts_entries USING gin (search_vector)",
    "CREATE OR REPLACE FUNCTION trg_review_fts_forget() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN DELETE FROM review_fts_entries WHERE application_id = NEW.id; RETURN NULL; END $$",
    "CREATE TRIGGER trg_review_fts_changed AFTER UPDATE OF first_name, last_name, institution, email, network_id "
    "ON applications FOR EACH ROW EXECUTE FUNCTION trg_review_fts_forget()",
]

_NON_WORD = re.compile(r"[\W_]+")


def _tokens(text):
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    folded = "".join(char for char in decomposed if not unicodedata.combining(char))
    return [token for token in _NON_WORD.split(folded) if token]


def upgrade():
    # "Only mine": the queue read every application of a state to find the few assigned to me.
    op.create_index(
        "ix_applications_assigned_network_state", "applications",
        ["assigned_to_id", "network_id", "state", "created_at"], unique=False,
    )
    # The Themenkreis filter read all links of every application to find one Themenkreis's.
    op.create_index(
        "ix_application_themenkreise_themenkreis", "application_themenkreise",
        ["themenkreis_id", "application_id"], unique=False,
    )
    op.create_table('review_fts_entries',
    sa.Column('application_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name='fk_review_fts_entries_application', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('application_id', name='pk_review_fts_entries')
    )
    bind = op.get_bind()
    for statement in SQLITE_DDL if bind.dialect.name == "sqlite" else POSTGRESQL_DDL:
        op.execute(statement)
    applications = sa.table(
        "applications", sa.column("id"), sa.column("network_id"), sa.column("first_name"),
        sa.column("last_name"), sa.column("institution"), sa.column("email"),
    )
    index = sa.table("review_fts_entries", sa.column("application_id"), sa.column("search_text"))
    last_id = 0
    while True:
        rows = bind.execute(
            sa.select(applications).where(applications.c.id > last_id).order_by(applications.c.id).limit(1000)
        ).all()
        if not rows:
            break
        bind.execute(sa.insert(index), [
            {
                "application_id": row.id,
                "search_text": " ".join(
                    f"n{row.network_id}x{word}"
                    for word in _tokens(" ".join((row.first_name or "", row.last_name or "", row.institution or "", row.email or "")))
                ),
            }
            for row in rows
        ])
        last_id = rows[-1].id


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS trg_review_fts_changed")
        op.execute("DROP TABLE IF EXISTS review_fts")
    else:
        op.execute("DROP TRIGGER IF EXISTS trg_review_fts_changed ON applications")
        op.execute("DROP FUNCTION IF EXISTS trg_review_fts_forget()")
    op.drop_table('review_fts_entries')
    op.drop_index("ix_applications_assigned_network_state", table_name="applications")
    op.drop_index("ix_application_themenkreise_themenkreis", table_name="application_themenkreise")
