"""Thin CLI commands that call services: seed-demo, outbox, privacy, accounts."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from app.extensions import db
from app.outbox.cli import outbox_cli

privacy_cli = AppGroup("privacy", help="Data protection (DSGVO) housekeeping.")
accounts_cli = AppGroup("accounts", help="Manage accounts and roles.")


@click.command("seed-demo")
@click.option("--members", type=click.IntRange(min=0), default=0, help="Also add N fictional members.")
@click.option("--seed", type=int, default=None, help="Random seed for reproducible members.")
@click.option("--if-empty", is_flag=True, help="Add members only when there are none yet (for `make run`).")
@click.option("--demo-accounts", is_flag=True, help="Development only: demo admin and coordinator accounts.")
def seed_demo(members: int, seed: int | None, if_empty: bool, demo_accounts: bool) -> None:
    """Load the demo networks (idempotent) and optionally fictional members."""
    from app.demo.seed import has_members, seed_members, seed_networks

    created = seed_networks()
    if demo_accounts:
        _seed_demo_accounts()
    if if_empty and has_members():
        members = 0
    added = seed_members(members, seed=seed) if members else 0
    from app.atlas.demo import seed_atlas_demo

    examples = seed_atlas_demo()

    from app.members.demo import seed_member_states

    seed_member_states()
    from app.programmes.demo import seed_programme_demo
    from app.verification.demo import seed_verification_demo

    seed_verification_demo()  # first: the programme demo's Saalfeld is this verified member
    seed_programme_demo()
    if demo_accounts:
        _open_demo_member_logins()
    db.session.commit()
    click.echo(f"Netzwerke angelegt: {created} (vorhandene unverändert). Mitglieder hinzugefügt: {added}.")
    click.echo(f"Beteiligungsatlas: {examples} Beispiel-Verfahren hinzugefügt.")


@privacy_cli.command("purge")
def privacy_purge() -> None:
    """Delete unconfirmed applications, anonymise old rejected/withdrawn ones (run daily)."""
    from app.events.housekeeping import purge_unconfirmed_registrations
    from app.members.housekeeping import purge_expired
    from app.members.imports import purge_import_rows
    from app.privacy.retention import purge

    result = purge()
    invitations = purge_expired()
    purge_import_rows()
    guests = purge_unconfirmed_registrations()
    db.session.commit()
    click.echo(f"Abgelaufene oder zurückgenommene Einladungen gelöscht: {invitations}.")
    click.echo(f"Unbestätigte Anmeldungen zu Veranstaltungen gelöscht: {guests}.")
    click.echo(
        f"Unbestätigte Anträge gelöscht: {result.deleted_unconfirmed}. "
        f"Abgelehnte/zurückgezogene Anträge anonymisiert: {result.anonymised}. "
        f"Formularentwürfe gelöscht: {result.deleted_drafts}. Alte E-Mails gelöscht: {result.deleted_mails}. "
        f"Abgelaufene Anmeldungen beendet: {result.ended_sessions}."
    )


# --------------------------------------------------------------------------- accounts


def _networks_by_slug(slugs: tuple[str, ...]) -> list:
    from app.networks.queries import find_network

    networks = []
    for slug in slugs:
        network = find_network(slug)
        if network is None:
            raise click.UsageError(f"Netzwerk „{slug}“ gibt es nicht (Kurzname aus der Adresse /netzwerke/<slug>/).")
        networks.append(network)
    return networks


@accounts_cli.command("add")
@click.argument("email")
@click.option("--role", type=click.Choice(["admin", "coordinator"]), required=True, help="Admin or coordinator.")
@click.option("--network", "network_slugs", multiple=True, help="Slug of a network to coordinate (repeatable).")
@click.option("--first-name", default="", help="First name.")
@click.option("--last-name", default="", help="Last name.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (for scripts).")
def accounts_add(email, role, network_slugs, first_name, last_name, password_stdin) -> None:
    """Create an account with a role; an existing account only gets the role added."""
    import sys

    from app.auth.accounts import create_account, find_account_by_email, grant_roles
    from app.auth.passwords import password_problem
    from app.core.errors import DomainError

    if role == "coordinator" and not network_slugs:
        raise click.UsageError("Für --role coordinator bitte mindestens ein --network SLUG angeben.")
    if role == "admin" and network_slugs:
        raise click.UsageError("Admins sehen alle Netzwerke; --network gilt nur für --role coordinator.")
    networks = _networks_by_slug(network_slugs)
    if "@" not in email:
        raise click.UsageError("Bitte eine gültige E-Mail-Adresse angeben.")
    existing = find_account_by_email(email)
    if existing is not None:
        changes = grant_roles(existing, admin=role == "admin", networks=networks)
        db.session.commit()
        click.echo(
            f"Konto {existing.email} gibt es bereits; Passwort unverändert. "
            f"Ergänzt: {', '.join(changes) if changes else 'nichts (Rolle bestand schon)'}."
        )
        return
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Passwort", hide_input=True, confirmation_prompt="Passwort wiederholen")
    problem = password_problem(password, email)
    if problem:
        raise click.ClickException(problem)
    try:
        account = create_account(
            email, password, admin=role == "admin", networks=networks, first_name=first_name, last_name=last_name
        )
    except DomainError as error:
        raise click.ClickException(error.message) from error
    db.session.commit()
    where = f" für {', '.join(n.slug for n in networks)}" if networks else ""
    click.echo(f"Konto {account.email} angelegt: {role}{where}.")


@accounts_cli.command("list")
def accounts_list() -> None:
    """List accounts with their roles."""
    from app.auth.accounts import list_accounts

    for account in list_accounts():
        roles = ["admin"] if account.is_admin else []
        roles += [f"coordinator:{network.slug}" for network in account.coordinated_networks]
        state = "deaktiviert" if account.disabled else ("aktiv" if account.password_hash else "ohne Passwort")
        last = account.last_login_at.strftime("%Y-%m-%d %H:%M") if account.last_login_at else "nie"
        click.echo(
            f"{account.email}\t{account.display_name}\t{' '.join(roles) or 'mitglied'}\t{state}\t"
            f"letzte Anmeldung: {last}"
        )


DEMO_PASSWORD = "Demo-Teilhabe-2026"  # noqa: S105 - documented development-only password (README)
DEMO_ACCOUNTS = (
    ("admin@teilhabe.example", "Ada", "Admin", True, ()),
    ("koordination@teilhabe.example", "Kai", "Koordination", False, ("allianz-vielfaeltige-demokratie",)),
)


def _seed_demo_accounts() -> None:
    """Development only: an admin and a coordinator of the Allianz with a documented password."""
    import os

    from app.auth.accounts import create_account, find_account_by_email, hash_password

    if os.environ.get("TEILHABE_ENV") != "development":
        raise click.ClickException("--demo-accounts gibt es nur mit TEILHABE_ENV=development.")
    for email, first, last, admin, slugs in DEMO_ACCOUNTS:
        if find_account_by_email(email) is not None:
            click.echo(f"Demo-Konto {email} gibt es bereits (unverändert).")
            continue
        account = create_account(
            email, admin=admin, networks=_networks_by_slug(slugs), first_name=first, last_name=last
        )
        # The documented demo password breaks the policy on purpose (it is public): set its hash
        # directly, development only.
        account.password_hash = hash_password(DEMO_PASSWORD)
        click.echo(f"Demo-Konto angelegt: {email} / Passwort: {DEMO_PASSWORD}")


# Members of the demo content who may log in in development, to try the member side: the
# verified municipality in the programme with the seal, and an organisation with two contacts.
DEMO_MEMBER_LOGINS = ("beteiligung@stadt-saalfeld.example", "vorstand@buergerstiftung-ulm.example")


def _open_demo_member_logins() -> None:
    from app.auth.accounts import find_account_by_email, hash_password

    for email in DEMO_MEMBER_LOGINS:
        account = find_account_by_email(email)
        if account is not None and account.password_hash is None:
            account.password_hash = hash_password(DEMO_PASSWORD)
            click.echo(f"Demo-Mitglied zum Anmelden: {email} / Passwort: {DEMO_PASSWORD}")


def init_app(app: Flask) -> None:
    from app.backup.cli import backup_command, restore_command

    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(seed_demo)
    app.cli.add_command(outbox_cli)

    from app.events.cli import events_cli

    app.cli.add_command(events_cli)
    app.cli.add_command(privacy_cli)
    app.cli.add_command(accounts_cli)

    from app.members.cli import members_cli

    app.cli.add_command(members_cli)

    from app.verification.cli import verification_cli

    app.cli.add_command(verification_cli)
