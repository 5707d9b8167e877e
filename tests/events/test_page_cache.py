"""The event page is served from the visitor cache like the network page (app.core.pagecache)."""

from __future__ import annotations

from app.extensions import db
from app.models import Event


def test_the_event_page_is_cached_for_visitors_and_fresh_for_members(app, client, make_network, make_event):
    app.config["PUBLIC_PAGE_CACHE_SECONDS"] = 30
    network = make_network(slug="netz")
    event = make_event(network, title="Werkstatt Beteiligung")
    path = f"/netzwerke/netz/veranstaltungen/{event.id}"
    assert "Werkstatt Beteiligung" in client.get(path).get_data(as_text=True)
    db.session.get(Event, event.id).title = "Werkstatt Bürgerhaushalt"
    db.session.commit()
    assert "Werkstatt Beteiligung" in client.get(path).get_data(as_text=True)
    with_cookie = app.test_client()
    with_cookie.set_cookie("session", "x")
    assert "Werkstatt Bürgerhaushalt" in with_cookie.get(path).get_data(as_text=True)
