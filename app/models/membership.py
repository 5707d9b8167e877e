"""Memberships: an account (or an organisation with its contact person) in a network."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Base, db
from app.models.base import UTCDateTime, str_enum, utcnow
from app.models.network import ApplicantKind, Laendergruppe, Network, Themenkreis

if TYPE_CHECKING:
    from app.models.account import Account
    from app.models.application import Application
    from app.models.organisation import Organisation


membership_themenkreise = sa.Table(
    "membership_themenkreise",
    db.metadata,
    sa.Column("membership_id", sa.ForeignKey("memberships.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("themenkreis_id", sa.ForeignKey("themenkreise.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Membership(Base):
    __tablename__ = "memberships"
    __table_args__ = (
        # At most one active membership of an account per network.
        sa.Index(
            "uq_memberships_active_account",
            "network_id",
            "account_id",
            unique=True,
            sqlite_where=sa.text("ended_at IS NULL"),
            postgresql_where=sa.text("ended_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(sa.ForeignKey("networks.id", ondelete="CASCADE"))
    # The person: the member, or the contact person of an organisation/municipality.
    account_id: Mapped[int] = mapped_column(sa.ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), default=None, index=True
    )
    kind: Mapped[ApplicantKind] = mapped_column(str_enum(ApplicantKind), default=ApplicantKind.PERSON)
    application_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("applications.id", ondelete="SET NULL"), default=None
    )
    laendergruppe_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("laendergruppen.id", ondelete="SET NULL"), default=None
    )
    # Directory listing is opt-in.
    listed_in_directory: Mapped[bool] = mapped_column(default=False)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # Why the membership ended (left, ended by the coordination, account deleted).
    end_reason: Mapped[str] = mapped_column(sa.Text, default="")
    # Seen by the coordination only; personal data stays the member's own.
    coordinator_note: Mapped[str] = mapped_column(sa.Text, default="")
    # "Keine Rundschreiben mehr von diesem Netzwerk" (one-click link or Mein Bereich).
    messages_opt_out: Mapped[bool] = mapped_column(default=False)

    network: Mapped[Network] = relationship()
    account: Mapped[Account] = relationship(back_populates="memberships", foreign_keys=[account_id])
    organisation: Mapped[Organisation | None] = relationship()
    application: Mapped[Application | None] = relationship()
    laendergruppe: Mapped[Laendergruppe | None] = relationship()
    themenkreise: Mapped[list[Themenkreis]] = relationship(
        secondary=membership_themenkreise, order_by="Themenkreis.position"
    )

    @property
    def is_active(self) -> bool:
        return self.ended_at is None

    def __repr__(self) -> str:
        return f"<Membership {self.id} network={self.network_id} account={self.account_id}>"


sa.Index("ix_memberships_network_active", Membership.network_id, Membership.ended_at)
