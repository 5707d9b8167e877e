"""The seal: nomination, the municipality's statement, scoring with conflicts of interest, award,
public pages, the SVG graphic and the verification page, renewal."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from freezegun import freeze_time

from app.extensions import db
from app.models import HistoryEntry, HistoryKind, SealCase, SealState, today_in_germany, utcnow
from tests.conftest import html
from tests.programmes.test_cohorts import client_for

YEAR = today_in_germany().year


def nominate_and_score(app, kommune, coordinator, second_reviewer):
    staff = client_for(app, coordinator)
    staff.post("/koordination/kommunen/siegel/kriterien", data={"criteria": "Frühzeitig beteiligen | 5\nVielfalt | 3"})
    staff.post("/koordination/kommunen/siegel/nominieren", data={"membership_id": kommune.id, "year": YEAR})
    case = db.session.scalars(sa.select(SealCase)).one()
    client_for(app, kommune.account).post(
        "/netzwerke/kommunen/siegel/bewerben", data={"year": YEAR, "statement": "Bürger*innenrat zum Marktplatz"}
    )
    return staff, case


def fields_of(case):
    criteria = db.session.scalars(sa.text("SELECT id FROM seal_criteria ORDER BY position")).all()
    return [f"criterion_{criterion_id}" for criterion_id in criteria]


def test_nominated_scored_awarded_and_shown_with_year_and_verification_link(
    app, client, make_kommune, make_account, kommunen, coordinator, smtp
):
    kommune = make_kommune(listed=True)
    other = make_account(email="zweite@kommunen.example", coordinates=[kommunen])
    staff, case = nominate_and_score(app, kommune, coordinator, other)
    first, second = fields_of(case)
    assert case.state is SealState.NOMINATED and case.statement == "Bürger*innenrat zum Marktplatz"

    # The coordinator knows the municipality well: a conflict of interest, so the sheet does not count.
    staff.post(
        f"/koordination/kommunen/siegel/{case.id}/bewerten",
        data={"conflict_of_interest": "y", "conflict_note": "Ich berate Saalfeld"},
    )
    refused = staff.post(
        f"/koordination/kommunen/siegel/{case.id}/entscheiden",
        data={"decision": "award", "valid_until": f"31.12.{YEAR + 1}"},
    )
    assert "mindestens eine Person ohne Interessenkonflikt" in refused.get_data(as_text=True)

    reviewer = client_for(app, other)
    too_many = html(reviewer.post(f"/koordination/kommunen/siegel/{case.id}/bewerten", data={first: "9", second: "2"}))
    assert "0 bis 5 Punkte" in too_many.select_one(f"#{first}").find_next(class_="kern-error").get_text()
    reviewer.post(f"/koordination/kommunen/siegel/{case.id}/bewerten", data={first: "4", second: "3"})
    awarded = reviewer.post(
        f"/koordination/kommunen/siegel/{case.id}/entscheiden",
        data={"decision": "award", "valid_until": f"31.12.{YEAR + 1}", "note": "Vorbildlich"},
        follow_redirects=True,
    )
    assert "Das Siegel wurde vergeben." in awarded.get_data(as_text=True)
    page = html(awarded).get_text(" ", strip=True)
    assert "7.0" in page and "Interessenkonflikt erklärt (Ich berate Saalfeld)" in page
    history = db.session.scalars(sa.select(HistoryEntry.message).where(HistoryEntry.kind == HistoryKind.SEAL)).all()
    assert history == [f"Für das Siegel {YEAR} nominiert", f"Stellungnahme zur Nominierung für das Siegel {YEAR}",
                       f"Siegel {YEAR} vergeben"]  # fmt: skip

    db.session.refresh(case)
    (mail,) = smtp.to(kommune.account.email)
    assert mail["Subject"] == f"Ihre Kommune erhält das Siegel {YEAR}"
    assert f"http://localhost/siegel/{case.code}" in smtp.links(mail)
    assert f"http://localhost/siegel/{case.code}.svg" in smtp.links(mail)
    network = html(client.get("/netzwerke/kommunen/"))
    link = next(a for a in network.select("a") if "Siegel" in a.get_text())
    holders = html(client.get(link["href"]))
    card = holders.select_one(".seal-holder").get_text(" ", strip=True)
    assert "Stadt Saalfeld/Saale" in card and f"Siegel {YEAR}, gültig bis 31.12.{YEAR + 1}" in card

    entry = html(
        client_for(app, make_kommune("Stadt Jena").account).get(f"/netzwerke/kommunen/verzeichnis/{kommune.id}")
    )
    assert f"Siegel {YEAR}" in entry.select_one(".seal-badge").get_text()

    svg = client.get(f"/siegel/{case.code}.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    text = svg.get_data(as_text=True)
    assert f">{YEAR}</text>" in text and f'href="http://localhost/siegel/{case.code}"' in text

    verify = html(client.get(f"/siegel/{case.code}")).get_text(" ", strip=True)
    assert "Dieses Siegel ist gültig." in verify and "Stadt Saalfeld/Saale" in verify and f"31.12.{YEAR + 1}" in verify


def test_an_expired_seal_is_no_longer_valid_and_unknown_codes_are_not_found(app, client, make_kommune, kommunen):
    kommune = make_kommune()
    case = SealCase(
        network_id=kommunen.id,
        membership_id=kommune.id,
        year=YEAR - 3,
        state=SealState.AWARDED,
        valid_until=today_in_germany() - timedelta(days=1),
        code="abgelaufen-0123456789",
    )
    db.session.add(case)
    db.session.commit()
    page = html(client.get("/siegel/abgelaufen-0123456789")).get_text(" ", strip=True)
    assert "Dieses Siegel ist nicht (mehr) gültig." in page
    assert "Zurzeit trägt keine Kommune das Siegel." in html(client.get("/netzwerke/kommunen/siegel")).get_text()
    assert client.get("/siegel/geraten").status_code == 404
    assert client.get("/siegel/geraten.svg").status_code == 404
    with freeze_time(today_in_germany() - timedelta(days=30)):
        assert "Dieses Siegel ist gültig." in client.get("/siegel/abgelaufen-0123456789").get_data(as_text=True)
        # A municipality that left the network no longer carries the seal.
        kommune.ended_at = utcnow()
        db.session.commit()
        assert "nicht (mehr) gültig" in client.get("/siegel/abgelaufen-0123456789").get_data(as_text=True)


def test_renewal_nominates_the_municipality_for_the_next_year(app, make_kommune, make_account, kommunen, coordinator):
    kommune = make_kommune()
    staff, case = nominate_and_score(app, kommune, coordinator, None)
    first, second = fields_of(case)
    staff.post(f"/koordination/kommunen/siegel/{case.id}/bewerten", data={first: "5", second: "3"})
    staff.post(
        f"/koordination/kommunen/siegel/{case.id}/entscheiden",
        data={"decision": "award", "valid_until": f"31.12.{YEAR}"},
    )
    renewed = staff.post(f"/koordination/kommunen/siegel/{case.id}/erneuern", follow_redirects=True)
    assert "Die Erneuerung wurde begonnen" in renewed.get_data(as_text=True)
    new = db.session.scalars(sa.select(SealCase).where(SealCase.year == YEAR + 1)).one()
    assert new.state is SealState.NOMINATED and new.renewal_of_id == case.id
    twice = staff.post(f"/koordination/kommunen/siegel/{case.id}/erneuern", follow_redirects=True)
    assert f"Für {YEAR + 1} gibt es für diese Kommune schon ein Verfahren." in twice.get_data(as_text=True)


def test_a_municipality_applies_on_its_own_and_bad_input_stays_at_the_field(app, make_kommune):
    kommune = make_kommune()
    member = client_for(app, kommune.account)
    page = html(member.post("/netzwerke/kommunen/siegel/bewerben", data={"year": "nächstes", "statement": "Viel"}))
    assert "ganze Zahl" in page.select_one("#year").find_next(class_="kern-error").get_text()
    assert page.select_one("#statement").get_text().strip() == "Viel"
    done = member.post(
        "/netzwerke/kommunen/siegel/bewerben", data={"year": YEAR, "statement": "Viel"}, follow_redirects=True
    )
    assert "Ihre Bewerbung für das Siegel ist eingegangen." in done.get_data(as_text=True)
    assert db.session.scalars(sa.select(SealCase.state)).one() is SealState.APPLIED
