"""Demo content of issue #16: a municipality verified through its e-mail domain (Kommunen der
Offenen Gesellschaft) and an organisation with two contact persons, confirmed by the coordination
(Beteiligungsnetzwerk Baden-Württemberg). Idempotent: nothing happens when the people exist."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from app.auth.accounts import find_account_by_email
from app.core.regions import bundesland_for_postcode
from app.extensions import db
from app.members.organisations import normalise_organisation_name
from app.models import (
    Account,
    ApplicantKind,
    Membership,
    MembershipContact,
    Network,
    Organisation,
    OrganisationType,
    Verification,
    VerificationEvent,
    VerificationMethod,
    VerificationState,
    VerifiedDomain,
    Visibility,
    utcnow,
)
from app.verification.domains import verify_by_domain

KOMMUNEN = "kommunen-der-offenen-gesellschaft"
BW = "beteiligungsnetzwerk-bw"
SAALFELD_DOMAIN = "stadt-saalfeld.example"
# The main contacts of the demo members (app.demo.seed.has_members leaves them out).
DEMO_EMAILS = (f"beteiligung@{SAALFELD_DOMAIN}", "vorstand@buergerstiftung-ulm.example")


def _network(slug: str) -> Network | None:
    return db.session.scalar(sa.select(Network).where(Network.slug == slug))


def _person(email: str, first: str, last: str, function: str, postcode: str, city: str) -> Account:
    account = Account(
        email=email, first_name=first, last_name=last, function=function, postcode=postcode, city=city,
        bundesland=bundesland_for_postcode(postcode, "Deutschland") or "", email_visibility=Visibility.MEMBERS,
    )  # fmt: skip
    db.session.add(account)
    return account


def _member(network: Network, account: Account, name: str, kind: ApplicantKind, postcode: str, city: str):
    organisation = Organisation(
        name=name, normalized_name=normalise_organisation_name(name), postcode=postcode, city=city,
        type=OrganisationType.MUNICIPALITY if kind is ApplicantKind.MUNICIPALITY else OrganisationType.CIVIL_SOCIETY,
        bundesland=bundesland_for_postcode(postcode, "Deutschland") or "",
    )  # fmt: skip
    membership = Membership(
        network_id=network.id, account=account, organisation=organisation, kind=kind,
        listed_in_directory=network.directory_enabled, started_at=utcnow() - timedelta(days=400),
    )  # fmt: skip
    db.session.add(membership)
    db.session.flush()
    return membership


def seed_verification_demo() -> int:
    """Returns how many demo members were added (0 when they exist already)."""
    added = 0
    kommunen = _network(KOMMUNEN)
    if kommunen is not None and find_account_by_email(f"beteiligung@{SAALFELD_DOMAIN}") is None:
        main = _person(f"beteiligung@{SAALFELD_DOMAIN}", "Sabine", "Saalfelder", "Beteiligungsbeauftragte",
                       "07318", "Saalfeld/Saale")  # fmt: skip
        saalfeld = _member(kommunen, main, "Stadt Saalfeld/Saale", ApplicantKind.MUNICIPALITY, "07318", "Saalfeld")
        db.session.add(
            VerifiedDomain(network_id=kommunen.id, organisation_id=saalfeld.organisation_id, domain=SAALFELD_DOMAIN)
        )
        db.session.flush()
        verify_by_domain(saalfeld)
        added += 1
    bw = _network(BW)
    if bw is not None and find_account_by_email("vorstand@buergerstiftung-ulm.example") is None:
        main = _person("vorstand@buergerstiftung-ulm.example", "Ulrike", "Ulmer", "Vorständin", "89073", "Ulm")
        second = _person("projekte@buergerstiftung-ulm.example", "Bernd", "Bach", "Projektleitung", "89073", "Ulm")
        ulm = _member(bw, main, "Bürgerstiftung Ulm", ApplicantKind.ORGANISATION, "89073", "Ulm")
        now = utcnow()
        db.session.add(
            MembershipContact(membership_id=ulm.id, account=second, since=now - timedelta(days=90), listed=True)
        )
        verification = Verification(
            network_id=bw.id, membership_id=ulm.id, method=VerificationMethod.ATTESTATION,
            state=VerificationState.ACCEPTED, label="Gemeinnützige Stiftung",
            reason="Stiftungsurkunde und Vertretungsbescheinigung geprüft.", decided_at=now, valid_from=now,
            valid_until=now + timedelta(days=540),
        )  # fmt: skip
        db.session.add(verification)
        db.session.flush()
        db.session.add(
            VerificationEvent(
                verification_id=verification.id, actor_label="Koordination", state=VerificationState.ACCEPTED,
                message=verification.reason,
            )
        )  # fmt: skip
        added += 1
    db.session.flush()
    return added
