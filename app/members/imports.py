"""Import an existing member list: read, map, check (dry run), then invite the valid rows.

Nothing but the uploaded rows is stored before the coordinator confirms; only rows without
errors are imported, and a row whose person is already a member or invited is skipped, so
importing the same file twice creates nothing new.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from rapidfuzz import fuzz, process

from app.core import history
from app.core.errors import DomainError
from app.extensions import db
from app.members import invitations
from app.members.columns import clean_mapping, guess_mapping, mapping_problems
from app.members.organisations import normalise_organisation_name
from app.members.row_checks import RowCheck, check_row, vocabulary
from app.members.spreadsheets import read_table
from app.models import (
    Account,
    HistoryKind,
    ImportState,
    MemberImport,
    MemberInvitation,
    Membership,
    Network,
    Organisation,
    utcnow,
)
from app.review.duplicates import SIMILARITY_THRESHOLD, similarity
from app.review.exports import BOM, safe_cell


@dataclass
class ImportCheck:
    """The dry run of one import: every row with its problems, and the counts."""

    rows: list[RowCheck]
    header: list[str]
    mapping: dict[str, str]
    problems: list[str] = field(default_factory=list)  # of the mapping: nothing can be imported

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def unmapped(self) -> list[str]:
        return [title or f"#{index + 1}" for index, title in enumerate(self.header) if str(index) not in self.mapping]


def start_import(network: Network, actor: Account | None, filename: str, data: bytes) -> MemberImport:
    """Read an uploaded file and keep its rows for the dry run (flushes); DomainError on a bad file."""
    header, rows = read_table(filename, data, current_app.config["MEMBER_IMPORT_MAX_ROWS"])
    member_import = MemberImport(
        network_id=network.id,
        actor_id=actor.id if actor else None,
        filename=(filename or "liste")[-200:],
        data={"header": header, "rows": rows, "mapping": guess_mapping(header)},
        rows_total=len(rows),
    )
    db.session.add(member_import)
    db.session.flush()
    return member_import


def find_import(network: Network, import_id: int) -> MemberImport | None:
    member_import = db.session.get(MemberImport, import_id)
    return member_import if member_import is not None and member_import.network_id == network.id else None


def recent_imports(network: Network, limit: int = 10) -> list[MemberImport]:
    return list(
        db.session.scalars(
            sa.select(MemberImport)
            .where(MemberImport.network_id == network.id)
            .order_by(MemberImport.created_at.desc())
            .limit(limit)
        )
    )


def set_mapping(member_import: MemberImport, mapping: dict[str, str]) -> None:
    """The coordinator's corrected mapping (flushes)."""
    if member_import.state is not ImportState.CHECKED:
        raise DomainError(str(_l("Diese Liste wurde bereits importiert.")))
    data = dict(member_import.data)
    data["mapping"] = clean_mapping(mapping, len(data["header"]))
    member_import.data = data
    db.session.flush()


def _existing(network: Network, emails: list[str]) -> tuple[dict[str, str], set[str], set[str]]:
    """(active members by e-mail, e-mails with an open invitation, e-mails with an account)."""
    members: dict[str, str] = {
        row.email: row.last_name
        for row in db.session.execute(
            sa.select(Account.email, Account.last_name)
            .join(Membership, Membership.account_id == Account.id)
            .where(Membership.network_id == network.id, Membership.ended_at.is_(None))
        )
    }
    invited = set(
        db.session.scalars(
            sa.select(MemberInvitation.email).where(
                MemberInvitation.network_id == network.id,
                MemberInvitation.accepted_at.is_(None),
                MemberInvitation.cancelled_at.is_(None),
                MemberInvitation.expires_at > utcnow(),
            )
        )
    )
    accounts: set[str] = set()
    unique = sorted(set(emails))
    for start in range(0, len(unique), 500):
        accounts.update(
            db.session.scalars(sa.select(Account.email).where(Account.email.in_(unique[start : start + 500])))
        )
    return members, invited, accounts


def _organisations(network: Network) -> dict[str, str]:
    """Normalised organisation name -> shown name, of the active members and open invitations."""
    names: dict[str, str] = {}
    rows = db.session.execute(
        sa.select(Organisation.name, Organisation.normalized_name, Account.institution)
        .select_from(Membership)
        .join(Account, Account.id == Membership.account_id)
        .outerjoin(Organisation, Organisation.id == Membership.organisation_id)
        .where(Membership.network_id == network.id, Membership.ended_at.is_(None))
    ).all()
    for org_name, normalised, institution in rows:
        shown = org_name or institution
        key = normalised or normalise_organisation_name(institution)
        if key:
            names.setdefault(key, shown)
    for institution in db.session.scalars(
        sa.select(MemberInvitation.institution).where(
            MemberInvitation.network_id == network.id,
            MemberInvitation.accepted_at.is_(None),
            MemberInvitation.cancelled_at.is_(None),
        )
    ):
        key = normalise_organisation_name(institution)
        if key:
            names.setdefault(key, institution)
    return names


