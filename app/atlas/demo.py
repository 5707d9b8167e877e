# ruff: noqa: E501  (one demo procedure per line reads better than wrapped tuples)
"""Demo content: about twenty fictional procedures for the Saxon network and the Allianz, marked as examples."""

from __future__ import annotations

import sqlalchemy as sa

from app.atlas import search
from app.atlas.settings import configure, ensure_default_methods, methods
from app.extensions import db
from app.models import AtlasEntry, AtlasState, Network
from app.models.atlas import AtlasInitiator, AtlasLevel, AtlasLicence, AtlasRecruitment, AtlasSource, AtlasTopic
from app.models.base import utcnow

SAXONY = "netzwerk-buergerbeteiligung-sachsen"
ALLIANZ = "allianz-vielfaeltige-demokratie"
L, T, In, R = AtlasLevel, AtlasTopic, AtlasInitiator, AtlasRecruitment

# (network, title, organiser, Land, AGS, level, topic, initiator, recruitment, methods, start, end, participants)
ENTRIES = (
    (SAXONY, "Bürgerrat Innenstadt", "Beispielstadt an der Elbe", "SN", "14612000", L.KOMMUNE, T.PLANNING, In.COUNCIL, R.RANDOM, ("Bürgerrat",), (2023, 3), (2023, 9), 42),
    (SAXONY, "Zukunftswerkstatt Dorfmitte", "Gemeinde Musterhain", "SN", "14625000", L.KOMMUNE, T.PLANNING, In.CIVIL_SOCIETY, R.OPEN, ("Zukunftswerkstatt",), (2022, 5), (2022, 6), 60),
    (SAXONY, "Online-Dialog Radverkehrskonzept", "Stadt Beispielau", "SN", "14713000", L.KOMMUNE, T.TRANSPORTATION, In.ADMINISTRATION, R.OPEN, ("Online-Dialog",), (2024, 1), (2024, 4), 850),
    (SAXONY, "Bürgerhaushalt 2025", "Stadt Fiktivitz", "SN", "14522000", L.KOMMUNE, T.ECONOMICS, In.COUNCIL, R.OPEN, ("Bürgerhaushalt", "Online-Dialog"), (2024, 9), None, 1200),
    (SAXONY, "Runder Tisch Jugend", "Landkreis Erzgebirge-Beispiel", "SN", "14521000", L.LANDKREIS, T.EDUCATION, In.ADMINISTRATION, R.TARGETED, ("Runder Tisch",), (2021, 2), (2021, 11), 25),
    (SAXONY, "Aufsuchende Beteiligung Spielplatz", "Stadtteilverein Beispielviertel", "SN", "", L.KOMMUNE, T.SOCIAL_WELFARE, In.CIVIL_SOCIETY, R.OPEN, ("Aufsuchende Beteiligung",), (2025, 6), (2025, 7), 130),
    (SAXONY, "Planungszelle Energiewende", "Staatsministerium (Beispiel)", "SN", "", L.LAND, T.ENERGY, In.ADMINISTRATION, R.RANDOM, ("Planungszelle",), (2022, 10), (2023, 2), 100),
    (SAXONY, "Werkstatt Bahnhofsumfeld", "Gemeinde Beispielsdorf", "SN", "14730000", L.KOMMUNE, T.PLANNING, In.ADMINISTRATION, R.OPEN, ("Workshop", "World Café"), (2020, 9), (2020, 10), 70),
    (SAXONY, "Bürgerversammlung Schulstandort", "Stadt Musterbrück", "SN", "14626000", L.KOMMUNE, T.EDUCATION, In.COUNCIL, R.OPEN, ("Bürgerversammlung",), (2019, 11), (2019, 11), 300),
    (SAXONY, "Klimarat Landkreis", "Landkreis Beispielland", "SN", "14627000", L.LANDKREIS, T.ENVIRONMENT, In.COUNCIL, R.RANDOM, ("Bürgerrat",), (2025, 2), None, 35),
    (ALLIANZ, "Bürgerrat Klima", "Beispielstadt am Rhein", "NW", "05315000", L.KOMMUNE, T.ENVIRONMENT, In.COUNCIL, R.RANDOM, ("Bürgerrat",), (2022, 4), (2022, 10), 50),
    (ALLIANZ, "Beteiligungshaushalt Nord", "Stadt Hafenbeispiel", "HH", "02000000", L.LAND, T.ECONOMICS, In.ADMINISTRATION, R.OPEN, ("Bürgerhaushalt",), (2023, 1), (2023, 12), 2400),
    (ALLIANZ, "Dialog Mobilität 2030", "Landeshauptstadt Beispielburg", "BW", "08111000", L.KOMMUNE, T.TRANSPORTATION, In.ADMINISTRATION, R.OPEN, ("Online-Dialog", "Workshop"), (2021, 3), (2021, 7), 1900),
    (ALLIANZ, "Zufallsbürger*innen Pflege", "Landesministerium (Beispiel)", "BY", "", L.LAND, T.HEALTH, In.ADMINISTRATION, R.RANDOM, ("Planungszelle",), (2024, 5), (2024, 8), 120),
    (ALLIANZ, "Kiezwerkstatt Wohnen", "Bezirk Beispiel-Mitte", "BE", "11000000", L.KOMMUNE, T.HOUSING, In.CIVIL_SOCIETY, R.OPEN, ("Zukunftswerkstatt", "Aufsuchende Beteiligung"), (2023, 9), (2024, 2), 210),
    (ALLIANZ, "Runder Tisch Integration", "Landkreis Beispielheide", "NI", "03241000", L.LANDKREIS, T.IMMIGRATION, In.ADMINISTRATION, R.TARGETED, ("Runder Tisch",), (2020, 1), (2020, 12), 30),
    (ALLIANZ, "Bürgerdialog Strukturwandel", "Landkreis Beispielgrube", "BB", "12071000", L.LANDKREIS, T.ECONOMICS, In.ADMINISTRATION, R.OPEN, ("Bürgerversammlung", "World Café"), (2022, 6), (2022, 9), 400),
    (ALLIANZ, "Jugendforum Kultur", "Stadt Beispielhall", "ST", "15002000", L.KOMMUNE, T.ARTS, In.CIVIL_SOCIETY, R.TARGETED, ("Workshop",), (2025, 3), (2025, 5), 45),
    (ALLIANZ, "Bürgerrat Demokratie", "Bundesebene (Beispiel)", "BE", "", L.BUND, T.GOVERNANCE, In.COUNCIL, R.RANDOM, ("Bürgerrat",), (2021, 1), (2021, 3), 160),
    (ALLIANZ, "Online-Beteiligung Lärmaktionsplan", "Stadt Beispielfurt", "TH", "16051000", L.KOMMUNE, T.ENVIRONMENT, In.ADMINISTRATION, R.OPEN, ("Online-Dialog",), (2024, 4), (2024, 6), 640),
)  # fmt: skip


