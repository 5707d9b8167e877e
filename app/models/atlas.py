"""Beteiligungsatlas: reported participation procedures, their status updates, review history and settings.

Field choices follow Participedia's case fields (general issues, recruitment method, type of
organiser) so that entries export in a compatible shape (see app/atlas/opendata.py).
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Base, db
from app.models.atlas_fields import (  # re-exported: the atlas's field choices live next door
    AtlasInitiator,
    AtlasLevel,
    AtlasLicence,
    AtlasRecruitment,
    AtlasSource,
    AtlasTopic,
)
from app.models.base import UTCDateTime, str_enum, utcnow
from app.models.network import Network

if TYPE_CHECKING:
    from app.models.account import Account


class AtlasState(enum.Enum):
    """States of an entry and of a status update (DOMAIN.md); transitions in app/atlas/transitions.py."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    QUERY = "query"
    PUBLISHED = "published"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return {
            AtlasState.DRAFT: _l("Entwurf"),
            AtlasState.SUBMITTED: _l("eingereicht"),
            AtlasState.IN_REVIEW: _l("in Prüfung"),
            AtlasState.QUERY: _l("Rückfrage"),
            AtlasState.PUBLISHED: _l("veröffentlicht"),
            AtlasState.REJECTED: _l("abgelehnt"),
        }[self]

    @property
    def badge(self) -> str:
        return {
            AtlasState.DRAFT: "info",
            AtlasState.SUBMITTED: "info",
            AtlasState.IN_REVIEW: "info",
            AtlasState.QUERY: "warning",
            AtlasState.PUBLISHED: "success",
            AtlasState.REJECTED: "danger",
        }[self]


class AtlasSettings(Base):
    """Per network: atlas on/off, data licence and the sites allowed to embed it."""

    __tablename__ = "atlas_settings"

    network_id: Mapped[int] = mapped_column(sa.ForeignKey("networks.id", ondelete="CASCADE"), primary_key=True)
    enabled: Mapped[bool] = mapped_column(default=False)
    licence: Mapped[AtlasLicence] = mapped_column(str_enum(AtlasLicence), default=AtlasLicence.CC_BY)
    # Space-separated origins for CSP frame-ancestors of the embed view, e.g. "https://www.example.org".
    embed_origins: Mapped[str] = mapped_column(sa.String(500), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    network: Mapped[Network] = relationship()


class AtlasMethod(Base):
    """The curated method list of this installation (admins edit it)."""

    __tablename__ = "atlas_methods"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    # Participedia method key for the export (empty if there is none).
    participedia: Mapped[str] = mapped_column(sa.String(80), default="")
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)


