"""Progress through the programme: milestones ticked by the municipality and by the coordination."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _

from app.core.errors import DomainError
from app.extensions import db
from app.models import (
    Account,
    Cohort,
    CohortMilestone,
    CohortParticipation,
    MilestoneTick,
    ParticipationState,
)

# Stored in German (data); shown translated through the template.
ROLE_MUNICIPALITY = "Kommune"
ROLE_COORDINATION = "Koordination"


def tick(
    participation: CohortParticipation, milestone: CohortMilestone, actor: Account, role: str, reached_on: date
) -> MilestoneTick:
    """Mark a milestone as reached on a date (a second tick changes the date)."""
    if milestone.cohort_id != participation.cohort_id:
        raise DomainError(_("Dieser Meilenstein gehört zu einem anderen Durchgang."))
    if participation.state is not ParticipationState.PARTICIPANT:
        raise DomainError(_("Meilensteine können nur teilnehmende Kommunen abhaken."))
    existing = db.session.scalar(
        sa.select(MilestoneTick).where(
            MilestoneTick.participation_id == participation.id, MilestoneTick.milestone_id == milestone.id
        )
    )
    entry = existing or MilestoneTick(participation_id=participation.id, milestone_id=milestone.id)
    entry.reached_on = reached_on
    entry.ticked_by_id = actor.id
    entry.ticked_by_role = role
    db.session.add(entry)
    db.session.flush()
    return entry


def untick(participation: CohortParticipation, milestone: CohortMilestone) -> None:
    """Take a tick back (ticked by mistake)."""
    db.session.execute(
        sa.delete(MilestoneTick).where(
            MilestoneTick.participation_id == participation.id, MilestoneTick.milestone_id == milestone.id
        )
    )
    db.session.flush()


def ticks_of(participation: CohortParticipation) -> dict[int, MilestoneTick]:
    """The ticks of one municipality, by milestone id."""
    rows = db.session.scalars(sa.select(MilestoneTick).where(MilestoneTick.participation_id == participation.id))
    return {row.milestone_id: row for row in rows}


@dataclass
class ProgressRow:
    participation: CohortParticipation
    ticks: dict[int, MilestoneTick]

    @property
    def done(self) -> int:
        return len(self.ticks)


def overview(cohort: Cohort) -> list[ProgressRow]:
    """Every participating municipality with its ticks (one query for all ticks)."""
    members = list(
        db.session.scalars(
            sa.select(CohortParticipation)
            .where(
                CohortParticipation.cohort_id == cohort.id,
                CohortParticipation.state == ParticipationState.PARTICIPANT,
            )
            .order_by(CohortParticipation.created_at, CohortParticipation.id)
        )
    )
    by_participation: dict[int, dict[int, MilestoneTick]] = {p.id: {} for p in members}
    if members:
        for row in db.session.scalars(
            sa.select(MilestoneTick).where(MilestoneTick.participation_id.in_(list(by_participation)))
        ):
            by_participation[row.participation_id][row.milestone_id] = row
    return [ProgressRow(p, by_participation[p.id]) for p in members]
