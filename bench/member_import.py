"""Member import benchmark: rows per second of the dry run and of the import, 1,000 and 20,000 rows.

For each database (a fresh SQLite file; PostgreSQL when TEST_DATABASE_URL is set: that database's
public schema is emptied and rebuilt, so point it at a scratch database) and each size, this
script migrates a fresh schema, loads the demo networks with 500 existing members, writes a
member list as German Excel saves it (Windows-1252, ';', umlauts, some bad rows and duplicates),
and times

1. the dry run: reading the file, mapping the columns and checking every row (e-mail, PLZ,
   phone, Themenkreis, duplicates in the file and in the database, similar organisations),
2. the import: the same check once more, then one invitation and one queued mail per valid row.

    .venv/bin/python bench/member_import.py                 # SQLite (+ PostgreSQL if TEST_DATABASE_URL)
    .venv/bin/python bench/member_import.py --sizes 1000,5000,20000 --skip-sqlite
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from faker import Faker  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from app import create_app  # noqa: E402
from app.demo.people import FUNCTIONS, INSTITUTIONS, PLACES  # noqa: E402
from app.demo.seed import seed_members, seed_networks  # noqa: E402
from app.extensions import db  # noqa: E402
from app.members import imports  # noqa: E402
from app.models import Network  # noqa: E402
from config import TestConfig  # noqa: E402

NETWORK = "allianz-vielfaeltige-demokratie"


class BenchConfig(TestConfig):
    TESTING = False
    SECRET_KEY = "benchmark-only-secret-key"  # noqa: S105 - never used outside this script
    MEMBER_IMPORT_MAX_ROWS = 50_000


def member_list(size: int, seed: int = 7) -> bytes:
    """A list like the networks keep in Excel; about 3 % bad rows and 1 % repeats."""
    fake = Faker("de_DE")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    laender = sorted(PLACES)
    themen = ["Transparenz", "Qualität", "Kompetenz", "Beteiligung", "Integrierte Partizipation"]
    lines = ["Vorname;Nachname;E-Mail;Institution;Funktion;Straße;PLZ;Ort;Telefon;Themenkreis;Mitglied seit"]
    for number in range(size):
        postcode, city = rng.choice(PLACES[laender[number % len(laender)]])
        email = (
            f"person{number}@beispiel.example"
            if rng.random() > 0.01
            else f"person{max(0, number - 1)}@beispiel.example"
        )
        if rng.random() < 0.03:
            postcode = "12AB"
        lines.append(
            ";".join(
                [
                    fake.first_name(),
                    fake.last_name(),
                    email,
                    rng.choice(INSTITUTIONS).format(city=city) + f" {number}",
                    rng.choice(FUNCTIONS),
                    fake.street_address(),
                    postcode,
                    city,
                    f"030 {rng.randrange(1000000, 9999999)}",
                    rng.choice(themen),
                    f"{rng.randrange(1, 28):02d}.{rng.randrange(1, 12):02d}.{rng.randrange(2015, 2025)}",
                ]
            )
        )
    return "\r\n".join(lines).encode("cp1252", errors="replace")


def fresh_schema(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.exec_driver_sql("DROP SCHEMA public CASCADE")
            connection.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()


def measure(label: str, url: str, size: int) -> None:
    fresh_schema(url)
    app = create_app(BenchConfig, SQLALCHEMY_DATABASE_URI=url)
    data = member_list(size)
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        seed_networks()
        seed_members(500, seed=1)
        db.session.commit()
        network = db.session.scalar(sa.select(Network).where(Network.slug == NETWORK))
        with app.test_request_context(base_url="http://localhost"):
            started = time.perf_counter()
            member_import = imports.start_import(network, None, "liste.csv", data)
            check = imports.check_import(member_import)
            db.session.commit()
            dry_run = time.perf_counter() - started
            started = time.perf_counter()
            imports.run_import(member_import, None, actor_label="Benchmark")
            db.session.commit()
            full = time.perf_counter() - started
        print(
            f"{label}: {size:>6,} rows  dry run {dry_run:6.2f} s = {size / dry_run:7,.0f} rows/s   "
            f"import {full:6.2f} s = {size / full:7,.0f} rows/s   "
            f"({check.count('new')} invited, {check.count('skip')} skipped, {check.count('error')} with errors)",
            flush=True,
        )
        db.session.remove()
        db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="1000,20000", help="comma-separated row counts")
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    if not args.skip_sqlite:
        with tempfile.TemporaryDirectory(prefix="teilhabe-bench-") as folder:
            for size in sizes:
                measure("SQLite", f"sqlite:///{Path(folder) / f'import-{size}.sqlite3'}", size)
    base = os.environ.get("TEST_DATABASE_URL")
    if base:
        for size in sizes:
            measure("PostgreSQL", base, size)
    else:
        print("PostgreSQL: skipped (set TEST_DATABASE_URL to a scratch database to include it)")


if __name__ == "__main__":
    main()
