"""Duplicate hints for one application: same e-mail, same or similar organisation.

Usually only one membership per organisation is possible, so a coordinator wants to know
whether the person or their organisation is already a member or applying. A hint warns,
it never blocks. Only records of the application's own network are considered (a
coordinator sees nothing of other networks).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.extensions import db
from app.members.organisations import normalise_organisation_name
from app.models import Account, Application, ApplicationState, Membership, MembershipContact, Organisation
from app.models.base import LabelledEnum
from app.review.names import SIMILARITY_THRESHOLD, normalised, similar_names, similarity

S = ApplicationState
__all__ = ["SIMILARITY_THRESHOLD", "DuplicateHint", "HintKind", "duplicate_hints", "similarity"]
OPEN_CONFIRMED = (S.RECEIVED, S.IN_REVIEW, S.QUERY)


class HintKind(LabelledEnum):
    EMAIL_MEMBER = "email_member", _l("Diese E-Mail-Adresse gehört bereits einem Mitglied")
    EMAIL_APPLICATION = "email_application", _l("Mit dieser E-Mail-Adresse gibt es einen weiteren offenen Antrag")
    EMAIL_EARLIER = "email_earlier", _l("Mit dieser E-Mail-Adresse gab es schon einen Antrag")
    ORGANISATION_MEMBER = "organisation_member", _l("Die Organisation ist möglicherweise schon Mitglied")
    ORGANISATION_APPLICATION = (
        "organisation_application",
        _l("Für die Organisation gibt es möglicherweise schon einen Antrag"),
    )


@dataclass
class DuplicateHint:
    kind: HintKind
    target: str  # "membership" or "application": what the hint links to
    target_id: int
    name: str  # the other person
    organisation: str = ""
    state: ApplicationState | None = None
    since: datetime | None = None
    score: int | None = None  # similarity of the organisation names, 0–100


def duplicate_hints(application: Application) -> list[DuplicateHint]:
    """All hints for this application, strongest first (none for an anonymised one)."""
    if application.anonymised_at is not None:
        return []
    return [*_email_hints(application), *_organisation_hints(application)]


def _email_hints(application: Application) -> list[DuplicateHint]:
    hints: list[DuplicateHint] = []
    if not application.email:
        return hints
    members = db.session.execute(
        sa.select(Membership.id, Account.first_name, Account.last_name, Membership.started_at, Organisation.name)
        .join(Account, Account.id == Membership.account_id)
        .outerjoin(Organisation, Organisation.id == Membership.organisation_id)
        .where(
            Membership.network_id == application.network_id,
            Membership.ended_at.is_(None),
            Account.email == application.email,
            _not_its_own(application),
        )
    ).all()
    # A further contact of an organisation member speaks for that membership too.
    contacts = db.session.execute(
        sa.select(Membership.id, Account.first_name, Account.last_name, Membership.started_at, Organisation.name)
        .join(MembershipContact, MembershipContact.membership_id == Membership.id)
        .join(Account, Account.id == MembershipContact.account_id)
        .outerjoin(Organisation, Organisation.id == Membership.organisation_id)
        .where(
            Membership.network_id == application.network_id,
            Membership.ended_at.is_(None),
            MembershipContact.ended_at.is_(None),
            Account.email == application.email,
            _not_its_own(application),
        )
    ).all()
    for membership_id, first, last, started, organisation in [*members, *contacts]:
        hints.append(
            DuplicateHint(
                HintKind.EMAIL_MEMBER,
                "membership",
                membership_id,
                f"{first} {last}".strip(),
                organisation or "",
                since=started,
            )
        )
    others = db.session.scalars(
        sa.select(Application)
        .where(
            Application.network_id == application.network_id,
            Application.id != application.id,
            Application.email == application.email,
            Application.state != S.UNCONFIRMED,
            Application.anonymised_at.is_(None),
        )
        .order_by(Application.created_at.desc())
    ).all()
    for other in others:
        kind = HintKind.EMAIL_APPLICATION if other.state in OPEN_CONFIRMED else HintKind.EMAIL_EARLIER
        hints.append(
            DuplicateHint(
                kind,
                "application",
                other.id,
                other.full_name,
                other.institution,
                state=other.state,
                since=other.created_at,
            )
        )
    return hints


def _organisation_hints(application: Application) -> list[DuplicateHint]:
    name = normalise_organisation_name(application.institution)
    if not name:
        return []
    # A narrow scan of the network (ids and names only, no dates to convert), names compared
    # in C first; only the rows whose name can reach the threshold are loaded in full.
    members = db.session.execute(
        sa.select(Membership.id, Account.email, Account.institution, Organisation.normalized_name)
        .join(Account, Account.id == Membership.account_id)
        .outerjoin(Organisation, Organisation.id == Membership.organisation_id)
        .where(
            Membership.network_id == application.network_id, Membership.ended_at.is_(None), _not_its_own(application)
        )
    ).all()
    member_names = {
        membership_id: org_normalised or normalised(institution)
        for membership_id, email, institution, org_normalised in members
        if email != application.email  # already an e-mail hint
    }
    others = db.session.execute(
        sa.select(Application.id, Application.institution, Application.institution_normalized).where(
            Application.network_id == application.network_id,
            Application.id != application.id,
            Application.email != application.email,
            Application.state.in_(OPEN_CONFIRMED),
            Application.anonymised_at.is_(None),
        )
    ).all()
    other_names = {other_id: stored or normalised(institution) for other_id, institution, stored in others}
    scores = similar_names(name, {*member_names.values(), *other_names.values()})

    hints = []
    member_scores = {key: scores[value] for key, value in member_names.items() if value in scores}
    if member_scores:
        rows = db.session.execute(
            sa.select(
                Membership.id,
                Account.first_name,
                Account.last_name,
                Account.institution,
                Organisation.name,
                Membership.started_at,
            )
            .join(Account, Account.id == Membership.account_id)
            .outerjoin(Organisation, Organisation.id == Membership.organisation_id)
            .where(Membership.id.in_(member_scores))
        ).all()
        for membership_id, first, last, institution, org_name, started in rows:
            hints.append(
                DuplicateHint(
                    HintKind.ORGANISATION_MEMBER,
                    "membership",
                    membership_id,
                    f"{first} {last}".strip(),
                    org_name or institution,
                    since=started,
                    score=member_scores[membership_id],
                )
            )
    other_scores = {key: scores[value] for key, value in other_names.items() if value in scores}
    if other_scores:
        applications = db.session.execute(
            sa.select(
                Application.id,
                Application.first_name,
                Application.last_name,
                Application.institution,
                Application.state,
                Application.created_at,
            ).where(Application.id.in_(other_scores))
        ).all()
        for other_id, first, last, institution, state, created in applications:
            hints.append(
                DuplicateHint(
                    HintKind.ORGANISATION_APPLICATION,
                    "application",
                    other_id,
                    f"{first} {last}".strip(),
                    institution,
                    state=state,
                    since=created,
                    score=other_scores[other_id],
                )
            )
    hints.sort(key=lambda hint: (-(hint.score or 0), hint.kind != HintKind.ORGANISATION_MEMBER, hint.target_id))
    return hints


def _not_its_own(application: Application) -> sa.ColumnElement[bool]:
    """The membership an approval of this very application created is no duplicate of it."""
    return sa.or_(Membership.application_id.is_(None), Membership.application_id != application.id)
