"""Append-only history of everything that happens to applications and networks."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Base
from app.models.application import ApplicationState
from app.models.base import LabelledEnum, UTCDateTime, str_enum, utcnow

if TYPE_CHECKING:
    from app.models.account import Account
    from app.models.application import Application


class HistoryKind(LabelledEnum):
    STATE_CHANGE = "state_change", _l("Statusänderung")
    QUESTION = "question", _l("Rückfrage")  # Rückfrage to the applicant
    ANSWER = "answer", _l("Antwort")  # the applicant's answer
    NOTE = "note", _l("Interne Notiz")  # internal note, coordinators only
    ASSIGNED = "assigned", _l("Zuständigkeit")
    REOPENED = "reopened", _l("Wieder geöffnet")
    EXPORT = "export", _l("Export")
    MEMBERSHIP = "membership", _l("Mitgliedschaft")
    MAIL = "mail", _l("E-Mail")
    IMPORT = "import", _l("Import")  # a member list was imported
    MESSAGE = "message", _l("Nachricht an Mitglieder")  # a message to members was queued
    SEAL = "seal", _l("Siegel")  # the seal "Kommune der Offenen Gesellschaft" (app/programmes)


class HistoryEntry(Base):
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
