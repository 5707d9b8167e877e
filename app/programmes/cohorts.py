"""Programme years: places, the waiting list and interest in the next year.

Every change that hands out a place locks the cohort row first (PostgreSQL: SELECT … FOR
UPDATE), so two municipalities applying for the last place are decided one after the other
and the number of participants never exceeds the places. SQLite has one writer at a time.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _

from app.core.errors import DomainError, IllegalTransition
from app.extensions import db
from app.models import (
    Account,
    Cohort,
    CohortInterestNotice,
    CohortMilestone,
    CohortParticipation,
    Membership,
    Network,
    ParticipationState,
    today_in_germany,
    utcnow,
)
from app.programmes import notifications

P = ParticipationState
# Where a participation may go from (None: a new row).
TRANSITIONS: dict[ParticipationState | None, frozenset[ParticipationState]] = {
    None: frozenset({P.PARTICIPANT, P.WAITING, P.INTERESTED_NEXT}),
    P.WAITING: frozenset({P.PARTICIPANT, P.INTERESTED_NEXT, P.WITHDRAWN}),
    P.PARTICIPANT: frozenset({P.WITHDRAWN}),
    P.INTERESTED_NEXT: frozenset({P.PARTICIPANT, P.WAITING, P.WITHDRAWN}),
    P.WITHDRAWN: frozenset({P.PARTICIPANT, P.WAITING, P.INTERESTED_NEXT}),
}


def lock_cohort(cohort_id: int) -> Cohort:
    """Load the cohort and lock its row until commit."""
    cohort = db.session.scalar(
        sa.select(Cohort).where(Cohort.id == cohort_id).with_for_update().execution_options(populate_existing=True)
    )
    if cohort is None:
        raise LookupError(cohort_id)
    return cohort


def count_in_state(cohort: Cohort, state: ParticipationState) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count(CohortParticipation.id)).where(
                CohortParticipation.cohort_id == cohort.id, CohortParticipation.state == state
            )
        )
        or 0
    )


def places_left(cohort: Cohort) -> int:
    return max(cohort.places - count_in_state(cohort, P.PARTICIPANT), 0)


def _move(participation: CohortParticipation, to_state: ParticipationState, *, new: bool = False) -> None:
    from_state = None if new else participation.state
    if to_state not in TRANSITIONS[from_state]:
        raise IllegalTransition(_("Diese Änderung ist im jetzigen Stand der Teilnahme nicht möglich."))
    participation.state = to_state
    participation.changed_at = utcnow()
    participation.waitlisted_at = utcnow() if to_state is P.WAITING else None


def participation_of(cohort: Cohort, membership: Membership) -> CohortParticipation | None:
    return db.session.scalar(
        sa.select(CohortParticipation).where(
            CohortParticipation.cohort_id == cohort.id, CohortParticipation.membership_id == membership.id
        )
    )


def _check_member(cohort: Cohort, membership: Membership) -> None:
    if membership.network_id != cohort.network_id or not membership.is_active:
        raise DomainError(_("Nur Mitglieder des Netzwerks können sich für den Durchgang bewerben."))


def apply_to_cohort(cohort: Cohort, membership: Membership, today: date) -> CohortParticipation:
    """Take a free place, or join the waiting list when all places are taken."""
    _check_member(cohort, membership)
    if not cohort.is_open_on(today):
        raise DomainError(_("Die Bewerbungsfrist für diesen Durchgang ist nicht offen."))
    cohort = lock_cohort(cohort.id)
    participation = participation_of(cohort, membership)
    if participation is not None and participation.state in (P.PARTICIPANT, P.WAITING):
        raise DomainError(_("Ihre Kommune hat sich für diesen Durchgang bereits beworben."))
    to_state = P.PARTICIPANT if places_left(cohort) > 0 else P.WAITING
    if participation is None:
        participation = CohortParticipation(cohort_id=cohort.id, membership_id=membership.id, state=to_state)
        _move(participation, to_state, new=True)
        db.session.add(participation)
    else:
        _move(participation, to_state)
    db.session.flush()
    return participation


def note_interest(cohort: Cohort, membership: Membership) -> CohortParticipation:
    """Register interest in the next programme year (kept on the cohort that was full or closed)."""
    _check_member(cohort, membership)
    participation = participation_of(cohort, membership)
    if participation is None:
        participation = CohortParticipation(cohort_id=cohort.id, membership_id=membership.id, state=P.INTERESTED_NEXT)
        _move(participation, P.INTERESTED_NEXT, new=True)
        db.session.add(participation)
    else:
        _move(participation, P.INTERESTED_NEXT)
    db.session.flush()
    return participation


def withdraw(participation: CohortParticipation) -> CohortParticipation:
    """Leave the cohort, the waiting list or the interest list; the place is free for the waiting list."""
    lock_cohort(participation.cohort_id)
    db.session.refresh(participation)
    _move(participation, P.WITHDRAWN)
    db.session.flush()
    return participation


def move_up(participation: CohortParticipation) -> CohortParticipation:
    """The coordination gives a free place to a municipality from the waiting list."""
    cohort = lock_cohort(participation.cohort_id)
    db.session.refresh(participation)
    if participation.state is not P.WAITING:
        raise IllegalTransition(_("Diese Kommune steht nicht mehr auf der Warteliste."))
    if places_left(cohort) <= 0:
        raise DomainError(
            _("Alle Plätze sind vergeben. Erhöhen Sie die Zahl der Plätze oder warten Sie, bis ein Platz frei wird.")
        )
    _move(participation, P.PARTICIPANT)
    notifications.mail_moved_up(participation)
    db.session.flush()
    return participation


def save_cohort(
    network: Network, cohort: Cohort | None, values: dict, actor: Account | None = None, today: date | None = None
) -> Cohort:
    """Create or change a cohort and its list of milestones (ticks of kept titles stay).

    When its application window is open, municipalities interested from earlier years hear of it.
    """
    titles: list[str] = values.pop("milestones")
    if cohort is None:
        cohort = Cohort(network_id=network.id, **values)
        db.session.add(cohort)
    else:
        cohort = lock_cohort(cohort.id)
        taken = count_in_state(cohort, P.PARTICIPANT)
        if values["places"] < taken:
            raise DomainError(
                _("%(num)s Kommunen nehmen schon teil; weniger Plätze sind nicht möglich.", num=taken), field="places"
            )
        for key, value in values.items():
            setattr(cohort, key, value)
    existing = {milestone.title: milestone for milestone in cohort.milestones}
    kept = []
    for position, title in enumerate(dict.fromkeys(titles)):
        milestone = existing.get(title) or CohortMilestone(title=title)
        milestone.position = position
        kept.append(milestone)
    cohort.milestones = kept
    db.session.flush()
    notify_interested(cohort, today or today_in_germany())
    return cohort


def interested_earlier(cohort: Cohort) -> list[tuple[Membership, CohortInterestNotice | None]]:
    """Active members that registered interest on an earlier year of the network and have neither a
    place nor a waiting spot in this one, each with the notice about this year if one was sent."""
    applied = sa.select(CohortParticipation.membership_id).where(
        CohortParticipation.cohort_id == cohort.id, CohortParticipation.state.in_((P.PARTICIPANT, P.WAITING))
    )
    earlier = sa.select(CohortParticipation.membership_id).join(Cohort, Cohort.id == CohortParticipation.cohort_id)
    earlier = earlier.where(
        Cohort.network_id == cohort.network_id,
        Cohort.id != cohort.id,
        Cohort.starts_on <= cohort.starts_on,
        CohortParticipation.state == P.INTERESTED_NEXT,
    )
    rows = db.session.execute(
        sa.select(Membership, CohortInterestNotice)
        .outerjoin(
            CohortInterestNotice,
            sa.and_(CohortInterestNotice.membership_id == Membership.id, CohortInterestNotice.cohort_id == cohort.id),
        )
        .where(Membership.id.in_(earlier), Membership.id.not_in(applied), Membership.ended_at.is_(None))
        .order_by(Membership.id)
    )
    return [(membership, notice) for membership, notice in rows]


def notify_interested(cohort: Cohort, today: date) -> list[Membership]:
    """While the window is open and places are free, tell each interested municipality once (a notice
    row per cohort and municipality records it; the caller holds the cohort's lock when editing)."""
    if not cohort.is_open_on(today) or places_left(cohort) <= 0:
        return []
    told = []
    for membership, notice in interested_earlier(cohort):
        if notice is None:
            db.session.add(CohortInterestNotice(cohort_id=cohort.id, membership_id=membership.id))
            notifications.mail_places_for_interested(cohort, membership)
            told.append(membership)
    db.session.flush()
    return told


def network_cohorts(network: Network) -> list[Cohort]:
    return list(
        db.session.scalars(sa.select(Cohort).where(Cohort.network_id == network.id).order_by(Cohort.starts_on.desc()))
    )


def participations(cohort: Cohort, state: ParticipationState) -> list[CohortParticipation]:
    order = (
        (CohortParticipation.waitlisted_at, CohortParticipation.id)
        if state is P.WAITING
        else (CohortParticipation.created_at, CohortParticipation.id)
    )
    return list(
        db.session.scalars(
            sa.select(CohortParticipation)
            .where(CohortParticipation.cohort_id == cohort.id, CohortParticipation.state == state)
            .order_by(*order)
        )
    )


def alumni_cohorts(membership: Membership, today: date) -> list[Cohort]:
    """The programme years this member took part in and that are over (it is an alumna of them)."""
    return list(
        db.session.scalars(
            sa.select(Cohort)
            .join(CohortParticipation, CohortParticipation.cohort_id == Cohort.id)
            .where(
                CohortParticipation.membership_id == membership.id,
                CohortParticipation.state == P.PARTICIPANT,
                Cohort.ends_on < today,
            )
            .order_by(Cohort.ends_on)
        )
    )
