"""Programme years: places, waiting list, moving up, interest in the next year, alumni, milestones."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from app.extensions import db
from app.models import CohortParticipation, ParticipationState, today_in_germany
from tests.conftest import IsolatedClient, html, login

P = ParticipationState


def client_for(app, account):
    app.test_client_class = IsolatedClient
    client = app.test_client()
    login(client, account.email)
    return client


def state_of(membership) -> ParticipationState:
    return db.session.scalars(
        sa.select(CohortParticipation.state).where(CohortParticipation.membership_id == membership.id)
    ).one()


def test_the_last_place_goes_to_the_first_and_the_next_joins_the_waiting_list(app, make_kommune, make_cohort):
    cohort = make_cohort(places=1)
    saalfeld, jena = make_kommune("Stadt Saalfeld/Saale"), make_kommune("Stadt Jena")
    first, second = client_for(app, saalfeld.account), client_for(app, jena.account)

    page = html(first.get("/netzwerke/kommunen/programm"))
    assert "Noch 1 von 1 Plätzen frei." in page.select_one(".cohort").get_text(" ", strip=True)
    answer = first.post(f"/netzwerke/kommunen/programm/{cohort.id}/bewerben", follow_redirects=True)
    assert "Ihre Kommune hat einen Platz im Methodenprogramm 2027/28." in answer.get_data(as_text=True)

    page = html(second.get("/netzwerke/kommunen/programm"))
    assert page.select_one(".cohort button").get_text(strip=True).startswith("Auf die Warteliste setzen")
    answer = second.post(f"/netzwerke/kommunen/programm/{cohort.id}/bewerben", follow_redirects=True)
    assert "Ihre Kommune steht auf der Warteliste" in answer.get_data(as_text=True)
    assert (state_of(saalfeld), state_of(jena)) == (P.PARTICIPANT, P.WAITING)

    again = second.post(f"/netzwerke/kommunen/programm/{cohort.id}/bewerben", follow_redirects=True)
    assert "bereits beworben" in again.get_data(as_text=True)


def test_coordinators_move_up_only_into_a_free_place(
    app, client, make_kommune, make_cohort, coordinator, login_as, smtp
):
    cohort = make_cohort(places=1)
    saalfeld, jena = make_kommune("Stadt Saalfeld/Saale"), make_kommune("Stadt Jena")
    for kommune in (saalfeld, jena):
        client_for(app, kommune.account).post(f"/netzwerke/kommunen/programm/{cohort.id}/bewerben")
    waiting = db.session.scalars(
        sa.select(CohortParticipation).where(CohortParticipation.membership_id == jena.id)
    ).one()
    login_as(coordinator)
    page = html(client.get(f"/koordination/kommunen/programm/{cohort.id}"))
    assert "Stadt Jena" in page.select_one("ol").get_text()

    refused = client.post(
        f"/koordination/kommunen/programm/{cohort.id}/nachruecken/{waiting.id}", follow_redirects=True
    )
    assert "Alle Plätze sind vergeben" in refused.get_data(as_text=True)
    assert state_of(jena) is P.WAITING

    client_for(app, saalfeld.account).post(f"/netzwerke/kommunen/programm/{cohort.id}/zurueckziehen")
    moved = client.post(f"/koordination/kommunen/programm/{cohort.id}/nachruecken/{waiting.id}", follow_redirects=True)
    assert "Stadt Jena hat jetzt einen Platz." in moved.get_data(as_text=True)
    assert (state_of(saalfeld), state_of(jena)) == (P.WITHDRAWN, P.PARTICIPANT)
    (mail,) = smtp.to(jena.account.email)
    assert mail["Subject"] == "Ein Platz im Methodenprogramm 2027/28 ist frei"
    assert "http://localhost/netzwerke/kommunen/programm" in smtp.links(mail)


def test_closed_window_refuses_and_interest_in_the_next_year_is_noted(app, make_kommune, make_cohort, coordinator):
    today = today_in_germany()
    cohort = make_cohort(
        applications_open_on=today - timedelta(days=30), applications_close_on=today - timedelta(days=1)
    )
    kommune = make_kommune()
    member = client_for(app, kommune.account)
    refused = member.post(f"/netzwerke/kommunen/programm/{cohort.id}/bewerben", follow_redirects=True)
    assert "Die Bewerbungsfrist für diesen Durchgang ist nicht offen." in refused.get_data(as_text=True)

    noted = member.post(f"/netzwerke/kommunen/programm/{cohort.id}/vormerken", follow_redirects=True)
    assert "für den nächsten Durchgang vorgemerkt" in noted.get_data(as_text=True)
    page = html(client_for(app, coordinator).get(f"/koordination/kommunen/programm/{cohort.id}"))
    assert "Stadt Saalfeld/Saale" in page.select_one("#vorgemerkt").parent.get_text()


def test_participants_of_an_ended_year_are_alumni_on_their_membership(app, make_kommune, make_cohort):
    today = today_in_germany()
    past = make_cohort(
        name="Methodenprogramm 2024/25",
        applications_open_on=today - timedelta(days=500),
        applications_close_on=today - timedelta(days=450),
        starts_on=today - timedelta(days=440),
        ends_on=today - timedelta(days=60),
    )
    kommune = make_kommune()
    db.session.add(CohortParticipation(cohort_id=past.id, membership_id=kommune.id, state=P.PARTICIPANT))
    db.session.commit()
    overview = html(client_for(app, kommune.account).get("/mein-bereich/"))
    text = overview.get_text(" ", strip=True)
    assert "Alumni des Programms Methodenprogramm 2024/25" in text
    assert overview.select_one('a[href="/netzwerke/kommunen/programm"]') is not None


def test_milestones_are_ticked_by_both_sides_with_dates(app, make_kommune, make_cohort, coordinator):
    cohort = make_cohort()
    kommune = make_kommune()
    member = client_for(app, kommune.account)
    member.post(f"/netzwerke/kommunen/programm/{cohort.id}/bewerben")
    first, second, _ = cohort.milestones
    member.post(f"/netzwerke/kommunen/programm/{cohort.id}/meilensteine/{first.id}", data={"reached_on": "03.02.2027"})
    bad = member.post(
        f"/netzwerke/kommunen/programm/{cohort.id}/meilensteine/{second.id}",
        data={"reached_on": "31.02.2027"},
        follow_redirects=True,
    )
    assert "Bitte geben Sie ein gültiges Datum an" in bad.get_data(as_text=True)

    staff = client_for(app, coordinator)
    participation = db.session.scalars(sa.select(CohortParticipation)).one()
    staff.post(
        f"/koordination/kommunen/programm/{cohort.id}/teilnahme/{participation.id}/meilensteine/{second.id}",
        data={"reached_on": "10.03.2027"},
    )
    overview = html(staff.get(f"/koordination/kommunen/programm/{cohort.id}"))
    row = overview.select_one("#fortschritt ~ div tbody tr, section tbody tr")
    assert [cell.get_text(strip=True) for cell in row.select("td")] == ["03.02.2027", "10.03.2027", "–", "2 / 3"]

    mine = html(member.get("/netzwerke/kommunen/programm")).select_one(".milestones").get_text(" ", strip=True)
    assert "erreicht am 03.02.2027, abgehakt von: Kommune" in mine
    assert "erreicht am 10.03.2027, abgehakt von: Koordination" in mine

    member.post(f"/netzwerke/kommunen/programm/{cohort.id}/meilensteine/{first.id}", data={"undo": "1"})
    mine = html(member.get("/netzwerke/kommunen/programm")).select_one(".milestones").get_text(" ", strip=True)
    assert "03.02.2027" not in mine


def test_coordinators_create_and_change_a_cohort_with_clear_messages(app, client, make_kommune, coordinator, login_as):
    login_as(coordinator)
    data = {
        "name": "Methodenprogramm 2027/28",
        "applications_open_on": "01.02.2027",
        "applications_close_on": "01.01.2027",
        "places": "zwei",
        "starts_on": "01.04.2027",
        "ends_on": "31.03.2028",
        "milestones": "Herausforderungen ermittelt\nZielgruppen definiert",
    }
    page = html(client.post("/koordination/kommunen/programm/neu", data=data))
    errors = {e.get_text(strip=True) for e in page.select(".kern-error")}
    assert any("vor ihrem Beginn" in e for e in errors) and any("ganze Zahl" in e for e in errors)
    assert page.select_one("#milestones").get_text().strip().startswith("Herausforderungen")  # nothing lost

    data |= {"applications_close_on": "01.03.2027", "places": "1"}
    saved = client.post("/koordination/kommunen/programm/neu", data=data, follow_redirects=True)
    assert "Der Durchgang „Methodenprogramm 2027/28“ wurde gespeichert." in saved.get_data(as_text=True)
    cohort_id = db.session.scalar(sa.text("SELECT id FROM cohorts"))
    db.session.add(CohortParticipation(cohort_id=cohort_id, membership_id=make_kommune().id, state=P.PARTICIPANT))
    db.session.commit()
    page = html(client.post(f"/koordination/kommunen/programm/{cohort_id}/bearbeiten", data=data | {"places": "0"}))
    assert "1 bis 1000" in page.select_one("#places").find_next(class_="kern-error").get_text()


def test_only_members_see_the_programme_page(app, client, make_cohort, make_member, make_network, login_as):
    make_cohort()
    other = make_member(make_network(slug="anderes"))
    login_as(other.account)
    assert client.get("/netzwerke/kommunen/programm").status_code == 404
