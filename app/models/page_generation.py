"""One counter that every committed change of data moves on (app/core/viewercache.py).

The logged-in page cache keeps a page only as long as this number is the one it was built
under. A single row (id 1); ``create_all`` and migration 0016 insert it. Without the row
nothing is cached.
"""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db

page_generation = sa.Table(
    "page_generation",
    db.metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("value", sa.BigInteger, nullable=False),
)

FIRST_ROW = sa.DDL("INSERT INTO page_generation (id, value) VALUES (1, 0)")
sa.event.listen(page_generation, "after_create", FIRST_ROW)
