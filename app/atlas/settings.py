"""What admins configure: the atlas per network (on/off, licence, embedding sites) and the method list."""

from __future__ import annotations

import re

import sqlalchemy as sa
from flask_babel import gettext as _

from app.core.errors import DomainError
from app.extensions import db
from app.models import AtlasMethod, AtlasSettings, Network
from app.models.atlas import AtlasLicence, atlas_entry_methods

# The starting list of an installation (name, Participedia method key).
DEFAULT_METHODS = (
    ("Bürgerrat", "citizens_assembly"),
    ("Planungszelle", "planning_cell"),
    ("Zukunftswerkstatt", "future_search"),
    ("Online-Dialog", "online_deliberation"),
    ("Bürgerhaushalt", "participatory_budgeting"),
    ("Runder Tisch", "roundtable"),
    ("Aufsuchende Beteiligung", "outreach"),
    ("Bürgerversammlung", "town_meeting"),
    ("World Café", "world_cafe"),
    ("Workshop", "workshop"),
)
_ORIGIN = re.compile(r"https?://[a-z0-9.-]+(:\d{1,5})?", re.IGNORECASE)


def settings_for(network: Network) -> AtlasSettings:
    """The network's settings row (a default, unsaved one if there is none yet)."""
    settings = db.session.get(AtlasSettings, network.id)
    return (
        settings
        if settings is not None
        else AtlasSettings(network_id=network.id, enabled=False, licence=AtlasLicence.CC_BY, embed_origins="")
    )


def configure(network: Network, *, enabled: bool, licence: AtlasLicence, embed_origins: str) -> AtlasSettings:
    """Switch the atlas on or off and set licence and embedding sites."""
    origins = [origin.rstrip("/") for origin in embed_origins.split()]
    bad = [origin for origin in origins if not _ORIGIN.fullmatch(origin)]
    if bad:
        raise DomainError(
            _("Bitte nur Adressen wie https://www.beispiel.de angeben (ohne Pfad): %(bad)s", bad=", ".join(bad)),
            field="embed_origins",
        )
    settings = db.session.get(AtlasSettings, network.id)
    if settings is None:
        settings = AtlasSettings(network_id=network.id)
        db.session.add(settings)
    settings.enabled = enabled
    settings.licence = licence
    settings.embed_origins = " ".join(dict.fromkeys(origin.lower() for origin in origins))
    db.session.flush()
    return settings


def enabled_networks() -> list[Network]:
    return list(
        db.session.scalars(
            sa.select(Network).join(AtlasSettings, AtlasSettings.network_id == Network.id)
            .where(AtlasSettings.enabled.is_(True)).order_by(Network.name)
        )
    )  # fmt: skip


def methods(active_only: bool = True) -> list[AtlasMethod]:
    query = sa.select(AtlasMethod).order_by(AtlasMethod.position, AtlasMethod.name)
    if active_only:
        query = query.where(AtlasMethod.active.is_(True))
    return list(db.session.scalars(query))


def ensure_default_methods() -> int:
    """Create the starting method list if the installation has none yet; returns how many were added."""
    if db.session.scalar(sa.select(sa.func.count()).select_from(AtlasMethod)):
        return 0
    for position, (name, key) in enumerate(DEFAULT_METHODS, start=1):
        db.session.add(AtlasMethod(name=name, participedia=key, position=position))
    db.session.flush()
    return len(DEFAULT_METHODS)


def add_method(name: str, participedia: str = "") -> AtlasMethod:
    name = name.strip()
    if not name:
        raise DomainError(_("Bitte geben Sie einen Namen an."), field="name")
    if db.session.scalar(sa.select(AtlasMethod.id).where(sa.func.lower(AtlasMethod.name) == name.lower())):
        raise DomainError(_("Diese Methode gibt es schon."), field="name")
    position = (db.session.scalar(sa.select(sa.func.max(AtlasMethod.position))) or 0) + 1
    method = AtlasMethod(name=name, participedia=participedia.strip(), position=position)
    db.session.add(method)
    db.session.flush()
    return method


def set_method_active(method: AtlasMethod, active: bool) -> None:
    """Hide a method from new entries (entries that use it keep it); or show it again."""
    method.active = active
    db.session.flush()


def method_usage() -> dict[int, int]:
    rows = db.session.execute(
        sa.select(atlas_entry_methods.c.method_id, sa.func.count()).group_by(atlas_entry_methods.c.method_id)
    ).tuples()
    return dict(rows.all())
