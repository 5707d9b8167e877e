"""Administration of networks: settings, Themenkreise, Ländergruppen (platform admins; events: app/events)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.exc import IntegrityError

from app.core.errors import DomainError
from app.core.regions import BUNDESLAENDER
from app.extensions import db
from app.models import (
    Account,
    Application,
    ApplicationDraft,
    ConsentText,
    CoordinatorAssignment,
    Event,
    HistoryEntry,
    Laendergruppe,
    Membership,
    Network,
    Themenkreis,
)
from app.models.application import application_themenkreise
from app.models.membership import membership_themenkreise

log = logging.getLogger(__name__)

SLUG_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"


def _count(query) -> int:
    return db.session.scalar(query) or 0


def network_counts(network: Network) -> dict[str, int]:
    """Active members and events of a network, for its admin overview."""
    return {
        "members": _count(
            sa.select(sa.func.count(Membership.id)).where(
                Membership.network_id == network.id, Membership.ended_at.is_(None)
            )
        ),
        "events": _count(sa.select(sa.func.count(Event.id)).where(Event.network_id == network.id)),
    }


def _flush_unique(error_field: str, message: str) -> None:
    """Flush; losing a unique-constraint race (checked before) becomes a field error, not a 500.

    The failed transaction is rolled back: admin requests change one thing at a time.
    """
    try:
        db.session.flush()
    except IntegrityError as error:
        db.session.rollback()
        raise DomainError(message, field=error_field) from error


# --------------------------------------------------------------------------- networks


def _check_slug_free(slug: str, network_id: int | None = None) -> None:
    query = sa.select(Network.id).where(Network.slug == slug)
    if network_id is not None:
        query = query.where(Network.id != network_id)
    if db.session.scalar(query) is not None:
        raise DomainError(_("Diesen Kurznamen verwendet schon ein anderes Netzwerk."), field="slug")


def create_network(data: dict, *, actor: Account) -> Network:
    """Create a network from the admin form's data."""
    _check_slug_free(data["slug"])
    network = Network(**data)
    db.session.add(network)
    _flush_unique("slug", _("Diesen Kurznamen verwendet schon ein anderes Netzwerk."))
    log.info("Admin %s created network %s", actor.id, network.slug)
    return network


def update_network(network: Network, data: dict, *, actor: Account) -> list[str]:
    """Apply the admin form's data; returns the names of the changed settings (for the log)."""
    if data["slug"] != network.slug:
        _check_slug_free(data["slug"], network.id)
    changed = [key for key, value in data.items() if getattr(network, key) != value]
    for key in changed:
        setattr(network, key, data[key])
    _flush_unique("slug", _("Diesen Kurznamen verwendet schon ein anderes Netzwerk."))
    if changed:
        log.info("Admin %s changed network %s: %s", actor.id, network.slug, ", ".join(changed))
    return changed


def delete_network(network: Network, *, actor: Account) -> None:
    """Delete a network that has neither members nor applications (else a DomainError)."""
    members = _count(sa.select(sa.func.count(Membership.id)).where(Membership.network_id == network.id))
    applications = _count(sa.select(sa.func.count(Application.id)).where(Application.network_id == network.id))
    if members or applications:
        raise DomainError(
            _(
                "Das Netzwerk „%(name)s“ hat %(members)s und %(applications)s und kann deshalb nicht gelöscht "
                "werden. Schließen Sie stattdessen die Antragstellung (Einstellung „Anträge sind möglich“).",
                name=network.name,
                members=ngettext("%(num)s Mitgliedschaft", "%(num)s Mitgliedschaften", members),
                applications=ngettext("%(num)s Antrag", "%(num)s Anträge", applications),
            )
        )
    # SQLite does not enforce ON DELETE CASCADE here, so remove the dependent rows explicitly.
    for model in (ApplicationDraft, ConsentText, CoordinatorAssignment):
        db.session.execute(sa.delete(model).where(model.network_id == network.id))
    db.session.execute(
        sa.delete(HistoryEntry).where(HistoryEntry.network_id == network.id, HistoryEntry.application_id.is_(None))
    )
    db.session.delete(network)
    db.session.flush()
    log.info("Admin %s deleted network %s", actor.id, network.slug)


# --------------------------------------------------------------------------- Themenkreise


@dataclass(frozen=True)
class Usage:
    """Where a Themenkreis or Ländergruppe is still referenced."""

    members: int = 0
    applications: int = 0
    events: int = 0

    def __bool__(self) -> bool:
        return bool(self.members or self.applications or self.events)

    def describe(self) -> str:
        parts = []
        if self.members:
            parts.append(ngettext("%(num)s Mitgliedschaft", "%(num)s Mitgliedschaften", self.members))
        if self.applications:
            parts.append(ngettext("%(num)s Antrag", "%(num)s Anträge", self.applications))
        if self.events:
            parts.append(ngettext("%(num)s Veranstaltung", "%(num)s Veranstaltungen", self.events))
        return ", ".join(parts)


def _check_name_free(model, network: Network, name: str, own_id: int | None, message: str) -> None:
    query = sa.select(model.id).where(model.network_id == network.id, sa.func.lower(model.name) == name.lower())
    if own_id is not None:
        query = query.where(model.id != own_id)
    if db.session.scalar(query) is not None:
        raise DomainError(message, field="name")


def _themenkreis_taken() -> str:
    return _("Einen Themenkreis mit diesem Namen gibt es in diesem Netzwerk schon.")


