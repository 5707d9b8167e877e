"""Duplicate hints for one application: same e-mail, same or similar organisation.

Usually only one membership per organisation is possible, so a coordinator wants to know
whether the person or their organisation is already a member or applying. A hint warns,
it never blocks. Only records of the application's own network are considered (a
coordinator sees nothing of other networks).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from rapidfuzz import fuzz, process

from app.extensions import db
from app.members.organisations import normalise_organisation_name
from app.models import Account, Application, ApplicationState, Membership, MembershipContact, Organisation
from app.models.base import LabelledEnum

S = ApplicationState
OPEN_CONFIRMED = (S.RECEIVED, S.IN_REVIEW, S.QUERY)
SIMILARITY_THRESHOLD = 85
# Words many organisations share ("Netzwerk Jena" is not "Netzwerk Gera"). Legal forms and
# "Stadt", "Gemeinde", "Verein", "e. V.", "gGmbH" are already dropped by the normalisation; these
# stay in the name but count little: the score is mostly that of the remaining, distinctive words.
GENERIC_WORDS = frozenset(
    {
        "netzwerk",
        "netzwerke",
        "initiative",
        "initiativen",
        "bürgerinitiative",
        "buergerinitiative",
        "bündnis",
        "buendnis",
        "verband",
        "landesverband",
        "bundesverband",
        "kreisverband",
        "forum",
        "zentrum",
        "arbeitskreis",
        "arbeitsgemeinschaft",
        "gruppe",
        "projekt",
        "büro",
        "buero",
        "gesellschaft",
        "bund",
        "freundeskreis",
        "förderverein",
        "foerderverein",
        "vereinigung",
        "plattform",
        "allianz",
        "kollektiv",
        "kooperative",
    }
)
GENERIC_WEIGHT = 0.3  # share of the whole-name score; the distinctive words make up the rest


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


def _ratio(first: str, second: str) -> float:
    score = fuzz.token_sort_ratio(first, second)
    if abs(len(set(first.split())) - len(set(second.split()))) <= 1:
        score = max(score, fuzz.token_set_ratio(first, second))
    return score


def similarity(first: str, second: str) -> int:
    """How alike two *normalised* organisation names are (0–100).

    One extra word is tolerated ("saalfeld" vs "saalfeld saale"), more are not
    ("berlin" vs "technische universität berlin" is a different organisation). Generic words
    ("netzwerk", "initiative" ...) weigh little: two names that share only those stay below
    the threshold.
    """
    if not first or not second:
        return 0
    whole = _ratio(first, second)
    distinct_first = " ".join(word for word in first.split() if word not in GENERIC_WORDS)
    distinct_second = " ".join(word for word in second.split() if word not in GENERIC_WORDS)
    if distinct_first == first and distinct_second == second:
        return round(whole)
    distinctive = _ratio(distinct_first, distinct_second) if distinct_first and distinct_second else 0
    return round(GENERIC_WEIGHT * whole + (1 - GENERIC_WEIGHT) * distinctive)


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
        membership_id: org_normalised or _normalised(institution)
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
    other_names = {other_id: normalised or _normalised(institution) for other_id, institution, normalised in others}
    scores = _similar_names(name, {*member_names.values(), *other_names.values()})

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


@lru_cache(maxsize=65536)
def _normalised(institution: str | None) -> str:
    # Persons' institutions are normalised on every look at an application: remembered per worker.
    return normalise_organisation_name(institution or "")


@lru_cache(maxsize=65536)
def _distinctive(name: str) -> str:
    return " ".join(word for word in name.split() if word not in GENERIC_WORDS)


# similarity() is at most the better of token_sort_ratio and token_set_ratio of the whole names
# (W), or a 0.3/0.7 blend of W and the same for the distinctive words (D). A rounded score of
# SIMILARITY_THRESHOLD needs W >= 84.5 when no generic word is involved, else D >= 77.86 (W <= 100).
WHOLE_CUTOFF = SIMILARITY_THRESHOLD - 0.5
DISTINCTIVE_CUTOFF = (SIMILARITY_THRESHOLD - 0.5 - GENERIC_WEIGHT * 100) / (1 - GENERIC_WEIGHT)


def _similar_names(name: str, candidates: set[str]) -> dict[str, int]:
    """The candidate names whose similarity() to `name` reaches the threshold, with their score.

    rapidfuzz compares every name in C with cut-offs that cannot drop a match (see above);
    the exact score is computed in Python only for the few that pass.
    """
    names = [candidate for candidate in candidates if candidate]
    if not names:
        return {}
    passed: set[str] = set()
    for scorer in (fuzz.token_sort_ratio, fuzz.token_set_ratio):
        passed.update(
            hit[0] for hit in process.extract(name, names, scorer=scorer, score_cutoff=WHOLE_CUTOFF, limit=None)
        )
    distinctive = _distinctive(name)
    if distinctive:
        by_distinctive: dict[str, list[str]] = {}
        for candidate in names:
            by_distinctive.setdefault(_distinctive(candidate), []).append(candidate)
        choices = [choice for choice in by_distinctive if choice]
        for scorer in (fuzz.token_sort_ratio, fuzz.token_set_ratio):
            for hit in process.extract(
                distinctive, choices, scorer=scorer, score_cutoff=DISTINCTIVE_CUTOFF, limit=None
            ):
                passed.update(by_distinctive[hit[0]])
    scores = {candidate: similarity(name, candidate) for candidate in passed}
    return {candidate: score for candidate, score in scores.items() if score >= SIMILARITY_THRESHOLD}


def _not_its_own(application: Application) -> sa.ColumnElement[bool]:
    """The membership an approval of this very application created is no duplicate of it."""
    return sa.or_(Membership.application_id.is_(None), Membership.application_id != application.id)
