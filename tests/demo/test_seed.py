"""flask seed-demo: the seven demo networks, idempotent, optional fictional members."""

import sqlalchemy as sa

from app.extensions import db
from app.models import Account, Event, Membership, Network, Themenkreis, utcnow

DEMO_SLUGS = {
    "allianz-vielfaeltige-demokratie",
    "berlin-institut-fuer-partizipation",
    "fachverband-buergerbeteiligung",
    "beteiligungsnetzwerk-bw",
    "netzwerk-buergerbeteiligung-sachsen",
    "netzwerk-buergerhaushalt",
    "kommunen-der-offenen-gesellschaft",
}


def _counts():
    return tuple(
        db.session.scalar(sa.select(sa.func.count()).select_from(model))
        for model in (Network, Themenkreis, Event, Account, Membership)
    )


def test_seed_demo_loads_the_seven_networks(runner, client):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output

    assert set(db.session.scalars(sa.select(Network.slug))) == DEMO_SLUGS
    allianz = db.session.scalar(sa.select(Network).where(Network.slug == "allianz-vielfaeltige-demokratie"))
    assert [tk.name for tk in allianz.themenkreise] == [
        "Integrierte Partizipation",
        "Transparenz",
        "Qualität",
        "Kompetenz",
        "Beteiligung",
    ]
    assert [g.name for g in allianz.laendergruppen] == ["Ländergruppe Berlin-Brandenburg"]
    assert allianz.one_membership_per_organisation
    assert all(event.starts_at > utcnow() for event in allianz.events)
    assert {e.title for e in allianz.events} == {
        "Themenkreis Transparenz",
        "Ländergruppe Berlin-Brandenburg",
        "Jahrestagung",
    }

    bw = db.session.scalar(sa.select(Network).where(Network.slug == "beteiligungsnetzwerk-bw"))
    assert not bw.accepts_persons and bw.accepts_organisations
    kommunen = db.session.scalar(sa.select(Network).where(Network.slug == "kommunen-der-offenen-gesellschaft"))
    assert kommunen.accepts_municipalities and kommunen.capacity

    index = client.get("/").get_data(as_text=True)
    for slug in DEMO_SLUGS:
        assert client.get(f"/netzwerke/{slug}/").status_code == 200
        assert f"/netzwerke/{slug}/" in index
    page = client.get("/netzwerke/allianz-vielfaeltige-demokratie/").get_data(as_text=True)
    assert "Jahrestagung" in page and "Integrierte Partizipation" in page


def test_seed_demo_twice_changes_nothing(runner):
    runner.invoke(args=["seed-demo"])
    before = _counts()
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0
    assert _counts() == before


def test_seed_demo_members_spread_over_networks_and_laender(runner):
    result = runner.invoke(args=["seed-demo", "--members", "64", "--seed", "7"])
    assert result.exit_code == 0, result.output

    # The fictional members (the programme and verification demos add their own municipalities and organisations).
    fictional = sa.select(Membership).join(Membership.account).where(Account.email.like("mitglied%"))
    memberships = list(db.session.scalars(fictional))
    assert len(memberships) == 64
    assert len({m.network_id for m in memberships}) == 7
    assert len({m.account.bundesland for m in memberships}) == 16
    assert any(m.themenkreise for m in memberships)
    assert len({m.account.email for m in memberships}) == 64


def test_every_demo_network_has_an_upcoming_event_with_open_registration(app):
    from app.demo.seed import seed_networks

    seed_networks()
    db.session.commit()

    for network in db.session.scalars(sa.select(Network)):
        assert any(event.registration_is_open() for event in network.events), network.slug
    sachsen = db.session.scalar(sa.select(Network).where(Network.slug == "netzwerk-buergerbeteiligung-sachsen"))
    allianz = db.session.scalar(sa.select(Network).where(Network.slug == "allianz-vielfaeltige-demokratie"))
    workshop = next(event for event in sachsen.events if event.title.startswith("Online-Werkstatt"))
    conference = next(event for event in allianz.events if event.title == "Jahrestagung")
    for event in (workshop, conference):
        assert event.capacity <= 12 and event.waiting_list
