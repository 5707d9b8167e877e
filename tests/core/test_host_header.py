"""Host-header poisoning: every link in every mail comes from BASE_URL, never from the request."""

from __future__ import annotations

import pytest
from flask import request
from werkzeug.middleware.proxy_fix import ProxyFix

from app import ConfigurationError, create_app
from app.models import ApplicationState
from config import ProductionConfig, TestConfig
from tests.apply_support import ALLIANZ, PERSON, apply_as_person, network
from tests.conftest import TEST_PASSWORD, IsolatedClient
from tests.review_support import make_application

EVIL = {"Host": "evil.example", "X-Forwarded-Host": "evil.example"}
BASE = "http://localhost/"


class HostileClient(IsolatedClient):
    """Every request claims to be for evil.example, directly and through a proxy header."""

    def open(self, *args, **kwargs):
        if args and isinstance(args[0], str):
            kwargs["headers"] = {**dict(kwargs.get("headers") or {}), **EVIL}
        return super().open(*args, **kwargs)


@pytest.fixture
def hostile(app):
    """The worst configuration an operator could choose: no host check, X-Forwarded-Host trusted."""
    app.config["TRUSTED_HOSTS"] = []
    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    app.test_client_class = HostileClient
    return app.test_client()


def all_links(smtp) -> list[str]:
    links = [link for message in smtp.messages for link in smtp.links(message)]
    html = " ".join(smtp.html(message) for message in smtp.messages)
    assert "evil.example" not in html
    return links


def assert_links_from_base_url(smtp, expected_paths: tuple[str, ...]) -> None:
    links = all_links(smtp)
    for path in expected_paths:
        assert any(link.startswith(BASE + path) for link in links), (path, links)
    assert links and all(link.startswith(BASE) for link in links), links


def test_password_reset_link_ignores_the_host_header(hostile, smtp, make_account):
    account = make_account("opfer@example.org")
    response = hostile.post("/passwort-vergessen", data={"email": account.email})
    assert response.status_code == 302
    response.close()  # the mail goes out after the response
    assert_links_from_base_url(smtp, ("passwort-zuruecksetzen/",))


def test_confirmation_resend_and_coordinator_mail_ignore_the_host_header(hostile, runner, smtp, make_account):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    make_account("koordination@allianz.example", coordinates=[network(ALLIANZ)])

    apply_as_person(hostile)
    hostile.post("/antrag/link-erneut-senden", data={"email": PERSON["email"]}).close()
    link = smtp.last_link(PERSON["email"], contains="/antrag/bestaetigen/")
    hostile.post(link.replace("http://localhost", ""))

    assert len(smtp.to(PERSON["email"])) >= 3  # confirmation, resent confirmation, receipt
    assert smtp.to("koordination@allianz.example"), "the coordinators' mail 'Neuer Mitgliedsantrag'"
    assert_links_from_base_url(smtp, ("antrag/bestaetigen/", "antrag/status/", "koordination/"))


def test_invitations_ignore_the_host_header(hostile, smtp, make_account, make_network):
    allianz = make_network(slug="allianz")
    admin = make_account("admin@example.org", admin=True, coordinates=[allianz])
    hostile.post("/anmelden", data={"email": admin.email, "password": TEST_PASSWORD})

    hostile.post(
        "/verwaltung/netzwerke/allianz/koordination",
        data={"email": "neu.koordination@example.org", "first_name": "Zoë", "last_name": "Kern"},
    )
    application, _ = make_application(allianz, ApplicationState.IN_REVIEW, email="neu@example.org")
    hostile.post(
        f"/koordination/allianz/antraege/{application.id}/annehmen", data={"approve-version": str(application.version)}
    )

    assert smtp.to("neu.koordination@example.org") and smtp.to("neu@example.org")
    assert_links_from_base_url(smtp, ("einladung/",))


def test_an_unknown_host_is_refused_by_default(client, app):
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
    assert (
        client.post(
            "/passwort-vergessen", data={"email": "x@example.org"}, headers={"Host": "evil.example"}
        ).status_code
        == 400
    )
    assert client.get("/", headers={"Host": "localhost"}).status_code == 200
    assert app.config["TRUSTED_HOSTS"] == ["localhost", "127.0.0.1"]


def test_trusted_hosts_come_from_base_url_and_the_extra_list(tmp_path):
    app = create_app(
        TestConfig,
        BASE_URL="https://teilhabe.example.org",
        EXTRA_TRUSTED_HOSTS=["intern.example"],
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/h.sqlite3",
    )
    assert app.config["TRUSTED_HOSTS"] == ["teilhabe.example.org", "intern.example"]
    client = app.test_client()
    assert client.get("/impressum", headers={"Host": "teilhabe.example.org"}).status_code != 400
    assert client.get("/impressum", headers={"Host": "evil.example"}).status_code == 400


def test_x_forwarded_host_is_not_trusted_behind_a_proxy_by_default(tmp_path):
    app = create_app(TestConfig, TRUSTED_PROXIES=1, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/p.sqlite3")

    @app.get("/_probe")
    def probe():
        return request.host

    response = app.test_client().get("/_probe", headers={"X-Forwarded-Host": "evil.example"})
    assert response.get_data(as_text=True) == "localhost"


def test_production_refuses_to_start_without_base_url(monkeypatch):
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "x" * 40)
    monkeypatch.setattr(ProductionConfig, "BASE_URL", "")
    with pytest.raises(ConfigurationError, match=r"^BASE_URL is not set"):
        create_app(ProductionConfig)
