"""Directory benchmark: does the directory stay quick from 1,000 to 100,000 members?

For each database (a fresh SQLite file; and PostgreSQL when TEST_DATABASE_URL is set, in a
fresh separate database) and each size, this script

1. builds the schema with the real migrations (`flask db upgrade`: 0001 + the hand-written
   search objects of 0002) and loads the seven demo networks,
2. seeds N fictional members with bulk Core inserts (spread over the networks like
   `flask seed-demo --members`), then fills the search index with rebuild_index(),
3. logs in as a member of the Allianz Vielfältige Demokratie and times the same 200
   directory requests through the Flask test client (browsing, name/place/topic searches,
   Themenkreis, Ländergruppe, Bundesland and member-type filters, combinations, later pages),

and prints median and p95 per size and the ratio p95(largest) / p95(smallest).

    .venv/bin/python bench/directory.py                       # SQLite (+ PostgreSQL if TEST_DATABASE_URL)
    .venv/bin/python bench/directory.py --sizes 1000,100000 --requests 200 --pg-database teilhabe_bench
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from faker import Faker  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from app import create_app  # noqa: E402
from app.auth.accounts import hash_password  # noqa: E402
from app.demo.people import FUNCTIONS, INSTITUTIONS, PLACES, TOPICS  # noqa: E402
from app.demo.seed import seed_networks  # noqa: E402
from app.directory.search import rebuild_index  # noqa: E402
from app.extensions import db  # noqa: E402
from app.members.organisations import normalise_organisation_name  # noqa: E402
from app.models import (  # noqa: E402
    Account,
    ApplicantKind,
    Membership,
    Network,
    Organisation,
    OrganisationType,
    Visibility,
)
from app.models.membership import membership_themenkreise  # noqa: E402
from config import TestConfig  # noqa: E402

NETWORK = "allianz-vielfaeltige-demokratie"
PASSWORD = "Benchmark-Passwort-2026"  # noqa: S105 - a throw-away benchmark account
VIEWER = "betrachterin@beispiel.example"
BATCH = 5000


class BenchConfig(TestConfig):
    TESTING = False  # behave like production (no test-only shortcuts), with production's engine options
    SECRET_KEY = "benchmark-only-secret-key"  # noqa: S105 - never used outside this script


# --------------------------------------------------------------------------- seeding


def _name_pools(seed: int) -> tuple[list[str], list[str]]:
    fake = Faker("de_DE")
    fake.seed_instance(seed)
    firsts = [fake.first_name() for _ in range(3000)]
    lasts = [fake.last_name() for _ in range(6000)]
    return firsts, lasts


def _insert(connection: sa.Connection, table: sa.Table, rows: list[dict], returning: bool = False) -> list[int]:
    ids: list[int] = []
    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        if returning:
            result = connection.execute(sa.insert(table).returning(table.c.id, sort_by_parameter_order=True), chunk)
            ids.extend(result.scalars())
        else:
            connection.execute(sa.insert(table), chunk)
    return ids


def seed_members(count: int, seed: int = 1) -> None:
    """Bulk-insert `count` members (accounts, organisations, memberships, Themenkreise)."""
    rng = random.Random(seed)
    firsts, lasts = _name_pools(seed)
    networks = list(db.session.scalars(sa.select(Network).order_by(Network.id)))
    laender = sorted(PLACES)
    connection = db.session.connection()
    accounts, organisations, plans = [], [], []
    for number in range(count):
        land = laender[number % len(laender)]
        postcode, city = rng.choice(PLACES[land])
        network = networks[number % len(networks)]
        institution = rng.choice(INSTITUTIONS).format(city=city)
        accounts.append(
            {
                "email": f"mitglied{number + 1}@beispiel.example",
                "first_name": rng.choice(firsts),
                "last_name": rng.choice(lasts),
                "institution": institution,
                "function": rng.choice(FUNCTIONS),
                "street": f"Musterstraße {number % 200 + 1}",
                "postcode": postcode,
                "city": city,
                "bundesland": land,
                "phone": f"+49301234{rng.randrange(1000, 9999)}",
                "description": f"Ich arbeite zu {rng.choice(TOPICS)} und {rng.choice(TOPICS)}.",
                "email_visibility": Visibility.MEMBERS if rng.random() < 0.7 else Visibility.NOBODY,
                "description_visibility": Visibility.MEMBERS if rng.random() < 0.8 else Visibility.NOBODY,
            }
        )
        kind = network.applicant_kinds[number % len(network.applicant_kinds)]
        organisation = None
        if kind is not ApplicantKind.PERSON:
            name = f"Stadt {city}" if kind is ApplicantKind.MUNICIPALITY else f"{institution} ({number})"
            organisation = len(organisations)
            organisations.append(
                {
                    "name": name,
                    "normalized_name": normalise_organisation_name(name),
                    "type": OrganisationType.MUNICIPALITY
                    if kind is ApplicantKind.MUNICIPALITY
                    else OrganisationType.CIVIL_SOCIETY,
                    "postcode": postcode,
                    "city": city,
                    "bundesland": land,
                }
            )
        themen = []
        if network.themenkreise:
            themen = [tk.id for tk in rng.sample(network.themenkreise, k=rng.choice((1, 1, 2)))]
        groups = [group.id for group in network.laendergruppen if land in group.bundesland_codes]
        plans.append((network.id, kind, organisation, themen, groups[0] if groups else None, rng.random() < 0.85))

    account_ids = _insert(connection, Account.__table__, accounts, returning=True)
    organisation_ids = _insert(connection, Organisation.__table__, organisations, returning=True)
    memberships = [
        {
            "network_id": network_id,
            "account_id": account_ids[number],
            "kind": kind,
            "organisation_id": organisation_ids[organisation] if organisation is not None else None,
            "laendergruppe_id": group,
            "listed_in_directory": listed,
        }
        for number, (network_id, kind, organisation, _, group, listed) in enumerate(plans)
    ]
    membership_ids = _insert(connection, Membership.__table__, memberships, returning=True)
    links = [
        {"membership_id": membership_ids[number], "themenkreis_id": themenkreis_id}
        for number, plan in enumerate(plans)
        for themenkreis_id in plan[3]
    ]
    _insert(connection, membership_themenkreise, links)
    rebuild_index(connection)


def build_database(url: str, size: int) -> float:
    """Migrate a fresh database, seed it, and return the seconds it took."""
    started = time.perf_counter()
    app = create_app(BenchConfig, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        seed_networks()
        network = db.session.scalar(sa.select(Network).where(Network.slug == NETWORK))
        viewer = Account(email=VIEWER, password_hash=hash_password(PASSWORD), first_name="Bea", last_name="Bench")
        db.session.add(Membership(network=network, account=viewer, listed_in_directory=False))
        db.session.flush()
        seed_members(size)
        db.session.commit()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE" if db.engine.dialect.name == "postgresql" else "ANALYZE")
        db.engine.dispose()
    return time.perf_counter() - started


# --------------------------------------------------------------------------- requests


def request_mix(count: int, seed: int = 42) -> list[dict[str, str]]:
    """The same mixed searches and filters for every size (words drawn from the seed vocabulary)."""
    rng = random.Random(seed)
    firsts, lasts = _name_pools(1)
    cities = sorted({city for places in PLACES.values() for _, city in places})
    words = ["Stadtverwaltung", "Bürgerstiftung", "Universität", "Quartiersmanagement", "Projektleitung",
             "Referent", "Moderator", "Jugendbeteiligung", "Klimaschutz", "Bürgerhaushalte", "Evaluation",
             "Online-Beteiligung", "Leitlinien"]  # fmt: skip
    laender = sorted(PLACES)
    mixes = []
    for _ in range(count):
        roll = rng.random()
        args: dict[str, str] = {}
        if roll < 0.20:
            pass  # browse
        elif roll < 0.32:
            args["q"] = rng.choice(lasts)
        elif roll < 0.40:
            args["q"] = rng.choice(cities)
        elif roll < 0.50:
            args["q"] = rng.choice(words)
        elif roll < 0.55:
            args["q"] = f"{rng.choice(lasts)[:4]}"  # a prefix while typing
        elif roll < 0.60:
            args["q"] = f"{rng.choice(firsts)} {rng.choice(cities)}"
        elif roll < 0.72:
            args["themenkreis"] = "{themenkreis}"
        elif roll < 0.82:
            args["bundesland"] = rng.choice(laender)
        elif roll < 0.86:
            args["laendergruppe"] = "{laendergruppe}"
        elif roll < 0.88:
            args["kind"] = "person"
        elif roll < 0.94:
            args.update(themenkreis="{themenkreis}", bundesland=rng.choice(laender))
        else:
            args.update(q=rng.choice(words), themenkreis="{themenkreis}")
        if rng.random() < 0.25:
            args["page"] = str(rng.choice((2, 3, 5, 10, 40)))
        mixes.append(args)
    return mixes


def _urls(app, mix: list[dict[str, str]]) -> list[str]:
    with app.app_context():
        network = db.session.scalar(sa.select(Network).where(Network.slug == NETWORK))
        values = {
            "themenkreis": [str(tk.id) for tk in network.themenkreise],
            "laendergruppe": [str(group.id) for group in network.laendergruppen],
        }
        db.session.remove()
    rng = random.Random(7)
    urls = []
    for args in mix:
        filled = {
            key: rng.choice(values[value[1:-1]]) if value.startswith("{") else value for key, value in args.items()
        }
        urls.append(f"/netzwerke/{NETWORK}/verzeichnis" + (f"?{urlencode(filled)}" if filled else ""))
    return urls


def _logged_in_client(app):
    client = app.test_client()
    response = client.post("/anmelden", data={"email": VIEWER, "password": PASSWORD})
    if response.status_code != 302:
        raise SystemExit(f"login failed ({response.status_code}); is the login route in place?")
    return client


def time_requests(urls: dict[int, str], mix: list[dict[str, str]], warmup: int = 30) -> dict[int, list[float]]:
    """Time the same requests against every size, interleaved (1k, 100k, 1k, 100k, ...).

    Interleaving spreads machine noise (other processes, CPU frequency) evenly over the sizes,
    so the ratio compares the databases, not the moments they were measured at.
    """
    apps = {size: create_app(BenchConfig, SQLALCHEMY_DATABASE_URI=url) for size, url in urls.items()}
    targets = {size: _urls(app, mix) for size, app in apps.items()}
    clients = {size: _logged_in_client(app) for size, app in apps.items()}
    # As in production (gunicorn.conf.py's pre_fork): the app's long-lived objects are frozen,
    # so a full garbage collection does not walk them in the middle of a timed request.
    gc.collect()
    gc.freeze()
    timings: dict[int, list[float]] = {size: [] for size in apps}
    for number in range(warmup + len(mix)):
        index = number % len(mix)
        order = sorted(apps) if number % 2 == 0 else sorted(apps, reverse=True)
        for size in order:
            started = time.perf_counter()
            response = clients[size].get(targets[size][index])
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise SystemExit(f"{targets[size][index]}: HTTP {response.status_code}")
            if number >= warmup:
                timings[size].append(elapsed)
    for app in apps.values():
        with app.app_context():
            db.engine.dispose()
    return timings


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


# --------------------------------------------------------------------------- databases


def sqlite_urls(sizes: list[int], folder: Path) -> dict[int, str]:
    return {size: f"sqlite:///{folder / f'bench-{size}.sqlite3'}" for size in sizes}


def postgres_urls(base: str, name: str, sizes: list[int]) -> tuple[dict[int, str], sa.Engine]:
    admin_url = sa.make_url(base)
    admin = sa.create_engine(admin_url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    urls = {}
    with admin.connect() as connection:
        for size in sizes:
            database = f"{name}_{size}"
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            connection.exec_driver_sql(f'CREATE DATABASE "{database}"')
            urls[size] = admin_url.set(database=database).render_as_string(hide_password=False)
    return urls, admin


def run(
    label: str, urls: dict[int, str], mix: list[dict[str, str]], slowest: int = 0, warmup: int = 30
) -> dict[int, list[float]]:
    for size, url in urls.items():
        seconds = build_database(url, size)
        print(f"{label}: {size:>7,} members seeded and indexed in {seconds:5.1f} s", flush=True)
    results = time_requests(urls, mix, warmup)
    smallest, largest = min(results), max(results)
    for size, timings in results.items():
        print(
            f"{label}: {size:>7,} members  median {statistics.median(timings):6.1f} ms  "
            f"p95 {p95(timings):6.1f} ms  ({len(timings)} requests)"
        )
    ratio = p95(results[largest]) / p95(results[smallest])
    print(f"{label}: ratio p95({largest:,}) / p95({smallest:,}) = {ratio:.2f}  (target ≤ 1.2)", flush=True)
    print_slowest(results, mix, slowest)
    return results


def add_timing_options(parser: argparse.ArgumentParser) -> None:
    """--warmup and --slowest, shared with bench/review_queue.py."""
    parser.add_argument(
        "--warmup", type=int, help="untimed requests first (default: the whole mix once, as on a running server)"
    )
    parser.add_argument("--slowest", type=int, default=0, help="list the N slowest requests of the largest size")


def warmup_for(args: argparse.Namespace, mix: list[dict[str, str]]) -> int:
    # Each request of the mix is timed once; untimed, the first visit of a query would read its
    # pages into the database's cache, which a running server has long done (and 100,000 rows
    # have more pages to read than 1,000).
    return len(mix) if args.warmup is None else args.warmup


def print_slowest(results: dict[int, list[float]], mix: list[dict[str, str]], count: int) -> None:
    """Where the p95 comes from: the slowest requests at the largest size, beside the smallest."""
    if not count:
        return
    smallest, largest = min(results), max(results)
    print(f"  slowest at {largest:,} (ms at {largest:,} / at {smallest:,}):")
    for index in sorted(range(len(mix)), key=lambda index: -results[largest][index])[:count]:
        print(f"    {results[largest][index]:7.1f} / {results[smallest][index]:6.1f}  ?{urlencode(mix[index])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="1000,100000", help="comma-separated member counts")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--pg-database", default="teilhabe_bench", help="prefix of the fresh PostgreSQL databases")
    parser.add_argument("--skip-sqlite", action="store_true")
    add_timing_options(parser)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    mix = request_mix(args.requests)
    warmup = warmup_for(args, mix)
    with tempfile.TemporaryDirectory(prefix="teilhabe-bench-") as folder:
        if not args.skip_sqlite:
            run("SQLite", sqlite_urls(sizes, Path(folder)), mix, args.slowest, warmup)
    base = os.environ.get("TEST_DATABASE_URL")
    if base:
        urls, admin = postgres_urls(base, args.pg_database, sizes)
        try:
            run("PostgreSQL", urls, mix, args.slowest, warmup)
        finally:
            with admin.connect() as connection:
                for url in urls.values():
                    connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{sa.make_url(url).database}" WITH (FORCE)')
            admin.dispose()
    else:
        print("PostgreSQL: skipped (set TEST_DATABASE_URL to include it)")


if __name__ == "__main__":
    main()
