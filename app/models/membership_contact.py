"""Further contact persons of an organisation or municipality membership.

The main contact (Hauptansprechperson) is `Membership.account_id`, so every existing page that
knows "the member's account" keeps working; handing over the main role moves that column. The
other contacts are rows here: an invitation first (e-mail and token), then an account.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Base
from app.models.base import UTCDateTime, utcnow

if TYPE_CHECKING:
    from app.models.account import Account
    from app.models.membership import Membership


class MembershipContact(Base):
    __tablename__ = "membership_contacts"
    __table_args__ = (
        # A person is at most once an active contact of the same membership.
        sa.Index(
            "uq_membership_contacts_active",
            "membership_id",
            "account_id",
            unique=True,
            sqlite_where=sa.text("ended_at IS NULL AND account_id IS NOT NULL"),
            postgresql_where=sa.text("ended_at IS NULL AND account_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    membership_id: Mapped[int] = mapped_column(sa.ForeignKey("memberships.id", ondelete="CASCADE"), index=True)
    # Empty until the invited person accepts.
    account_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("accounts.id", ondelete="CASCADE"), default=None, index=True
    )
    # The invitation: address and name as the inviting person typed them; cleared on acceptance.
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    first_name: Mapped[str] = mapped_column(sa.String(100), default="")
    last_name: Mapped[str] = mapped_column(sa.String(100), default="")
    token_hash: Mapped[str | None] = mapped_column(sa.String(64), default=None, unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("accounts.id", ondelete="SET NULL"), default=None)
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    since: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)  # accepted (or handed over) at
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # Shown with the organisation in the directory (the contact's own choice).
    listed: Mapped[bool] = mapped_column(default=False)

    membership: Mapped[Membership] = relationship()
    account: Mapped[Account | None] = relationship(foreign_keys=[account_id])

    @property
    def is_active(self) -> bool:
        return self.account_id is not None and self.ended_at is None

    @property
    def is_open_invitation(self) -> bool:
        return (
            self.account_id is None
            and self.ended_at is None
            and self.expires_at is not None
            and self.expires_at > utcnow()
        )

    @property
    def display_name(self) -> str:
        if self.account is not None:
            return self.account.display_name
        return f"{self.first_name} {self.last_name}".strip() or self.email

    def __repr__(self) -> str:
        return f"<MembershipContact {self.id} membership={self.membership_id} account={self.account_id}>"
