"""Verification of a member: how (e-mail domain or the coordination's attestation) and until when.

A badge is shown only while a verification is accepted and `valid_until` lies in the future:
an expired verification disappears from every page by itself, no job needed. A future identity
provider (e.g. an OIDC claim "role=municipality") would be a third `VerificationMethod` whose
verifications are created at login; the badge, history, export and erasure stay the same.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Base
from app.models.base import LabelledEnum, UTCDateTime, str_enum, utcnow

if TYPE_CHECKING:
    from app.models.account import Account
    from app.models.membership import Membership
    from app.models.organisation import Organisation


class VerificationMethod(LabelledEnum):
    DOMAIN = "domain", _l("E-Mail-Domain")
    ATTESTATION = "attestation", _l("Bestätigung durch die Koordination")


class VerificationState(LabelledEnum):
    REQUESTED = "requested", _l("beantragt"), "info"
    QUESTION = "question", _l("Rückfrage"), "warning"
    ACCEPTED = "accepted", _l("bestätigt"), "success"
    REJECTED = "rejected", _l("abgelehnt"), "danger"


class VerifiedDomain(Base):
    """An e-mail domain the coordination knows belongs to an organisation (e.g. stadt-leipzig.de)."""

    __tablename__ = "verified_domains"
    __table_args__ = (sa.UniqueConstraint("network_id", "domain"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(sa.ForeignKey("networks.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    domain: Mapped[str] = mapped_column(sa.String(253))
    added_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("accounts.id", ondelete="SET NULL"), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship()


class Verification(Base):
    __tablename__ = "verifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(sa.ForeignKey("networks.id", ondelete="CASCADE"), index=True)
    membership_id: Mapped[int] = mapped_column(sa.ForeignKey("memberships.id", ondelete="CASCADE"), index=True)
    method: Mapped[VerificationMethod] = mapped_column(str_enum(VerificationMethod))
    state: Mapped[VerificationState] = mapped_column(str_enum(VerificationState), default=VerificationState.REQUESTED)
    # What is confirmed: "Kommune", or an official's role ("Beteiligungsbeauftragte der Stadt Jena").
    label: Mapped[str] = mapped_column(sa.String(200), default="")
    # The member's reasons when asking; the coordination's reason when deciding.
    request_text: Mapped[str] = mapped_column(sa.Text, default="")
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    domain: Mapped[str] = mapped_column(sa.String(253), default="")
    requested_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("accounts.id", ondelete="SET NULL"), default=None)
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("accounts.id", ondelete="SET NULL"), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    valid_from: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    valid_until: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    membership: Mapped[Membership] = relationship()
    decided_by: Mapped[Account | None] = relationship(foreign_keys=[decided_by_id])
    events: Mapped[list[VerificationEvent]] = relationship(
        order_by="VerificationEvent.id", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def is_valid(self) -> bool:
        return self.state is VerificationState.ACCEPTED and self.valid_until is not None and self.valid_until > utcnow()


sa.Index("ix_verifications_badge", Verification.membership_id, Verification.state, Verification.valid_until)


class VerificationEvent(Base):
    """The history of one verification: request, questions, answers, decision (append-only)."""

    __tablename__ = "verification_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    verification_id: Mapped[int] = mapped_column(sa.ForeignKey("verifications.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("accounts.id", ondelete="SET NULL"), default=None)
    actor_label: Mapped[str] = mapped_column(sa.String(120), default="")
    state: Mapped[VerificationState | None] = mapped_column(str_enum(VerificationState), default=None)
    message: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
