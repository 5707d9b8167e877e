"""Administration: assigning, inviting and removing coordinators of a network."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Account, CoordinatorAssignment, Token, TokenPurpose
from tests.admin.test_admin_networks import admin  # noqa: F401 - fixture
from tests.conftest import login

pytestmark = pytest.mark.usefixtures("admin")

NEW_PASSWORD = "Runder-Tisch-im-Rathaus-7"


def assignments(network) -> list[tuple[str, bool]]:
    return list(
        db.session.execute(
            sa.select(Account.email, CoordinatorAssignment.notify)
            .join(Account, Account.id == CoordinatorAssignment.account_id)
            .where(CoordinatorAssignment.network_id == network.id)
            .order_by(Account.email)
        ).tuples()
    )


def test_inviting_a_new_person_creates_an_account_and_mails_a_single_use_link(client, smtp, make_network):
    network = make_network(slug="allianz", name="Allianz Vielfältige Demokratie")

    response = client.post(
        "/verwaltung/netzwerke/allianz/koordination",
        data={"email": "Neu.Koordination@Example.org", "first_name": "Zoë", "last_name": "Müller-Lüdenscheidt"},
        follow_redirects=True,
    )

    page = response.get_data(as_text=True)
    assert "hat eine Einladung per E-Mail erhalten" in page
    assert "eingeladen, Passwort noch nicht gesetzt" in page
    account = db.session.scalar(sa.select(Account).where(Account.email == "neu.koordination@example.org"))
    assert account.password_hash is None and account.display_name == "Zoë Müller-Lüdenscheidt"
    assert assignments(network) == [("neu.koordination@example.org", True)]

    [mail] = smtp.to("neu.koordination@example.org")
    assert "Allianz Vielfältige Demokratie" in mail["Subject"]
    assert "Guten Tag Zoë Müller-Lüdenscheidt" in smtp.text(mail)
    link = smtp.last_link("neu.koordination@example.org", contains="/einladung/")
    assert link.startswith("http://localhost/einladung/")
    token = db.session.scalar(sa.select(Token).where(Token.account_id == account.id))
    assert token.purpose is TokenPurpose.INVITATION and link.split("/")[-1] not in token.token_hash

    # The invited person sets a password through the link and can then log in.
    client.post("/abmelden")
    assert client.get(link).status_code == 200
    set_password = client.post(link, data={"password": NEW_PASSWORD, "password_repeat": NEW_PASSWORD})
    assert set_password.status_code == 302
    client.post("/abmelden")
    login(client, "neu.koordination@example.org", NEW_PASSWORD)
    assert "Abmelden" in client.get("/").get_data(as_text=True)
    # Single use: the link does not work a second time.
    assert client.get(link).status_code == 404


def test_assigning_an_existing_account_sends_a_notice_instead_of_an_invitation(
    client, smtp, make_network, make_account
):
    network = make_network(slug="allianz", name="Allianz")
    person = make_account("bekannt@example.org", first_name="Kim", last_name="Bekannt")

    response = client.post(
        "/verwaltung/netzwerke/allianz/koordination", data={"email": "BEKANNT@example.org"}, follow_redirects=True
    )

    assert "Kim Bekannt koordiniert jetzt „Allianz“" in response.get_data(as_text=True)
    assert assignments(network) == [("bekannt@example.org", True)]
    [mail] = smtp.to("bekannt@example.org")
    assert "Sie koordinieren jetzt" in mail["Subject"]
    assert "/einladung/" not in smtp.text(mail)
    assert db.session.scalar(sa.select(sa.func.count(Token.id))) == 0
    db.session.refresh(person)
    assert person.password_hash is not None


def test_an_account_that_never_set_a_password_gets_a_fresh_invitation(client, smtp, make_network, make_account):
    make_network(slug="allianz")
    make_account("ohne-passwort@example.org", password=None)

    client.post("/verwaltung/netzwerke/allianz/koordination", data={"email": "ohne-passwort@example.org"})

    assert smtp.last_link("ohne-passwort@example.org", contains="/einladung/")


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Bitte geben Sie die E-Mail-Adresse an."),
        ("keine-adresse", "gültige E-Mail-Adresse"),
        ("schon@example.org", "koordiniert dieses Netzwerk bereits"),
        ("gesperrt@example.org", "gesperrt"),
    ],
)
def test_invalid_coordinator_input_is_shown_at_the_field(client, smtp, make_network, make_account, email, message):
    network = make_network(slug="allianz")
    make_account("schon@example.org", coordinates=[network])
    make_account("gesperrt@example.org", disabled=True)

    response = client.post("/verwaltung/netzwerke/allianz/koordination", data={"email": email})

    assert response.status_code == 200
    assert message in response.get_data(as_text=True).split('id="email-error"')[1][:300]
    assert assignments(network) == [("schon@example.org", True)]
    assert smtp.messages == []


def test_remove_assignment_and_toggle_notification(client, make_network, make_account):
    network = make_network(slug="allianz")
    other = make_network(slug="andere")
    first = make_account("a@example.org", coordinates=[network, other])
    make_account("b@example.org", coordinates=[network])

    off = client.post(
        f"/verwaltung/netzwerke/allianz/koordination/{first.id}/benachrichtigung",
        data={"notify": "0"},
        follow_redirects=True,
    )
    assert "keine E-Mails zu neuen Anträgen mehr" in off.get_data(as_text=True)
    assert assignments(network) == [("a@example.org", False), ("b@example.org", True)]
    client.post(f"/verwaltung/netzwerke/allianz/koordination/{first.id}/benachrichtigung", data={"notify": "1"})
    assert assignments(network) == [("a@example.org", True), ("b@example.org", True)]
    bad = client.post(
        f"/verwaltung/netzwerke/allianz/koordination/{first.id}/benachrichtigung",
        data={"notify": "vielleicht"},
        follow_redirects=True,
    )
    assert "konnte nicht geändert werden" in bad.get_data(as_text=True)

    removed = client.post(f"/verwaltung/netzwerke/allianz/koordination/{first.id}/entfernen", follow_redirects=True)

    assert "koordiniert „" in removed.get_data(as_text=True) and "nicht mehr" in removed.get_data(as_text=True)
    assert assignments(network) == [("b@example.org", True)]
    assert assignments(other) == [("a@example.org", True)]  # other networks keep their coordinator
    assert db.session.get(Account, first.id) is not None  # the account stays
    assert client.post(f"/verwaltung/netzwerke/allianz/koordination/{first.id}/entfernen").status_code == 404
