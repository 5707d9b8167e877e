"""Memberships: created when an application is accepted, ended when a decision is reopened."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.auth.accounts import find_account_by_email
from app.core import history
from app.core.errors import DomainError
from app.core.regions import bundesland_for_postcode
from app.extensions import db
from app.members.organisations import normalise_organisation_name
from app.models import (
    Account,
    ApplicantKind,
    Application,
    CoordinatorAssignment,
    HistoryKind,
    Laendergruppe,
    Membership,
    Network,
    Organisation,
    OrganisationType,
    Themenkreis,
    Token,
    TokenPurpose,
    utcnow,
)

# Profile fields copied from the application to the account.
PROFILE_FIELDS = (
    "first_name",
    "last_name",
    "institution",
    "function",
    "street",
    "postcode",
    "city",
    "country",
    "phone",
    "description",
)


def active_membership(network: Network | int, account: Account) -> Membership | None:
    network_id = network if isinstance(network, int) else network.id
    return db.session.scalar(
        sa.select(Membership).where(
            Membership.network_id == network_id, Membership.account_id == account.id, Membership.ended_at.is_(None)
        )
    )


def check_not_yet_member(application: Application) -> None:
    """Raise DomainError when the applicant's e-mail already has an active membership in the network."""
    account = find_account_by_email(application.email)
    if account is not None and active_membership(application.network_id, account) is not None:
        raise DomainError(str(_l("%(email)s ist bereits Mitglied dieses Netzwerks.", email=application.email)))


def check_one_per_organisation(network: Network, organisation: Organisation) -> None:
    """One membership per organisation: however many contacts it has, the organisation is the member."""
    existing = db.session.scalar(
        sa.select(Membership).where(
            Membership.network_id == network.id,
            Membership.organisation_id == organisation.id,
            Membership.ended_at.is_(None),
        )
    )
    if existing is not None:
        raise DomainError(
            str(
                _l(
                    "„%(name)s“ ist bereits Mitglied dieses Netzwerks (Hauptansprechperson: %(contact)s). "
                    "Es gibt nur eine Mitgliedschaft pro Organisation; die Hauptansprechperson kann die Person "
                    "als weitere Ansprechperson einladen.",
                    name=organisation.name,
                    contact=existing.account.display_name,
                )
            )
        )


def account_for_application(application: Application) -> tuple[Account, bool]:
    """The applicant's account, created from the application when there is none; (account, created).

    An existing account keeps its profile; only empty fields are filled from the application.
    """
    account = find_account_by_email(application.email)
    created = account is None
    if created:
        account = Account(email=application.email, locale=application.locale or "de")
        db.session.add(account)
    for name in PROFILE_FIELDS:
        value = getattr(application, name) or ""
        if value and (created or not getattr(account, name)):
            setattr(account, name, value)
    assert account is not None  # found or created above
    if not account.bundesland:
        account.bundesland = bundesland_for_postcode(account.postcode, account.country)
    db.session.flush()
    return account, created


def organisation_for_application(application: Application) -> Organisation | None:
    """For organisations and municipalities: the existing organisation of that name, or a new one."""
    if application.applicant_kind is ApplicantKind.PERSON or not application.institution:
        return None
    normalized = normalise_organisation_name(application.institution)
    if normalized:
        existing = db.session.scalar(
            sa.select(Organisation).where(Organisation.normalized_name == normalized).order_by(Organisation.id)
        )
        if existing is not None:
            return existing
    if application.applicant_kind is ApplicantKind.MUNICIPALITY:
        kind = OrganisationType.MUNICIPALITY
    else:
        kind = application.organisation_type or OrganisationType.OTHER
    organisation = Organisation(
        name=application.institution,
        normalized_name=normalized,
        type=kind,
        street=application.street,
        postcode=application.postcode,
        city=application.city,
        country=application.country,
        bundesland=bundesland_for_postcode(application.postcode, application.country),
        website=application.website,
    )
    db.session.add(organisation)
    db.session.flush()
    return organisation


def _laendergruppe_for(network: Network, bundesland: str) -> Laendergruppe | None:
    if not bundesland:
        return None
    groups = db.session.scalars(sa.select(Laendergruppe).where(Laendergruppe.network_id == network.id))
    return next((group for group in groups if bundesland in group.bundesland_codes), None)


def create_membership(
    application: Application,
    *,
    themenkreise: list[Themenkreis],
    listed: bool,
    actor: Account | None,
) -> tuple[Membership, bool]:
    """Create the membership of an accepted application; returns (membership, account_created). Flushes."""
    network = application.network
    account, created = account_for_application(application)
    if active_membership(network, account) is not None:
        raise DomainError(str(_l("%(email)s ist bereits Mitglied dieses Netzwerks.", email=account.email)))
    organisation = organisation_for_application(application)
    if organisation is not None and network.one_membership_per_organisation:
        check_one_per_organisation(network, organisation)
    membership = Membership(
        network_id=network.id,
        account=account,
        organisation=organisation,
        kind=application.applicant_kind,
        application_id=application.id,
        listed_in_directory=bool(listed and network.directory_enabled),
        laendergruppe=_laendergruppe_for(network, account.bundesland),
        themenkreise=[tk for tk in themenkreise if tk.network_id == network.id],
    )
    db.session.add(membership)
    application.account_id = account.id
    application.organisation_id = organisation.id if organisation else None
    db.session.flush()
    names = ", ".join(tk.name for tk in membership.themenkreise)
    history.record(
        HistoryKind.MEMBERSHIP,
        application=application,
        actor=actor,
        message=(
            _l(
                "Mitgliedschaft angelegt (Themenkreise: %(names)s; Verzeichnis: %(listed)s).",
                names=names or "–",
                listed=_l("ja") if membership.listed_in_directory else _l("nein"),
            )
        ),
        internal=True,
    )
    return membership, created


# Marks an invitation that stopped working because its decision was reopened (the link page says so).
REVOKED_BY_REOPEN = "revoked:reopened"


def end_membership_of_application(application: Application, actor: Account | None, reason: str) -> Membership | None:
    """End the active membership an application created (when an admin reopens the decision)."""
    membership = db.session.scalar(
        sa.select(Membership).where(Membership.application_id == application.id, Membership.ended_at.is_(None))
    )
    if membership is None:
        return None
    membership.ended_at = utcnow()
    db.session.flush()
    _revoke_unused_invitations(membership.account)
    history.record(
        HistoryKind.MEMBERSHIP,
        application=application,
        actor=actor,
        message=_l("Mitgliedschaft beendet, weil die Entscheidung wieder geöffnet wurde: %(reason)s", reason=reason),
        internal=True,
    )
    return membership


def _revoke_unused_invitations(account: Account) -> None:
    """An invitation must not outlive the decision it came from: without a password yet and
    without any other membership or role, the person's open invitation links stop working."""
    if account.password_hash or account.is_admin:
        return
    still_member = db.session.scalar(
        sa.select(Membership.id).where(Membership.account_id == account.id, Membership.ended_at.is_(None)).limit(1)
    )
    coordinates = db.session.scalar(
        sa.select(CoordinatorAssignment.account_id).where(CoordinatorAssignment.account_id == account.id).limit(1)
    )
    if still_member is None and coordinates is None:
        db.session.execute(
            sa.update(Token)
            .where(Token.account_id == account.id, Token.purpose == TokenPurpose.INVITATION, Token.used_at.is_(None))
            .values(used_at=utcnow(), payload=REVOKED_BY_REOPEN)
            .execution_options(synchronize_session=False)
        )
