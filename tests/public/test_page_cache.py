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

    import app.core.pagecache as cache_module

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


def test_a_cached_answer_runs_no_view_and_no_sql_yet_has_its_own_request_id_and_log_line(
    cached, app, client, make_network, caplog
):
    import logging

    import sqlalchemy as sa

    make_network(slug="netz", name="Netz Eins")
    first = client.get("/netzwerke/netz/", headers={"Accept-Encoding": "gzip"})
    assert first.status_code == 200 and first.headers["Content-Encoding"] == "gzip"
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        with caplog.at_level(logging.INFO, logger="teilhabe.request"):
            second = client.get("/netzwerke/netz/", headers={"Accept-Encoding": "gzip", "X-Request-ID": "abc-123"})
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    assert statements == []
    assert second.get_data() == first.get_data()
    assert second.headers["X-Request-ID"] == "abc-123" != first.headers["X-Request-ID"]
    assert second.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    assert "X-Teilhabe-Page-Cache" not in second.headers and "X-Teilhabe-Page-Cache" not in first.headers
    lines = [r for r in caplog.records if r.name == "teilhabe.request"]
    assert [(r.getMessage().split()[:3], r.request_id, r.cached) for r in lines] == [
        (["GET", "/netzwerke/<slug>/", "200"], "abc-123", True)
    ]


def test_each_encoding_is_kept_apart(cached, client, make_network):
    import brotli

    make_network(slug="netz", name="Netz Eins")
    for _ in range(2):  # the second round comes from the cache
        plain = client.get("/netzwerke/netz/", headers={"Accept-Encoding": "identity"})
        gzipped = client.get("/netzwerke/netz/", headers={"Accept-Encoding": "gzip"})
        brotlied = client.get("/netzwerke/netz/", headers={"Accept-Encoding": "gzip, br"})
        assert "Content-Encoding" not in plain.headers and b"Netz Eins" in plain.get_data()
        assert gzipped.headers["Content-Encoding"] == "gzip"
        assert brotlied.headers["Content-Encoding"] == "br"
        assert brotli.decompress(brotlied.get_data()) == plain.get_data()


def test_head_requests_and_pages_that_set_a_cookie_are_not_kept(cached, app, client):
    from flask import make_response, session

    from app.core.pagecache import cached_for_visitors

    calls: list[str] = []

    @cached_for_visitors
    def touches_the_session():
        calls.append("session")
        session["seen"] = True
        return "<p>Hallo</p>"

    @cached_for_visitors
    def sets_a_cookie():
        calls.append("cookie")
        response = make_response("<p>Hallo</p>")
        response.set_cookie("hinweis", "1")
        return response

    @cached_for_visitors
    def plain():
        calls.append("plain")
        return "<p>Hallo</p>"

    app.add_url_rule("/probe/sitzung", view_func=touches_the_session)
    app.add_url_rule("/probe/cookie", view_func=sets_a_cookie)
    app.add_url_rule("/probe/schlicht", view_func=plain)
    for _ in range(2):
        for path in ("/probe/sitzung", "/probe/cookie", "/probe/schlicht"):
            assert client.get(path).status_code == 200
            client._cookies.clear()  # a visitor without cookies again
        assert client.head("/probe/schlicht").status_code == 200
    # The second GET of the plain page came from the cache; HEAD always runs the view.
    assert calls == ["session", "cookie", "plain", "plain", "session", "cookie", "plain"]
