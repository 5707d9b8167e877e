"""directory search: index tables, SQLite FTS5 / PostgreSQL tsvector + GIN, privacy triggers

Hand-written (autogenerate ignores names starting with directory_fts, ix_search_, trg_search_;
see app/models/schema.py). What the objects are for: app/directory/search.py.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 12:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

SORT_KEY = sa.String(300).with_variant(sa.String(300, collation="C"), "postgresql")

SQLITE_DDL = [
    "CREATE VIRTUAL TABLE directory_fts USING fts5(search_text, tags, "
    "content='directory_fts_text', content_rowid='membership_id', "
    "tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
    "CREATE TRIGGER trg_search_text_insert AFTER INSERT ON directory_fts_text BEGIN "
    "INSERT INTO directory_fts(rowid, search_text, tags) VALUES (new.membership_id, new.search_text, new.tags); "
    "END",
    "CREATE TRIGGER trg_search_text_delete AFTER DELETE ON directory_fts_text BEGIN "
    "INSERT INTO directory_fts(directory_fts, rowid, search_text, tags) "
    "VALUES ('delete', old.membership_id, old.search_text, old.tags); "
    "END",
    "CREATE TRIGGER trg_search_text_update AFTER UPDATE ON directory_fts_text BEGIN "
    "INSERT INTO directory_fts(directory_fts, rowid, search_text, tags) "
    "VALUES ('delete', old.membership_id, old.search_text, old.tags); "
    "INSERT INTO directory_fts(rowid, search_text, tags) VALUES (new.membership_id, new.search_text, new.tags); "
    "END",
    # SQLite does not enforce foreign keys unless asked to: cascade and remove entries with triggers.
    "CREATE TRIGGER trg_search_entries_delete AFTER DELETE ON directory_fts_entries BEGIN "
    "DELETE FROM directory_fts_text WHERE membership_id = old.membership_id; "
    "DELETE FROM directory_fts_themen WHERE membership_id = old.membership_id; "
    "END",
    "CREATE TRIGGER trg_search_membership_hidden "
    "AFTER UPDATE OF listed_in_directory, ended_at ON memberships "
    "WHEN NOT new.listed_in_directory OR new.ended_at IS NOT NULL BEGIN "
    "DELETE FROM directory_fts_entries WHERE membership_id = new.id; END",
    "CREATE TRIGGER trg_search_membership_deleted AFTER DELETE ON memberships BEGIN "
    "DELETE FROM directory_fts_entries WHERE membership_id = old.id; END",
    "CREATE TRIGGER trg_search_account_hidden "
    "AFTER UPDATE OF disabled, description, description_visibility ON accounts "
    "WHEN new.disabled OR new.description IS NOT old.description "
    "OR new.description_visibility IS NOT old.description_visibility BEGIN "
    "DELETE FROM directory_fts_entries WHERE account_id = new.id; END",
    "CREATE TRIGGER trg_search_account_deleted AFTER DELETE ON accounts BEGIN "
    "DELETE FROM directory_fts_entries WHERE account_id = old.id; END",
]

POSTGRESQL_DDL = [
    "ALTER TABLE directory_fts_text ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED",
    "ALTER TABLE directory_fts_text ADD COLUMN tag_array text[] "
    "GENERATED ALWAYS AS (string_to_array(tags, ' ')) STORED",
    "CREATE INDEX ix_search_text_fts ON directory_fts_text USING gin (tag_array, search_vector)",
    "CREATE OR REPLACE FUNCTION trg_search_hide_membership() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN DELETE FROM directory_fts_entries WHERE membership_id = NEW.id; RETURN NULL; END $$",
    "CREATE OR REPLACE FUNCTION trg_search_hide_account() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN DELETE FROM directory_fts_entries WHERE account_id = NEW.id; RETURN NULL; END $$",
    "CREATE TRIGGER trg_search_membership_hidden AFTER UPDATE OF listed_in_directory, ended_at ON memberships "
    "FOR EACH ROW WHEN (NOT NEW.listed_in_directory OR NEW.ended_at IS NOT NULL) "
    "EXECUTE FUNCTION trg_search_hide_membership()",
    "CREATE TRIGGER trg_search_account_hidden AFTER UPDATE OF disabled, description, description_visibility "
    "ON accounts FOR EACH ROW WHEN (NEW.disabled OR NEW.description IS DISTINCT FROM OLD.description "
    "OR NEW.description_visibility IS DISTINCT FROM OLD.description_visibility) "
    "EXECUTE FUNCTION trg_search_hide_account()",
]


def upgrade():
    op.create_table('directory_fts_entries',
    sa.Column('membership_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('bundesland', sa.String(length=2), nullable=False),
    sa.Column('laendergruppe_id', sa.Integer(), nullable=True),
    sa.Column('sort_key', SORT_KEY, nullable=False),
    sa.ForeignKeyConstraint(['membership_id'], ['memberships.id'], name='fk_directory_fts_entries_membership', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['network_id'], ['networks.id'], name='fk_directory_fts_entries_network', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name='fk_directory_fts_entries_account', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('membership_id', name='pk_directory_fts_entries')
    )
    op.create_index('ix_search_entries_network_sort', 'directory_fts_entries', ['network_id', 'sort_key', 'membership_id'])
    op.create_index('ix_search_entries_land_sort', 'directory_fts_entries', ['network_id', 'bundesland', 'sort_key', 'membership_id'])
    op.create_index('ix_search_entries_kind_sort', 'directory_fts_entries', ['network_id', 'kind', 'sort_key', 'membership_id'])
    op.create_index('ix_search_entries_group_sort', 'directory_fts_entries', ['network_id', 'laendergruppe_id', 'sort_key', 'membership_id'])
    op.create_index('ix_search_entries_account', 'directory_fts_entries', ['account_id'])
    op.create_table('directory_fts_text',
    sa.Column('membership_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('sort_key', SORT_KEY, nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('tags', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['membership_id'], ['directory_fts_entries.membership_id'], name='fk_directory_fts_text_entry', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('membership_id', name='pk_directory_fts_text')
    )
    op.create_table('directory_fts_themen',
    sa.Column('membership_id', sa.Integer(), nullable=False),
    sa.Column('themenkreis_id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('sort_key', SORT_KEY, nullable=False),
    sa.ForeignKeyConstraint(['membership_id'], ['directory_fts_entries.membership_id'], name='fk_directory_fts_themen_entry', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['themenkreis_id'], ['themenkreise.id'], name='fk_directory_fts_themen_themenkreis', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('membership_id', 'themenkreis_id', name='pk_directory_fts_themen')
    )
    op.create_index('ix_search_themen_sort', 'directory_fts_themen', ['themenkreis_id', 'network_id', 'sort_key', 'membership_id'])

    bind = op.get_bind()
    for statement in SQLITE_DDL if bind.dialect.name == "sqlite" else POSTGRESQL_DDL:
        op.execute(statement)

    # Existing members (databases seeded before this revision): fill the index once.
    if bind.execute(sa.text("SELECT count(*) FROM memberships")).scalar():
        from app.directory.search import rebuild_index

        rebuild_index(bind)


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for trigger in ("trg_search_membership_hidden", "trg_search_membership_deleted",
                        "trg_search_account_hidden", "trg_search_account_deleted", "trg_search_entries_delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS directory_fts")
    else:
        op.execute("DROP TRIGGER IF EXISTS trg_search_membership_hidden ON memberships")
        op.execute("DROP TRIGGER IF EXISTS trg_search_account_hidden ON accounts")
        op.execute("DROP FUNCTION IF EXISTS trg_search_hide_membership()")
        op.execute("DROP FUNCTION IF EXISTS trg_search_hide_account()")
    op.drop_table('directory_fts_themen')
    op.drop_table('directory_fts_text')
    op.drop_table('directory_fts_entries')
