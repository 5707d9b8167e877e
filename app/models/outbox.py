"""Transactional outbox: mails are rows written with the change they report."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Base
from app.models.base import UTCDateTime, str_enum, utcnow


class OutboxStatus(enum.Enum):
    PENDING = "pending"
    SENDING = "sending"  # claimed by one sender; never picked up twice
    SENT = "sent"
    FAILED = "failed"  # gave up after too many attempts


class OutboxMessage(Base):
    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[OutboxStatus] = mapped_column(str_enum(OutboxStatus), default=OutboxStatus.PENDING)
    recipient: Mapped[str] = mapped_column(sa.String(254))
    subject: Mapped[str] = mapped_column(sa.String(300))
    # Where an answer by e-mail goes (Rückfrage: the network's coordination; contact form: the sender).
    reply_to: Mapped[str] = mapped_column(sa.String(254), default="", server_default="")
    body_text: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str] = mapped_column(sa.Text, default="")
    template: Mapped[str] = mapped_column(sa.String(80), default="")
    # Answers go here instead of the sender (e.g. a coordinator's message to participants).
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
    # The one-click unsubscribe URL (List-Unsubscribe header, RFC 8058).
    list_unsubscribe: Mapped[str] = mapped_column(sa.String(500), default="")
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    attachments: Mapped[list[OutboxAttachment]] = relationship(
        order_by="OutboxAttachment.id", cascade="all, delete-orphan", passive_deletes=True
    )


sa.Index("ix_outbox_messages_due", OutboxMessage.status, OutboxMessage.next_attempt_at)


class OutboxAttachment(Base):
    """A file sent with a queued mail (e.g. an event's .ics)."""

    __tablename__ = "outbox_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(sa.ForeignKey("outbox_messages.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(sa.String(120))
    content_type: Mapped[str] = mapped_column(sa.String(100))
    content: Mapped[str] = mapped_column(sa.Text)
