"""A member's own profile: edit, visibility, e-mail change, leaving a network."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from app.account import notifications
from app.auth.accounts import check_password, normalise_email
from app.auth.sessions import end_other_login_sessions
from app.core import history
from app.core.errors import DomainError
from app.core.regions import bundesland_for_postcode
from app.core.tokens import consume_token, find_token, issue_token, token_is_usable
from app.extensions import db
from app.members import contacts
from app.members.notifications import tell_coordinators_member_left
from app.models import (
    Account,
    ApplicantKind,
    HistoryEntry,
    HistoryKind,
    Membership,
    Network,
    Themenkreis,
    Token,
    TokenPurpose,
    Visibility,
    utcnow,
)
from app.verification.domains import recheck_domain

EMAIL_CHANGE_HOURS = 48
PROFILE_FIELDS = ("first_name", "last_name", "institution", "function", "street", "postcode", "city", "country",
                  "phone", "description")  # fmt: skip
VISIBILITY_FIELDS = ("email_visibility", "phone_visibility", "address_visibility", "description_visibility")


def active_memberships(account: Account) -> list[Membership]:
    """The account's current memberships with network, Themenkreise and Ländergruppe, by network name."""
    return list(
        db.session.scalars(
            sa.select(Membership)
            .join(Membership.network)
            .where(Membership.account_id == account.id, Membership.ended_at.is_(None))
            .options(
                selectinload(Membership.network).selectinload(Network.themenkreise),
                selectinload(Membership.themenkreise),
                selectinload(Membership.laendergruppe),
                selectinload(Membership.organisation),
            )
            .order_by(Network.name)
        )
    )


def ended_memberships(account: Account) -> list[Membership]:
    return list(
        db.session.scalars(
            sa.select(Membership)
            .where(Membership.account_id == account.id, Membership.ended_at.is_not(None))
            .options(selectinload(Membership.network))
            .order_by(Membership.ended_at.desc())
        )
    )


@dataclass
class MembershipChoice:
    """What the member chose for one membership: listed or not, and which Themenkreise."""

    listed: bool
    themenkreis_ids: list[int]


def update_profile(
    account: Account,
    values: dict[str, str],
    visibility: dict[str, Visibility],
    choices: dict[int, MembershipChoice],
) -> None:
    """Save profile fields, field visibility and per-membership choices; flushes.

    Raises DomainError (field `themenkreise_<id>`) when a network's Themenkreis rule is broken.
    """
    errors: list[tuple[str | None, str]] = []
    changes: list[tuple[Membership, bool, list[Themenkreis]]] = []
    memberships = {membership.id: membership for membership in active_memberships(account)}
    for membership_id, choice in choices.items():
        membership = memberships.get(membership_id)
        if membership is None:
            continue
        network = membership.network
        available = {tk.id: tk for tk in network.themenkreise}
        chosen = [available[tk] for tk in dict.fromkeys(choice.themenkreis_ids) if tk in available]
        field_name = f"themenkreise_{membership_id}"
        if available and network.themenkreis_required and not chosen:
            errors.append((field_name, str(_l("Bitte wählen Sie mindestens einen Themenkreis."))))
        elif len(chosen) > 1 and not network.multiple_themenkreise:
            errors.append((field_name, str(_l("In diesem Netzwerk arbeiten Sie in genau einem Themenkreis mit."))))
        changes.append((membership, choice.listed, sorted(chosen, key=lambda tk: tk.position)))
    if errors:
        raise DomainError(errors[0][1], errors=errors)
    for membership, listed, themenkreise in changes:
        membership.listed_in_directory = listed
        membership.themenkreise = themenkreise
    for name in PROFILE_FIELDS:
        if name in values:
            setattr(account, name, values[name] or "")
    account.country = account.country or "Deutschland"
    account.bundesland = bundesland_for_postcode(account.postcode, account.country)
    for name in VISIBILITY_FIELDS:
        if name in visibility:
            setattr(account, name, visibility[name])
    db.session.flush()


# --------------------------------------------------------------------------- e-mail change