def seed_atlas_demo() -> int:
    """Switch the atlas on for both networks and add the example entries once; returns how many were added."""
    ensure_default_methods()
    by_name = {m.name: m for m in methods(active_only=False)}
    added = 0
    for slug in (SAXONY, ALLIANZ):
        network = db.session.scalar(sa.select(Network).where(Network.slug == slug))
        if network is None:
            continue
        configure(network, enabled=True, licence=AtlasLicence.CC_BY, embed_origins="")
        has_examples = db.session.scalar(
            sa.select(AtlasEntry.id).where(AtlasEntry.network_id == network.id, AtlasEntry.is_example.is_(True))
        )
        if has_examples:
            continue
        for spec in (e for e in ENTRIES if e[0] == slug):
            _, title, organiser, land, ags, level, topic, initiator, recruitment, names, start, end, people = spec
            entry = AtlasEntry(
                network=network, state=AtlasState.PUBLISHED, title=f"{title} (Beispiel)",
                summary=f"Erfundenes Beispiel: {title} – so könnte ein gemeldetes Verfahren aussehen.",
                body="Dieses Verfahren ist **erfunden** und dient nur der Vorführung des Beteiligungsatlas.",
                organiser=organiser, bundesland=land, ags=ags, level=level, topic=topic, initiator=initiator,
                recruitment=recruitment, methods=[by_name[n] for n in names], start_year=start[0],
                start_month=start[1], end_year=end[0] if end else None, end_month=end[1] if end else None,
                ongoing=end is None, participants=people,
                result="Empfehlungen an Rat und Verwaltung (Beispiel).",
                impact="Teilweise umgesetzt (Beispiel).", source=AtlasSource.COORDINATION,
                source_name="Koordination (Beispieldaten)", is_example=True, published_at=utcnow(),
                submitted_at=utcnow(),
            )  # fmt: skip
            db.session.add(entry)
            db.session.flush()
            search.reindex(entry)
            added += 1
    db.session.flush()
    return added
