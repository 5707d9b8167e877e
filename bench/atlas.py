"""Atlas benchmark: do the public atlas pages stay flat from 100 to 10,000 published entries?

For each database (fresh SQLite files; and PostgreSQL when TEST_DATABASE_URL is set, in two
fresh *schemas* of that database, so the bench touches no other database) and each size, this
script builds the schema with the real migrations (`flask db upgrade`, including the hand-written
FTS5 / tsvector objects of 0005), loads the demo networks and methods, bulk-inserts N fictional
published entries and fills the search index, then times the same mixed requests (browsing,
Bundesland / method / topic / year / level / initiator filters, text searches, combinations,
later pages, entry pages) through the Flask test client, interleaved between the sizes.
It prints median and p95 per size and the ratio p95(largest) / p95(smallest).

    .venv/bin/python bench/atlas.py                         # SQLite (+ PostgreSQL if TEST_DATABASE_URL)
    .venv/bin/python bench/atlas.py --sizes 100,10000 --requests 300
"""

from __future__ import annotations

import argparse
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

from flask_migrate import upgrade  # noqa: E402

from app import create_app  # noqa: E402
from app.atlas import search  # noqa: E402
from app.atlas.settings import configure, ensure_default_methods, methods  # noqa: E402
from app.core.regions import BUNDESLAENDER  # noqa: E402
from app.demo.seed import seed_networks  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import AtlasEntry, AtlasState, Network  # noqa: E402
from app.models.atlas import (  # noqa: E402
    AtlasInitiator,
    AtlasLevel,
    AtlasLicence,
    AtlasSource,
    AtlasTopic,
    atlas_entry_methods,
)
from app.models.base import utcnow  # noqa: E402
from config import TestConfig  # noqa: E402

NETWORKS = ("netzwerk-buergerbeteiligung-sachsen", "allianz-vielfaeltige-demokratie")
WORDS = ("Bürgerrat", "Klima", "Radverkehr", "Spielplatz", "Haushalt", "Innenstadt", "Jugend", "Energie",
         "Wohnen", "Schule", "Lärm", "Dorfmitte", "Bahnhof", "Quartier", "Pflege")  # fmt: skip
PLACES = ("Pirna", "Leipzig", "Görlitz", "Bautzen", "Köln", "Kassel", "Ulm", "Erfurt", "Kiel", "Trier")
BATCH = 2000


class BenchConfig(TestConfig):
    TESTING = False
    SECRET_KEY = "benchmark-only-secret-key"  # noqa: S105 - never used outside this script


def seed_entries(count: int, seed: int = 1) -> None:
    """Bulk-insert `count` published entries spread over networks, Länder, methods, topics and years."""
    rng = random.Random(seed)
    networks = [db.session.scalar(sa.select(Network).where(Network.slug == slug)) for slug in NETWORKS]
    method_ids = [m.id for m in methods()]
    laender, topics, levels, initiators = list(BUNDESLAENDER), list(AtlasTopic), list(AtlasLevel), list(AtlasInitiator)
    now = utcnow()
    rows, links = [], []
    for number in range(count):
        start = rng.randrange(2010, 2027)
        title = f"{rng.choice(WORDS)} {rng.choice(PLACES)} {number}"
        rows.append({
            "network_id": networks[number % 2].id, "state": AtlasState.PUBLISHED.value, "version": 1,
            "title": title, "summary": f"{rng.choice(WORDS)} und {rng.choice(WORDS)} in {rng.choice(PLACES)}.",
            "body": "", "organiser": f"Stadt {rng.choice(PLACES)}", "bundesland": rng.choice(laender), "ags": "",
            "level": rng.choice(levels).value, "topic": rng.choice(topics).value,
            "initiator": rng.choice(initiators).value, "start_year": start, "start_month": rng.randrange(1, 13),
            "end_year": start + rng.choice((0, 0, 1)), "end_month": rng.randrange(1, 13), "ongoing": False,
            "result": "", "impact": "", "link_portal": "", "link_decision": "", "contact": "",
            "source": AtlasSource.IMPORTED.value, "source_name": "Benchmark", "is_example": True,
            "created_at": now, "updated_at": now, "published_at": now, "submitted_at": now,
        })  # fmt: skip
    connection = db.session.connection()
    ids: list[int] = []
    table = AtlasEntry.__table__
    for begin in range(0, len(rows), BATCH):
        result = connection.execute(
            sa.insert(table).returning(table.c.id, sort_by_parameter_order=True), rows[begin : begin + BATCH]
        )
        ids.extend(result.scalars())
    for entry_id in ids:
        for method_id in rng.sample(method_ids, k=rng.choice((1, 1, 2))):
            links.append({"entry_id": entry_id, "method_id": method_id})
    for begin in range(0, len(links), BATCH):
        connection.execute(sa.insert(atlas_entry_methods), links[begin : begin + BATCH])
    search.rebuild()


