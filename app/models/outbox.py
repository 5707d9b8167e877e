"""Transactional outbox: mails are rows written with the change they report."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import UTCDateTime, str_enum, utcnow


class OutboxStatus(enum.Enum):
    PENDING = "pending"
    SENDING = "sending"  # claimed by one sender; never picked up twice
    SENT = "sent"
    FAILED = "failed"  # gave up after too many attempts


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[OutboxStatus] = mapped_column(str_enum(OutboxStatus), default=OutboxStatus.PENDING)
    recipient: Mapped[str] = mapped_column(sa.String(254))
    subject: Mapped[str] = mapped_column(sa.String(300))
    body_text: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str] = mapped_column(sa.Text, default="")
    template: Mapped[str] = mapped_column(sa.String(80), default="")
    application_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("applications.id", ondelete="SET NULL"), default=None, index=True
    )
    account_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("accounts.id", ondelete="SET NULL"), default=None, index=True
    )
    # Set for messages to members: the archive counts queued/sent/failed from these rows.
    member_message_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("member_messages.id", ondelete="SET NULL"), default=None, index=True
    )
    reply_to: Mapped[str] = mapped_column(sa.String(254), default="")
    # The one-click unsubscribe URL (List-Unsubscribe header, RFC 8058).
    list_unsubscribe: Mapped[str] = mapped_column(sa.String(500), default="")
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


sa.Index("ix_outbox_messages_due", OutboxMessage.status, OutboxMessage.next_attempt_at)
