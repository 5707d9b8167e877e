"""Accounts (people who can log in), their login sessions and roles."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Base
from app.models.base import LabelledEnum, UTCDateTime, str_enum, utcnow

if TYPE_CHECKING:
    from app.models.membership import Membership
    from app.models.network import Network


class Visibility(LabelledEnum):
    """Who may see one profile field."""

    MEMBERS = "members", _l("Mitglieder meiner Netzwerke")  # members of the networks I belong to
    NOBODY = "nobody", _l("niemand")


class Account(UserMixin, Base):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Always stored lower-cased (see services.accounts.normalise_email).
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(sa.String(255), default=None)
    first_name: Mapped[str] = mapped_column(sa.String(100), default="")
    last_name: Mapped[str] = mapped_column(sa.String(100), default="")
    is_admin: Mapped[bool] = mapped_column(default=False)
    disabled: Mapped[bool] = mapped_column(default=False)
    locale: Mapped[str] = mapped_column(sa.String(5), default="de")

    # Profile shown in the directory (visibility per field below).
    institution: Mapped[str] = mapped_column(sa.String(200), default="")
    function: Mapped[str] = mapped_column(sa.String(200), default="")
    street: Mapped[str] = mapped_column(sa.String(200), default="")
    postcode: Mapped[str] = mapped_column(sa.String(10), default="")
    city: Mapped[str] = mapped_column(sa.String(100), default="")
    country: Mapped[str] = mapped_column(sa.String(100), default="Deutschland")
    bundesland: Mapped[str] = mapped_column(sa.String(2), default="")  # derived from postcode
    phone: Mapped[str] = mapped_column(sa.String(32), default="")  # E.164
    description: Mapped[str] = mapped_column(sa.Text, default="")

    email_visibility: Mapped[Visibility] = mapped_column(str_enum(Visibility), default=Visibility.MEMBERS)
    phone_visibility: Mapped[Visibility] = mapped_column(str_enum(Visibility), default=Visibility.NOBODY)
    address_visibility: Mapped[Visibility] = mapped_column(str_enum(Visibility), default=Visibility.NOBODY)
    description_visibility: Mapped[Visibility] = mapped_column(str_enum(Visibility), default=Visibility.MEMBERS)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    coordinated_networks: Mapped[list[Network]] = relationship(
        secondary="coordinator_assignments", back_populates="coordinators", viewonly=True
    )
    memberships: Mapped[list[Membership]] = relationship(back_populates="account", foreign_keys="Membership.account_id")

    # Set at login / load: the token of the server-side LoginSession (see get_id).
    if TYPE_CHECKING:
        login_token: str | None
        login_session_id: int | None
        coordinator_flag: bool | None
    else:
        login_token = None  # not columns: unannotated at run time, so the ORM leaves them alone
        # Set by load_account_for_session in the same statement (the navigation asks on every page).
        coordinator_flag = None
        login_session_id = None  # the LoginSession row (the logged-in page cache checks it)

    @property
    def coordinates_any_network(self) -> bool:
        if self.coordinator_flag is None:
            self.coordinator_flag = bool(self.coordinated_networks)
        return bool(self.coordinator_flag)

    def get_id(self) -> str | None:
        """Flask-Login keeps the login-session token, not the account id, in the cookie."""
        return self.login_token

    @property
    def display_name(self) -> str:
        name = f"{self.first_name} {self.last_name}".strip()
        return name or self.email

    @property
    def is_active(self) -> bool:  # Flask-Login
        return not self.disabled

    def __repr__(self) -> str:
        return f"<Account {self.id}>"


class LoginSession(Base):
    """A server-side login session; deleting the row logs that browser out for real."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    account_id: Mapped[int] = mapped_column(sa.ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_agent: Mapped[str] = mapped_column(sa.String(200), default="")

    account: Mapped[Account] = relationship()


class CoordinatorAssignment(Base):
    """Role: this account coordinates (reviews applications of) this network."""

    __tablename__ = "coordinator_assignments"

    account_id: Mapped[int] = mapped_column(sa.ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    network_id: Mapped[int] = mapped_column(
        sa.ForeignKey("networks.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Coordinators get a mail for each confirmed application unless switched off.
    notify: Mapped[bool] = mapped_column(default=True)
    # Told when a member leaves or deletes their account (off unless switched on).
    notify_member_left: Mapped[bool] = mapped_column(default=False)

    account: Mapped[Account] = relationship()
    network: Mapped[Network] = relationship()
