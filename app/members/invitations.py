"""Invited members: invite (import or by hand), remind once, accept, cancel, expire and purge.

An invitation becomes a membership only when the person confirms, consents and sets a
password; until then they are in no list, count or mailing of the network.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any, cast

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.engine import CursorResult

from app.auth.accounts import find_account_by_email, hash_password
from app.auth.passwords import check_new_password
from app.core import consent, history
from app.core.errors import DomainError
from app.core.tokens import hash_token, new_token
from app.extensions import db
from app.members import notifications
from app.members.organisations import normalise_organisation_name
from app.models import (
    BERLIN,
    Account,
    ApplicantKind,
    ConsentKind,
    HistoryEntry,
    HistoryKind,
    MemberInvitation,
    Membership,
    Network,
    Organisation,
    OrganisationType,
    invitation_themenkreise,
    utcnow,
)

PERSON_FIELDS = (
    "first_name",
    "last_name",
    "institution",
    "function",
    "street",
    "postcode",
    "city",
    "country",
    "bundesland",
    "phone",
)
CONSENT_LABEL = _l(
    "Ich habe die Datenschutzerklärung gelesen und bin einverstanden, dass meine Angaben zur Verwaltung "
    "meiner Mitgliedschaft gespeichert und verarbeitet werden."
)


def lifetime() -> timedelta:
    return timedelta(days=current_app.config["MEMBER_INVITATION_DAYS"])


def open_clause():
    return sa.and_(MemberInvitation.accepted_at.is_(None), MemberInvitation.cancelled_at.is_(None))


def supersede_expired(network: Network, emails: list[str]) -> None:
    """Expired, never accepted invitations of these addresses make room for a new one."""
    unique = sorted(set(emails))
    for start in range(0, len(unique), 500):
        db.session.execute(
            sa.update(MemberInvitation)
            .where(
                MemberInvitation.network_id == network.id,
                open_clause(),
                MemberInvitation.expires_at <= utcnow(),
                MemberInvitation.email.in_(unique[start : start + 500]),
            )
            .values(cancelled_at=utcnow())
            .execution_options(synchronize_session=False)
        )


def invite_many(network: Network, people: list[dict], actor: Account | None, *, import_id: int | None = None) -> int:
    """Create one invitation per person (cleaned values) and queue the invitation mails (flushes)."""
    now = utcnow()
    tokens = [new_token() for _ in people]
    values_list = [
        {
            "network_id": network.id,
            "import_id": import_id,
            "invited_by_id": actor.id if actor else None,
            "email": values["email"],
            "kind": values.get("kind") or ApplicantKind.PERSON,
            "laendergruppe_id": values.get("laendergruppe_id"),
            "member_since": values.get("member_since"),
            "coordinator_note": values.get("coordinator_note", ""),
            "token_hash": hash_token(token),
            "created_at": now,
            "expires_at": now + lifetime(),
            **{name: values.get(name) or "" for name in PERSON_FIELDS if name != "country"},
            "country": values.get("country") or "Deutschland",
        }
        for values, token in zip(people, tokens, strict=True)
    ]
    if not values_list:
        return 0
    # One bulk INSERT ... RETURNING (in the order given), not one ORM object per person.
    ids = list(
        db.session.scalars(
            sa.insert(MemberInvitation).returning(MemberInvitation.id, sort_by_parameter_order=True), values_list
        )
    )
    links = [
        {"invitation_id": invitation_id, "themenkreis_id": themenkreis_id}
        for invitation_id, values in zip(ids, people, strict=True)
        for themenkreis_id in values.get("themenkreis_ids", [])
    ]
    if links:
        db.session.execute(sa.insert(invitation_themenkreise), links)
    stand_ins = [MemberInvitation(**values) for values in values_list]
    notifications.queue_rows(notifications.invitation_rows(stand_ins, network, tokens))
    return len(ids)


def invite_one(network: Network, values: dict, actor: Account) -> MemberInvitation:
    """Add a member by hand: the same invitation as an import (flushes)."""
    email = values["email"]
    member = db.session.scalar(
        sa.select(Membership.id)
        .join(Account, Account.id == Membership.account_id)
        .where(Membership.network_id == network.id, Membership.ended_at.is_(None), Account.email == email)
    )
    if member is not None:
        raise DomainError(str(_l("%(email)s ist bereits Mitglied dieses Netzwerks.", email=email)), field="email")
    supersede_expired(network, [email])
    if db.session.scalar(
        sa.select(MemberInvitation.id).where(
            MemberInvitation.network_id == network.id, MemberInvitation.email == email, open_clause()
        )
    ):
        raise DomainError(str(_l("%(email)s ist bereits eingeladen.", email=email)), field="email")
    invite_many(network, [values], actor)
    invitation = db.session.scalars(
        sa.select(MemberInvitation).where(
            MemberInvitation.network_id == network.id, MemberInvitation.email == email, open_clause()
        )
    ).one()
    _record(network, actor, _l("%(name)s von Hand hinzugefügt und eingeladen.", name=invitation.display_name))
    return invitation


def _record(
    network: Network, actor: Account | None, message, membership: Membership | None = None, actor_label: str = ""
) -> None:
    db.session.add(
        HistoryEntry(
            kind=HistoryKind.MEMBERSHIP,
            network_id=network.id,
            membership_id=membership.id if membership else None,
            actor_id=actor.id if actor else None,
            actor_label=history.canonical_text(actor_label) if actor_label else (actor.display_name if actor else ""),
            message=history.canonical_text(message),
            internal=True,
        )
    )
    db.session.flush()


def consent_text(network: Network) -> str:
    return f"{CONSENT_LABEL}\n\n{consent.privacy_notice(network)}"


def needs_password(invitation: MemberInvitation) -> bool:
    account = find_account_by_email(invitation.email)
    return account is None or not account.password_hash


def _organisation(invitation: MemberInvitation) -> Organisation | None:
    if invitation.kind is ApplicantKind.PERSON or not invitation.institution:
        return None
    normalised = normalise_organisation_name(invitation.institution)
    existing = (
        db.session.scalar(
            sa.select(Organisation).where(Organisation.normalized_name == normalised).order_by(Organisation.id)
        )
        if normalised
        else None
    )
    if existing is not None:
        return existing
    organisation = Organisation(
        name=invitation.institution,
        normalized_name=normalised,
        type=OrganisationType.MUNICIPALITY if invitation.kind is ApplicantKind.MUNICIPALITY else OrganisationType.OTHER,
        street=invitation.street,
        postcode=invitation.postcode,
        city=invitation.city,
        country=invitation.country,
        bundesland=invitation.bundesland,
    )
    db.session.add(organisation)
    return organisation


def accept(invitation: MemberInvitation, *, password: str | None, listed: bool, texts_seen: str) -> Membership:
    """Confirm: consent recorded (text version + hash), account ready, membership active (flushes).

    `texts_seen` is the consent text shown on the page; it is what gets recorded.
    """
    network = invitation.network
    account = find_account_by_email(invitation.email)
    if account is None or not account.password_hash:
        check_new_password(password or "", invitation.email)
    claimed = db.session.execute(
        sa.update(MemberInvitation)
        .where(MemberInvitation.id == invitation.id, open_clause(), MemberInvitation.expires_at > utcnow())
        .values(accepted_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if cast("CursorResult[Any]", claimed).rowcount != 1:
        raise DomainError(str(_l("Diese Einladung ist nicht mehr gültig.")))
    db.session.refresh(invitation)
    if account is None:
        account = Account(email=invitation.email, locale="de")
        for name in PERSON_FIELDS:
            setattr(account, name, getattr(invitation, name))
        db.session.add(account)
    if not account.password_hash:
        account.password_hash = hash_password(password or "")
        account.password_changed_at = utcnow()
    db.session.flush()
    membership = db.session.scalar(
        sa.select(Membership).where(
            Membership.network_id == network.id, Membership.account_id == account.id, Membership.ended_at.is_(None)
        )
    )
    if membership is None:
        since = invitation.member_since
        membership = Membership(
            network_id=network.id,
            account=account,
            organisation=_organisation(invitation),
            kind=invitation.kind,
            laendergruppe_id=invitation.laendergruppe_id,
            listed_in_directory=bool(listed and network.directory_enabled),
            themenkreise=list(invitation.themenkreise),
            started_at=datetime.combine(since, time(), BERLIN).astimezone(UTC) if since else utcnow(),
            coordinator_note=invitation.coordinator_note,
        )
        db.session.add(membership)
        db.session.flush()
    version = consent.current_version(network, ConsentKind.PRIVACY, texts_seen)
    invitation.consent_text_id = version.id
    invitation.membership_id = membership.id
    _forget_person(invitation)
    _record(
        network,
        None,
        _l(
            "Einladung angenommen; Einwilligung in die Datenschutzerklärung (Fassung %(version)s) erteilt.",
            version=version.version,
        ),
        membership,
        actor_label=history.MEMBER_LABEL,
    )
    return membership


def _forget_person(invitation: MemberInvitation) -> None:
    """After acceptance the data lives in the account; the invitation keeps only the record."""
    for name in (*PERSON_FIELDS, "email", "coordinator_note"):
        setattr(invitation, name, "")
    invitation.themenkreise = []


def cancel(invitation: MemberInvitation, actor: Account) -> None:
    if invitation.accepted_at is not None or invitation.cancelled_at is not None:
        raise DomainError(str(_l("Diese Einladung ist nicht mehr offen.")))
    invitation.cancelled_at = utcnow()
    _record(invitation.network, actor, _l("Einladung an %(name)s zurückgenommen.", name=invitation.display_name))
