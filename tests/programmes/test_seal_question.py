"""The question back (Rückfrage) on a seal case: asked, mailed, answered on the programme page,
recorded in the history; no decision while it is open."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import HistoryEntry, HistoryKind, SealCase, SealState, today_in_germany
from tests.conftest import html
from tests.programmes.test_cohorts import client_for

YEAR = today_in_germany().year


def applied_case(app, kommune, coordinator):
    staff = client_for(app, coordinator)
    staff.post("/koordination/kommunen/siegel/kriterien", data={"criteria": "Frühzeitig beteiligen | 5"})
    member = client_for(app, kommune.account)
    member.post("/netzwerke/kommunen/siegel/bewerben", data={"year": YEAR, "statement": "Bürger*innenrat"})
    return staff, member, db.session.scalars(sa.select(SealCase)).one()


def test_question_is_mailed_answered_on_the_programme_page_and_recorded(
    app, make_kommune, make_account, kommunen, coordinator, smtp
):
    kommune = make_kommune()
    second = make_account(email="zweite@kommunen.example", coordinates=[kommunen])
    staff, member, case = applied_case(app, kommune, coordinator)
    case_url = f"/koordination/kommunen/siegel/{case.id}"

    empty = html(staff.post(f"{case_url}/rueckfrage", data={"question": "  "}))
    assert "Bitte formulieren Sie Ihre Rückfrage." in empty.select_one("#question").find_next(class_="kern-error").text
    asked = staff.post(
        f"{case_url}/rueckfrage", data={"question": "Wie viele Menschen haben teilgenommen?"}, follow_redirects=True
    )
    assert "Die Rückfrage wurde an die Kommune geschickt." in asked.get_data(as_text=True)
    db.session.refresh(case)
    assert case.state is SealState.QUESTION
    (mail,) = smtp.to(kommune.account.email)
    assert mail["Subject"] == f"Rückfrage zum Siegel {YEAR}"
    assert "Wie viele Menschen haben teilgenommen?" in smtp.text(mail)
    assert "http://localhost/netzwerke/kommunen/programm" in smtp.links(mail)

    # While the question is open, reviewing goes on but deciding is refused with a clear message.
    criterion = db.session.scalar(sa.text("SELECT id FROM seal_criteria"))
    staff.post(f"{case_url}/bewerten", data={f"criterion_{criterion}": "4"})
    refused = staff.post(f"{case_url}/entscheiden", data={"decision": "award", "valid_until": f"31.12.{YEAR + 1}"})
    assert "Die Rückfrage an die Kommune ist noch offen." in html(refused).get_text(" ")
    again = staff.post(f"{case_url}/rueckfrage", data={"question": "Noch etwas?"}, follow_redirects=True)
    assert "Zu diesem Siegel ist schon eine Rückfrage offen." in again.get_data(as_text=True)
    db.session.refresh(case)
    assert case.state is SealState.QUESTION and case.question == "Wie viele Menschen haben teilgenommen?"

    page = html(member.get("/netzwerke/kommunen/programm"))
    assert "Wie viele Menschen haben teilgenommen?" in page.select_one(".seal-question").text
    field_name = f"antwort-{case.id}-answer"
    blank = html(member.post(f"/netzwerke/kommunen/siegel/{case.id}/antworten", data={field_name: ""}))
    assert (
        "Bitte beantworten Sie die Rückfrage." in blank.select_one(f"#{field_name}").find_next(class_="kern-error").text
    )
    answered = member.post(
        f"/netzwerke/kommunen/siegel/{case.id}/antworten", data={field_name: "Rund 120 Menschen"}, follow_redirects=True
    )
    assert "Ihre Antwort ist bei der Koordination eingegangen." in answered.get_data(as_text=True)
    assert html(answered).select_one(".seal-question") is None
    db.session.refresh(case)
    assert case.state is SealState.APPLIED and case.answer == "Rund 120 Menschen"
    for address in (coordinator.email, second.email):
        (note,) = smtp.to(address)
        assert "Rund 120 Menschen" in smtp.text(note) and f"http://localhost{case_url}" in smtp.links(note)

    history = db.session.scalars(
        sa.select(HistoryEntry.message).where(HistoryEntry.kind == HistoryKind.SEAL).order_by(HistoryEntry.id)
    ).all()
    assert history == [
        f"Für das Siegel {YEAR} beworben",
        f"Rückfrage zum Siegel {YEAR}: Wie viele Menschen haben teilgenommen?",
        f"Rückfrage zum Siegel {YEAR} beantwortet: Rund 120 Menschen",
    ]
    awarded = staff.post(
        f"{case_url}/entscheiden", data={"decision": "award", "valid_until": f"31.12.{YEAR + 1}"}, follow_redirects=True
    )
    assert "Das Siegel wurde vergeben." in awarded.get_data(as_text=True)
    assert "Rund 120 Menschen" in html(awarded).get_text(" ")


def test_a_nominated_case_returns_to_nominated_and_strangers_cannot_answer(
    app, make_kommune, make_member, make_network, kommunen, coordinator, smtp
):
    kommune = make_kommune()
    staff = client_for(app, coordinator)
    staff.post("/koordination/kommunen/siegel/nominieren", data={"membership_id": kommune.id, "year": YEAR})
    case = db.session.scalars(sa.select(SealCase)).one()
    staff.post(f"/koordination/kommunen/siegel/{case.id}/rueckfrage", data={"question": "Möchten Sie teilnehmen?"})

    other = make_kommune("Gemeinde Anderswo")
    stranger = client_for(app, other.account)
    field_name = f"antwort-{case.id}-answer"
    assert stranger.post(f"/netzwerke/kommunen/siegel/{case.id}/antworten", data={field_name: "Ja"}).status_code == 404

    member = client_for(app, kommune.account)
    member.post(f"/netzwerke/kommunen/siegel/{case.id}/antworten", data={field_name: "Ja, gern"})
    db.session.refresh(case)
    assert case.state is SealState.NOMINATED and case.state_before_question is None
    late = member.post(
        f"/netzwerke/kommunen/siegel/{case.id}/antworten", data={field_name: "Noch einmal"}, follow_redirects=True
    )
    assert "Zu diesem Siegel ist keine Rückfrage offen." in late.get_data(as_text=True)
    db.session.refresh(case)
    assert case.answer == "Ja, gern"
