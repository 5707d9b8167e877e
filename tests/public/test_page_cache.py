"""Public pages are served from a short cache to visitors without cookies, never to others."""

from __future__ import annotations

import pytest

from app.extensions import db
from tests.conftest import login


@pytest.fixture
def cached(app):
    app.config["PUBLIC_PAGE_CACHE_SECONDS"] = 30
    return app


def _rename(network, name: str) -> None:
    network.short_description = name
    db.session.commit()


def test_visitors_without_cookies_get_the_cached_page_until_it_expires(cached, client, make_network, monkeypatch):
    network = make_network(slug="netz", short_description="Erste Fassung.")
    assert "Erste Fassung." in client.get("/netzwerke/netz/").get_data(as_text=True)
    _rename(network, "Zweite Fassung.")
    assert "Erste Fassung." in client.get("/netzwerke/netz/").get_data(as_text=True)

    import app.public.cache as cache_module

    later = cache_module.time.monotonic() + 31
    monkeypatch.setattr(cache_module.time, "monotonic", lambda: later)
    assert "Zweite Fassung." in client.get("/netzwerke/netz/").get_data(as_text=True)


def test_anyone_with_a_cookie_gets_a_fresh_page(cached, app, client, make_network, make_account):
    network = make_network(slug="netz", short_description="Erste Fassung.")
    client.get("/netzwerke/netz/")
    _rename(network, "Zweite Fassung.")
    switched = app.test_client()
    switched.get("/sprache/en")  # the language lives in the session cookie
    page = switched.get("/netzwerke/netz/").get_data(as_text=True)
    assert "Zweite Fassung." in page and 'lang="en"' in page
    member = app.test_client()
    login(member, make_account().email)
    assert "Zweite Fassung." in member.get("/netzwerke/netz/").get_data(as_text=True)
    assert "Erste Fassung." in client.get("/netzwerke/netz/").get_data(as_text=True)


def test_the_index_and_the_language_parameter_are_cached_apart(cached, client, make_network):
    make_network(slug="netz", name="Netz Eins")
    assert 'lang="de"' in client.get("/").get_data(as_text=True)
    assert 'lang="en"' in client.get("/?lang=en").get_data(as_text=True)
    assert 'lang="de"' in client.get("/").get_data(as_text=True)


def test_a_missing_network_is_not_cached(cached, client, make_network):
    assert client.get("/netzwerke/spaeter/").status_code == 404
    make_network(slug="spaeter")
    assert client.get("/netzwerke/spaeter/").status_code == 200


def test_off_by_default_in_tests_and_development(app, client, make_network):
    assert app.config["PUBLIC_PAGE_CACHE_SECONDS"] == 0
    network = make_network(slug="netz", short_description="Erste Fassung.")
    client.get("/netzwerke/netz/")
    _rename(network, "Zweite Fassung.")
    assert "Zweite Fassung." in client.get("/netzwerke/netz/").get_data(as_text=True)
