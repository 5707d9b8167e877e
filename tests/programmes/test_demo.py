"""flask seed-demo: the Kommunen network gets a running year with Saalfeld, an open year with few
places left and a seal holder; running it twice changes nothing."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import Cohort, CohortParticipation, SealCase
from tests.conftest import html

SLUG = "kommunen-der-offenen-gesellschaft"


def test_seed_demo_shows_programme_years_and_a_seal_holder(runner, client):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert runner.invoke(args=["seed-demo"]).exit_code == 0  # idempotent
    cohorts = db.session.scalars(sa.select(Cohort).order_by(Cohort.starts_on)).all()
    assert len(cohorts) == 2
    running, open_year = cohorts
    names = {p.membership.organisation.name for p in db.session.scalars(
        sa.select(CohortParticipation).where(CohortParticipation.cohort_id == running.id))}  # fmt: skip
    assert "Stadt Saalfeld/Saale" in names
    taken = db.session.scalar(sa.select(sa.func.count()).where(CohortParticipation.cohort_id == open_year.id))
    assert open_year.places - taken == 1

    page = html(client.get(f"/netzwerke/{SLUG}/"))
    link = next(a for a in page.select("a") if "Siegel" in a.get_text())
    holders = html(client.get(link["href"])).get_text(" ", strip=True)
    assert "Stadt Saalfeld/Saale" in holders
    seal = db.session.scalars(sa.select(SealCase)).one()
    svg = client.get(f"/siegel/{seal.code}.svg").get_data(as_text=True)
    assert f">{seal.year}</text>" in svg
