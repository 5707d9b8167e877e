"""Verified e-mail domains: a contact whose confirmed address is on a domain the coordination
listed for their organisation is verified automatically, for a year (re-checked yearly)."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.core.errors import DomainError
from app.extensions import db
from app.models import (
    Account,
    Membership,
    MembershipContact,
    Network,
    Organisation,
    Verification,
    VerificationEvent,
    VerificationMethod,
    VerificationState,
    VerifiedDomain,
    utcnow,
)
from app.verification.decisions import default_label

DOMAIN_PATTERN = re.compile(r"^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
VALIDITY = timedelta(days=365)


def domains_of(network: Network) -> list[VerifiedDomain]:
    return list(
        db.session.scalars(
            sa.select(VerifiedDomain).where(VerifiedDomain.network_id == network.id).order_by(VerifiedDomain.domain)
        )
    )


def organisations_of(network: Network) -> list[Organisation]:
    """The organisations of the network's active members (choices for a domain)."""
    return list(
        db.session.scalars(
            sa.select(Organisation)
            .join(Membership, Membership.organisation_id == Organisation.id)
            .where(Membership.network_id == network.id, Membership.ended_at.is_(None))
            .distinct()
            .order_by(Organisation.name)
        )
    )


def add_domain(network: Network, organisation_id: int | None, domain: str, actor: Account) -> VerifiedDomain:
    """List a domain for an organisation and verify its contacts already on it (flushes)."""
    domain = (domain or "").strip().lower().removeprefix("@")
    if not DOMAIN_PATTERN.match(domain):
        raise DomainError(str(_l("Bitte geben Sie eine Domain wie stadt-leipzig.de an.")), field="domain")
    organisation = next((o for o in organisations_of(network) if o.id == organisation_id), None)
    if organisation is None:
        raise DomainError(str(_l("Bitte wählen Sie eine Organisation dieses Netzwerks.")), field="organisation")
    if db.session.scalar(
        sa.select(VerifiedDomain.id).where(VerifiedDomain.network_id == network.id, VerifiedDomain.domain == domain)
    ):
        raise DomainError(str(_l("Diese Domain ist schon eingetragen.")), field="domain")
    row = VerifiedDomain(network_id=network.id, organisation_id=organisation.id, domain=domain, added_by_id=actor.id)
    db.session.add(row)
    db.session.flush()
    for membership in db.session.scalars(
        sa.select(Membership).where(
            Membership.network_id == network.id,
            Membership.organisation_id == organisation.id,
            Membership.ended_at.is_(None),
        )
    ):
        verify_by_domain(membership)
    return row


def remove_domain(row: VerifiedDomain) -> None:
    """Stop listing a domain; verifications already given run until their date."""
    db.session.delete(row)
    db.session.flush()


def _email_domain(email: str) -> str:
    return email.rpartition("@")[2].lower()


def matching_domain(membership: Membership) -> str:
    """A listed domain of the member's organisation that one of its contacts has an address on."""
    if membership.organisation_id is None:
        return ""
    domains = set(
        db.session.scalars(
            sa.select(VerifiedDomain.domain).where(
                VerifiedDomain.network_id == membership.network_id,
                VerifiedDomain.organisation_id == membership.organisation_id,
            )
        )
    )
    if not domains:
        return ""
    further = db.session.scalars(
        sa.select(Account.email)
        .join(MembershipContact, MembershipContact.account_id == Account.id)
        .where(MembershipContact.membership_id == membership.id, MembershipContact.ended_at.is_(None))
    )
    emails = [membership.account.email, *further]
    return next((_email_domain(email) for email in emails if _email_domain(email) in domains), "")


def verify_by_domain(membership: Membership, *, since=None) -> Verification | None:
    """Verify the member for a year when a contact's address is on a listed domain (flushes).

    Nothing happens while a domain verification is valid for more than 30 days.
    """
    domain = matching_domain(membership)
    if not domain or membership.ended_at is not None:
        return None
    now = utcnow()
    current = db.session.scalar(
        sa.select(Verification.id).where(
            Verification.membership_id == membership.id,
            Verification.method == VerificationMethod.DOMAIN,
            Verification.state == VerificationState.ACCEPTED,
            Verification.valid_until > now + timedelta(days=30),
        )
    )
    if current is not None:
        return None
    verification = Verification(
        network_id=membership.network_id, membership_id=membership.id, method=VerificationMethod.DOMAIN,
        state=VerificationState.ACCEPTED, label=default_label(membership), domain=domain, decided_at=now,
        valid_from=since or now, valid_until=now + VALIDITY,
    )  # fmt: skip
    db.session.add(verification)
    db.session.flush()
    db.session.add(
        VerificationEvent(
            verification_id=verification.id, actor_label="System", state=VerificationState.ACCEPTED,
            message=f"E-Mail-Domain {domain}",
        )
    )  # fmt: skip
    db.session.flush()
    return verification


def recheck_domain(membership: Membership) -> None:
    """After a contact's address changed: the yearly re-check's rule (`matching_domain`), applied now.

    A contact on a listed domain verifies the member; when no contact is left on one, a domain
    verification ends today instead of running on until its date (flushes).
    """
    if matching_domain(membership):
        verify_by_domain(membership)
        return
    now = utcnow()
    current = db.session.scalars(
        sa.select(Verification).where(
            Verification.membership_id == membership.id,
            Verification.method == VerificationMethod.DOMAIN,
            Verification.state == VerificationState.ACCEPTED,
            Verification.valid_until > now,
        )
    )
    for verification in current:
        verification.valid_until = now
        db.session.add(
            VerificationEvent(
                verification_id=verification.id, actor_label="System", state=VerificationState.ACCEPTED,
                message=f"Keine Ansprechperson hat mehr eine Adresse auf {verification.domain}: beendet.",
            )
        )  # fmt: skip
    db.session.flush()
