"""The data generation: one number that every committed change of data moves on.

The logged-in page cache (app/core/viewercache.py) answers a kept page only while this number
is still the one the page was built under, so a change shows on the very next request, to
everyone, on every app server. The number lives in the database (``page_generation``, one row)
and moves in the same transaction as the change, as the last statement before the commit:

- every flush that writes an ORM object (other than those of EXEMPT_TABLES, below),
- every statement run through the session that is not a SELECT (bulk UPDATE/DELETE/INSERT,
  raw SQL such as an erasure; raw SQL counts unless it starts with SELECT; writes to the
  tables of EXEMPT_TABLES alone do not count).

Writes that bypass the session – migrations, `flask backup restore`, psql – do not move it;
kept pages then live out their time (VIEWER_PAGE_CACHE_SECONDS) at most.

Because the bump is part of the writing transaction, a reader sees the new number exactly
when it can see the new data. A page is built after reading the number, so a page built from
older data always carries an older number. On PostgreSQL concurrent writers wait for each
other only at this last statement (the row lock is the last one they take, so they cannot
deadlock on it).
"""

from __future__ import annotations

import weakref

import sqlalchemy as sa
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction

from app.models import LoginSession, OutboxAttachment, OutboxMessage
from app.models.page_generation import page_generation

CHANGED = "teilhabe_data_changed"
# Written without changing what a kept page shows: a login session's idle clock (ordinary
# page views write it) and the mail worker's progress through the outbox (a burst of
# thousands of mails would otherwise move the number with every batch). A mail queued by a
# change is written together with that change, which moves the number anyway. A page that
# shows either must not be marked `cached_for_viewer`.
EXEMPT_TABLES = frozenset({LoginSession.__tablename__, OutboxMessage.__tablename__, OutboxAttachment.__tablename__})
BUMP = "UPDATE page_generation SET value = value + 1 WHERE id = 1"
_COUNTED: weakref.WeakSet[sa.Engine] = weakref.WeakSet()  # engines whose database has the counter
CURRENT = sa.select(page_generation.c.value).where(page_generation.c.id == 1)


def install_session_hooks() -> None:
    """Track writes on every session (called once by create_app; idempotent)."""
    for name, hook in (
        ("after_flush", _after_flush),
        ("do_orm_execute", _after_statement),
        ("before_commit", _bump_before_commit),
        ("after_transaction_end", _forget),
    ):
        if not sa.event.contains(Session, name, hook):
            sa.event.listen(Session, name, hook)


def current(session: Session) -> int | None:
    """The generation as this session sees it now (None: no counter row, nothing is cached)."""
    if not _has_counter(session.connection()):
        return None
    return session.execute(CURRENT).scalar()


def _after_flush(session: Session, flush_context) -> None:
    for obj in (*session.new, *session.dirty, *session.deleted):
        if sa.inspect(obj).mapper.local_table.name not in EXEMPT_TABLES:
            session.info[CHANGED] = True
            return


def _after_statement(state: ORMExecuteState) -> None:
    statement = state.statement
    if state.is_select or (isinstance(statement, sa.TextClause) and _reads_only(statement.text)):
        return
    table = getattr(statement, "table", None)
    if isinstance(table, sa.Table) and table.name in EXEMPT_TABLES:
        return
    state.session.info[CHANGED] = True


def _reads_only(sql: str) -> bool:
    return sql.lstrip().split(None, 1)[0].upper() == "SELECT" if sql.strip() else True


def _bump_before_commit(session: Session) -> None:
    # The commit flushes after this hook; flush first so that its writes count and the bump
    # is the transaction's last statement.
    for _ in range(10):
        if not (session.new or session.dirty or session.deleted):
            break
        session.flush()
    if session.info.pop(CHANGED, False):
        connection = session.connection()
        if _has_counter(connection):
            connection.exec_driver_sql(BUMP)


def _has_counter(connection: sa.Connection) -> bool:
    """False only on a database not yet migrated to 0016 (asked again until it is)."""
    if connection.engine in _COUNTED:
        return True
    if not sa.inspect(connection).has_table(page_generation.name):
        return False
    _COUNTED.add(connection.engine)
    return True


def _forget(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(CHANGED, None)
