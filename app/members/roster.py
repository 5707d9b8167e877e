"""The member list of a network for its coordination: members and open invitations in one
filtered, paginated list (a constant number of SQL statements per page), and its exports."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from app.core.pagination import Page
from app.extensions import db
from app.members.states import MemberState
from app.models import (
    Account,
    ApplicantKind,
    MemberInvitation,
    Membership,
    Network,
    Organisation,
    Themenkreis,
    invitation_themenkreise,
)
from app.models.membership import membership_themenkreise

PER_PAGE = 50


@dataclass
class RosterFilters:
    text: str = ""
    state: MemberState | None = None
    themenkreis_id: int | None = None
    laendergruppe_id: int | None = None
    bundesland: str = ""
    kind: ApplicantKind | None = None


@dataclass
class RosterRow:
    """One line of the list: a membership ("m") or an open invitation ("i")."""

    source: str
    ref_id: int
    state: MemberState
    first_name: str
    last_name: str
    email: str
    institution: str
    function: str
    street: str
    postcode: str
    city: str
    country: str
    bundesland: str
    phone: str
    kind: ApplicantKind
    laendergruppe: str
    since: datetime
    until: datetime | None
    themenkreise: list[str] = field(default_factory=list)

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.institution or self.email


def _membership_part(network: Network, filters: RosterFilters) -> sa.Select:
    query = (
        sa.select(
            sa.literal_column("'m'").label("source"),
            Membership.id.label("ref_id"),
            sa.case(
                (Membership.ended_at.is_(None), sa.literal_column("'active'")), else_=sa.literal_column("'ended'")
            ).label("state"),
            Account.first_name,
            Account.last_name,
            Account.email,
            sa.func.coalesce(Organisation.name, Account.institution).label("institution"),
            Account.function,
            Account.street,
            Account.postcode,
            Account.city,
            Account.country,
            Account.bundesland,
            Account.phone,
            Membership.kind,
            Membership.laendergruppe_id,
            Membership.started_at.label("since"),
            Membership.ended_at.label("until"),
        )
        .join(Account, Account.id == Membership.account_id)
        .outerjoin(Organisation, Organisation.id == Membership.organisation_id)
        .where(Membership.network_id == network.id)
    )
    if filters.state is MemberState.ACTIVE:
        query = query.where(Membership.ended_at.is_(None))
    elif filters.state is MemberState.ENDED:
        query = query.where(Membership.ended_at.is_not(None))
    if filters.themenkreis_id:
        query = query.where(
            Membership.id.in_(
                sa.select(membership_themenkreise.c.membership_id).where(
                    membership_themenkreise.c.themenkreis_id == filters.themenkreis_id
                )
            )
        )
    columns = (Account.first_name, Account.last_name, Account.email, Account.institution, Organisation.name)
    return _common(query, filters, Membership, Account, columns)


def _invitation_part(network: Network, filters: RosterFilters) -> sa.Select:
    inv = MemberInvitation
    query = sa.select(
        sa.literal_column("'i'").label("source"),
        inv.id.label("ref_id"),
        sa.literal_column("'invited'").label("state"),
        inv.first_name,
        inv.last_name,
        inv.email,
        inv.institution,
        inv.function,
        inv.street,
        inv.postcode,
        inv.city,
        inv.country,
        inv.bundesland,
        inv.phone,
        inv.kind,
        inv.laendergruppe_id,
        inv.created_at.label("since"),
        inv.expires_at.label("until"),
    ).where(inv.network_id == network.id, inv.accepted_at.is_(None), inv.cancelled_at.is_(None))
    if filters.themenkreis_id:
        query = query.where(
            inv.id.in_(
                sa.select(invitation_themenkreise.c.invitation_id).where(
                    invitation_themenkreise.c.themenkreis_id == filters.themenkreis_id
                )
            )
        )
    return _common(query, filters, inv, inv, (inv.first_name, inv.last_name, inv.email, inv.institution))


def _common(query: sa.Select, filters: RosterFilters, owner, person, columns) -> sa.Select:
    if filters.laendergruppe_id:
        query = query.where(owner.laendergruppe_id == filters.laendergruppe_id)
    if filters.bundesland:
        query = query.where(person.bundesland == filters.bundesland)
    if filters.kind is not None:
        query = query.where(owner.kind == filters.kind)
    for word in filters.text.casefold().split()[:6]:
        query = query.where(sa.or_(*(sa.func.lower(column).contains(word, autoescape=True) for column in columns)))
    return query


def roster_query(network: Network, filters: RosterFilters) -> sa.Subquery:
    parts = []
    if filters.state in (None, MemberState.ACTIVE, MemberState.ENDED):
        parts.append(_membership_part(network, filters))
    if filters.state in (None, MemberState.INVITED):
        parts.append(_invitation_part(network, filters))
    return (sa.union_all(*parts) if len(parts) > 1 else parts[0]).subquery("roster")


def _rows(network: Network, result) -> list[RosterRow]:
    groups = {group.id: group.name for group in network.laendergruppen}
    rows = []
    for row in result:
        values = row._asdict()
        values["state"] = MemberState(values["state"])
        kind = values["kind"]
        values["kind"] = kind if isinstance(kind, ApplicantKind) else ApplicantKind(kind)
        values["laendergruppe"] = groups.get(values.pop("laendergruppe_id"), "")
        rows.append(RosterRow(**values))
    _attach_themenkreise(rows)
    return rows


def _attach_themenkreise(rows: list[RosterRow]) -> None:
    """Always two statements for the whole page, whatever its size and mix."""
    by_source = {"m": [r.ref_id for r in rows if r.source == "m"], "i": [r.ref_id for r in rows if r.source == "i"]}
    names: dict[tuple[str, int], list[str]] = defaultdict(list)
    for source, table, column in (
        ("m", membership_themenkreise, membership_themenkreise.c.membership_id),
        ("i", invitation_themenkreise, invitation_themenkreise.c.invitation_id),
    ):
        for owner_id, name in db.session.execute(
            sa.select(column, Themenkreis.name)
            .join(Themenkreis, Themenkreis.id == table.c.themenkreis_id)
            .where(column.in_(by_source[source]))
            .order_by(Themenkreis.position)
        ):
            names[(source, owner_id)].append(name)
    for row in rows:
        row.themenkreise = names.get((row.source, row.ref_id), [])


def _ordered(roster: sa.Subquery) -> sa.Select:
    return sa.select(roster).order_by(
        sa.func.lower(roster.c.last_name), sa.func.lower(roster.c.first_name), roster.c.source, roster.c.ref_id
    )


def roster_page(network: Network, filters: RosterFilters, number: int, per_page: int = PER_PAGE) -> Page:
    roster = roster_query(network, filters)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(roster)) or 0
    pages = max(1, -(-total // per_page))
    number = min(max(number, 1), pages)
    result = db.session.execute(_ordered(roster).limit(per_page).offset((number - 1) * per_page))
    return Page(items=_rows(network, result), number=number, per_page=per_page, total=total)


def roster_all(network: Network, filters: RosterFilters) -> list[RosterRow]:
    return _rows(network, db.session.execute(_ordered(roster_query(network, filters))))


def state_counts(network: Network) -> dict[MemberState, int]:
    active, ended = db.session.execute(
        sa.select(
            sa.func.count().filter(Membership.ended_at.is_(None)),
            sa.func.count().filter(Membership.ended_at.is_not(None)),
        ).where(Membership.network_id == network.id)
    ).one()
    invited = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(MemberInvitation)
        .where(
            MemberInvitation.network_id == network.id,
            MemberInvitation.accepted_at.is_(None),
            MemberInvitation.cancelled_at.is_(None),
        )
    )
    return {MemberState.ACTIVE: active or 0, MemberState.INVITED: invited or 0, MemberState.ENDED: ended or 0}
