"""Mail benchmark: how fast is a message to many members queued, and how fast do workers send it?

On PostgreSQL (TEST_DATABASE_URL, in a fresh separate database "<name>_bench_outbox") or, with
--sqlite, on a fresh SQLite file, this script

1. queues N mails rendered from a real mail template, once with queue_mail (one row at a time)
   and once with queue_mails (one multi-row INSERT), in one transaction each, and
2. sends N queued mails to a real local SMTP server (aiosmtpd) with 1 and with 2
   `flask outbox work` processes, checking that every mail arrived exactly once,

and prints mails per second for each. The figures depend on the machine (and on what else
runs on it); compare the ratios of one run.

    .venv/bin/python bench/outbox.py                  # PostgreSQL from TEST_DATABASE_URL
    .venv/bin/python bench/outbox.py --sqlite --mails 500
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from app.core.outbox import BulkRecipient, queue_mail, queue_mails  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import Network, OutboxMessage, OutboxStatus  # noqa: E402
from config import TestConfig  # noqa: E402
from tests.conftest import SMTPCollector, free_port  # noqa: E402
from tests.outbox.support import production_env, start_collector, start_worker, stop_worker  # noqa: E402

SUBJECT = "Einladung zur Jahrestagung der Allianz Vielfältige Demokratie"


def database_url(use_sqlite: bool) -> str:
    if use_sqlite or not os.environ.get("TEST_DATABASE_URL"):
        return f"sqlite:///{tempfile.mkdtemp(prefix='outbox-bench-')}/bench.sqlite3"
    base = sa.make_url(os.environ["TEST_DATABASE_URL"])
    name = f"{base.database}_bench_outbox"
    admin = sa.create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def recipients(count: int) -> list[BulkRecipient]:
    return [
        BulkRecipient(f"mitglied{n}@example.org", context={"account": {"display_name": f"Mitglied {n}"}})
        for n in range(count)
    ]


def time_queueing(count: int, network: Network) -> tuple[float, float]:
    started = time.perf_counter()
    for recipient in recipients(count):
        queue_mail(
            "coordinator_assigned", recipient.email, SUBJECT, network=network, link="https://x/", **recipient.context
        )
    db.session.commit()
    single = time.perf_counter() - started
    db.session.execute(sa.delete(OutboxMessage))
    db.session.commit()
    started = time.perf_counter()
    queue_mails("coordinator_assigned", SUBJECT, recipients(count), network=network, link="https://x/")
    db.session.commit()
    return single, time.perf_counter() - started


def time_workers(count: int, workers: int, url: str, smtp: SMTPCollector) -> float:
    db.session.execute(sa.update(OutboxMessage).values(status=OutboxStatus.SENT))
    db.session.commit()
    env = production_env(url, smtp.port)
    processes = [start_worker(env, "--batch-size", "50") for _ in range(workers)]
    for process in processes:  # started and idle: time the sending, not the start-up
        assert "Mail-Worker läuft" in process.stdout.readline()
    smtp.clear()
    db.session.execute(sa.update(OutboxMessage).values(status=OutboxStatus.PENDING, attempts=0))
    db.session.commit()
    started = time.perf_counter()
    try:
        while db.session.scalar(sa.select(sa.func.count()).where(OutboxMessage.status == OutboxStatus.SENT)) < count:
            db.session.commit()
            time.sleep(0.05)
        elapsed = time.perf_counter() - started
    finally:
        for process in processes:
            stop_worker(process)
    ids = Counter(int(re.search(r"<outbox-(\d+)@", str(m["Message-ID"])).group(1)) for m in smtp.messages)
    assert len(ids) == count and max(ids.values()) == 1, "not every mail exactly once"
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mails", type=int, default=2000)
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    args = parser.parse_args()
    url = database_url(args.sqlite)
    smtp = SMTPCollector(port=free_port())
    controller = start_collector(smtp)
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url, OUTBOX_EAGER=False)
    with app.app_context(), app.test_request_context():
        db.create_all()
        network = Network(slug="bench", name="Allianz Vielfältige Demokratie", short_description="Bench")
        db.session.add(network)
        db.session.commit()
        single, bulk = time_queueing(args.mails, network)
        backend = sa.make_url(url).get_backend_name()
        print(f"{backend}: {args.mails} mails")
        print(f"  queue_mail  (row by row): {args.mails / single:8.0f} mails/s")
        print(f"  queue_mails (one INSERT): {args.mails / bulk:8.0f} mails/s  ({single / bulk:.1f}x)")
        one = time_workers(args.mails, 1, url, smtp)
        print(f"  1 worker:  {args.mails / one:8.0f} mails/s sent, each exactly once")
        if backend == "postgresql":
            two = time_workers(args.mails, 2, url, smtp)
            print(f"  2 workers: {args.mails / two:8.0f} mails/s sent, each exactly once ({one / two:.2f}x)")
        db.session.remove()
        db.engine.dispose()
    controller.stop()


if __name__ == "__main__":
    main()