atlas_entry_methods = sa.Table(
    "atlas_entry_methods",
    db.metadata,
    sa.Column("entry_id", sa.ForeignKey("atlas_entries.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("method_id", sa.ForeignKey("atlas_methods.id", ondelete="RESTRICT"), primary_key=True),
)


class AtlasEntry(Base):
    """One participation procedure (Verfahren)."""

    __tablename__ = "atlas_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(sa.ForeignKey("networks.id", ondelete="CASCADE"))
    state: Mapped[AtlasState] = mapped_column(str_enum(AtlasState), default=AtlasState.DRAFT)
    version: Mapped[int] = mapped_column(default=1)

    title: Mapped[str] = mapped_column(sa.String(200), default="")
    summary: Mapped[str] = mapped_column(sa.String(500), default="")
    body: Mapped[str] = mapped_column(sa.Text, default="")  # Markdown
    organiser: Mapped[str] = mapped_column(sa.String(200), default="")  # municipality or body
    bundesland: Mapped[str] = mapped_column(sa.String(2), default="")
    ags: Mapped[str] = mapped_column(sa.String(8), default="")
    level: Mapped[AtlasLevel | None] = mapped_column(str_enum(AtlasLevel), default=None)
    topic: Mapped[AtlasTopic | None] = mapped_column(str_enum(AtlasTopic), default=None)
    start_year: Mapped[int | None] = mapped_column(default=None)
    start_month: Mapped[int | None] = mapped_column(default=None)
    end_year: Mapped[int | None] = mapped_column(default=None)
    end_month: Mapped[int | None] = mapped_column(default=None)
    ongoing: Mapped[bool] = mapped_column(default=False)
    participants: Mapped[int | None] = mapped_column(default=None)
    recruitment: Mapped[AtlasRecruitment | None] = mapped_column(str_enum(AtlasRecruitment), default=None)
    initiator: Mapped[AtlasInitiator | None] = mapped_column(str_enum(AtlasInitiator, 40), default=None)
    result: Mapped[str] = mapped_column(sa.Text, default="")
    impact: Mapped[str] = mapped_column(sa.Text, default="")  # what became of the result
    link_portal: Mapped[str] = mapped_column(sa.String(300), default="")
    link_decision: Mapped[str] = mapped_column(sa.String(300), default="")
    contact: Mapped[str] = mapped_column(sa.String(300), default="")

    source: Mapped[AtlasSource] = mapped_column(str_enum(AtlasSource), default=AtlasSource.MEMBER)
    # Name shown in the source line; kept when the account goes away.
    source_name: Mapped[str] = mapped_column(sa.String(200), default="")
    is_example: Mapped[bool] = mapped_column(default=False)
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("accounts.id", ondelete="SET NULL"), default=None, index=True
    )
    assigned_to_id: Mapped[int | None] = mapped_column(sa.ForeignKey("accounts.id", ondelete="SET NULL"), default=None)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    network: Mapped[Network] = relationship()
    author: Mapped[Account | None] = relationship(foreign_keys=[author_id])
    assigned_to: Mapped[Account | None] = relationship(foreign_keys=[assigned_to_id])
    methods: Mapped[list[AtlasMethod]] = relationship(secondary=atlas_entry_methods, order_by="AtlasMethod.position")
    updates: Mapped[list[AtlasUpdate]] = relationship(
        back_populates="entry", order_by="AtlasUpdate.id", cascade="all, delete-orphan"
    )
    history: Mapped[list[AtlasHistory]] = relationship(
        back_populates="entry", order_by="AtlasHistory.id", cascade="all, delete-orphan", passive_deletes=True
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def period(self) -> str:
        """ "03/2024 – 11/2024", "seit 05/2025" (ongoing) or ""."""
        start = _month(self.start_year, self.start_month)
        if self.ongoing:
            return str(_l("seit %(start)s", start=start)) if start else str(_l("laufend"))
        end = _month(self.end_year, self.end_month)
        if start and end and end != start:
            return f"{start} – {end}"
        return start

    def __repr__(self) -> str:
        return f"<AtlasEntry {self.id} {self.state.value}>"


def _month(year: int | None, month: int | None) -> str:
    if not year:
        return ""
    return f"{month:02d}/{year}" if month else str(year)


sa.Index("ix_atlas_entries_network_state", AtlasEntry.network_id, AtlasEntry.state, AtlasEntry.submitted_at)
sa.Index("ix_atlas_entries_published", AtlasEntry.state, AtlasEntry.published_at)


class AtlasUpdate(Base):
    """A dated status update to a published entry ("Ergebnisse an den Stadtrat übergeben, 03/2027")."""

    __tablename__ = "atlas_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(sa.ForeignKey("atlas_entries.id", ondelete="CASCADE"), index=True)
    state: Mapped[AtlasState] = mapped_column(str_enum(AtlasState), default=AtlasState.SUBMITTED)
    year: Mapped[int] = mapped_column()
    month: Mapped[int] = mapped_column()
    text: Mapped[str] = mapped_column(sa.Text)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("accounts.id", ondelete="SET NULL"), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    entry: Mapped[AtlasEntry] = relationship(back_populates="updates")

    @property
    def when(self) -> str:
        return _month(self.year, self.month)


class AtlasHistoryKind(enum.Enum):
    STATE_CHANGE = "state_change"
    QUESTION = "question"
    ANSWER = "answer"
    NOTE = "note"

    @property
    def label(self) -> str:
        return {
            AtlasHistoryKind.STATE_CHANGE: _l("Statusänderung"),
            AtlasHistoryKind.QUESTION: _l("Rückfrage"),
            AtlasHistoryKind.ANSWER: _l("Antwort"),
            AtlasHistoryKind.NOTE: _l("Interne Notiz"),
        }[self]


class AtlasHistory(Base):
    """Append-only history of an entry and its updates (update_id set for an update's events)."""

    __tablename__ = "atlas_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(sa.ForeignKey("atlas_entries.id", ondelete="CASCADE"), index=True)
    update_id: Mapped[int | None] = mapped_column(sa.ForeignKey("atlas_updates.id", ondelete="CASCADE"), default=None)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("accounts.id", ondelete="SET NULL"), default=None)
    actor_label: Mapped[str] = mapped_column(sa.String(120), default="")
    kind: Mapped[AtlasHistoryKind] = mapped_column(str_enum(AtlasHistoryKind))
    from_state: Mapped[AtlasState | None] = mapped_column(str_enum(AtlasState), default=None)
    to_state: Mapped[AtlasState | None] = mapped_column(str_enum(AtlasState), default=None)
    message: Mapped[str] = mapped_column(sa.Text, default="")
    internal: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    entry: Mapped[AtlasEntry] = relationship(back_populates="history")
    update: Mapped[AtlasUpdate | None] = relationship()


# The public search index: one row per *published* entry (app/atlas/search.py). Maintained by
# hand in migration 0005 together with its FTS5 table / tsvector columns (prefix atlas_fts).
atlas_index = sa.Table(
    "atlas_fts_entries",
    db.metadata,
    sa.Column(
        "entry_id",
        sa.ForeignKey("atlas_entries.id", ondelete="CASCADE", name="fk_atlas_fts_entries_entry"),
        primary_key=True,
        autoincrement=False,
    ),
    sa.Column("network_id", sa.Integer, nullable=False),
    sa.Column("bundesland", sa.String(2), nullable=False, default=""),
    sa.Column("sort_key", sa.String(300).with_variant(sa.String(300, collation="C"), "postgresql"), nullable=False),
    sa.Column("search_text", sa.Text, nullable=False),
    sa.Column("tags", sa.Text, nullable=False),
    sa.Index("ix_atlas_fts_sort", "sort_key", "entry_id"),
    sa.Index("ix_atlas_fts_network_sort", "network_id", "sort_key", "entry_id"),
    sa.Index("ix_atlas_fts_network_land", "network_id", "bundesland", "sort_key", "entry_id"),
    sa.Index("ix_atlas_fts_land_sort", "bundesland", "sort_key", "entry_id"),
)
