"""The seal "Kommune der Offenen Gesellschaft": nomination or application, scoring, decision, renewal.

Every step writes a history row (kind "seal") on the municipality's membership.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from app.core.errors import DomainError, IllegalTransition
from app.core.history import canonical_text
from app.extensions import db
from app.models import (
    Account,
    Cohort,
    HistoryEntry,
    HistoryKind,
    Membership,
    Network,
    SealCase,
    SealCriterion,
    SealReview,
    SealState,
    today_in_germany,
    utcnow,
)
from app.programmes import notifications

S = SealState
OPEN = (S.NOMINATED, S.APPLIED)


def record(case: SealCase, actor: Account | None, message: str) -> None:
    db.session.add(
        HistoryEntry(
            kind=HistoryKind.SEAL,
            network_id=case.network_id,
            membership_id=case.membership_id,
            actor_id=actor.id if actor is not None else None,
            actor_label=actor.display_name if actor is not None else "System",
            message=canonical_text(message),
        )
    )


def _new_case(membership: Membership, year: int, state: SealState, **values) -> SealCase:
    if not membership.is_active:
        raise DomainError(_("Nur aktive Mitglieder können das Siegel erhalten."))
    exists = db.session.scalar(
        sa.select(SealCase.id).where(SealCase.membership_id == membership.id, SealCase.year == year)
    )
    if exists is not None:
        raise DomainError(_("Für %(year)s gibt es für diese Kommune schon ein Verfahren.", year=year), field="year")
    case = SealCase(
        network_id=membership.network_id,
        membership_id=membership.id,
        year=year,
        state=state,
        code=secrets.token_urlsafe(16),
        **values,
    )
    db.session.add(case)
    db.session.flush()
    return case


def nominate(network: Network, membership: Membership, year: int, actor: Account) -> SealCase:
    """The coordination nominates a member municipality."""
    if membership.network_id != network.id:
        raise DomainError(_("Bitte wählen Sie eine Kommune aus der Liste."), field="membership_id")
    case = _new_case(membership, year, S.NOMINATED)
    record(case, actor, f"Für das Siegel {year} nominiert")
    return case


def apply_for_seal(membership: Membership, year: int, statement: str, actor: Account) -> SealCase:
    """The municipality applies (or, when nominated, adds its statement)."""
    case = db.session.scalar(sa.select(SealCase).where(SealCase.membership_id == membership.id, SealCase.year == year))
    if case is not None and case.state is S.NOMINATED:
        case.statement = statement
        record(case, actor, f"Stellungnahme zur Nominierung für das Siegel {year}")
        db.session.flush()
        return case
    case = _new_case(membership, year, S.APPLIED, statement=statement)
    record(case, actor, f"Für das Siegel {year} beworben")
    return case


def save_review(
    case: SealCase,
    reviewer: Account,
    *,
    conflict_of_interest: bool,
    conflict_note: str,
    scores: dict[str, int | None],
    comment: str,
) -> SealReview:
    """One reviewer's scoring sheet; with a declared conflict of interest no points are kept."""
    if case.state not in (*OPEN, S.QUESTION):
        raise IllegalTransition(_("Über dieses Siegel ist schon entschieden."))
    criteria = {str(c.id): c for c in criteria_of(case.network_id)}
    if not conflict_of_interest:
        missing = [(f"criterion_{key}", _("Bitte vergeben Sie Punkte.")) for key in criteria if scores.get(key) is None]
        if missing:
            raise DomainError(missing[0][1], errors=list(missing))
    review = db.session.scalar(
        sa.select(SealReview).where(SealReview.case_id == case.id, SealReview.reviewer_id == reviewer.id)
    ) or SealReview(case_id=case.id, reviewer_id=reviewer.id)
    review.conflict_of_interest = conflict_of_interest
    review.conflict_note = conflict_note if conflict_of_interest else ""
    review.scores = {} if conflict_of_interest else {key: int(scores[key] or 0) for key in criteria}
    review.comment = comment
    db.session.add(review)
    db.session.flush()
    return review


def counted_reviews(case: SealCase) -> list[SealReview]:
    return [review for review in case.reviews if not review.conflict_of_interest]


def average(case: SealCase) -> float | None:
    reviews = counted_reviews(case)
    return sum(r.total for r in reviews) / len(reviews) if reviews else None


