"""Fictional members for `flask seed-demo --members N`: places, institutions, functions, topics."""

from __future__ import annotations

# A few real places per Bundesland, for fictional demo members.
PLACES: dict[str, list[tuple[str, str]]] = {
    "BW": [("70173", "Stuttgart"), ("79098", "Freiburg im Breisgau"), ("68159", "Mannheim")],
    "BY": [("80331", "München"), ("90402", "Nürnberg"), ("86150", "Augsburg")],
    "BE": [("10117", "Berlin"), ("10999", "Berlin"), ("13353", "Berlin")],
    "BB": [("14467", "Potsdam"), ("03046", "Cottbus")],
    "HB": [("28195", "Bremen"), ("27568", "Bremerhaven")],
    "HH": [("20095", "Hamburg"), ("22765", "Hamburg")],
    "HE": [("60311", "Frankfurt am Main"), ("65183", "Wiesbaden"), ("34117", "Kassel")],
    "MV": [("19053", "Schwerin"), ("18055", "Rostock")],
    "NI": [("30159", "Hannover"), ("38100", "Braunschweig"), ("26122", "Oldenburg")],
    "NW": [("50667", "Köln"), ("40213", "Düsseldorf"), ("44135", "Dortmund"), ("48143", "Münster")],
    "RP": [("55116", "Mainz"), ("54290", "Trier")],
    "SL": [("66111", "Saarbrücken")],
    "SN": [("01067", "Dresden"), ("04109", "Leipzig"), ("09111", "Chemnitz")],
    "ST": [("39104", "Magdeburg"), ("06108", "Halle (Saale)")],
    "SH": [("24103", "Kiel"), ("23552", "Lübeck")],
    "TH": [("99084", "Erfurt"), ("07743", "Jena"), ("07318", "Saalfeld/Saale")],
}

INSTITUTIONS = [
    "Stadtverwaltung {city}",
    "Landkreis {city}",
    "Bürgerstiftung {city}",
    "Universität {city}",
    "Freiwilligenagentur {city}",
    "Mehr Demokratie e.V.",
    "Quartiersmanagement {city}",
    "Landeszentrale für politische Bildung",
    "Stadtteilverein {city}",
    "Beteiligungsbüro {city}",
]
FUNCTIONS = [
    "Referent*in für Bürgerbeteiligung",
    "Projektleitung",
    "Geschäftsführung",
    "Bürgermeister*in",
    "Wissenschaftliche*r Mitarbeiter*in",
    "Moderator*in",
    "Koordination Engagement",
    "Stadtplaner*in",
]
TOPICS = [
    "Bürger*innenräte",
    "Beteiligung in der Stadtentwicklung",
    "Jugendbeteiligung",
    "Bürgerhaushalte",
    "Online-Beteiligung",
    "aufsuchende Beteiligung",
    "Leitlinien für Bürgerbeteiligung",
    "Evaluation von Beteiligungsverfahren",
    "Klimaschutz und Beteiligung",
]
