"""Membership applications, their consent records and form drafts."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Base, db
from app.models.base import LabelledEnum, UTCDateTime, str_enum, utcnow
from app.models.network import ApplicantKind, Network, Themenkreis
from app.models.organisation import OrganisationType

if TYPE_CHECKING:
    from app.models.account import Account
    from app.models.history import HistoryEntry
    from app.models.organisation import Organisation


class ApplicationState(LabelledEnum):
    """States of DOMAIN.md; transitions live in services/applications.py."""

    UNCONFIRMED = "unconfirmed", _l("unbestätigt"), "warning"
    RECEIVED = "received", _l("eingegangen"), "info"
    IN_REVIEW = "in_review", _l("in Prüfung"), "info"
    QUERY = "query", _l("Rückfrage"), "warning"
    ACCEPTED = "accepted", _l("angenommen"), "success"
    REJECTED = "rejected", _l("abgelehnt"), "danger"
    WITHDRAWN = "withdrawn", _l("zurückgezogen"), "danger"

    @property
    def is_open(self) -> bool:
        return self in OPEN_STATES

    @property
    def is_final(self) -> bool:
        return self in FINAL_STATES


OPEN_STATES = frozenset(
    {ApplicationState.UNCONFIRMED, ApplicationState.RECEIVED, ApplicationState.IN_REVIEW, ApplicationState.QUERY}
)
FINAL_STATES = frozenset({ApplicationState.ACCEPTED, ApplicationState.REJECTED, ApplicationState.WITHDRAWN})


application_themenkreise = sa.Table(
    "application_themenkreise",
    db.metadata,
    sa.Column("application_id", sa.ForeignKey("applications.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("themenkreis_id", sa.ForeignKey("themenkreise.id", ondelete="CASCADE"), primary_key=True),
    # Copies of the application's state and created_at for the queue's Themenkreis filter: one
    # index range per Themenkreis and state in queue order, so capped counts and pages stop early.
    # Written only by database triggers (app/review/queue_index.py, migration 0013), on every
    # link insert and every change of the application, even by raw SQL; the ORM never sets them,
    # so they are nullable (SQLite fills them just after the insert).
    sa.Column("state", str_enum(ApplicationState), nullable=True),
    sa.Column("created_at", UTCDateTime, nullable=True),
    sa.Index("ix_application_themenkreise_queue", "themenkreis_id", "state", "created_at", "application_id"),
)


class Application(Base):
    __tablename__ = "applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(sa.ForeignKey("networks.id", ondelete="CASCADE"))
    state: Mapped[ApplicationState] = mapped_column(str_enum(ApplicationState), default=ApplicationState.UNCONFIRMED)
    # Optimistic locking: a concurrent decision on a stale row raises StaleDataError.
    version: Mapped[int] = mapped_column(default=1)
    applicant_kind: Mapped[ApplicantKind] = mapped_column(str_enum(ApplicantKind), default=ApplicantKind.PERSON)

    # The person (applicant or contact person).
    first_name: Mapped[str] = mapped_column(sa.String(100))
    last_name: Mapped[str] = mapped_column(sa.String(100))
    email: Mapped[str] = mapped_column(sa.String(254), index=True)  # lower-cased
    phone: Mapped[str] = mapped_column(sa.String(32), default="")  # E.164
    function: Mapped[str] = mapped_column(sa.String(200), default="")
    # Institution (persons) or the organisation's / municipality's name.
    institution: Mapped[str] = mapped_column(sa.String(200), default="")
    institution_normalized: Mapped[str] = mapped_column(sa.String(200), default="", index=True)
    organisation_type: Mapped[OrganisationType | None] = mapped_column(str_enum(OrganisationType), default=None)
    website: Mapped[str] = mapped_column(sa.String(300), default="")
    street: Mapped[str] = mapped_column(sa.String(200), default="")
    postcode: Mapped[str] = mapped_column(sa.String(10), default="")
    city: Mapped[str] = mapped_column(sa.String(100), default="")
    country: Mapped[str] = mapped_column(sa.String(100), default="Deutschland")
    description: Mapped[str] = mapped_column(sa.Text, default="")
    wants_directory_listing: Mapped[bool] = mapped_column(default=False)
    locale: Mapped[str] = mapped_column(sa.String(5), default="de")

    # One-time form token: a double click or resent POST hits the unique constraint.
    submission_token: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # Private status link (no login); only the SHA-256 of the token is stored.
    status_token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # When personal data was removed by the retention purge or erasure.
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    assigned_to_id: Mapped[int | None] = mapped_column(sa.ForeignKey("accounts.id", ondelete="SET NULL"), default=None)
    account_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("accounts.id", ondelete="SET NULL"), default=None, index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), default=None
    )

    network: Mapped[Network] = relationship()
    themenkreise: Mapped[list[Themenkreis]] = relationship(
        secondary=application_themenkreise, order_by="Themenkreis.position"
    )
    assigned_to: Mapped[Account | None] = relationship(foreign_keys=[assigned_to_id])
    account: Mapped[Account | None] = relationship(foreign_keys=[account_id])
    organisation: Mapped[Organisation | None] = relationship()
    consent_records: Mapped[list[ConsentRecord]] = relationship(
        back_populates="application", cascade="all, delete-orphan"
    )
    history: Mapped[list[HistoryEntry]] = relationship(
        back_populates="application", order_by="HistoryEntry.id", passive_deletes=True
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def __repr__(self) -> str:
        return f"<Application {self.id} {self.state.value}>"


sa.Index("ix_applications_network_state_created", Application.network_id, Application.state, Application.created_at)
# The queue's order (oldest first) for tabs of several states and "all": the page is read in
# index order and stops after 25 rows instead of sorting every application of the network.
sa.Index("ix_applications_network_created", Application.network_id, Application.created_at, Application.id)


class ConsentKind(enum.Enum):
    PRIVACY = "privacy"
    CONDITIONS = "conditions"


class ConsentText(Base):
    """A versioned consent text; records point at the exact version shown."""

    __tablename__ = "consent_texts"
    __table_args__ = (sa.UniqueConstraint("network_id", "kind", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(sa.ForeignKey("networks.id", ondelete="CASCADE"))
    kind: Mapped[ConsentKind] = mapped_column(str_enum(ConsentKind))
    version: Mapped[int] = mapped_column()
    locale: Mapped[str] = mapped_column(sa.String(5), default="de")
    text: Mapped[str] = mapped_column(sa.Text)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ConsentRecord(Base):
    __tablename__ = "consent_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(sa.ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    consent_text_id: Mapped[int] = mapped_column(sa.ForeignKey("consent_texts.id", ondelete="RESTRICT"))
    given_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    application: Mapped[Application] = relationship(back_populates="consent_records")
    consent_text: Mapped[ConsentText] = relationship()


class ApplicationDraft(Base):
    """Server-side state of the multi-step form, so "Zurück" never loses input."""

    __tablename__ = "application_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(sa.String(64), unique=True)
    network_id: Mapped[int] = mapped_column(sa.ForeignKey("networks.id", ondelete="CASCADE"))
    data: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    network: Mapped[Network] = relationship()


# "Only mine" in the queue (and erasing a coordinator, which unassigns): the rows assigned to one
# person, per network and state in the queue's order (migration 0011).
sa.Index(
    "ix_applications_assigned_network_state",
    Application.assigned_to_id,
    Application.network_id,
    Application.state,
    Application.created_at,
)
