"""Administration: statistics of one network and of all networks, for a small known dataset."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date

from app.extensions import db
from app.models import ApplicationState
from tests.admin.test_admin_networks import admin, make_application  # noqa: F401 - admin is a fixture
from tests.conftest import html

pytestmark = pytest.mark.usefixtures("admin")

BERLIN = ZoneInfo("Europe/Berlin")
S = ApplicationState


def tables(page: str) -> dict[str, list[list[str]]]:
    """Every table of the page by caption: rows as lists of cell texts."""
    result = {}
    for table in html(page).select("table"):
        caption = table.select_one("caption.kern-title")
        if caption is None:
            continue
        rows = [[cell.get_text(strip=True) for cell in row.select("th, td")] for row in table.select("tr")]
        result[caption.get_text(strip=True)] = rows
    return result


def figure(page: str, element_id: str) -> str:
    element = html(page).select_one(f"#{element_id}")
    assert element is not None, element_id
    return " ".join(element.get_text().replace("\xa0", " ").split())


def first_of_month(months_back: int) -> datetime:
    today = datetime.now(BERLIN).date()
    year, month = today.year, today.month - months_back
    while month < 1:
        year, month = year - 1, month + 12
    return datetime.combine(date(year, month, 1), time(12, 0), tzinfo=BERLIN)


def month_label(moment: datetime) -> str:
    return format_date(moment.date(), "MMMM yyyy", locale="de")


@pytest.fixture
def dataset(make_network, make_member):
    network = make_network(slug="allianz", name="Allianz", themenkreise=("Transparenz", "Qualität"))
    transparency, quality = network.themenkreise
    last_month, this_month = first_of_month(1), first_of_month(0)

    def decided(state, confirmed, days):
        return make_application(network, state, confirmed_at=confirmed, decided_at=confirmed + timedelta(days=days))

    decided(S.ACCEPTED, last_month, 2)
    decided(S.REJECTED, last_month, 4)
    decided(S.ACCEPTED, this_month, 1)
    make_application(network, S.RECEIVED, confirmed_at=this_month)
    make_application(network, S.UNCONFIRMED)
    decided(S.WITHDRAWN, first_of_month(14), 3)  # too old for the monthly table, not a decision

    make_member(network, themenkreise=[transparency], bundesland="BE", listed=True)
    make_member(network, themenkreise=[transparency, quality], bundesland="BE", listed=False)
    make_member(network, bundesland="SN", listed=True)
    make_member(network, bundesland="", listed=False)
    ended = make_member(network, themenkreise=[quality], bundesland="BY", listed=True)
    ended.ended_at = ended.started_at
    db.session.commit()

    other = make_network(slug="andere", name="Anderes Netz")
    make_member(other, bundesland="BY", listed=True)
    make_application(other, S.RECEIVED, confirmed_at=this_month)
    return network, last_month, this_month


def test_network_statistics_for_a_known_dataset(client, dataset):
    _, last_month, this_month = dataset

    page = client.get("/verwaltung/netzwerke/allianz/statistik").get_data(as_text=True)

    assert figure(page, "stat-applications") == "6"
    assert figure(page, "stat-members") == "4"
    assert figure(page, "stat-listed") == "50 % (2 von 4)"
    assert figure(page, "stat-median") == "2,0 Tage (aus 3 Entscheidungen)"

    found = tables(page)
    states = dict(row for row in found["Anträge nach Status, alle Zeiträume"][1:])
    assert states == {
        "unbestätigt": "1",
        "eingegangen": "1",
        "in Prüfung": "0",
        "Rückfrage": "0",
        "angenommen": "2",
        "abgelehnt": "1",
        "zurückgezogen": "1",
    }

    months = found["Die letzten 12 Monate"][1:]
    assert len(months) == 12
    by_month = {row[0]: row[1:] for row in months}
    assert by_month[month_label(last_month)] == ["2", "1", "1"]
    assert by_month[month_label(this_month)] == ["2", "1", "0"]
    assert months[-1][0] == month_label(this_month)
    assert sum(int(row[1]) for row in months) == 4

    themenkreise = dict(row for row in next(v for k, v in found.items() if k.startswith("Aktive Mitglieder je"))[1:])
    assert themenkreise == {"Transparenz": "2", "Qualität": "1", "ohne Themenkreis": "2"}

    laender = dict(row for row in next(v for k, v in found.items() if k.startswith("Nach dem Bundesland"))[1:])
    assert laender["Berlin"] == "2" and laender["Sachsen"] == "1" and laender["Bayern"] == "0"
    assert laender["unbekannt oder außerhalb Deutschlands"] == "1"
    assert len(laender) == 17


def test_overall_statistics_add_up_all_networks(client, dataset):
    page = client.get("/verwaltung/statistik").get_data(as_text=True)

    assert figure(page, "stat-applications") == "7"
    assert figure(page, "stat-members") == "5"
    assert figure(page, "stat-listed") == "60 % (3 von 5)"
    found = tables(page)
    per_network = dict(row for row in found["Aktive Mitglieder je Netzwerk"][1:])
    assert per_network == {"Allianz": "4", "Anderes Netz": "1"}
    laender = dict(row for row in next(v for k, v in found.items() if k.startswith("Nach dem Bundesland"))[1:])
    assert laender["Bayern"] == "1"


def test_statistics_of_an_empty_network_have_no_division_by_zero(client, make_network):
    make_network(slug="leer")

    page = client.get("/verwaltung/netzwerke/leer/statistik").get_data(as_text=True)

    assert figure(page, "stat-applications") == "0"
    assert figure(page, "stat-listed") == "–"
    assert figure(page, "stat-median") == "noch keine Entscheidungen"