def add_themenkreis(network: Network, *, name: str, description: str, actor: Account) -> Themenkreis:
    """Append a Themenkreis at the end of the network's list."""
    _check_name_free(Themenkreis, network, name, None, _themenkreis_taken())
    last = db.session.scalar(sa.select(sa.func.max(Themenkreis.position)).where(Themenkreis.network_id == network.id))
    themenkreis = Themenkreis(network=network, name=name, description=description, position=(last or 0) + 1)
    db.session.add(themenkreis)
    _flush_unique("name", _themenkreis_taken())
    log.info("Admin %s added Themenkreis %s to network %s", actor.id, themenkreis.id, network.slug)
    return themenkreis


def update_themenkreis(themenkreis: Themenkreis, *, name: str, description: str, actor: Account) -> None:
    """Rename or describe a Themenkreis; members and applications keep it."""
    _check_name_free(Themenkreis, themenkreis.network, name, themenkreis.id, _themenkreis_taken())
    themenkreis.name = name
    themenkreis.description = description
    _flush_unique("name", _themenkreis_taken())
    log.info("Admin %s changed Themenkreis %s", actor.id, themenkreis.id)


def move_themenkreis(themenkreis: Themenkreis, direction: str, *, actor: Account) -> bool:
    """Swap with the neighbour above ("up") or below ("down"); False at either end."""
    ordered = sorted(themenkreis.network.themenkreise, key=lambda tk: (tk.position, tk.id))
    index = ordered.index(themenkreis)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(ordered):
        return False
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, item in enumerate(ordered, start=1):
        item.position = position
    db.session.flush()
    db.session.expire(themenkreis.network, ["themenkreise"])
    log.info("Admin %s moved Themenkreis %s %s", actor.id, themenkreis.id, direction)
    return True


def themenkreis_usage(themenkreis: Themenkreis) -> Usage:
    tk_id = themenkreis.id
    return Usage(
        members=_count(
            sa.select(sa.func.count())
            .select_from(membership_themenkreise)
            .where(membership_themenkreise.c.themenkreis_id == tk_id)
        ),
        applications=_count(
            sa.select(sa.func.count())
            .select_from(application_themenkreise)
            .where(application_themenkreise.c.themenkreis_id == tk_id)
        ),
        events=_count(sa.select(sa.func.count(Event.id)).where(Event.themenkreis_id == tk_id)),
    )


def delete_themenkreis(themenkreis: Themenkreis, *, actor: Account) -> None:
    """Delete an unused Themenkreis; a used one raises a DomainError saying where it is used."""
    usage = themenkreis_usage(themenkreis)
    if usage:
        raise DomainError(
            _(
                "Der Themenkreis „%(name)s“ wird noch verwendet (%(usage)s) und kann nicht gelöscht werden. "
                "Sie können ihn umbenennen.",
                name=themenkreis.name,
                usage=usage.describe(),
            )
        )
    network = themenkreis.network
    network.themenkreise.remove(themenkreis)
    for position, item in enumerate(network.themenkreise, start=1):
        item.position = position
    db.session.flush()
    log.info("Admin %s deleted Themenkreis %r of network %s", actor.id, themenkreis.name, network.slug)


# --------------------------------------------------------------------------- Ländergruppen


def _laendergruppe_taken() -> str:
    return _("Eine Ländergruppe mit diesem Namen gibt es in diesem Netzwerk schon.")


def _codes(bundeslaender: list[str]) -> str:
    return ",".join(code for code in BUNDESLAENDER if code in set(bundeslaender))


def add_laendergruppe(
    network: Network, *, name: str, description: str, bundeslaender: list[str], actor: Account
) -> Laendergruppe:
    """Add a Ländergruppe covering the given Bundesland codes."""
    _check_name_free(Laendergruppe, network, name, None, _laendergruppe_taken())
    group = Laendergruppe(network=network, name=name, description=description, bundeslaender=_codes(bundeslaender))
    db.session.add(group)
    _flush_unique("name", _laendergruppe_taken())
    log.info("Admin %s added Ländergruppe %s to network %s", actor.id, group.id, network.slug)
    return group


def update_laendergruppe(
    group: Laendergruppe, *, name: str, description: str, bundeslaender: list[str], actor: Account
) -> None:
    """Rename, describe or re-draw a Ländergruppe; members and events keep it."""
    _check_name_free(Laendergruppe, group.network, name, group.id, _laendergruppe_taken())
    group.name = name
    group.description = description
    group.bundeslaender = _codes(bundeslaender)
    _flush_unique("name", _laendergruppe_taken())
    log.info("Admin %s changed Ländergruppe %s", actor.id, group.id)


def laendergruppe_usage(group: Laendergruppe) -> Usage:
    """Where a Ländergruppe is still referenced (applications do not name one)."""
    return Usage(
        members=_count(sa.select(sa.func.count(Membership.id)).where(Membership.laendergruppe_id == group.id)),
        events=_count(sa.select(sa.func.count(Event.id)).where(Event.laendergruppe_id == group.id)),
    )


def delete_laendergruppe(group: Laendergruppe, *, actor: Account) -> None:
    """Delete an unused Ländergruppe; a used one raises a DomainError saying where it is used."""
    usage = laendergruppe_usage(group)
    if usage:
        raise DomainError(
            _(
                "Die Ländergruppe „%(name)s“ wird noch verwendet (%(usage)s) und kann nicht gelöscht werden. "
                "Sie können sie umbenennen.",
                name=group.name,
                usage=usage.describe(),
            )
        )
    group.network.laendergruppen.remove(group)
    db.session.flush()
    log.info("Admin %s deleted Ländergruppe %r of network %s", actor.id, group.name, group.network_id)