def decide(case: SealCase, actor: Account, *, award: bool, valid_until: date | None, note: str) -> SealCase:
    """Award the seal with its validity, or not; the award needs one scoring sheet without a conflict."""
    if case.state is S.QUESTION:
        raise DomainError(
            _(
                "Die Rückfrage an die Kommune ist noch offen. "
                "Sie können entscheiden, sobald die Kommune geantwortet hat."
            )
        )
    if case.state not in OPEN:
        raise IllegalTransition(_("Über dieses Siegel ist schon entschieden."))
    if award:
        if not counted_reviews(case):
            raise DomainError(
                _("Vor der Vergabe muss mindestens eine Person ohne Interessenkonflikt den Bewertungsbogen ausfüllen.")
            )
        if valid_until is None or valid_until < date(case.year, 1, 1):
            raise DomainError(
                _("Das Siegel muss mindestens bis in das Jahr %(year)s gelten.", year=case.year), field="valid_until"
            )
    for review in case.reviews:
        if review.reviewer_id == actor.id and review.conflict_of_interest:
            raise DomainError(_("Sie haben einen Interessenkonflikt erklärt und können nicht entscheiden."))
    case.state = S.AWARDED if award else S.REJECTED
    case.valid_until = valid_until if award else None
    case.decision_note = note
    case.decided_at = utcnow()
    record(case, actor, f"Siegel {case.year} {'vergeben' if award else 'nicht vergeben'}")
    if award:
        notifications.mail_seal_awarded(case)
    db.session.flush()
    return case


def renew(case: SealCase, actor: Account) -> SealCase:
    """Start the renewal: the next year's case, nominated, linked to this one."""
    if case.state is not S.AWARDED:
        raise IllegalTransition(_("Nur ein vergebenes Siegel kann erneuert werden."))
    new = _new_case(case.membership, case.year + 1, S.NOMINATED, renewal_of_id=case.id)
    record(new, actor, f"Erneuerung des Siegels {case.year} für {new.year} begonnen")
    return new


def save_criteria(network: Network, rows: list[tuple[str, int]]) -> list[SealCriterion]:
    """Replace the scoring sheet (sheets already filled keep their points by criterion id)."""
    current = {c.title: c for c in criteria_of(network.id)}
    kept = []
    for position, (title, points) in enumerate(rows):
        criterion = current.pop(title, None) or SealCriterion(network_id=network.id, title=title)
        criterion.position, criterion.max_points = position, points
        db.session.add(criterion)
        kept.append(criterion)
    for criterion in current.values():
        db.session.delete(criterion)
    db.session.flush()
    return kept


def criteria_of(network_id: int) -> list[SealCriterion]:
    return list(
        db.session.scalars(
            sa.select(SealCriterion).where(SealCriterion.network_id == network_id).order_by(SealCriterion.position)
        )
    )


def network_cases(network: Network) -> list[SealCase]:
    return list(
        db.session.scalars(
            sa.select(SealCase).where(SealCase.network_id == network.id).order_by(SealCase.year.desc(), SealCase.id)
        )
    )


def holders(network: Network, today: date) -> list[SealCase]:
    """Seals awarded and still valid, newest year first."""
    return list(
        db.session.scalars(
            sa.select(SealCase)
            .join(Membership, Membership.id == SealCase.membership_id)
            .where(
                SealCase.network_id == network.id,
                SealCase.state == S.AWARDED,
                SealCase.valid_until >= today,
                Membership.ended_at.is_(None),
            )
            .order_by(SealCase.year.desc(), SealCase.id)
        )
    )


def current_seal(membership_id: int, today: date) -> SealCase | None:
    """The municipality's valid seal, if any (for its directory entry)."""
    return db.session.scalar(
        sa.select(SealCase)
        .where(SealCase.membership_id == membership_id, SealCase.state == S.AWARDED, SealCase.valid_until >= today)
        .order_by(SealCase.year.desc())
        .limit(1)
    )


def has_programme(network_id: int) -> bool:
    """A network runs the programme when it has a cohort or a seal case (the navigation asks)."""
    return bool(db.session.scalar(HAS_PROGRAMME, {"network_id": network_id}))


# One statement, built once: every coordinator page's navigation asks it.
HAS_PROGRAMME = sa.select(
    sa.or_(
        sa.exists().where(Cohort.network_id == sa.bindparam("network_id")),
        sa.exists().where(SealCase.network_id == sa.bindparam("network_id")),
    )
)


def by_code(code: str) -> SealCase | None:
    if not code or len(code) > 40:
        return None
    return db.session.scalar(sa.select(SealCase).where(SealCase.code == code))


def default_valid_until(year: int) -> date:
    """Two years: until the end of the following year."""
    return date(year + 1, 12, 31) if year else today_in_germany() + timedelta(days=730)


def municipality_name(membership: Membership) -> str:
    return membership.organisation.name if membership.organisation else membership.account.display_name
