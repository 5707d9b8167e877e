"""Events (Veranstaltungen) of a network, their registration settings, questions and registrations."""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Base
from app.models.account import Account
from app.models.base import UTCDateTime, str_enum, utcnow
from app.models.network import Laendergruppe, Network, Themenkreis

MAX_QUESTIONS = 5


class Audience(enum.Enum):
    """Who may register for an event."""

    MEMBERS = "members"
    MEMBERS_AND_GUESTS = "members_and_guests"

    @property
    def label(self) -> str:
        return {
            Audience.MEMBERS: _l("nur Mitglieder des Netzwerks"),
            Audience.MEMBERS_AND_GUESTS: _l("Mitglieder und Gäste"),
        }[self]


class Event(Base):
    """A Veranstaltung of a network; registration settings live on the event itself."""

    __tablename__ = "events"
    __table_args__ = (
        sa.CheckConstraint("ends_at >= starts_at", name="ends_after_start"),
        sa.CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(sa.ForeignKey("networks.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(sa.String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(sa.String(200), default="")
    online: Mapped[bool] = mapped_column(default=False)
    description: Mapped[str] = mapped_column(sa.Text, default="")  # Markdown
    registration_required: Mapped[bool] = mapped_column(default=False)
    themenkreis_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("themenkreise.id", ondelete="SET NULL"), default=None
    )
    laendergruppe_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("laendergruppen.id", ondelete="SET NULL"), default=None
    )

    # Registration settings (used while registration_required is set).
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    capacity: Mapped[int | None] = mapped_column(default=None)  # None = no limit
    audience: Mapped[Audience] = mapped_column(str_enum(Audience), default=Audience.MEMBERS_AND_GUESTS)
    needs_approval: Mapped[bool] = mapped_column(default=False)
    waiting_list: Mapped[bool] = mapped_column(default=True)
    # Hours a waiting-list offer stays open before it passes on.
    offer_hours: Mapped[int] = mapped_column(default=48)
    # Participants may cancel through their link until this many hours before the start.
    cancellation_hours: Mapped[int] = mapped_column(default=24)
    # The reminder goes out this many hours before the start.
    reminder_hours: Mapped[int] = mapped_column(default=24)
    # Shown only to confirmed participants (page and mails).
    online_link: Mapped[str] = mapped_column(sa.String(500), default="")
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # iCalendar SEQUENCE: raised on every change participants are told about.
    sequence: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    network: Mapped[Network] = relationship(back_populates="events")
    themenkreis: Mapped[Themenkreis | None] = relationship()
    laendergruppe: Mapped[Laendergruppe | None] = relationship()
    questions: Mapped[list[EventQuestion]] = relationship(
        back_populates="event", order_by="EventQuestion.position", cascade="all, delete-orphan"
    )
    registrations: Mapped[list[EventRegistration]] = relationship(
        back_populates="event", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def is_past(self) -> bool:
        return self.ends_at < utcnow()

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def cancellation_deadline(self) -> datetime:
        return self.starts_at - timedelta(hours=self.cancellation_hours)

    @property
    def guests_allowed(self) -> bool:
        return self.audience is Audience.MEMBERS_AND_GUESTS

    def registration_is_open(self, now: datetime | None = None) -> bool:
        """Registration is possible now (set up, not cancelled, inside the window, not started)."""
        now = now or utcnow()
        if not self.registration_required or self.is_cancelled or now >= self.starts_at:
            return False
        if self.registration_opens_at and now < self.registration_opens_at:
            return False
        return not (self.registration_closes_at and now >= self.registration_closes_at)


sa.Index("ix_events_network_starts", Event.network_id, Event.starts_at)


class QuestionKind(enum.Enum):
    TEXT = "text"
    CHOICE = "choice"
    YES_NO = "yes_no"

    @property
    def label(self) -> str:
        return {
            QuestionKind.TEXT: _l("Freitext"),
            QuestionKind.CHOICE: _l("Auswahl"),
            QuestionKind.YES_NO: _l("Ja/Nein"),
        }[self]


class EventQuestion(Base):
    """An extra question of an event's registration form (at most five per event)."""

    __tablename__ = "event_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[QuestionKind] = mapped_column(str_enum(QuestionKind), default=QuestionKind.TEXT)
    label: Mapped[str] = mapped_column(sa.String(300))
    # For CHOICE: the options, one per line.
    options: Mapped[str] = mapped_column(sa.Text, default="")
    required: Mapped[bool] = mapped_column(default=False)

    event: Mapped[Event] = relationship(back_populates="questions")

    @property
    def option_list(self) -> list[str]:
        return [line.strip() for line in self.options.splitlines() if line.strip()]


class RegistrationState(enum.Enum):
    """States of an event registration (DOMAIN.md); transitions in app/events/states.py."""

    UNCONFIRMED = "unconfirmed"
    REGISTERED = "registered"
    WAITLIST = "waitlist"
    PENDING_APPROVAL = "pending_approval"
    CANCELLED = "cancelled"
    DECLINED = "declined"

    @property
    def label(self) -> str:
        return {
            RegistrationState.UNCONFIRMED: _l("unbestätigt"),
            RegistrationState.REGISTERED: _l("angemeldet"),
            RegistrationState.WAITLIST: _l("Warteliste"),
            RegistrationState.PENDING_APPROVAL: _l("wartet auf Freigabe"),
            RegistrationState.CANCELLED: _l("abgemeldet"),
            RegistrationState.DECLINED: _l("abgelehnt"),
        }[self]

    @property
    def badge(self) -> str:
        return {
            RegistrationState.UNCONFIRMED: "info",
            RegistrationState.REGISTERED: "success",
            RegistrationState.WAITLIST: "warning",
            RegistrationState.PENDING_APPROVAL: "info",
            RegistrationState.CANCELLED: "info",
            RegistrationState.DECLINED: "danger",
        }[self]


ACTIVE_STATES = (
    RegistrationState.UNCONFIRMED,
    RegistrationState.REGISTERED,
    RegistrationState.WAITLIST,
    RegistrationState.PENDING_APPROVAL,
)


class EventRegistration(Base):
    """One person's registration for one event (a member account or a guest)."""

    __tablename__ = "event_registrations"
    # One row per address and event; registering again after cancelling reuses it.
    __table_args__ = (sa.UniqueConstraint("event_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    account_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("accounts.id", ondelete="SET NULL"), default=None, index=True
    )
    state: Mapped[RegistrationState] = mapped_column(str_enum(RegistrationState), default=RegistrationState.UNCONFIRMED)
    name: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str] = mapped_column(sa.String(254))  # lower-cased
    institution: Mapped[str] = mapped_column(sa.String(200), default="")
    # Answers to the event's questions: {"<question id>": "<answer>"}.
    answers: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # Guests: the consent text they agreed to, and when.
    consent_text: Mapped[str] = mapped_column(sa.Text, default="")
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # Part of the private link (signed with SECRET_KEY); renewing it invalidates old links.
    link_nonce: Mapped[str] = mapped_column(sa.String(32))
    locale: Mapped[str] = mapped_column(sa.String(5), default="de")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the person joined the waiting list: its order.
    waitlisted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # An open waiting-list offer: the place is held until then.
    offer_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship(back_populates="registrations")
    account: Mapped[Account | None] = relationship()
    history: Mapped[list[RegistrationHistory]] = relationship(
        back_populates="registration",
        order_by="RegistrationHistory.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def is_guest(self) -> bool:
        return self.account_id is None

    @property
    def has_open_offer(self) -> bool:
        return (
            self.state is RegistrationState.WAITLIST
            and self.offer_expires_at is not None
            and self.offer_expires_at > utcnow()
        )


sa.Index("ix_event_registrations_event_state", EventRegistration.event_id, EventRegistration.state)


class RegistrationHistory(Base):
    """Append-only: one row per state change of a registration, with who and when."""

    __tablename__ = "event_registration_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("event_registrations.id", ondelete="CASCADE"), index=True
    )
    from_state: Mapped[RegistrationState | None] = mapped_column(str_enum(RegistrationState), default=None)
    to_state: Mapped[RegistrationState] = mapped_column(str_enum(RegistrationState))
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("accounts.id", ondelete="SET NULL"), default=None)
    actor_label: Mapped[str] = mapped_column(sa.String(120), default="")
    message: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    registration: Mapped[EventRegistration] = relationship(back_populates="history")


class CalendarFeed(Base):
    """A member's personal calendar feed; the nonce is part of the signed feed address."""

    __tablename__ = "calendar_feeds"

    account_id: Mapped[int] = mapped_column(sa.ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    nonce: Mapped[str] = mapped_column(sa.String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
