"""flask seed-demo: the Kommunen network gets a running year with Saalfeld, an open year with few
places left and a seal holder; running it twice changes nothing."""

from __future__ import annotations

import sqlalchemy as sa

from app.auth.accounts import hash_password
from app.extensions import db
from app.models import Cohort, CohortParticipation, SealCase, SealState
from tests.conftest import TEST_PASSWORD, html
from tests.programmes.test_cohorts import client_for

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
    seal = db.session.scalars(sa.select(SealCase).where(SealCase.state == SealState.AWARDED)).one()
    svg = client.get(f"/siegel/{seal.code}.svg").get_data(as_text=True)
    assert f">{seal.year}</text>" in svg


def test_seed_demo_shows_interest_from_an_earlier_year_and_an_open_question(app, runner, make_account):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    open_year = db.session.scalars(sa.select(Cohort).order_by(Cohort.starts_on.desc())).first()
    jena = db.session.scalars(sa.select(SealCase).where(SealCase.state == SealState.QUESTION)).one()
    staff = client_for(app, make_account(email="demo-koordination@example.org", coordinates=[open_year.network]))
    page = html(staff.get(f"/koordination/{SLUG}/programm/{open_year.id}"))
    assert "Stadt Halle (Saale): benachrichtigt am" in page.select_one("#frueher").parent.get_text(" ", strip=True)
    jena.membership.account.password_hash = hash_password(TEST_PASSWORD)
    db.session.commit()
    member = client_for(app, jena.membership.account)
    assert "Jugendforums" in html(member.get(f"/netzwerke/{SLUG}/programm")).select_one(".seal-question").get_text()
