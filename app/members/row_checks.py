"""Checking one imported row: clean values, errors (the row is not imported) and warnings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l

from app.core.regions import bundesland_for_postcode
from app.core.values import is_germany
from app.models import ApplicantKind, Network, today_in_germany

LIMITS = {
    "first_name": 100,
    "last_name": 100,
    "institution": 200,
    "function": 200,
    "street": 200,
    "city": 100,
    "country": 100,
}
KIND_WORDS = {
    ApplicantKind.PERSON: {"person", "einzelperson", "privatperson", "individual", "einzelmitglied"},
    ApplicantKind.ORGANISATION: {
        "organisation",
        "organization",
        "initiative",
        "verein",
        "organisationinitiative",
        "organisationoderinitiative",
        "institution",
    },
    ApplicantKind.MUNICIPALITY: {"kommune", "municipality", "gemeinde", "stadt", "landkreis", "kreis"},
}
_SPLIT = re.compile(r"[;,|\n]")
_DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y", "%d/%m/%Y", "%m/%Y", "%m.%Y", "%Y")


@dataclass
class RowCheck:
    """One row of the file after checking; `number` is the line in the spreadsheet (header = 1)."""

    number: int
    cells: list[str]
    values: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skip: bool = False  # already member/invited or a repeat in the file: nothing to do

    @property
    def status(self) -> str:
        if self.errors:
            return "error"
        return "skip" if self.skip else "new"

    @property
    def display_name(self) -> str:
        name = f"{self.values.get('first_name', '')} {self.values.get('last_name', '')}".strip()
        return name or self.values.get("institution", "") or self.values.get("email", "")


@dataclass
class NetworkVocabulary:
    """The network's Themenkreise and Ländergruppen by folded name (looked up once per check)."""

    network: Network
    themenkreise: dict[str, int]
    laendergruppen: dict[str, int]
    groups_by_land: dict[str, int]


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def vocabulary(network: Network) -> NetworkVocabulary:
    groups_by_land: dict[str, int] = {}
    for group in network.laendergruppen:
        for code in group.bundesland_codes:
            groups_by_land.setdefault(code, group.id)
    return NetworkVocabulary(
        network=network,
        themenkreise={_fold(tk.name): tk.id for tk in network.themenkreise},
        laendergruppen={_fold(group.name): group.id for group in network.laendergruppen},
        groups_by_land=groups_by_land,
    )


def parse_date(text: str) -> date | None:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _kind(text: str, network: Network, row: RowCheck) -> ApplicantKind:
    kinds = network.applicant_kinds or [ApplicantKind.PERSON]
    if not text:
        return kinds[0]
    word = re.sub(r"[^a-z]", "", text.casefold().replace("ä", "ae"))
    for kind, words in KIND_WORDS.items():
        if word in words:
            if kind not in kinds:
                row.warnings.append(str(_l("Dieses Netzwerk nimmt sonst keine „%(kind)s“ auf.", kind=kind.label)))
            return kind
    row.errors.append(str(_l("Unbekannte Art des Mitglieds: „%(value)s“.", value=text)))
    return kinds[0]


def _email(text: str, row: RowCheck) -> str:
    if not text:
        row.errors.append(str(_l("Die E-Mail-Adresse fehlt.")))
        return ""
    try:
        return validate_email(text, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        row.errors.append(str(_l("Ungültige E-Mail-Adresse: „%(value)s“.", value=text)))
        return text.lower()[:254]


def _postcode(text: str, country: str, row: RowCheck) -> str:
    if not text:
        return ""
    if not is_germany(country):
        if len(text) > 10:
            row.errors.append(str(_l("Die Postleitzahl ist zu lang.")))
        return text[:10]
    if text.isdigit() and len(text) == 4:
        # Excel stores a PLZ like 01067 as the number 1067: the leading zero is restored.
        row.warnings.append(str(_l("PLZ „%(value)s“ als „0%(value)s“ gelesen (führende Null ergänzt).", value=text)))
        return "0" + text
    if not re.fullmatch(r"\d{5}", text):
        row.errors.append(str(_l("Ungültige PLZ: „%(value)s“ (fünf Ziffern).", value=text)))
    return text[:10]


def _phone(text: str, row: RowCheck) -> str:
    if not text:
        return ""
    try:
        number = phonenumbers.parse(text, "DE")
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        pass
    row.errors.append(str(_l("Ungültige Telefonnummer: „%(value)s“.", value=text)))
    return ""


def check_row(row: RowCheck, raw: dict[str, str], words: NetworkVocabulary) -> None:
    """Fill row.values from the raw cells of one row (by field) and note its problems."""
    network = words.network
    values = row.values
    first, last = raw.get("first_name", ""), raw.get("last_name", "")
    if not (first or last) and raw.get("name"):
        first, _, last = raw["name"].rpartition(" ")
    values["first_name"], values["last_name"] = first.strip(), last.strip()
    for name in ("institution", "function", "street", "city"):
        values[name] = raw.get(name, "")
    values["country"] = raw.get("country", "") or "Deutschland"
    for name, limit in LIMITS.items():
        if len(values[name]) > limit:
            row.errors.append(
                str(_l("„%(field)s“ ist zu lang (höchstens %(max)s Zeichen).", field=name_label(name), max=limit))
            )
            values[name] = values[name][:limit]
    values["email"] = _email(raw.get("email", ""), row)
    values["kind"] = _kind(raw.get("kind", ""), network, row)
    if values["kind"] is ApplicantKind.PERSON and not values["last_name"]:
        row.errors.append(str(_l("Der Nachname fehlt.")))
    if values["kind"] is not ApplicantKind.PERSON and not values["institution"]:
        row.errors.append(str(_l("Die Institution / Organisation fehlt.")))
    values["postcode"] = _postcode(raw.get("postcode", ""), values["country"], row)
    values["bundesland"] = bundesland_for_postcode(values["postcode"], values["country"]) or ""
    values["phone"] = _phone(raw.get("phone", ""), row)
    values["themenkreis_ids"] = []
    for name in filter(None, (part.strip() for part in _SPLIT.split(raw.get("themenkreise", "")))):
        themenkreis_id = words.themenkreise.get(_fold(name))
        if themenkreis_id is None:
            row.errors.append(str(_l("Unbekannter Themenkreis: „%(value)s“.", value=name)))
        elif themenkreis_id not in values["themenkreis_ids"]:
            values["themenkreis_ids"].append(themenkreis_id)
    group = raw.get("laendergruppe", "")
    values["laendergruppe_id"] = (
        words.laendergruppen.get(_fold(group)) if group else (words.groups_by_land.get(values["bundesland"]))
    )
    if group and values["laendergruppe_id"] is None:
        row.errors.append(str(_l("Unbekannte Ländergruppe: „%(value)s“.", value=group)))
    since = raw.get("member_since", "")
    values["member_since"] = parse_date(since) if since else None
    if since and (values["member_since"] is None or values["member_since"] > today_in_germany()):
        row.errors.append(str(_l("Ungültiges Datum bei „Mitglied seit“: „%(value)s“.", value=since)))
        values["member_since"] = None


def name_label(name: str) -> str:
    from app.members.columns import FIELDS

    return str(FIELDS.get(name, name))
