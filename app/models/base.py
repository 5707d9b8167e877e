"""Shared column helpers for all models."""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

BERLIN = ZoneInfo("Europe/Berlin")  # the networks' time zone: dates shown and entered are German dates


def utcnow() -> datetime:
    """Current time as an aware UTC datetime (use as a callable default)."""
    return datetime.now(UTC)


def today_in_germany() -> date:
    """Today's date in Germany, whatever the server's own time zone (UTC on most servers)."""
    return utcnow().astimezone(BERLIN).date()


class UTCDateTime(sa.types.TypeDecorator):
    """Store aware datetimes as UTC; SQLite drops the zone, so add it back on load."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("naive datetime given; use aware UTC datetimes")
            value = value.astimezone(UTC)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


def str_enum(enum_class: type[enum.Enum], length: int = 32) -> sa.Enum:
    """A portable enum column storing the member *values* as strings."""
    return sa.Enum(
        enum_class,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class LabelledEnum(enum.Enum):
    """An enum whose members carry a translatable label and a KERN badge style.

    Members are written ``NAME = "stored value", _l("Label"), "badge"`` (badge optional);
    ``.value`` stays the stored string, so columns and URLs are unchanged.
    """

    _value_: str
    label: str
    badge: str

    def __new__(cls, value: Any, label: Any = "", badge: str = "info"):
        member = object.__new__(cls)
        member._value_ = value
        member.label = label
        member.badge = badge
        return member
