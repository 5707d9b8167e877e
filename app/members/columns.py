"""Column mapping of an imported member list: which column holds which field.

German and English headers are recognised by a normalised spelling ("E-Mail-Adresse",
"email", "Straße", "strasse" ...); the coordinator can correct the guess.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l

# field -> label, in the order the mapping form shows them.
FIELDS = {
    "first_name": _l("Vorname"),
    "last_name": _l("Nachname"),
    "name": _l("Name (Vor- und Nachname)"),
    "email": _l("E-Mail"),
    "institution": _l("Institution / Organisation"),
    "function": _l("Funktion"),
    "street": _l("Straße"),
    "postcode": _l("PLZ"),
    "city": _l("Ort"),
    "country": _l("Land"),
    "phone": _l("Telefon"),
    "themenkreise": _l("Themenkreis(e)"),
    "laendergruppe": _l("Ländergruppe"),
    "member_since": _l("Mitglied seit"),
    "kind": _l("Art des Mitglieds"),
}

ALIASES = {
    "first_name": {"vorname", "vornamen", "firstname", "givenname", "first", "rufname"},
    "last_name": {"nachname", "lastname", "surname", "familyname", "familienname", "zuname"},
    "name": {
        "name",
        "vollername",
        "fullname",
        "vorundnachname",
        "namevorundnachname",
        "ansprechperson",
        "kontaktperson",
        "contactperson",
    },
    "email": {"email", "emailadresse", "mail", "mailadresse", "emailaddress", "emailanschrift"},
    "institution": {
        "institution",
        "organisation",
        "organization",
        "institutionorganisation",
        "organisationinstitution",
        "firma",
        "company",
        "verein",
        "einrichtung",
        "arbeitgeber",
        "kommune",
        "traeger",
        "employer",
    },
    "function": {"funktion", "function", "position", "rolle", "role", "jobtitle", "taetigkeit"},
    "street": {
        "strasse",
        "street",
        "strassehausnummer",
        "strasseundhausnummer",
        "adresse",
        "address",
        "anschrift",
        "streetaddress",
    },
    "postcode": {"plz", "postleitzahl", "postcode", "zip", "zipcode", "postalcode"},
    "city": {"ort", "stadt", "city", "wohnort", "town", "gemeinde"},
    "country": {"land", "country", "staat"},
    "phone": {"telefon", "telefonnummer", "tel", "phone", "phonenumber", "telephone", "mobil", "handy", "mobile"},
    "themenkreise": {
        "themenkreis",
        "themenkreise",
        "workinggroup",
        "workinggroups",
        "thematicgroup",
        "topic",
        "topics",
        "arbeitsgruppe",
        "arbeitsgruppen",
    },
    "laendergruppe": {"laendergruppe", "landergruppe", "regionalgroup", "regionalgruppe", "region"},
    "member_since": {
        "mitgliedseit",
        "membersince",
        "seit",
        "beitritt",
        "beitrittsdatum",
        "eintritt",
        "eintrittsdatum",
        "joined",
        "since",
    },
    "kind": {"art", "mitgliedsart", "typ", "type", "membertype", "mitgliedstyp", "artdesmitglieds"},
}
_BY_ALIAS = {alias: field for field, aliases in ALIASES.items() for alias in aliases}
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def normalise_header(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", (text or "").casefold().translate(_UMLAUTS))


def guess_mapping(header: list[str]) -> dict[str, str]:
    """{column index (as text): field} for recognised headers; each field at most once."""
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for index, title in enumerate(header):
        field = _BY_ALIAS.get(normalise_header(title))
        if field and field not in taken:
            mapping[str(index)] = field
            taken.add(field)
    return mapping


def clean_mapping(mapping: dict[str, str], width: int) -> dict[str, str]:
    """Keep only valid column indexes and known fields; a field mapped twice keeps its first column."""
    result: dict[str, str] = {}
    taken: set[str] = set()
    for key in sorted(mapping, key=lambda k: int(k) if k.isdigit() else 10**6):
        field = mapping[key]
        if key.isdigit() and int(key) < width and field in FIELDS and field not in taken:
            result[key] = field
            taken.add(field)
    return result


def mapping_problems(mapping: dict[str, str]) -> list[str]:
    """What the mapping lacks for an import (shown above the table)."""
    fields = set(mapping.values())
    problems = []
    if "email" not in fields:
        problems.append(str(_l("Keine Spalte ist als „E-Mail“ zugeordnet.")))
    if not fields & {"last_name", "name", "institution"}:
        problems.append(str(_l("Keine Spalte ist als „Nachname“, „Name“ oder „Institution“ zugeordnet.")))
    return problems
