"""Networks (tenants) with their Themenkreise and Ländergruppen (events: models/event.py)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Base
from app.models.base import LabelledEnum, UTCDateTime, utcnow

if TYPE_CHECKING:
    from app.models.account import Account
    from app.models.event import Event


class ApplicantKind(LabelledEnum):
    """Who applies: a person, an organisation/initiative or a municipality."""

    PERSON = "person", _l("Einzelperson")
    ORGANISATION = "organisation", _l("Organisation oder Initiative")
    MUNICIPALITY = "municipality", _l("Kommune")

    @property
    def plural_label(self) -> str:
        return {
            ApplicantKind.PERSON: _l("Einzelpersonen"),
            ApplicantKind.ORGANISATION: _l("Organisationen und Initiativen"),
            ApplicantKind.MUNICIPALITY: _l("Kommunen"),
        }[self]


class Network(Base):
    __tablename__ = "networks"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    short_description: Mapped[str] = mapped_column(sa.String(500))
    description: Mapped[str] = mapped_column(sa.Text, default="")  # Markdown
    conditions: Mapped[str] = mapped_column(sa.Text, default="")  # Markdown
    # Label of the "I accept the conditions" checkbox; empty = no such checkbox.
    conditions_confirmation: Mapped[str] = mapped_column(sa.String(500), default="")
    privacy_notice: Mapped[str] = mapped_column(sa.Text, default="")  # Markdown
    operator: Mapped[str] = mapped_column(sa.String(200), default="")
    website: Mapped[str] = mapped_column(sa.String(300), default="")
    contact_email: Mapped[str] = mapped_column(sa.String(254), default="")

    accepts_persons: Mapped[bool] = mapped_column(default=True)
    accepts_organisations: Mapped[bool] = mapped_column(default=False)
    accepts_municipalities: Mapped[bool] = mapped_column(default=False)
    one_membership_per_organisation: Mapped[bool] = mapped_column(default=False)
    applications_open: Mapped[bool] = mapped_column(default=True)
    # Optional capacity per programme period, e.g. "Methodenprogramm 2022/23" with 20 places.
    programme_period: Mapped[str] = mapped_column(sa.String(120), default="")
    capacity: Mapped[int | None] = mapped_column(default=None)
    directory_enabled: Mapped[bool] = mapped_column(default=True)
    themenkreis_required: Mapped[bool] = mapped_column(default=False)
    multiple_themenkreise: Mapped[bool] = mapped_column(default=False)
    # Message the applicant gets on rejection; empty = the built-in default template.
    rejection_template: Mapped[str] = mapped_column(sa.Text, default="")

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    themenkreise: Mapped[list[Themenkreis]] = relationship(
        back_populates="network", order_by="Themenkreis.position", cascade="all, delete-orphan"
    )
    laendergruppen: Mapped[list[Laendergruppe]] = relationship(
        back_populates="network", order_by="Laendergruppe.name", cascade="all, delete-orphan"
    )
    events: Mapped[list[Event]] = relationship(
        back_populates="network", order_by="Event.starts_at", cascade="all, delete-orphan"
    )
    coordinators: Mapped[list[Account]] = relationship(
        secondary="coordinator_assignments", back_populates="coordinated_networks", viewonly=True
    )

    @property
    def applicant_kinds(self) -> list[ApplicantKind]:
        """The kinds of applicant this network accepts, in a stable order."""
        kinds = []
        if self.accepts_persons:
            kinds.append(ApplicantKind.PERSON)
        if self.accepts_organisations:
            kinds.append(ApplicantKind.ORGANISATION)
        if self.accepts_municipalities:
            kinds.append(ApplicantKind.MUNICIPALITY)
        return kinds

    def __repr__(self) -> str:
        return f"<Network {self.slug}>"


class Themenkreis(Base):
    """A thematic working group inside a network."""

    __tablename__ = "themenkreise"
    __table_args__ = (sa.UniqueConstraint("network_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(sa.ForeignKey("networks.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    position: Mapped[int] = mapped_column(default=0)

    network: Mapped[Network] = relationship(back_populates="themenkreise")

    def __repr__(self) -> str:
        return f"<Themenkreis {self.name}>"


class Laendergruppe(Base):
    """A regional group inside a network (e.g. Ländergruppe Berlin-Brandenburg)."""

    __tablename__ = "laendergruppen"
    __table_args__ = (sa.UniqueConstraint("network_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(sa.ForeignKey("networks.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    # Comma-separated Bundesland codes this group covers, e.g. "BE,BB".
    bundeslaender: Mapped[str] = mapped_column(sa.String(60), default="")

    network: Mapped[Network] = relationship(back_populates="laendergruppen")

    @property
    def bundesland_codes(self) -> list[str]:
        return [code for code in self.bundeslaender.split(",") if code]
