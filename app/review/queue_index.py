"""The queue's Themenkreis index: each link row carries its application's state and created_at.

The Themenkreis filter of the queue counts every state up to a cap and shows the oldest
applications first. With only the links (application, Themenkreis) it had to look at every
application of a state to count it exactly below the cap; with copies of the state and
created_at in ``application_themenkreise`` an index (themenkreis_id, state, created_at,
application_id) yields one Themenkreis's applications of one state in queue order, and a count
or page stops at its limit.

The copies are written by the database, never by the application: on every insert of a link
(and when a link is moved to another application) they are read from ``applications``, and
every change of an application's state or created_at is copied to its links, also by a raw
SQL update (erasure, retention, bulk reopening), so they cannot go stale. PostgreSQL locks the
application row (FOR SHARE) while copying, so a state change committed at the same time waits
for the new link and then updates it too. Migration 0013 keeps its own copy of these statements
(migrations must not change with the app); schemas built with ``create_all`` (tests,
benchmarks) get them from the ``after_create`` hook below.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa

from app.models import ApplicationState, Themenkreis
from app.models.application import application_themenkreise

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


@sa.event.listens_for(application_themenkreise, "after_create")
def _create_triggers(target, connection, **kw) -> None:
    if connection.dialect.name == "sqlite":
        # A trigger may survive drop_all on a table the metadata no longer drops.
        for name in ("trg_queue_links_insert", "trg_queue_links_moved", "trg_queue_links_follow"):
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        statements = SQLITE_DDL
    else:
        connection.exec_driver_sql("DROP TRIGGER IF EXISTS trg_queue_links_follow ON applications")
        statements = POSTGRESQL_DDL
    for statement in statements:
        connection.exec_driver_sql(statement)


def linked_ids(
    network_id: int,
    themenkreis_id: int,
    states: Iterable[ApplicationState],
    created_from: datetime | None = None,
    created_before: datetime | None = None,
) -> sa.Select:
    """Ids of the applications of these states with a Themenkreis, oldest first, from the index alone.

    With one state this is one index range in the queue's order (created_at, id) that a LIMIT
    stops. The applications are not read (PostgreSQL would hash all of the network's to join
    them): dates compare the links' copy, and the network is checked through the Themenkreis,
    as an application only ever has its own network's Themenkreise (pages check each row's
    network again).
    """
    links = application_themenkreise.c
    own = sa.select(Themenkreis.id).where(Themenkreis.id == themenkreis_id, Themenkreis.network_id == network_id)
    query = sa.select(links.application_id).where(
        links.themenkreis_id == own.scalar_subquery(), links.state.in_(tuple(states))
    )
    if created_from is not None:
        query = query.where(links.created_at >= created_from)
    if created_before is not None:
        query = query.where(links.created_at < created_before)
    return query.order_by(links.created_at, links.application_id)
