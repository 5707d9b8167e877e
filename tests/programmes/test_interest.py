"""Interest in the next programme year: when a new year opens, each interested municipality of the
network gets exactly one mail, and the new year's page lists them."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app.extensions import db
from app.models import CohortInterestNotice, CohortParticipation, ParticipationState, today_in_germany
from tests.conftest import html
from tests.programmes.test_cohorts import client_for

P = ParticipationState


def german(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def year_data(opens: date, **values) -> dict:
    today = today_in_germany()
    return {
        "name": "Methodenprogramm 2028/29",
        "applications_open_on": german(opens),
        "applications_close_on": german(today + timedelta(days=40)),
        "places": "5",
        "starts_on": german(today + timedelta(days=60)),
        "ends_on": german(today + timedelta(days=400)),
        "milestones": "Herausforderungen ermittelt",
    } | values


def interested_in(cohort, *memberships):
    for membership in memberships:
        db.session.add(CohortParticipation(cohort_id=cohort.id, membership_id=membership.id, state=P.INTERESTED_NEXT))
    db.session.commit()


def test_interested_municipalities_are_mailed_exactly_once_when_the_new_year_opens(
    app, make_kommune, make_cohort, make_network, make_member, coordinator, smtp
):
    today = today_in_germany()
    full = make_cohort(places=1, applications_close_on=today - timedelta(days=1))
    saalfeld, jena = make_kommune(), make_kommune("Stadt Jena")
    former = make_kommune("Gemeinde Ehemals")
    former.ended_at = former.started_at
    interested_in(full, saalfeld, jena, former)
    elsewhere = make_network(slug="anderes", name="Anderes Netzwerk")
    stranger_cohort = make_cohort(network=elsewhere, applications_close_on=today - timedelta(days=1))
    stranger = make_member(elsewhere, organisation="Stadt Fremd")
    interested_in(stranger_cohort, stranger)

    staff = client_for(app, coordinator)
    # Created with a window that opens next week: nobody is mailed yet, the page lists them.
    later = year_data(today + timedelta(days=7))
    saved = staff.post("/koordination/kommunen/programm/neu", data=later, follow_redirects=True)
    listed = html(saved).select_one("#frueher").parent.get_text(" ", strip=True)
    assert "Stadt Saalfeld/Saale: noch nicht benachrichtigt" in listed and "Stadt Jena" in listed
    assert "Ehemals" not in listed and "Fremd" not in listed
    assert smtp.messages == []
    new_id = db.session.scalar(sa.text("SELECT max(id) FROM cohorts WHERE name = 'Methodenprogramm 2028/29'"))

    # The coordinator opens the window, then edits the year again: one mail per municipality.
    opened = year_data(today)
    staff.post(f"/koordination/kommunen/programm/{new_id}/bearbeiten", data=opened)
    staff.post(f"/koordination/kommunen/programm/{new_id}/bearbeiten", data=opened | {"places": "6"})
    for kommune in (saalfeld, jena):
        (mail,) = smtp.to(kommune.account.email)
        assert mail["Subject"] == "Für das Methodenprogramm 2028/29 sind Plätze frei"
        assert "http://localhost/netzwerke/kommunen/programm" in smtp.links(mail)
    assert smtp.to(former.account.email) == [] and smtp.to(stranger.account.email) == []
    assert db.session.scalar(sa.select(sa.func.count(CohortInterestNotice.id))) == 2
    page = html(staff.get(f"/koordination/kommunen/programm/{new_id}"))
    # The page shows when the mail went out in German time (a day later than UTC from 23:00).
    sent_on = datetime.now(ZoneInfo("Europe/Berlin")).date()
    assert f"Stadt Jena: benachrichtigt am {german(sent_on)}" in page.select_one("#frueher").parent.get_text(
        " ", strip=True
    )

    # Once Saalfeld has applied to the new year it leaves the list.
    client_for(app, saalfeld.account).post(f"/netzwerke/kommunen/programm/{new_id}/bewerben")
    listed = html(staff.get(f"/koordination/kommunen/programm/{new_id}")).select_one("#frueher").parent.get_text()
    assert "Saalfeld" not in listed and "Stadt Jena" in listed


def test_a_year_created_open_mails_at_once_and_each_new_year_once(app, make_kommune, make_cohort, coordinator, smtp):
    today = today_in_germany()
    full = make_cohort(places=1, applications_close_on=today - timedelta(days=1))
    saalfeld = make_kommune()
    interested_in(full, saalfeld)
    staff = client_for(app, coordinator)
    staff.post("/koordination/kommunen/programm/neu", data=year_data(today, name="Methodenprogramm 2029/30"))
    assert [m["Subject"] for m in smtp.to(saalfeld.account.email)] == [
        "Für das Methodenprogramm 2029/30 sind Plätze frei"
    ]
    smtp.clear()
    staff.post("/koordination/kommunen/programm/neu", data=year_data(today, name="Methodenprogramm 2030/31"))
    assert len(smtp.to(saalfeld.account.email)) == 1  # each new year once