def request_email_change(account: Account, new_email: str, password: str) -> None:
    """Send a confirmation link to the new address; the address changes only when it is clicked."""
    if not check_password(account, password or ""):
        raise DomainError(str(_l("Das Passwort ist nicht richtig.")), field="password")
    new_email = normalise_email(new_email)
    if new_email == account.email:
        raise DomainError(str(_l("Das ist bereits Ihre E-Mail-Adresse.")), field="email")
    # Only the newest link is valid.
    db.session.execute(
        sa.update(Token)
        .where(Token.account_id == account.id, Token.purpose == TokenPurpose.EMAIL_CHANGE, Token.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    token = issue_token(
        TokenPurpose.EMAIL_CHANGE, timedelta(hours=EMAIL_CHANGE_HOURS), account_id=account.id, payload=new_email
    )
    notifications.confirm_new_email(account, new_email, token, EMAIL_CHANGE_HOURS)


def email_change_for_link(token: str) -> Token | None:
    """The usable e-mail change token for a link, or None."""
    row = find_token(TokenPurpose.EMAIL_CHANGE, token)
    return row if token_is_usable(row) and row.account_id is not None else None


def confirm_email_change(token: str, keep_login_token: str | None = None) -> Account:
    """Use the link once: switch the address, tell the old address, end other login sessions."""
    row = email_change_for_link(token)
    invalid = str(_l("Dieser Link ist nicht mehr gültig: Er wurde bereits verwendet oder ist abgelaufen."))
    if row is None:
        raise DomainError(invalid)
    account = db.session.get(Account, row.account_id)
    new_email = row.payload
    if account is None or account.disabled:
        raise DomainError(invalid)
    taken = db.session.scalar(sa.select(Account.id).where(Account.email == new_email, Account.id != account.id))
    if taken is not None:
        raise DomainError(str(_l("Diese E-Mail-Adresse gehört bereits zu einem anderen Konto.")))
    if not consume_token(row):
        raise DomainError(invalid)
    old_email = account.email
    account.email = new_email
    db.session.flush()
    # The confirmed address decides a domain verification of every organisation the person speaks for.
    for membership in contacts.memberships_as_contact(account):
        recheck_domain(membership)
    end_other_login_sessions(account, keep_login_token)
    notifications.email_changed_notice(account, old_email, new_email)
    return account


# --------------------------------------------------------------------------- leaving a network


def leave(
    account: Account, membership: Membership, *, end_membership: bool, successor_id: int | None, for_everyone: bool
) -> bool:
    """*Mitgliedschaft beenden* in the member area; True when the whole membership ended (flushes).

    A person member ends their membership. For an organisation, a contact leaves only their own
    role (the main contact names a successor: `contacts.leave`), unless the main contact ends the
    membership itself – which needs `for_everyone` while further contacts would lose access.
    """
    if membership.kind is ApplicantKind.PERSON or end_membership:
        leave_network(account, membership, for_everyone=for_everyone)
        return True
    contacts.leave(membership, account, successor_id=successor_id)
    return False


def leave_network(account: Account, membership: Membership, *, for_everyone: bool = False) -> None:
    """End a membership: out of the directory, Themenkreise released, one history row for the network.

    The network keeps the membership row (start and end date, member type, organisation,
    the accepted application) and the history entry; nothing else about the person changes.
    """
    contacts.lock(membership)  # a handover or another contact's leaving may be under way
    if membership.ended_at is not None:
        raise DomainError(str(_l("Diese Mitgliedschaft ist bereits beendet.")))
    if membership.account_id != account.id:
        raise DomainError(str(_l("Nur die Hauptansprechperson kann die Mitgliedschaft beenden.")))
    if membership.kind is not ApplicantKind.PERSON and contacts.active_contacts(membership) and not for_everyone:
        raise DomainError(
            str(_l("Es gibt weitere Ansprechpersonen. Bitte bestätigen Sie, dass die Mitgliedschaft für alle "
                   "endet, oder übergeben Sie Ihre Rolle.")),
            field="for_everyone",
        )  # fmt: skip
    membership.ended_at = utcnow()
    membership.listed_in_directory = False
    membership.themenkreise = []
    db.session.add(
        HistoryEntry(
            kind=HistoryKind.MEMBERSHIP,
            network_id=membership.network_id,
            application_id=membership.application_id,
            membership_id=membership.id,
            actor_id=account.id,
            actor_label=history.MEMBER_LABEL,
            message=history.canonical_text(_l("Mitgliedschaft durch das Mitglied beendet.")),
        )
    )
    db.session.flush()
    tell_coordinators_member_left(membership, "left")
