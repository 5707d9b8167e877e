"""queue index for the Themenkreis filter: state and created_at copied onto application_themenkreise

Hand-written. The links get copies of their application's state and created_at (nullable:
SQLite's trigger fills them just after the insert) and an index (themenkreis_id, state,
created_at, application_id), so the queue counts and pages one Themenkreis's applications of
a state with an index range that stops at its limit. The index replaces
ix_application_themenkreise_themenkreis (same leading column). The copies are kept by
triggers: a copy of the statements in app/review/queue_index.py, because a migration must
not change when the app does. Existing links are filled here.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 17:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

_COPY_SQLITE = (
    "UPDATE application_themenkreise SET (state, created_at) = "
    "(SELECT state, created_at FROM applications WHERE applications.id = new.application_id) "
    "WHERE application_id = new.application_id AND themenkreis_id = new.themenkreis_id"
)

SQLITE_DDL = [
    f"CREATE TRIGGER trg_queue_links_insert AFTER INSERT ON application_themenkreise BEGIN {_COPY_SQLITE}; END",
    f"CREATE TRIGGER trg_queue_links_moved AFTER UPDATE OF application_id ON application_themenkreise "
    f"BEGIN {_COPY_SQLITE}; END",
    "CREATE TRIGGER trg_queue_links_follow AFTER UPDATE OF state, created_at ON applications "
    "WHEN old.state IS NOT new.state OR old.created_at IS NOT new.created_at BEGIN "
    "UPDATE application_themenkreise SET state = new.state, created_at = new.created_at "
    "WHERE application_id = new.id; END",
]

POSTGRESQL_DDL = [
    "CREATE OR REPLACE FUNCTION trg_queue_links_copy() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN SELECT state, created_at INTO NEW.state, NEW.created_at FROM applications "
    "WHERE id = NEW.application_id FOR SHARE; RETURN NEW; END $$",
    "CREATE TRIGGER trg_queue_links_copy BEFORE INSERT OR UPDATE OF application_id ON application_themenkreise "
    "FOR EACH ROW EXECUTE FUNCTION trg_queue_links_copy()",
    "CREATE OR REPLACE FUNCTION trg_queue_links_follow() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN UPDATE application_themenkreise SET state = NEW.state, created_at = NEW.created_at "
    "WHERE application_id = NEW.id; RETURN NULL; END $$",
    "CREATE TRIGGER trg_queue_links_follow AFTER UPDATE OF state, created_at ON applications FOR EACH ROW "
    "WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.created_at IS DISTINCT FROM NEW.created_at) "
    "EXECUTE FUNCTION trg_queue_links_follow()",
]


def upgrade():
    op.add_column('application_themenkreise', sa.Column('state', sa.Enum('unconfirmed', 'received', 'in_review', 'query', 'accepted', 'rejected', 'withdrawn', name='applicationstate', native_enum=False, length=32), nullable=True))
    op.add_column('application_themenkreise', sa.Column('created_at', sa.DateTime(timezone=True), nullable=True))
    bind = op.get_bind()
    for statement in SQLITE_DDL if bind.dialect.name == "sqlite" else POSTGRESQL_DDL:
        op.execute(statement)
    op.execute(
        "UPDATE application_themenkreise SET "
        "state = (SELECT state FROM applications WHERE applications.id = application_themenkreise.application_id), "
        "created_at = (SELECT created_at FROM applications WHERE applications.id = application_themenkreise.application_id)"
    )
    op.create_index(
        "ix_application_themenkreise_queue", "application_themenkreise",
        ["themenkreis_id", "state", "created_at", "application_id"], unique=False,
    )
    op.drop_index("ix_application_themenkreise_themenkreis", table_name="application_themenkreise")


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name in ("trg_queue_links_insert", "trg_queue_links_moved", "trg_queue_links_follow"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        op.execute("DROP TRIGGER IF EXISTS trg_queue_links_follow ON applications")
        op.execute("DROP TRIGGER IF EXISTS trg_queue_links_copy ON application_themenkreise")
        op.execute("DROP FUNCTION IF EXISTS trg_queue_links_follow()")
        op.execute("DROP FUNCTION IF EXISTS trg_queue_links_copy()")
    op.create_index(
        "ix_application_themenkreise_themenkreis", "application_themenkreise",
        ["themenkreis_id", "application_id"], unique=False,
    )
    op.drop_index("ix_application_themenkreise_queue", table_name="application_themenkreise")
    with op.batch_alter_table('application_themenkreise', schema=None) as batch_op:
        batch_op.drop_column('created_at')
        batch_op.drop_column('state')
