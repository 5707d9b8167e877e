"""The member directory: who may look, what they find, and contact without revealing addresses.

Visibility rules (also in README "Mitgliederbereich und Verzeichnis"):
- Only listed, active memberships of enabled accounts are found, counted or shown.
- Always shown to the network's members: name, organisation, member type, institution,
  function, city and Bundesland, Themenkreise and Ländergruppe.
- E-mail, phone, address (street and postcode) and description only when the member
  chose "Mitglieder meiner Netzwerke" for that field.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.core.errors import DomainError
from app.core.pagination import Page
from app.core.regions import BUNDESLAENDER, bundesland_name
from app.directory import notifications, search
from app.extensions import db
from app.models import (
    Account,
    ApplicantKind,
    CoordinatorAssignment,
    Membership,
    MembershipContact,
    Network,
    Organisation,
    Visibility,
)
from app.models.membership import membership_themenkreise

PER_PAGE = 20


def can_contact(account: Account, member) -> bool:
    """A listed member may be written to through the form unless they turned it off; never oneself."""
    return bool(member.contact_by_form) and member.account_id != account.id


def can_view_directory(account: Account | None, network: Network) -> bool:
    """Members of the network (active membership), its coordinators and admins."""
    if account is None or not getattr(account, "is_authenticated", False) or not network.directory_enabled:
        return False
    if account.is_admin:
        return True
    coordinates = (
        sa.select(CoordinatorAssignment.account_id)
        .where(CoordinatorAssignment.account_id == account.id, CoordinatorAssignment.network_id == network.id)
        .exists()
    )
    # Further contacts of an organisation member see the directory like its main contact.
    speaks_for = sa.select(MembershipContact.membership_id).where(
        MembershipContact.account_id == account.id, MembershipContact.ended_at.is_(None)
    )
    is_member = (
        sa.select(Membership.id)
        .where(
            Membership.network_id == network.id,
            sa.or_(Membership.account_id == account.id, Membership.id.in_(speaks_for)),
            Membership.ended_at.is_(None),
        )
        .exists()
    )
    return bool(db.session.scalar(sa.select(sa.or_(coordinates, is_member))))


@dataclass(frozen=True)
class DirectoryFilters:
    """A directory search as the member entered it (already validated against the network)."""

    text: str = ""
    themenkreis_id: int | None = None
    laendergruppe_id: int | None = None
    bundesland: str = ""
    kind: str = ""

    @property
    def active(self) -> bool:
        return bool(self.text or self.themenkreis_id or self.laendergruppe_id or self.bundesland or self.kind)


def clean_filters(network: Network, text: str, themenkreis: str, laendergruppe: str, bundesland: str, kind: str):
    """Drop any filter value that does not belong to this network (tampered URLs are ignored)."""

    def pick_id(value: str, allowed: set[int]) -> int | None:
        return int(value) if value and value.isdigit() and int(value) in allowed else None

    return DirectoryFilters(
        text=(text or "").strip()[:100],
        themenkreis_id=pick_id(themenkreis, {tk.id for tk in network.themenkreise}),
        laendergruppe_id=pick_id(laendergruppe, {group.id for group in network.laendergruppen}),
        bundesland=bundesland if bundesland in BUNDESLAENDER else "",
        kind=kind if kind in {k.value for k in network.applicant_kinds} else "",
    )


@dataclass
class MemberProfile:
    """What other members may see of one membership; hidden fields are None."""

    membership_id: int
    account_id: int
    network_slug: str
    name: str
    organisation: str
    kind: ApplicantKind
    institution: str
    function: str
    city: str
    bundesland: str
    themenkreise: list[str] = field(default_factory=list)
    laendergruppe: str = ""
    email: str | None = None
    phone: str | None = None
    street: str | None = None
    postcode: str | None = None
    description: str | None = None

    @property
    def title(self) -> str:
        """The card heading: the organisation for organisation members, else the person."""
        return self.organisation if self.kind is not ApplicantKind.PERSON and self.organisation else self.name

    @property
    def has_address(self) -> bool:
        return bool(self.street or self.postcode)

    @property
    def contact_by_form(self) -> bool:
        return self.email is None


def _shown(visibility: Visibility, value: str) -> str | None:
    return value if visibility is Visibility.MEMBERS and value else None


_m, _a, _o = Membership.__table__, Account.__table__, Organisation.__table__
_PROFILE_COLUMNS = (
    _m.c.id, _m.c.account_id, _m.c.kind, _m.c.laendergruppe_id,
    _a.c.first_name, _a.c.last_name, _a.c.institution, _a.c.function, _a.c.city, _a.c.postcode, _a.c.country,
    _a.c.bundesland, _a.c.email, _a.c.phone, _a.c.street, _a.c.description, _a.c.email_visibility,
    _a.c.phone_visibility, _a.c.address_visibility, _a.c.description_visibility,
    _o.c.name.label("org_name"), _o.c.city.label("org_city"), _o.c.postcode.label("org_postcode"),
    _o.c.country.label("org_country"), _o.c.bundesland.label("org_bundesland"),
)  # fmt: skip


def member_profiles(network: Network, ids: list[int], *, listed_only: bool = True) -> list[MemberProfile]:
    """The profiles of these memberships of the network, in the given order, as other members see them.

    Listing is checked again here (the search index is never trusted alone). Two queries for any
    number of members: the rows, then their Themenkreise.
    """
    if not ids:
        return []
    query = (
        sa.select(*_PROFILE_COLUMNS)
        .select_from(_m.join(_a, _a.c.id == _m.c.account_id).outerjoin(_o, _o.c.id == _m.c.organisation_id))
        .where(_m.c.id.in_(ids), _m.c.network_id == network.id)
    )
    if listed_only:
        query = query.where(_m.c.listed_in_directory.is_(True), _m.c.ended_at.is_(None), _a.c.disabled.is_(False))
    rows = {row.id: row for row in db.session.execute(query)}
    themenkreis_names = {tk.id: tk.name for tk in network.themenkreise}
    chosen: dict[int, list[int]] = {mid: [] for mid in rows}
    if rows:
        links = db.session.execute(
            sa.select(membership_themenkreise.c.membership_id, membership_themenkreise.c.themenkreis_id).where(
                membership_themenkreise.c.membership_id.in_(list(rows))
            )
        )
        for membership_id, themenkreis_id in links:
            chosen[membership_id].append(themenkreis_id)
    group_names = {group.id: group.name for group in network.laendergruppen}
    position = {tk.id: tk.position for tk in network.themenkreise}
    profiles = []
    for membership_id in ids:
        row = rows.get(membership_id)
        if row is None:
            continue
        organisation = row.org_name is not None
        land = search.member_land(
            (row.org_postcode, row.org_country, row.org_bundesland) if organisation else None,
            (row.postcode, row.country, row.bundesland),
        )
        profiles.append(
            MemberProfile(
                membership_id=row.id,
                account_id=row.account_id,
                network_slug=network.slug,
                name=f"{row.first_name} {row.last_name}".strip(),
                organisation=row.org_name or "",
                kind=row.kind,
                institution=row.institution,
                function=row.function,
                city=(row.org_city if organisation and row.org_city else "") or row.city,
                bundesland=bundesland_name(land),
                themenkreise=[
                    themenkreis_names[tk]
                    for tk in sorted(chosen[row.id], key=lambda tk: position.get(tk, 0))
                    if tk in themenkreis_names
                ],
                laendergruppe=group_names.get(row.laendergruppe_id, ""),
                email=_shown(row.email_visibility, row.email),
                phone=_shown(row.phone_visibility, row.phone),
                street=_shown(row.address_visibility, row.street),
                postcode=_shown(row.address_visibility, row.postcode),
                description=_shown(row.description_visibility, row.description),
            )
        )
    return profiles


def find_listed_profile(network: Network, membership_id: int) -> MemberProfile | None:
    """A member shown in this network's directory, or None (unlisted, ended, other network)."""
    found = member_profiles(network, [membership_id])
    return found[0] if found else None


