"""Event settings (moved from the admin area): entered in Europe/Berlin, stored in UTC.

Admins may edit the events of every network (they coordinate all of them)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Event, today_in_germany
from tests.admin.test_admin_networks import admin  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("admin")

NEXT_YEAR = today_in_germany().year + 1


def event_form(**changes) -> dict:
    data = {
        "title": "Themenkreis Transparenz",
        "day": f"15.01.{NEXT_YEAR}",
        "start_time": "10:00",
        "end_time": "12:30",
        "end_day": "",
        "place": "Stuttgart",
        "description": "Arbeitstreffen zum Beteiligungsatlas.",
        "themenkreis_id": "0",
        "laendergruppe_id": "0",
    }
    data.update(changes)
    return data


def only_event() -> Event:
    return db.session.scalars(sa.select(Event)).one()


def test_winter_time_entered_in_berlin_is_stored_in_utc_and_shown_in_berlin(client, make_network):
    make_network(slug="allianz")

    response = client.post("/koordination/allianz/veranstaltungen/neu", data=event_form(), follow_redirects=True)

    assert "wurde angelegt" in response.get_data(as_text=True)
    event = only_event()
    assert event.starts_at == datetime(NEXT_YEAR, 1, 15, 9, 0, tzinfo=UTC)
    assert event.ends_at == datetime(NEXT_YEAR, 1, 15, 11, 30, tzinfo=UTC)
    public = client.get("/netzwerke/allianz/").get_data(as_text=True)
    assert f"15.01.{NEXT_YEAR}, 10:00 Uhr" in public
    assert "12:30 Uhr" in public
    assert "Themenkreis Transparenz" in public and "Stuttgart" in public


def test_summer_time_and_html_date_input(client, make_network):
    make_network(slug="allianz")

    client.post(
        "/koordination/allianz/veranstaltungen/neu",
        data=event_form(day=f"{NEXT_YEAR}-07-15", start_time="10.00", end_time="18 Uhr"),
    )

    event = only_event()
    assert event.starts_at == datetime(NEXT_YEAR, 7, 15, 8, 0, tzinfo=UTC)
    assert event.ends_at == datetime(NEXT_YEAR, 7, 15, 16, 0, tzinfo=UTC)


def test_multi_day_event_with_group_online_and_registration(client, make_network):
    network = make_network(slug="allianz", themenkreise=("Transparenz",))
    themenkreis = network.themenkreise[0]

    client.post(
        "/koordination/allianz/veranstaltungen/neu",
        data=event_form(
            title="Jahrestagung",
            day=f"14.02.{NEXT_YEAR}",
            end_day=f"15.02.{NEXT_YEAR}",
            start_time="09:30",
            end_time="16:00",
            online="y",
            registration_required="y",
            themenkreis_id=str(themenkreis.id),
        ),
    )

    event = only_event()
    assert event.starts_at == datetime(NEXT_YEAR, 2, 14, 8, 30, tzinfo=UTC)
    assert event.ends_at == datetime(NEXT_YEAR, 2, 15, 15, 0, tzinfo=UTC)
    assert event.online and event.registration_required and event.themenkreis_id == themenkreis.id
    listing = client.get("/koordination/allianz/veranstaltungen").get_data(as_text=True)
    assert f"14.02.{NEXT_YEAR}, 09:30 Uhr – 15.02.{NEXT_YEAR}, 16:00 Uhr" in listing
    assert "0 angemeldet" in listing


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"end_time": "09:00"}, "end_time", "Das Ende muss nach dem Beginn liegen."),
        ({"end_time": "10:00"}, "end_time", "Das Ende muss nach dem Beginn liegen."),
        ({"end_day": f"14.01.{NEXT_YEAR}"}, "end_time", "Das Ende muss nach dem Beginn liegen."),
        ({"day": f"31.02.{NEXT_YEAR}"}, "day", "gültiges Datum"),
        ({"day": "morgen"}, "day", "gültiges Datum"),
        ({"day": "01.01.0001"}, "day", "gültiges Datum"),
        ({"day": ""}, "day", "Bitte geben Sie das Datum an."),
        ({"start_time": "25:00"}, "start_time", "Uhrzeit"),
        ({"end_day": "bald"}, "end_day", "gültiges Datum"),
        ({"title": ""}, "title", "Bitte geben Sie einen Titel an."),
        ({"themenkreis_id": "abc"}, "themenkreis_id", "Eintrag aus der Liste"),
        ({"laendergruppe_id": "999"}, "laendergruppe_id", "Eintrag aus der Liste"),
    ],
)
def test_invalid_event_input_shows_a_german_message_at_the_field(client, make_network, changes, field, message):
    make_network(slug="allianz")

    response = client.post("/koordination/allianz/veranstaltungen/neu", data=event_form(**changes))

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert message in page.split(f'id="{field}-error"')[1][:300]
    assert "Arbeitstreffen zum Beteiligungsatlas." in page  # typed input kept
    assert db.session.scalar(sa.select(sa.func.count(Event.id))) == 0


def test_themenkreis_of_another_network_is_refused(client, make_network):
    other = make_network(slug="andere", themenkreise=("Fremd",))
    make_network(slug="allianz")

    response = client.post(
        "/koordination/allianz/veranstaltungen/neu",
        data=event_form(themenkreis_id=str(other.themenkreise[0].id)),
    )

    assert "Eintrag aus der Liste" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Event.id))) == 0


def test_edit_shows_berlin_times_and_saves_changes(client, make_network):
    network = make_network(slug="allianz")
    event = Event(
        network=network,
        title="Treffen",
        place="Berlin",
        starts_at=datetime(NEXT_YEAR, 2, 11, 17, 0, tzinfo=UTC),
        ends_at=datetime(NEXT_YEAR, 2, 11, 19, 0, tzinfo=UTC),
    )
    db.session.add(event)
    db.session.commit()

    page = client.get(f"/koordination/allianz/veranstaltungen/{event.id}/bearbeiten").get_data(as_text=True)
    assert f'value="11.02.{NEXT_YEAR}"' in page
    assert 'value="18:00"' in page and 'value="20:00"' in page

    client.post(
        f"/koordination/allianz/veranstaltungen/{event.id}/bearbeiten",
        data=event_form(
            title="Ländergruppe Berlin-Brandenburg",
            day=f"11.02.{NEXT_YEAR}",
            start_time="18:00",
            end_time="20:30",
            place="Berlin",
        ),
    )

    db.session.refresh(event)
    assert event.title == "Ländergruppe Berlin-Brandenburg"
    assert event.ends_at == datetime(NEXT_YEAR, 2, 11, 19, 30, tzinfo=UTC)


def test_delete_event_and_foreign_event_is_404(client, make_network):
    network = make_network(slug="allianz")
    other = make_network(slug="andere")
    moment = datetime(NEXT_YEAR, 3, 1, 9, tzinfo=UTC)
    mine = Event(network=network, title="Weg damit", starts_at=moment, ends_at=moment)
    foreign = Event(network=other, title="Bleibt", starts_at=moment, ends_at=moment)
    db.session.add_all([mine, foreign])
    db.session.commit()
    mine_id, foreign_id = mine.id, foreign.id

    assert client.get(f"/koordination/allianz/veranstaltungen/{foreign_id}/bearbeiten").status_code == 404
    assert client.post(f"/koordination/allianz/veranstaltungen/{foreign_id}/loeschen").status_code == 404
    response = client.post(f"/koordination/allianz/veranstaltungen/{mine_id}/loeschen", follow_redirects=True)

    assert "wurde gelöscht" in response.get_data(as_text=True)
    assert db.session.scalars(sa.select(Event.title)).all() == ["Bleibt"]
