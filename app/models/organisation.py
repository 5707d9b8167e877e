"""Organisations and municipalities that hold memberships."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Base
from app.models.base import UTCDateTime, str_enum, utcnow


class OrganisationType(enum.Enum):
    ADMINISTRATION = "administration"
    MUNICIPALITY = "municipality"
    POLITICS = "politics"
    SCIENCE = "science"
    BUSINESS = "business"
    CIVIL_SOCIETY = "civil_society"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            OrganisationType.ADMINISTRATION: _l("Verwaltung"),
            OrganisationType.MUNICIPALITY: _l("Kommune"),
            OrganisationType.POLITICS: _l("Politik"),
            OrganisationType.SCIENCE: _l("Wissenschaft"),
            OrganisationType.BUSINESS: _l("Wirtschaft"),
            OrganisationType.CIVIL_SOCIETY: _l("Zivilgesellschaft (Verein, Initiative, Stiftung)"),
            OrganisationType.OTHER: _l("Sonstige"),
        }[self]


class Organisation(Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    # Lower-cased, legal forms and filler words removed: used for duplicate hints.
    normalized_name: Mapped[str] = mapped_column(sa.String(200), index=True)
    type: Mapped[OrganisationType] = mapped_column(str_enum(OrganisationType), default=OrganisationType.OTHER)
    street: Mapped[str] = mapped_column(sa.String(200), default="")
    postcode: Mapped[str] = mapped_column(sa.String(10), default="")
    city: Mapped[str] = mapped_column(sa.String(100), default="")
    country: Mapped[str] = mapped_column(sa.String(100), default="Deutschland")
    bundesland: Mapped[str] = mapped_column(sa.String(2), default="")
    website: Mapped[str] = mapped_column(sa.String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<Organisation {self.name}>"