def preview_profile(membership: Membership) -> MemberProfile:
    """How the member's own profile looks in this network's directory (listed or not)."""
    return member_profiles(membership.network, [membership.id], listed_only=False)[0]


def search_directory(network: Network, filters: DirectoryFilters, page: int = 1) -> Page:
    """One page (PER_PAGE) of the network's listed members, sorted by last name (German collation)."""
    query = search.MemberQuery(
        network_id=network.id,
        words=search.query_words(filters.text),
        themenkreis_id=filters.themenkreis_id,
        laendergruppe_id=filters.laendergruppe_id,
        bundesland=filters.bundesland,
        kind=filters.kind,
    )
    page = max(1, page)
    total, ids = search.find_members(query, PER_PAGE, (page - 1) * PER_PAGE)
    pages = max(1, -(-total // PER_PAGE))
    items = member_profiles(network, ids)
    return Page(items=items, number=min(page, pages), per_page=PER_PAGE, total=total)


def send_contact_message(sender: Account, network: Network, membership_id: int, message: str) -> None:
    """Mail a message to a listed member whose address is hidden; the sender never learns the address."""
    profile = find_listed_profile(network, membership_id)
    if profile is None or not profile.contact_by_form:
        raise DomainError(str(_l("Diesem Mitglied können Sie hier nicht schreiben.")))
    if profile.account_id == sender.id:
        raise DomainError(str(_l("Sie können sich selbst keine Nachricht senden.")), field="message")
    recipient = db.session.get_one(Account, profile.account_id)
    notifications.mail_contact_message(sender, recipient, network, message)
