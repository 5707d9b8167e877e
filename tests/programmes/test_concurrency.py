"""The last place of a programme year: two municipalities apply at the same moment; four
coordinators save an open year at once and each interested municipality is still mailed once.

Real concurrent transactions, so PostgreSQL only (SQLite allows one writer per file).
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.core.errors import DomainError
from app.extensions import db
from app.models import (
    Cohort,
    CohortInterestNotice,
    CohortParticipation,
    Membership,
    OutboxMessage,
    ParticipationState,
    today_in_germany,
)
from app.programmes.cohorts import apply_to_cohort, save_cohort

pytestmark = pytest.mark.postgresql_only

P = ParticipationState


@pytest.fixture
def racing_app(make_racing_app):
    return make_racing_app(pool_size=25)


def apply_all_at_once(app, cohort_id: int, membership_ids: list[int]) -> list[str]:
    """Every thread waits at a barrier, then applies and commits in its own transaction."""
    barrier = threading.Barrier(len(membership_ids))
    outcomes = [""] * len(membership_ids)

    def worker(index: int, membership_id: int) -> None:
        with app.app_context():
            try:
                barrier.wait(timeout=30)
                cohort = db.session.get(Cohort, cohort_id)
                membership = db.session.get(Membership, membership_id)
                try:
                    outcomes[index] = apply_to_cohort(cohort, membership, today_in_germany()).state.value
                    db.session.commit()
                except DomainError as error:
                    db.session.rollback()
                    outcomes[index] = f"refused: {error.message}"
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(i, m)) for i, m in enumerate(membership_ids)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def counts(cohort_id: int) -> dict[ParticipationState, int]:
    db.session.expire_all()
    rows = db.session.execute(
        sa.select(CohortParticipation.state, sa.func.count())
        .where(CohortParticipation.cohort_id == cohort_id)
        .group_by(CohortParticipation.state)
    )
    return dict(rows.all())


def test_two_municipalities_for_the_last_place_one_gets_it_one_waits(racing_app, make_kommune, make_cohort):
    cohort = make_cohort(places=2)
    holder = make_kommune("Stadt Saalfeld/Saale")
    db.session.add(CohortParticipation(cohort_id=cohort.id, membership_id=holder.id, state=P.PARTICIPANT))
    db.session.commit()
    ids = [make_kommune("Stadt Jena").id, make_kommune("Stadt Gera").id]
    cohort_id = cohort.id
    db.session.remove()

    outcomes = apply_all_at_once(racing_app, cohort_id, ids)

    assert sorted(outcomes) == ["participant", "waiting"]
    assert counts(cohort_id) == {P.PARTICIPANT: 2, P.WAITING: 1}


def test_twenty_municipalities_for_the_last_three_places(racing_app, make_kommune, make_cohort):
    cohort = make_cohort(places=3)
    ids = [make_kommune(f"Gemeinde {number}").id for number in range(20)]
    cohort_id = cohort.id
    db.session.remove()

    outcomes = apply_all_at_once(racing_app, cohort_id, ids)

    assert outcomes.count("participant") == 3 and outcomes.count("waiting") == 17
    assert counts(cohort_id) == {P.PARTICIPANT: 3, P.WAITING: 17}


def test_four_coordinators_saving_the_open_year_at_once_mail_each_interested_municipality_once(
    racing_app, make_kommune, make_cohort
):
    today = today_in_germany()
    full = make_cohort(places=1, applications_close_on=today - timedelta(days=1))
    interested = [make_kommune(), make_kommune("Stadt Jena")]
    for membership in interested:
        db.session.add(CohortParticipation(cohort_id=full.id, membership_id=membership.id, state=P.INTERESTED_NEXT))
    new_year = make_cohort(name="Methodenprogramm 2028/29", starts_on=today + timedelta(days=60))
    values = {
        "name": new_year.name,
        "applications_open_on": new_year.applications_open_on,
        "applications_close_on": new_year.applications_close_on,
        "places": 6,
        "starts_on": new_year.starts_on,
        "ends_on": new_year.ends_on,
    }
    db.session.commit()
    cohort_id = new_year.id
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def worker() -> None:
        with racing_app.test_request_context():
            try:
                barrier.wait(timeout=30)
                cohort = db.session.get(Cohort, cohort_id)
                save_cohort(cohort.network, cohort, values | {"milestones": ["Zielgruppen definiert"]}, today=today)
                db.session.commit()
            except BaseException as error:  # noqa: BLE001 - reported by the assertion below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count(CohortInterestNotice.id))) == 2
    mails = db.session.scalars(
        sa.select(OutboxMessage.recipient).where(OutboxMessage.template == "programme_places_for_interested")
    ).all()
    assert sorted(mails) == sorted(m.account.email for m in interested)
