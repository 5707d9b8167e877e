"""Organisations and municipalities that hold memberships."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Base
from app.models.base import LabelledEnum, UTCDateTime, str_enum, utcnow


class OrganisationType(LabelledEnum):
    ADMINISTRATION = "administration", _l("Verwaltung")
    MUNICIPALITY = "municipality", _l("Kommune")
    POLITICS = "politics", _l("Politik")
    SCIENCE = "science", _l("Wissenschaft")
    BUSINESS = "business", _l("Wirtschaft")
    CIVIL_SOCIETY = "civil_society", _l("Zivilgesellschaft (Verein, Initiative, Stiftung)")
    OTHER = "other", _l("Sonstige")


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
