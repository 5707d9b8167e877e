"""Messages from the coordination to the members of a network (Rundschreiben)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Base
from app.models.base import UTCDateTime, utcnow

if TYPE_CHECKING:
    from app.models.account import Account


class MemberMessage(Base):
    """One message; its recipients are the outbox rows pointing at it (never shown as addresses)."""

    __tablename__ = "member_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(sa.ForeignKey("networks.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("accounts.id", ondelete="SET NULL"), default=None)
    subject: Mapped[str] = mapped_column(sa.String(200))
    body: Mapped[str] = mapped_column(sa.Text)  # Markdown
    # The segment in words, as the coordinator chose it ("Themenkreis: Transparenz").
    segment: Mapped[str] = mapped_column(sa.String(300), default="")
    reply_to: Mapped[str] = mapped_column(sa.String(254), default="")
    recipient_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[Account | None] = relationship()
