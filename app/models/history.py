"""Append-only history of everything that happens to applications and networks."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.application import ApplicationState
from app.models.base import UTCDateTime, str_enum, utcnow

if TYPE_CHECKING:
    from app.models.account import Account
    from app.models.application import Application


class HistoryKind(enum.Enum):
    STATE_CHANGE = "state_change"
    QUESTION = "question"  # Rückfrage to the applicant
    ANSWER = "answer"  # the applicant's answer
    NOTE = "note"  # internal note, coordinators only
    ASSIGNED = "assigned"
    REOPENED = "reopened"
    EXPORT = "export"
    MEMBERSHIP = "membership"
    MAIL = "mail"
    IMPORT = "import"  # a member list was imported
    MESSAGE = "message"  # a message to members was queued

    @property
    def label(self) -> str:
        return {
            HistoryKind.STATE_CHANGE: _l("Statusänderung"),
            HistoryKind.QUESTION: _l("Rückfrage"),
            HistoryKind.ANSWER: _l("Antwort"),
            HistoryKind.NOTE: _l("Interne Notiz"),
            HistoryKind.ASSIGNED: _l("Zuständigkeit"),
            HistoryKind.REOPENED: _l("Wieder geöffnet"),
            HistoryKind.EXPORT: _l("Export"),
            HistoryKind.MEMBERSHIP: _l("Mitgliedschaft"),
            HistoryKind.MAIL: _l("E-Mail"),
            HistoryKind.IMPORT: _l("Import"),
            HistoryKind.MESSAGE: _l("Nachricht an Mitglieder"),
        }[self]


class HistoryEntry(db.Model):
    """One row per event; rows are never updated (see services.history)."""

    __tablename__ = "history_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("networks.id", ondelete="CASCADE"), default=None, index=True
    )
    application_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("applications.id", ondelete="CASCADE"), default=None, index=True
    )
    membership_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("memberships.id", ondelete="SET NULL"), default=None
    )
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("accounts.id", ondelete="SET NULL"), default=None)
    # Who acted when there is no account: "Antragsteller*in", "System", a CLI user ...
    actor_label: Mapped[str] = mapped_column(sa.String(120), default="")
    kind: Mapped[HistoryKind] = mapped_column(str_enum(HistoryKind))
    from_state: Mapped[ApplicationState | None] = mapped_column(str_enum(ApplicationState), default=None)
    to_state: Mapped[ApplicationState | None] = mapped_column(str_enum(ApplicationState), default=None)
    message: Mapped[str] = mapped_column(sa.Text, default="")
    internal: Mapped[bool] = mapped_column(default=False)  # hidden from the applicant
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    application: Mapped[Application | None] = relationship(back_populates="history")
    actor: Mapped[Account | None] = relationship()
