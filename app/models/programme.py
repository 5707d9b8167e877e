"""Programme years (Durchgänge) of a network with limited places, milestones and the seal."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Base
from app.models.base import LabelledEnum, UTCDateTime, str_enum, utcnow

if TYPE_CHECKING:
    from app.models.account import Account
    from app.models.membership import Membership
    from app.models.network import Network


class ParticipationState(LabelledEnum):
    PARTICIPANT = "participant", _l("Teilnahme"), "success"
    WAITING = "waiting", _l("Warteliste"), "warning"
    INTERESTED_NEXT = "interested_next", _l("Interesse am nächsten Durchgang"), "info"
    WITHDRAWN = "withdrawn", _l("zurückgezogen"), "danger"


class SealState(LabelledEnum):
    NOMINATED = "nominated", _l("nominiert"), "info"
    APPLIED = "applied", _l("beworben"), "info"
    QUESTION = "question", _l("Rückfrage offen"), "warning"
    AWARDED = "awarded", _l("vergeben"), "success"
    REJECTED = "rejected", _l("nicht vergeben"), "danger"


class Cohort(Base):
    """One year of a network's programme ("Methodenprogramm 2027/28") with a number of places."""

    __tablename__ = "cohorts"
    __table_args__ = (
        sa.CheckConstraint("places >= 0", name="places_not_negative"),
        sa.CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(sa.ForeignKey("networks.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    applications_open_on: Mapped[date] = mapped_column(sa.Date)
    applications_close_on: Mapped[date] = mapped_column(sa.Date)
    places: Mapped[int] = mapped_column(default=10)
    starts_on: Mapped[date] = mapped_column(sa.Date)
    ends_on: Mapped[date] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    network: Mapped[Network] = relationship()
    milestones: Mapped[list[CohortMilestone]] = relationship(
        back_populates="cohort", order_by="CohortMilestone.position", cascade="all, delete-orphan"
    )

    def is_open_on(self, day: date) -> bool:
        return self.applications_open_on <= day <= self.applications_close_on


class CohortMilestone(Base):
    """A step of the programme the municipality and the coordinators tick ("Zielgruppen definiert")."""

    __tablename__ = "cohort_milestones"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(sa.String(200))

    cohort: Mapped[Cohort] = relationship(back_populates="milestones")


class CohortParticipation(Base):
    """A member municipality in a cohort: taking part, waiting for a place, or interested in the next."""

    __tablename__ = "cohort_participations"
    __table_args__ = (sa.UniqueConstraint("cohort_id", "membership_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohorts.id", ondelete="CASCADE"))
    membership_id: Mapped[int] = mapped_column(sa.ForeignKey("memberships.id", ondelete="CASCADE"), index=True)
    state: Mapped[ParticipationState] = mapped_column(str_enum(ParticipationState))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Order of the waiting list: when the municipality joined it.
    waitlisted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    cohort: Mapped[Cohort] = relationship()
    membership: Mapped[Membership] = relationship()
    ticks: Mapped[list[MilestoneTick]] = relationship(back_populates="participation", cascade="all, delete-orphan")


class CohortInterestNotice(Base):
    """A municipality interested in an earlier year was told that this year has places (once per year)."""

    __tablename__ = "cohort_interest_notices"
    __table_args__ = (sa.UniqueConstraint("cohort_id", "membership_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohorts.id", ondelete="CASCADE"))
    membership_id: Mapped[int] = mapped_column(sa.ForeignKey("memberships.id", ondelete="CASCADE"), index=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MilestoneTick(Base):
    """A milestone reached, with when and by whom (the municipality's contact or a coordinator)."""

    __tablename__ = "milestone_ticks"
    __table_args__ = (sa.UniqueConstraint("participation_id", "milestone_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(sa.ForeignKey("cohort_participations.id", ondelete="CASCADE"))
    milestone_id: Mapped[int] = mapped_column(sa.ForeignKey("cohort_milestones.id", ondelete="CASCADE"), index=True)
    reached_on: Mapped[date] = mapped_column(sa.Date)
    ticked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ticked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("accounts.id", ondelete="SET NULL"), default=None)
    # "Koordination" or "Kommune": who ticked, kept when the account is gone.
    ticked_by_role: Mapped[str] = mapped_column(sa.String(40), default="")

    participation: Mapped[CohortParticipation] = relationship(back_populates="ticks")
    milestone: Mapped[CohortMilestone] = relationship()
    ticked_by: Mapped[Account | None] = relationship()


class SealCriterion(Base):
    """One line of the network's scoring sheet for the seal, with its maximum points."""

    __tablename__ = "seal_criteria"
    __table_args__ = (sa.CheckConstraint("max_points > 0", name="max_points_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(sa.ForeignKey("networks.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(sa.String(200))
    max_points: Mapped[int] = mapped_column(default=5)


class SealCase(Base):
    """A municipality's seal for one year: nominated or applied, reviewed, awarded or not."""

    __tablename__ = "seal_cases"
    __table_args__ = (sa.UniqueConstraint("membership_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(sa.ForeignKey("networks.id", ondelete="CASCADE"), index=True)
    membership_id: Mapped[int] = mapped_column(sa.ForeignKey("memberships.id", ondelete="CASCADE"), index=True)
    year: Mapped[int]
    state: Mapped[SealState] = mapped_column(str_enum(SealState))
    statement: Mapped[str] = mapped_column(sa.Text, default="")  # the municipality's own account
    decision_note: Mapped[str] = mapped_column(sa.Text, default="")
    valid_until: Mapped[date | None] = mapped_column(sa.Date, default=None)
    # Random and unguessable: the public verification page /siegel/<code>.
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    renewal_of_id: Mapped[int | None] = mapped_column(sa.ForeignKey("seal_cases.id", ondelete="SET NULL"), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # The last question of the coordination (Rückfrage) and the municipality's answer.
    question: Mapped[str] = mapped_column(sa.Text, default="")
    asked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    answer: Mapped[str] = mapped_column(sa.Text, default="")
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # While a question is open: the state (nominated or applied) the answer returns the case to.
    state_before_question: Mapped[SealState | None] = mapped_column(str_enum(SealState), default=None)

    network: Mapped[Network] = relationship()
    membership: Mapped[Membership] = relationship()
    reviews: Mapped[list[SealReview]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="SealReview.id"
    )

    def is_valid_on(self, day: date) -> bool:
        """Awarded, not expired, and the municipality is still a member."""
        return (
            self.state is SealState.AWARDED
            and self.valid_until is not None
            and day <= self.valid_until
            and self.membership.ended_at is None
        )


class SealReview(Base):
    """One reviewer's scoring sheet for a case; a declared conflict of interest leaves it uncounted."""

    __tablename__ = "seal_reviews"
    __table_args__ = (sa.UniqueConstraint("case_id", "reviewer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("seal_cases.id", ondelete="CASCADE"))
    reviewer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("accounts.id", ondelete="SET NULL"), default=None, index=True
    )
    conflict_of_interest: Mapped[bool] = mapped_column(default=False)
    conflict_note: Mapped[str] = mapped_column(sa.Text, default="")
    # {criterion id (as text): points}
    scores: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[SealCase] = relationship(back_populates="reviews")
    reviewer: Mapped[Account | None] = relationship()

    @property
    def total(self) -> int:
        return sum(int(points) for points in self.scores.values())
