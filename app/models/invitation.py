"""Invitations of people a coordinator imported or added by hand, and the imports themselves.

An invited person is not a member yet: the invitation holds their data until they confirm,
consent and set a password; only then a Membership exists. Until then they cannot be listed,
counted or mailed by any code that works on memberships (privacy by construction).
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Base, db
from app.models.base import UTCDateTime, str_enum, utcnow
from app.models.network import ApplicantKind, Laendergruppe, Network, Themenkreis

if TYPE_CHECKING:
    from app.models.account import Account
    from app.models.application import ConsentText
    from app.models.membership import Membership


invitation_themenkreise = sa.Table(
    "member_invitation_themenkreise",
    db.metadata,
    sa.Column("invitation_id", sa.ForeignKey("member_invitations.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("themenkreis_id", sa.ForeignKey("themenkreise.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class ImportState(enum.Enum):
    CHECKED = "checked"  # dry run done, nothing stored but the rows to check
    IMPORTED = "imported"

    @property
    def label(self) -> str:
        return {ImportState.CHECKED: _l("geprüft"), ImportState.IMPORTED: _l("importiert")}[self]


class MemberImport(Base):
    """One uploaded member list: the parsed rows (until purged), the mapping and the counts."""

    __tablename__ = "member_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(sa.ForeignKey("networks.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("accounts.id", ondelete="SET NULL"), default=None)
    filename: Mapped[str] = mapped_column(sa.String(200))
    state: Mapped[ImportState] = mapped_column(str_enum(ImportState), default=ImportState.CHECKED)
    # {"header": [...], "rows": [[...], ...], "mapping": {"0": "email", ...}}; emptied by the purge.
    data: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    rows_total: Mapped[int] = mapped_column(default=0)
    rows_valid: Mapped[int] = mapped_column(default=0)
    rows_invalid: Mapped[int] = mapped_column(default=0)
    rows_existing: Mapped[int] = mapped_column(default=0)
    invited: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    imported_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    network: Mapped[Network] = relationship()
    actor: Mapped[Account | None] = relationship()


class MemberInvitation(Base):
    """A person invited into a network; becomes a Membership when they accept."""

    __tablename__ = "member_invitations"
    __table_args__ = (
        # One open invitation per address and network: importing twice creates nothing new.
        sa.Index(
            "uq_member_invitations_open",
            "network_id",
            "email",
            unique=True,
            sqlite_where=sa.text("accepted_at IS NULL AND cancelled_at IS NULL"),
            postgresql_where=sa.text("accepted_at IS NULL AND cancelled_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(sa.ForeignKey("networks.id", ondelete="CASCADE"), index=True)
    import_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("member_imports.id", ondelete="SET NULL"), default=None, index=True
    )
    invited_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("accounts.id", ondelete="SET NULL"), default=None)
    email: Mapped[str] = mapped_column(sa.String(254))
    first_name: Mapped[str] = mapped_column(sa.String(100), default="")
    last_name: Mapped[str] = mapped_column(sa.String(100), default="")
    institution: Mapped[str] = mapped_column(sa.String(200), default="")
    function: Mapped[str] = mapped_column(sa.String(200), default="")
    street: Mapped[str] = mapped_column(sa.String(200), default="")
    postcode: Mapped[str] = mapped_column(sa.String(10), default="")
    city: Mapped[str] = mapped_column(sa.String(100), default="")
    country: Mapped[str] = mapped_column(sa.String(100), default="Deutschland")
    bundesland: Mapped[str] = mapped_column(sa.String(2), default="")
    phone: Mapped[str] = mapped_column(sa.String(32), default="")  # E.164
    kind: Mapped[ApplicantKind] = mapped_column(str_enum(ApplicantKind), default=ApplicantKind.PERSON)
    laendergruppe_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("laendergruppen.id", ondelete="SET NULL"), default=None
    )
    member_since: Mapped[date | None] = mapped_column(sa.Date, default=None)
    coordinator_note: Mapped[str] = mapped_column(sa.Text, default="")
    # Only the SHA-256 of the link's token is stored.
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # What the person agreed to when accepting (version + SHA-256 live in consent_texts).
    consent_text_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("consent_texts.id", ondelete="RESTRICT"), default=None
    )
    membership_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("memberships.id", ondelete="SET NULL"), default=None
    )

    network: Mapped[Network] = relationship()
    laendergruppe: Mapped[Laendergruppe | None] = relationship()
    themenkreise: Mapped[list[Themenkreis]] = relationship(
        secondary=invitation_themenkreise, order_by="Themenkreis.position"
    )
    consent_text: Mapped[ConsentText | None] = relationship()
    membership: Mapped[Membership | None] = relationship()

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.email

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.cancelled_at is None and self.expires_at > utcnow()