def _similar_organisation(name: str, known: dict[str, str], choices: list[str]) -> str | None:
    """The review's fuzzy matching, with rapidfuzz picking candidates in C first."""
    if not name:
        return None
    if name in known:
        return known[name]
    for scorer in (fuzz.token_sort_ratio, fuzz.token_set_ratio):
        best = process.extractOne(name, choices, scorer=scorer, processor=None, score_cutoff=SIMILARITY_THRESHOLD)
        if best is not None and similarity(name, best[0]) >= SIMILARITY_THRESHOLD:
            return known[best[0]]
    return None


def check_import(member_import: MemberImport) -> ImportCheck:
    """The dry run: check every row against the file, the network and the database."""
    network = member_import.network
    data = member_import.data
    header, mapping = data["header"], clean_mapping(data.get("mapping", {}), len(data["header"]))
    check = ImportCheck(rows=[], header=header, mapping=mapping, problems=mapping_problems(mapping))
    words = vocabulary(network)
    columns = [(int(index), name) for index, name in mapping.items()]
    for number, cells in enumerate(data["rows"], start=2):
        row = RowCheck(number=number, cells=cells)
        check_row(row, {name: cells[index] for index, name in columns}, words)
        check.rows.append(row)
    members, invited, accounts = _existing(network, [row.values["email"] for row in check.rows])
    one_per_org = network.one_membership_per_organisation
    organisations = _organisations(network) if one_per_org else {}
    # Fuzzy matching against the network's members and invitations; rows of the file among
    # themselves only by equal normalised names (fuzzy would be quadratic in the file size).
    existing_names = list(organisations)
    first_line: dict[str, int] = {}
    for row in check.rows:
        email = row.values["email"]
        if email in first_line:
            row.skip = True
            row.warnings.append(
                str(
                    _l(
                        "Dieselbe E-Mail-Adresse steht schon in Zeile %(line)s; diese Zeile wird nicht importiert.",
                        line=first_line[email],
                    )
                )
            )
            continue
        first_line[email] = row.number
        if email in members:
            row.skip = True
            row.warnings.append(str(_l("Bereits Mitglied dieses Netzwerks – wird übersprungen.")))
        elif email in invited:
            row.skip = True
            row.warnings.append(str(_l("Bereits eingeladen – wird übersprungen.")))
        elif email in accounts:
            row.warnings.append(
                str(_l("Es gibt schon ein Konto mit dieser E-Mail-Adresse; die Einladung wird ihm zugeordnet."))
            )
        if one_per_org and not row.skip:
            name = normalise_organisation_name(row.values["institution"])
            match = _similar_organisation(name, organisations, existing_names)
            if match:
                row.warnings.append(
                    str(
                        _l(
                            "Die Organisation „%(name)s“ hat möglicherweise schon ein Mitglied "
                            "(nur eine Mitgliedschaft pro Organisation).",
                            name=match,
                        )
                    )
                )
            elif name and not row.errors:
                organisations[name] = row.values["institution"]
    return check


def run_import(member_import: MemberImport, actor: Account | None, actor_label: str = "") -> ImportCheck:
    """Invite every row without errors that is not yet member or invited; record the import (flushes)."""
    if member_import.state is not ImportState.CHECKED:
        raise DomainError(str(_l("Diese Liste wurde bereits importiert.")))
    check = check_import(member_import)
    if check.problems:
        raise DomainError(check.problems[0], field="mapping")
    network = member_import.network
    new_rows = [row for row in check.rows if row.status == "new"]
    invitations.supersede_expired(network, [row.values["email"] for row in new_rows])
    created = invitations.invite_many(network, [row.values for row in new_rows], actor, import_id=member_import.id)
    member_import.state = ImportState.IMPORTED
    member_import.imported_at = utcnow()
    member_import.rows_valid = check.count("new")
    member_import.rows_invalid = check.count("error")
    member_import.rows_existing = check.count("skip")
    member_import.invited = created
    history.record(
        HistoryKind.IMPORT,
        network_id=network.id,
        actor=actor,
        actor_label=actor_label,
        message=_l(
            "Mitgliederliste „%(file)s“ importiert: %(total)s Zeilen, %(invited)s eingeladen, "
            "%(skipped)s übersprungen (schon Mitglied, eingeladen oder doppelt), %(invalid)s mit Fehlern.",
            file=member_import.filename,
            total=member_import.rows_total,
            invited=created,
            skipped=member_import.rows_existing,
            invalid=member_import.rows_invalid,
        ),
        internal=True,
    )
    return check


def rejected_rows_csv(check: ImportCheck) -> bytes:
    """The rows with errors in the original columns plus a column "Fehler", for Excel."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_cell(title) for title in [*check.header, str(_l("Fehler"))]])
    for row in check.rows:
        if row.errors:
            writer.writerow([safe_cell(cell) for cell in [*row.cells, " | ".join(row.errors)]])
    return (BOM + buffer.getvalue()).encode("utf-8")


def purge_import_rows(now=None, keep_days: int = 30) -> int:
    """Forget the uploaded rows of imports older than `keep_days` (the counts stay)."""
    cutoff = (now or utcnow()) - timedelta(days=keep_days)
    stale = db.session.scalars(
        sa.select(MemberImport).where(MemberImport.created_at < cutoff, MemberImport.rows_total > 0)
    ).all()
    for member_import in stale:
        if member_import.data.get("rows"):
            member_import.data = {"header": member_import.data.get("header", []), "rows": [], "mapping": {}}
    db.session.flush()
    return len(stale)
