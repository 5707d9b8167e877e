"""Review-queue benchmark: does the coordinators' queue stay quick from 1,000 to 100,000 applications?

Like bench/directory.py: for each database (a fresh SQLite file; PostgreSQL in fresh separate
databases when TEST_DATABASE_URL is set) and each size, this script

1. builds the schema with the real migrations and loads the seven demo networks,
2. bulk-inserts N applications into the Allianz Vielfältige Demokratie (the network the
   coordinator reviews; states spread like a network a few years old: most decided, about
   one in ten open), each with a Themenkreis, some assigned to the coordinator,
3. logs in as its coordinator and times the same 200 queue requests through the Flask test
   client (tabs, Themenkreis and date filters, name/institution/e-mail searches, "only mine",
   later pages), interleaving the sizes,

and prints median and p95 per size, the ratio p95(largest) / p95(smallest) (target ≤ 1.2) and
the SQL statements per page for each size (they must not grow with the data).

    .venv/bin/python bench/review_queue.py                               # SQLite (+ PostgreSQL if TEST_DATABASE_URL)
    .venv/bin/python bench/review_queue.py --sizes 1000,100000 --requests 200 --pg-database test_perf_queue
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
# This file is named like the standard library's `queue` (which psycopg imports): take the
# bench folder, which Python puts first when running the script, off the import path.
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))
_spec = importlib.util.spec_from_file_location("directory_bench", ROOT / "bench" / "directory.py")
directory_bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(directory_bench)

from faker import Faker  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from app import create_app  # noqa: E402
from app.auth.accounts import hash_password  # noqa: E402
from app.demo.seed import seed_networks  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import Account, Application, ApplicationState, CoordinatorAssignment, Network, Themenkreis  # noqa: E402
from app.models.application import application_themenkreise  # noqa: E402
from app.models.base import utcnow  # noqa: E402
from app.review import search as review_search  # noqa: E402

NETWORK = directory_bench.NETWORK
PASSWORD = "Benchmark-Passwort-2026"  # noqa: S105 - a throw-away benchmark account
COORDINATOR = "koordinatorin@beispiel.example"
BenchConfig = directory_bench.BenchConfig
S = ApplicationState
# Most applications of a network in use for years are decided; about one in ten is open.
STATES = [(S.ACCEPTED, 55), (S.REJECTED, 20), (S.WITHDRAWN, 10), (S.RECEIVED, 8), (S.IN_REVIEW, 4), (S.QUERY, 3)]
INSTITUTIONS = ["Stadtverwaltung", "Bürgerverein", "Landkreis", "Beteiligungsbüro", "Hochschule", "Stiftung"]


def seed_applications(count: int, network_id: int, coordinator_id: int | None = None, seed: int = 7) -> None:
    """Bulk-insert `count` applications (with one Themenkreis each) into a network."""
    rng = random.Random(seed)
    fake = Faker("de_DE")
    fake.seed_instance(seed)
    firsts = [fake.first_name() for _ in range(2000)]
    lasts = [fake.last_name() for _ in range(4000)]
    cities = [fake.city() for _ in range(500)]
    states = [state for state, weight in STATES for _ in range(weight)]
    themenkreise = list(db.session.scalars(sa.select(Themenkreis.id).where(Themenkreis.network_id == network_id)))
    now = utcnow()
    rows = []
    for number in range(count):
        first, last = rng.choice(firsts), rng.choice(lasts)
        created = now - timedelta(minutes=rng.randrange(4 * 365 * 24 * 60))
        state = rng.choice(states)
        rows.append(
            {
                "network_id": network_id,
                "state": state,
                "first_name": first,
                "last_name": last,
                "email": f"antrag{number}@beispiel.example",
                "institution": f"{rng.choice(INSTITUTIONS)} {rng.choice(cities)}",
                "institution_normalized": "",
                "city": rng.choice(cities),
                "postcode": f"{rng.randrange(1067, 99999):05d}",
                "submission_token": secrets.token_hex(16),
                "status_token_hash": secrets.token_hex(32),
                "created_at": created,
                "updated_at": created,
                "confirmed_at": created,
                "assigned_to_id": coordinator_id if coordinator_id and rng.random() < 0.02 else None,
            }
        )
    connection = db.session.connection()
    ids = directory_bench._insert(connection, Application.__table__, rows, returning=True)
    if themenkreise:
        links = [{"application_id": id_, "themenkreis_id": rng.choice(themenkreise)} for id_ in ids]
        directory_bench._insert(connection, application_themenkreise, links)
    review_search.reindex(connection, ids)  # Core inserts bypass the ORM hook that keeps the search index


def build_database(url: str, size: int) -> float:
    started = time.perf_counter()
    app = create_app(BenchConfig, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        seed_networks()
        network = db.session.scalar(sa.select(Network).where(Network.slug == NETWORK))
        coordinator = Account(
            email=COORDINATOR, password_hash=hash_password(PASSWORD), first_name="Kora", last_name="Bench"
        )
        db.session.add(coordinator)
        db.session.flush()
        db.session.add(CoordinatorAssignment(account_id=coordinator.id, network_id=network.id))
        seed_applications(size, network.id, coordinator.id)
        db.session.commit()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE" if db.engine.dialect.name == "postgresql" else "ANALYZE")
        db.engine.dispose()
    return time.perf_counter() - started


def request_mix(count: int, seed: int = 42) -> list[dict[str, str]]:
    """The same mix of tabs, filters, searches and pages for every size."""
    rng = random.Random(seed)
    fake = Faker("de_DE")
    fake.seed_instance(3)
    words = [fake.last_name() for _ in range(50)] + INSTITUTIONS + ["antrag12", "beispiel"]
    tabs = ["open", "open", "open", "received", "in_review", "query", "accepted", "rejected", "all"]
    mix = []
    for _ in range(count):
        args = {"status": rng.choice(tabs)}
        roll = rng.random()
        if roll < 0.25:
            args["q"] = rng.choice(words)
        elif roll < 0.35:
            args["themenkreis"] = "THEMENKREIS"
        elif roll < 0.45:
            args["date_from"] = "2025-01-01"
            args["date_to"] = "2025-12-31"
        elif roll < 0.52:
            args["mine"] = "1"
        if rng.random() < 0.2:
            args["page"] = str(rng.randint(2, 4))
        mix.append(args)
    return mix


def _urls(app, mix: list[dict[str, str]]) -> list[str]:
    with app.app_context():
        themenkreis = db.session.scalar(
            sa.select(Themenkreis.id).join(Network).where(Network.slug == NETWORK).order_by(Themenkreis.position)
        )
    urls = []
    for args in mix:
        filled = {key: (str(themenkreis) if value == "THEMENKREIS" else value) for key, value in args.items()}
        urls.append(f"/koordination/{NETWORK}/antraege?{urlencode(filled)}")
    return urls


def _client(app):
    client = app.test_client()
    response = client.post("/anmelden", data={"email": COORDINATOR, "password": PASSWORD})
    if response.status_code != 302:
        raise SystemExit(f"login failed ({response.status_code})")
    return client


def statements_per_page(app, client, url: str) -> int:
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        client.get(url)
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    return len(statements)


def time_requests(urls: dict[int, str], mix: list[dict[str, str]], warmup: int = 30) -> dict[int, list[float]]:
    apps = {size: create_app(BenchConfig, SQLALCHEMY_DATABASE_URI=url) for size, url in urls.items()}
    targets = {size: _urls(app, mix) for size, app in apps.items()}
    clients = {size: _client(app) for size, app in apps.items()}
    # As in production (gunicorn.conf.py's pre_fork): the app's long-lived objects are frozen,
    # so a full garbage collection does not walk them in the middle of a timed request.
    gc.collect()
    gc.freeze()
    for size in apps:
        counts = {statements_per_page(apps[size], clients[size], url) for url in targets[size][:40]}
        print(f"  {size:>7,} applications: SQL statements per queue page {sorted(counts)}")
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


def run(label: str, urls: dict[int, str], mix: list[dict[str, str]], slowest: int = 0, warmup: int = 30) -> None:
    for size, url in urls.items():
        seconds = build_database(url, size)
        print(f"{label}: {size:>7,} applications seeded in {seconds:5.1f} s", flush=True)
    results = time_requests(urls, mix, warmup)
    p95 = directory_bench.p95
    for size, timings in results.items():
        print(
            f"{label}: {size:>7,} applications  median {statistics.median(timings):6.1f} ms  "
            f"p95 {p95(timings):6.1f} ms  ({len(timings)} requests)"
        )
    smallest, largest = min(results), max(results)
    ratio = p95(results[largest]) / p95(results[smallest])
    print(f"{label}: ratio p95({largest:,}) / p95({smallest:,}) = {ratio:.2f}  (target ≤ 1.2)", flush=True)
    directory_bench.print_slowest(results, mix, slowest)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="1000,100000", help="comma-separated application counts")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument(
        "--pg-database", default="teilhabe_bench_queue", help="prefix of the fresh PostgreSQL databases"
    )
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument(
        "--keep", action="store_true", help="keep the PostgreSQL databases afterwards (to look at plans by hand)"
    )
    directory_bench.add_timing_options(parser)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    mix = request_mix(args.requests)
    warmup = directory_bench.warmup_for(args, mix)
    with tempfile.TemporaryDirectory(prefix="teilhabe-bench-") as folder:
        if not args.skip_sqlite:
            run("SQLite", directory_bench.sqlite_urls(sizes, Path(folder)), mix, args.slowest, warmup)
    base = os.environ.get("TEST_DATABASE_URL")
    if base:
        urls, admin = directory_bench.postgres_urls(base, args.pg_database, sizes)
        try:
            run("PostgreSQL", urls, mix, args.slowest, warmup)
        finally:
            with admin.connect() as connection:
                for url in [] if args.keep else urls.values():
                    connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{sa.make_url(url).database}" WITH (FORCE)')
            admin.dispose()
    else:
        print("PostgreSQL: skipped (set TEST_DATABASE_URL to include it)")


if __name__ == "__main__":
    main()
