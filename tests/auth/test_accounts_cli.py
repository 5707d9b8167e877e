"""`flask accounts add|list` and `flask seed-demo --demo-accounts`."""

from __future__ import annotations

import sqlalchemy as sa

from app.auth.accounts import check_password, find_account_by_email
from app.extensions import db
from app.models import Account, CoordinatorAssignment

PASSWORD = "Ein-sicheres-Passwort-2026"


def account(email: str) -> Account | None:
    db.session.expire_all()
    return find_account_by_email(email)


def test_add_admin_asks_for_the_password_twice_hidden(runner):
    result = runner.invoke(
        args=["accounts", "add", "Chefin@Example.org", "--role", "admin"], input=f"{PASSWORD}\n{PASSWORD}\n"
    )

    assert result.exit_code == 0, result.output
    assert "Passwort wiederholen" in result.output
    assert PASSWORD not in result.output  # hidden input is not echoed
    created = account("chefin@example.org")
    assert created.is_admin and check_password(created, PASSWORD)
    assert created.password_changed_at is not None


def test_add_refuses_when_the_two_entries_differ(runner):
    result = runner.invoke(
        args=["accounts", "add", "x@example.org", "--role", "admin"],
        input=f"{PASSWORD}\nanders-{PASSWORD}\n{PASSWORD}\n{PASSWORD}\n",
    )
    assert "Error: The two entered values do not match." in result.output or "stimmen nicht" in result.output
    assert account("x@example.org") is not None  # asked again, then accepted


def test_add_coordinator_from_stdin_for_scripts(runner, make_network):
    make_network(slug="allianz")
    make_network(slug="sachsen")

    result = runner.invoke(
        args=[
            "accounts",
            "add",
            "k@example.org",
            "--role",
            "coordinator",
            "--network",
            "allianz",
            "--network",
            "sachsen",
            "--first-name",
            "Kai",
            "--last-name",
            "Koordinator",
            "--password-stdin",
        ],
        input=f"{PASSWORD}\n",
    )

    assert result.exit_code == 0, result.output
    created = account("k@example.org")
    assert not created.is_admin and check_password(created, PASSWORD)
    assert sorted(n.slug for n in created.coordinated_networks) == ["allianz", "sachsen"]
    assert created.display_name == "Kai Koordinator"


def test_add_checks_role_network_and_password_rules(runner, make_network):
    make_network(slug="allianz")
    cases = [
        (["--role", "coordinator"], PASSWORD, "mindestens ein --network"),
        (["--role", "admin", "--network", "allianz"], PASSWORD, "nur für --role coordinator"),
        (["--role", "coordinator", "--network", "gibtsnicht"], PASSWORD, "gibtsnicht"),
        (["--role", "admin"], "kurz", "mindestens 8 Zeichen"),
        (["--role", "admin"], "passwort123", "zu verbreitet"),
        (["--role", "admin"], "neu@example.org", "nicht Ihre E-Mail-Adresse"),
    ]
    invalid = runner.invoke(
        args=["accounts", "add", "neu@example", "--role", "admin", "--password-stdin"], input=f"{PASSWORD}\n"
    )
    assert invalid.exit_code != 0 and "gültige E-Mail-Adresse" in invalid.output
    for options, password, message in cases:
        result = runner.invoke(
            args=["accounts", "add", "neu@example.org", *options, "--password-stdin"], input=f"{password}\n"
        )
        assert result.exit_code != 0, options
        assert message in result.output, (options, result.output)
    assert account("neu@example.org") is None


def test_add_for_an_existing_account_only_adds_the_role(runner, make_account, make_network):
    network = make_network(slug="allianz")
    existing = make_account(email="da@example.org")
    old_hash = existing.password_hash

    result = runner.invoke(args=["accounts", "add", "da@example.org", "--role", "coordinator", "--network", "allianz"])

    assert result.exit_code == 0, result.output
    assert "gibt es bereits" in result.output and "allianz" in result.output
    assert account("da@example.org").password_hash == old_hash
    assert db.session.get(CoordinatorAssignment, (existing.id, network.id)) is not None
    again = runner.invoke(args=["accounts", "add", "da@example.org", "--role", "coordinator", "--network", "allianz"])
    assert "nichts (Rolle bestand schon)" in again.output


def test_list_shows_roles(runner, make_account, make_network):
    network = make_network(slug="allianz")
    make_account(email="admin@example.org", admin=True)
    make_account(email="koord@example.org", coordinates=[network])
    make_account(email="ohne@example.org", password=None)

    output = runner.invoke(args=["accounts", "list"]).output

    lines = output.splitlines()
    assert lines[0].startswith("admin@example.org") and "\tadmin\t" in lines[0]
    assert any(line.startswith("koord@example.org") and "coordinator:allianz" in line for line in lines)
    assert any(line.startswith("ohne@example.org") and "ohne Passwort" in line for line in lines)


def test_seed_demo_accounts_only_in_development(runner, monkeypatch):
    monkeypatch.setenv("TEILHABE_ENV", "production")
    result = runner.invoke(args=["seed-demo", "--demo-accounts"])
    assert result.exit_code != 0 and "nur mit TEILHABE_ENV=development" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Account)) == 0

    monkeypatch.setenv("TEILHABE_ENV", "development")
    result = runner.invoke(args=["seed-demo", "--demo-accounts"])
    assert result.exit_code == 0, result.output
    assert "Demo-Teilhabe-2026" in result.output
    admin = account("admin@teilhabe.example")
    coordinator = account("koordination@teilhabe.example")
    assert admin.is_admin and check_password(admin, "Demo-Teilhabe-2026")
    assert [n.slug for n in coordinator.coordinated_networks] == ["allianz-vielfaeltige-demokratie"]
    # The member side of the demo: Saalfeld (verified, in the programme, seal) and Ulm (two contacts).
    for email in ("beteiligung@stadt-saalfeld.example", "vorstand@buergerstiftung-ulm.example"):
        assert check_password(account(email), "Demo-Teilhabe-2026"), email

    again = runner.invoke(args=["seed-demo", "--demo-accounts"])
    assert again.exit_code == 0 and "gibt es bereits" in again.output