def build_database(url: str, size: int) -> float:
    started = time.perf_counter()
    app = create_app(BenchConfig, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        seed_networks()
        ensure_default_methods()
        for slug in NETWORKS:
            network = db.session.scalar(sa.select(Network).where(Network.slug == slug))
            configure(network, enabled=True, licence=AtlasLicence.CC_BY, embed_origins="")
        seed_entries(size)
        db.session.commit()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("ANALYZE")
        db.engine.dispose()
    return time.perf_counter() - started


def request_mix(count: int, method_ids: list[int], seed: int = 42) -> list[str]:
    """The same requests for every size (entry pages use ids that exist at every size)."""
    rng = random.Random(seed)
    urls = []
    for _ in range(count):
        roll, args = rng.random(), {}
        base = "/atlas" if rng.random() < 0.5 else f"/netzwerke/{rng.choice(NETWORKS)}/atlas"
        if roll < 0.10:
            urls.append(f"/atlas/verfahren/{rng.randrange(1, 100)}")
            continue
        if roll < 0.25:
            pass
        elif roll < 0.40:
            args["bundesland"] = rng.choice(list(BUNDESLAENDER))
        elif roll < 0.50:
            args["method"] = str(rng.choice(method_ids))
        elif roll < 0.57:
            args["topic"] = rng.choice(list(AtlasTopic)).value
        elif roll < 0.64:
            args["year"] = str(rng.randrange(2010, 2027))
        elif roll < 0.68:
            args["level"] = rng.choice(list(AtlasLevel)).value
        elif roll < 0.72:
            args["initiator"] = rng.choice(list(AtlasInitiator)).value
        elif roll < 0.85:
            args["q"] = rng.choice(WORDS + PLACES)
        else:
            args.update(bundesland=rng.choice(list(BUNDESLAENDER)), method=str(rng.choice(method_ids)),
                        q=rng.choice(WORDS)[:4])  # fmt: skip
        if rng.random() < 0.2:
            args["page"] = str(rng.choice((2, 3, 5)))
        urls.append(base + (f"?{urlencode(args)}" if args else ""))
    return urls


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def time_requests(urls_by_size: dict[int, str], count: int, warmup: int = 30) -> dict[int, list[float]]:
    apps = {size: create_app(BenchConfig, SQLALCHEMY_DATABASE_URI=url) for size, url in urls_by_size.items()}
    with next(iter(apps.values())).app_context():
        mix = request_mix(count, [m.id for m in methods()])
        db.session.remove()
    clients = {size: app.test_client() for size, app in apps.items()}
    timings: dict[int, list[float]] = {size: [] for size in apps}
    for number in range(warmup + len(mix)):
        url = mix[number % len(mix)]
        for size in sorted(apps) if number % 2 == 0 else sorted(apps, reverse=True):
            started = time.perf_counter()
            response = clients[size].get(url)
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise SystemExit(f"{url}: HTTP {response.status_code}")
            if number >= warmup:
                timings[size].append(elapsed)
    for app in apps.values():
        with app.app_context():
            db.engine.dispose()
    return timings


def run(label: str, urls: dict[int, str], count: int) -> None:
    for size, url in urls.items():
        print(f"{label}: {size:>6,} entries seeded and indexed in {build_database(url, size):5.1f} s", flush=True)
    results = time_requests(urls, count)
    for size, values in results.items():
        print(f"{label}: {size:>6,} entries  median {statistics.median(values):6.1f} ms  "
              f"p95 {p95(values):6.1f} ms  ({len(values)} requests)")  # fmt: skip
    smallest, largest = min(results), max(results)
    ratio = p95(results[largest]) / p95(results[smallest])
    print(f"{label}: ratio p95({largest:,}) / p95({smallest:,}) = {ratio:.2f}", flush=True)


def postgres_schemas(base: str, sizes: list[int]) -> dict[int, str]:
    """One fresh schema per size inside the given database (selected through search_path)."""
    url = sa.make_url(base)
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    result = {}
    with engine.connect() as connection:
        for size in sizes:
            schema = f"atlas_bench_{size}"
            connection.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
            connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
            options = dict(url.query) | {"options": f"-csearch_path={schema}"}
            result[size] = url.set(query=options).render_as_string(hide_password=False)
    engine.dispose()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="100,10000")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    if not args.skip_sqlite:
        with tempfile.TemporaryDirectory() as folder:
            run(
                "SQLite", {size: f"sqlite:///{Path(folder) / f'atlas-{size}.sqlite3'}" for size in sizes}, args.requests
            )
    base = os.environ.get("TEST_DATABASE_URL")
    if base:
        urls = postgres_schemas(base, sizes)
        try:
            run("PostgreSQL", urls, args.requests)
        finally:
            engine = sa.create_engine(sa.make_url(base), isolation_level="AUTOCOMMIT")
            with engine.connect() as connection:
                for size in sizes:
                    connection.exec_driver_sql(f'DROP SCHEMA IF EXISTS "atlas_bench_{size}" CASCADE')
            engine.dispose()


if __name__ == "__main__":
    main()
