"""Checks of single values: the Amtlicher Gemeindeschlüssel and the fields an entry needs before submission."""

from __future__ import annotations

import re

from flask_babel import gettext as _

from app.models import AtlasEntry

# First two digits of the AGS → Bundesland (Statistisches Bundesamt, Gemeindeverzeichnis).
AGS_LAND = {
    "01": "SH", "02": "HH", "03": "NI", "04": "HB", "05": "NW", "06": "HE", "07": "RP", "08": "BW",
    "09": "BY", "10": "SL", "11": "BE", "12": "BB", "13": "MV", "14": "SN", "15": "ST", "16": "TH",
}  # fmt: skip
LAND_AGS = {land: prefix for prefix, land in AGS_LAND.items()}
_AGS = re.compile(r"\d{8}")


def check_ags(ags: str | None, bundesland: str | None) -> str | None:
    """A message if the AGS is not 8 digits or does not belong to the Bundesland; None if fine (or empty)."""
    if not ags:
        return None
    if not _AGS.fullmatch(ags):
        return _("Der Amtliche Gemeindeschlüssel hat genau 8 Ziffern, z. B. 14612000 für Dresden.")
    land = AGS_LAND.get(ags[:2])
    if land is None:
        return _("Ein Amtlicher Gemeindeschlüssel beginnt mit 01 bis 16 (der Kennziffer des Landes).")
    if bundesland and land != bundesland:
        return _(
            "Der Schlüssel beginnt mit %(prefix)s und gehört damit nicht zum gewählten Bundesland "
            "(erwartet: %(expected)s …).",
            prefix=ags[:2],
            expected=LAND_AGS.get(bundesland, "??"),
        )
    return None


def missing_required(entry: AtlasEntry) -> list[str]:
    """Messages for the required fields a draft still lacks."""
    missing = []
    checks = (
        (entry.title, _("Titel des Verfahrens")),
        (entry.summary, _("Kurzbeschreibung")),
        (entry.topic, _("Thema")),
        (entry.organiser, _("Durchführende Kommune oder Stelle")),
        (entry.bundesland, _("Bundesland")),
        (entry.level, _("Ebene")),
        (entry.initiator, _("Initiiert von")),
        (entry.methods, _("Methoden")),
        (entry.start_year, _("Beginn")),
    )
    for value, label in checks:
        if not value:
            missing.append(_("Es fehlt: %(field)s", field=label))
    return missing
