"""What the application form asks, per network and kind of applicant: steps, labels, summary.

One table for the form (forms/apply.py), the summary before sending, the status page and
the receipt mail, so a label never differs between them.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from app.core.values import format_phone
from app.models import ApplicantKind, Application, Network, OrganisationType

K = ApplicantKind
LAST_STEP = 4
STEP_TITLES = {
    1: _l("Person"),
    2: _l("Institution und Anschrift"),
    3: _l("Tätigkeit und Themenkreis"),
    4: _l("Einwilligung und Prüfen"),
}
KIND_CHOICES = {
    K.PERSON: _l("als Person"),
    K.ORGANISATION: _l("für eine Institution"),
    K.MUNICIPALITY: _l("für eine Kommune"),
}

LABELS = {
    "applicant_kind": _l("Sie beantragen die Mitgliedschaft"),
    "first_name": _l("Vorname"),
    "last_name": _l("Nachname"),
    "email": _l("E-Mail"),
    "phone": _l("Telefon"),
    "institution": _l("Institution"),
    "function": _l("Funktion"),
    "organisation_type": _l("Art der Organisation"),
    "website": _l("Website"),
    "street": _l("Straße und Hausnummer"),
    "postcode": _l("PLZ"),
    "city": _l("Ort"),
    "country": _l("Land"),
    "description": _l("Kurze Darstellung Ihrer Tätigkeiten, Erfahrungen und Interessen im Bereich der Partizipation"),
    "themenkreise": _l("Themenkreis"),
    "wants_directory_listing": _l("Im Mitgliederverzeichnis sichtbar sein"),
}
KIND_LABELS = {
    K.ORGANISATION: {
        "institution": _l("Name der Organisation"),
        "function": _l("Ihre Funktion in der Organisation"),
        "description": _l(
            "Kurze Darstellung der Tätigkeiten, Erfahrungen und Interessen Ihrer Organisation im Bereich der "
            "Partizipation"
        ),
    },
    K.MUNICIPALITY: {
        "institution": _l("Name der Kommune"),
        "function": _l("Ihre Funktion in der Kommune"),
        "description": _l(
            "Kurze Darstellung der Tätigkeiten, Erfahrungen und Interessen Ihrer Kommune im Bereich der Partizipation"
        ),
    },
}
ADDRESS = ["street", "postcode", "city", "country"]
# Fields stored on the Application; the rest of the form (consents, honeypot) is not.
APPLICATION_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "institution",
    "function",
    "organisation_type",
    "website",
    "street",
    "postcode",
    "city",
    "country",
    "description",
    "wants_directory_listing",
)


def step_titles(network: Network) -> dict[int, str]:
    """Step titles; a network without Themenkreise asks only for the activity in step 3."""
    titles = dict(STEP_TITLES)
    if not network.themenkreise:
        titles[3] = _l("Tätigkeit")
    return titles


def label(name: str, kind: ApplicantKind, network: Network | None = None) -> str:
    if name == "themenkreise" and network is not None and network.multiple_themenkreise:
        return _l("Themenkreise")
    return KIND_LABELS.get(kind, {}).get(name) or LABELS[name]


def default_kind(network: Network) -> ApplicantKind | None:
    """The kind when the network accepts only one; None when the applicant chooses."""
    kinds = network.applicant_kinds
    return kinds[0] if len(kinds) == 1 else None


def step_fields(network: Network, kind: ApplicantKind | None) -> dict[int, list[str]]:
    """The fields of each step for this network and kind of applicant."""
    kind = kind or default_kind(network) or K.PERSON
    first = ["applicant_kind"] if len(network.applicant_kinds) > 1 else []
    second = {
        K.PERSON: ["institution", "function", *ADDRESS],
        K.ORGANISATION: ["institution", "organisation_type", "website", "function", *ADDRESS],
        K.MUNICIPALITY: ["institution", "website", "function", *ADDRESS],
    }[kind]
    fourth = ["wants_directory_listing"] if network.directory_enabled else []
    fourth.append("consent_privacy")
    if network.conditions_confirmation:
        fourth.append("consent_conditions")
    return {
        1: [*first, "first_name", "last_name", "email", "phone"],
        2: second,
        3: ["description", *(["themenkreise"] if network.themenkreise else [])],
        4: fourth,
    }


def values_from_application(application: Application) -> dict:
    """The form values of a stored application (for the status page and the receipt)."""
    values = {name: getattr(application, name) for name in APPLICATION_FIELDS}
    values["applicant_kind"] = application.applicant_kind.value
    values["organisation_type"] = application.organisation_type.value if application.organisation_type else ""
    values["themenkreise"] = [tk.id for tk in application.themenkreise]
    return values


@dataclass
class SummarySection:
    step: int
    title: str
    rows: list[tuple[str, str]]


def _display(name: str, value, network: Network) -> str:
    if value in (None, "", []):
        return ""
    if name == "applicant_kind":
        return str(KIND_CHOICES[ApplicantKind(value)])
    if name == "phone":
        return format_phone(value)
    if name == "organisation_type":
        return str(OrganisationType(value).label)
    if name == "themenkreise":
        chosen = set(value)
        return ", ".join(tk.name for tk in network.themenkreise if tk.id in chosen)
    if isinstance(value, bool):
        return str(_l("Ja") if value else _l("Nein"))
    return str(value)


def summary_sections(network: Network, kind: ApplicantKind, values: dict, *, with_listing: bool = False):
    """Steps 1–3 as (label, shown value) rows; optionally the directory choice too."""
    sections = []
    for step, names in step_fields(network, kind).items():
        if step == LAST_STEP:
            continue
        rows = [(str(label(name, kind, network)), _display(name, values.get(name), network)) for name in names]
        sections.append(SummarySection(step, str(step_titles(network)[step]), rows))
    if with_listing and network.directory_enabled:
        listing = _display("wants_directory_listing", bool(values.get("wants_directory_listing")), network)
        sections.append(
            SummarySection(
                LAST_STEP, str(_l("Mitgliederverzeichnis")), [(str(LABELS["wants_directory_listing"]), listing)]
            )
        )
    return sections
