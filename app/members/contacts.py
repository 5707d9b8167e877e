"""Contact persons of organisation and municipality members: invite, accept, hand over, leave.

The main contact is `Membership.account_id`; further contacts are `MembershipContact` rows.
A person leaving keeps their account but not the organisation's membership; the last contact
cannot leave without a successor (or ending the membership).
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from app.auth.accounts import find_account_by_email, hash_password
from app.auth.passwords import check_new_password
from app.core.errors import DomainError
from app.core.tokens import hash_token, new_token
from app.extensions import db
from app.members import notifications
from app.members.invitations import _record
from app.models import Account, ApplicantKind, Membership, MembershipContact, utcnow


def active_contacts(membership: Membership) -> list[MembershipContact]:
    """The further contacts (not the main contact) with an account, longest-serving first."""
    return list(
        db.session.scalars(
            sa.select(MembershipContact)
            .where(
                MembershipContact.membership_id == membership.id,
                MembershipContact.account_id.is_not(None),
                MembershipContact.ended_at.is_(None),
            )
            .order_by(MembershipContact.since, MembershipContact.id)
        )
    )


def open_invitations(membership: Membership) -> list[MembershipContact]:
    rows = db.session.scalars(
        sa.select(MembershipContact)
        .where(
            MembershipContact.membership_id == membership.id,
            MembershipContact.account_id.is_(None),
            MembershipContact.ended_at.is_(None),
        )
        .order_by(MembershipContact.id)
    )
    return [row for row in rows if row.is_open_invitation]


def contact_row(membership: Membership, account_id: int) -> MembershipContact | None:
    return next((row for row in active_contacts(membership) if row.account_id == account_id), None)


def is_contact(membership: Membership, account: Account) -> bool:
    """The main contact or a further contact of the (active) membership."""
    return membership.account_id == account.id or contact_row(membership, account.id) is not None


def memberships_as_contact(account: Account) -> list[Membership]:
    """Active organisation and municipality memberships the person speaks for (main or further contact)."""
    # Two index look-ups joined by UNION: "account_id = ? OR id IN (...)" read every membership
    # (a sequential scan at 100,000 members, on every visit to "Mein Bereich").
    own = sa.select(Membership.id).where(Membership.account_id == account.id)
    further = sa.select(MembershipContact.membership_id).where(
        MembershipContact.account_id == account.id, MembershipContact.ended_at.is_(None)
    )
    ids = sa.union(own, further).subquery()
    return list(
        db.session.scalars(
            sa.select(Membership)
            .where(
                Membership.id.in_(sa.select(ids.c[0])),
                Membership.ended_at.is_(None),
                Membership.kind != ApplicantKind.PERSON,
            )
            .order_by(Membership.id)
        )
    )


def lock(membership: Membership) -> None:
    """Lock the membership row and re-read it, so who is main contact is decided one at a time.

    Two contacts leaving (or a handover racing a leave) wait for each other on PostgreSQL; the
    second sees what the first committed and is refused clearly instead of leaving nobody in charge.
    """
    db.session.refresh(membership, with_for_update=True)


def _require_organisation(membership: Membership) -> None:
    lock(membership)
    if membership.ended_at is not None:
        raise DomainError(str(_l("Diese Mitgliedschaft ist beendet.")))
    if membership.kind is ApplicantKind.PERSON:
        raise DomainError(str(_l("Nur Organisationen und Kommunen haben mehrere Ansprechpersonen.")))


def invite_contact(membership: Membership, *, email: str, first_name: str, last_name: str, actor: Account) -> str:
    """Invite a further contact person; the mail carries the link (flushes). Returns the token."""
    _require_organisation(membership)
    email = email.strip().lower()
    if membership.account.email == email or any(
        row.account and row.account.email == email for row in active_contacts(membership)
    ):
        raise DomainError(str(_l("%(email)s ist bereits Ansprechperson.", email=email)), field="email")
    if any(row.email == email for row in open_invitations(membership)):
        raise DomainError(str(_l("%(email)s ist bereits eingeladen.", email=email)), field="email")
    token = new_token()
    row = MembershipContact(
        membership_id=membership.id,
        email=email,
        first_name=first_name,
        last_name=last_name,
        token_hash=hash_token(token),
        invited_by_id=actor.id,
        expires_at=utcnow() + timedelta(days=current_app.config["MEMBER_INVITATION_DAYS"]),
    )
    db.session.add(row)
    db.session.flush()
    _record(
        membership.network, actor,
        _l("%(name)s als weitere Ansprechperson eingeladen.", name=row.display_name), membership,
    )  # fmt: skip
    notifications.mail_contact_invitation(row, token, actor)
    return token


def find_invitation(token: str) -> MembershipContact | None:
    """The open, unexpired contact invitation of a link; None for anything else."""
    if not token or len(token) > 128:
        return None
    row = db.session.scalar(sa.select(MembershipContact).where(MembershipContact.token_hash == hash_token(token)))
    if row is None or not row.is_open_invitation or row.membership.ended_at is not None:
        return None
    return row


def invitation_needs_password(row: MembershipContact) -> bool:
    account = find_account_by_email(row.email)
    return account is None or not account.password_hash


def accept_invitation(row: MembershipContact, *, password: str | None, listed: bool) -> Account:
    """The invited person becomes a contact; an account is created when there is none (flushes)."""
    if not row.is_open_invitation:
        raise DomainError(str(_l("Diese Einladung ist nicht mehr gültig.")))
    account = find_account_by_email(row.email)
    if account is None or not account.password_hash:
        check_new_password(password or "", row.email)
    if account is None:
        account = Account(email=row.email, first_name=row.first_name, last_name=row.last_name, locale="de")
        db.session.add(account)
    if not account.password_hash:
        account.password_hash = hash_password(password or "")
        account.password_changed_at = utcnow()
    db.session.flush()
    membership = row.membership
    if is_contact(membership, account):
        raise DomainError(str(_l("Sie sind bereits Ansprechperson dieses Mitglieds.")))
    row.account_id = account.id
    row.since = utcnow()
    row.listed = listed
    row.email = row.first_name = row.last_name = ""
    row.token_hash = None
    db.session.flush()
    _record(
        membership.network, account,
        _l("%(name)s ist jetzt Ansprechperson.", name=account.display_name), membership,
    )  # fmt: skip
    # The address is confirmed by the link: on a verified domain, the member is verified.
    from app.verification.domains import verify_by_domain

    verify_by_domain(membership)
    return account


def hand_over(membership: Membership, row: MembershipContact, actor: Account) -> None:
    """Make a further contact the main contact; the previous main contact stays a contact (flushes)."""
    _require_organisation(membership)
    db.session.refresh(row)  # read after the lock: the person may have left a moment ago
    if row.membership_id != membership.id or not row.is_active or row.account is None:
        raise DomainError(str(_l("Bitte wählen Sie eine Ansprechperson dieses Mitglieds.")), field="successor")
    successor = row.account
    own = db.session.scalar(
        sa.select(Membership.id).where(
            Membership.network_id == membership.network_id,
            Membership.account_id == successor.id,
            Membership.ended_at.is_(None),
        )
    )
    if own is not None:
        raise DomainError(
            str(_l("%(name)s ist selbst Mitglied dieses Netzwerks und kann deshalb nicht Hauptansprechperson "
                   "werden.", name=successor.display_name)),
            field="successor",
        )  # fmt: skip
    previous = membership.account
    now = utcnow()
    row.ended_at = now
    db.session.flush()
    membership.account_id = successor.id
    db.session.add(
        MembershipContact(
            membership_id=membership.id, account_id=previous.id, since=now, invited_by_id=actor.id,
            listed=membership.listed_in_directory,
        )
    )  # fmt: skip
    db.session.flush()
    db.session.refresh(membership)
    _record(
        membership.network, actor,
        _l("Hauptansprechperson übergeben: von %(old)s an %(new)s.", old=previous.display_name,
           new=successor.display_name),
        membership,
    )  # fmt: skip
    notifications.mail_main_contact_changed(membership, previous, successor)


def leave(membership: Membership, account: Account, *, successor_id: int | None = None) -> None:
    """A contact leaves the organisation's membership; their account stays (flushes).

    The main contact names a successor among the further contacts; the last contact cannot
    leave at all (the membership would have nobody) – they end the membership instead.
    """
    _require_organisation(membership)
    others = active_contacts(membership)
    if membership.account_id == account.id:
        if not others:
            raise DomainError(
                str(_l("Sie sind die einzige Ansprechperson. Laden Sie zuerst eine weitere Ansprechperson ein "
                       "und übergeben Sie ihr die Rolle, oder beenden Sie die Mitgliedschaft.")),
                field="successor",
            )  # fmt: skip
        chosen = next((row for row in others if row.id == successor_id), None)
        if chosen is None:
            raise DomainError(
                str(_l("Bitte wählen Sie, wer Hauptansprechperson wird, bevor Sie gehen.")), field="successor"
            )
        hand_over(membership, chosen, account)
    row = contact_row(membership, account.id)
    if row is None:
        raise DomainError(str(_l("Sie sind keine Ansprechperson dieses Mitglieds.")))
    row.ended_at = utcnow()
    db.session.flush()
    _record(
        membership.network, account,
        _l("%(name)s ist nicht mehr Ansprechperson.", name=account.display_name), membership,
    )  # fmt: skip


def remove(membership: Membership, row: MembershipContact, actor: Account) -> None:
    """The main contact or the coordination removes a further contact or withdraws an invitation."""
    lock(membership)  # not while a handover to this person is under way
    db.session.refresh(row)
    if row.membership_id != membership.id or row.ended_at is not None:
        raise DomainError(str(_l("Diese Ansprechperson gibt es nicht mehr.")))
    name = row.display_name
    row.ended_at = utcnow()
    row.token_hash = None
    db.session.flush()
    _record(
        membership.network, actor,
        _l("%(name)s ist nicht mehr Ansprechperson (entfernt).", name=name), membership,
    )  # fmt: skip


def set_listed(row: MembershipContact, listed: bool) -> None:
    row.listed = listed
    db.session.flush()
