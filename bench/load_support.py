"""Helpers of bench/load.py: the database, the SMTP sink, the app servers and the final count."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import httpx
import sqlalchemy as sa
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parent.parent
NETWORK = "allianz-vielfaeltige-demokratie"
PASSWORD = "Lasttest-Passwort-2026"  # noqa: S105 - throw-away accounts of a throw-away database
APPLICATIONS_PER_COORDINATOR = 40


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --------------------------------------------------------------------------- database


def build_database(url: str, coordinators: int, members: int) -> dict:
    """Migrate, load the demo networks and members, coordinators with applications in review."""
    from directory import seed_members
    from flask_migrate import upgrade

    from app import create_app
    from app.auth.accounts import create_account, hash_password
    from app.demo.seed import seed_networks
    from app.extensions import db
    from app.models import Account, ApplicationState, Membership, Network
    from config import Config
    from tests.review_support import make_application

    class SeedConfig(Config):  # production settings (argon2 cost included), this database
        SECRET_KEY = "load-test-seeding-only"  # noqa: S105
        SQLALCHEMY_DATABASE_URI = url

    app = create_app(SeedConfig)
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        seed_networks()
        seed_members(2000)
        db.session.commit()
        network = db.session.scalar(sa.select(Network).where(Network.slug == NETWORK))
        password_hash = hash_password(PASSWORD)
        member_ids = db.session.scalars(
            sa.select(Membership.account_id)
            .where(Membership.network_id == network.id, Membership.listed_in_directory.is_(True))
            .order_by(Membership.id)
            .limit(members)
        ).all()
        db.session.execute(sa.update(Account).where(Account.id.in_(member_ids)).values(password_hash=password_hash))
        member_emails = db.session.scalars(sa.select(Account.email).where(Account.id.in_(member_ids))).all()
        people = []
        for number in range(coordinators):
            account = create_account(
                f"koordination{number}@beispiel.example", None, networks=[network], first_name="Kai",
                last_name=f"Koordination{number}",
            )  # fmt: skip
            account.password_hash = password_hash
            db.session.commit()
            ids = [
                make_application(network, ApplicationState.IN_REVIEW, assigned_to_id=account.id)[0].id
                for _ in range(APPLICATIONS_PER_COORDINATOR)
            ]
            people.append((account.email, ids))
        themenkreis = network.themenkreise[0].id
        db.session.commit()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
        db.engine.dispose()
    return {"coordinators": people, "members": list(member_emails), "themenkreis": themenkreis}


def verify(url: str, acked_applications: list[str], acked_decisions: dict[int, str], people: dict, smtp) -> dict:
    """Compare what users were told with the rows stored: lost, doubled, unacknowledged."""
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        stored = dict(
            connection.execute(
                sa.text("SELECT email, count(*) FROM applications WHERE email LIKE 'bewerberin%' GROUP BY email")
            ).all()
        )
        assigned = [i for _, ids in people["coordinators"] for i in ids]
        states = dict(
            connection.execute(
                sa.text("SELECT id, state FROM applications WHERE id = ANY(:ids)"), {"ids": assigned}
            ).all()
        )
        memberships = dict(
            connection.execute(
                sa.text(
                    "SELECT application_id, count(*) FROM memberships WHERE application_id = ANY(:ids) "
                    "GROUP BY application_id"
                ),
                {"ids": assigned},
            ).all()
        )
        outbox = dict(connection.execute(sa.text("SELECT status, count(*) FROM outbox_messages GROUP BY status")).all())
    engine.dispose()
    acked = set(acked_applications)
    lost_apps = [email for email in acked if email not in stored]
    doubled_apps = [email for email, count in stored.items() if count > 1]
    expected = {"approve": "accepted", "reject": "rejected"}
    lost_decisions = [i for i, verb in acked_decisions.items() if states.get(i) != expected[verb]]
    decided = [i for i in assigned if states.get(i) in ("accepted", "rejected")]
    doubled_memberships = [i for i, count in memberships.items() if count > 1]
    accepted_without_membership = [i for i in decided if states[i] == "accepted" and memberships.get(i, 0) != 1]
    sent = outbox.get("sent", 0)
    lines = [
        f"applications: {len(acked)} acknowledged, {sum(stored.values())} stored; lost {len(lost_apps)}, "
        f"doubled {len(doubled_apps)}, stored without acknowledgement {len(set(stored) - acked)}",
        f"decisions:    {len(acked_decisions)} acknowledged, {len(decided)} stored; lost {len(lost_decisions)}, "
        f"memberships doubled {len(doubled_memberships)}, accepted without one membership "
        f"{len(accepted_without_membership)}",
        f"mails:        {sum(outbox.values())} queued, {sent} sent, {smtp.count} received by SMTP; "
        f"still pending {outbox.get('pending', 0)}, failed {outbox.get('failed', 0)}",
    ]
    return {
        "lines": lines,
        "lost": len(lost_apps) + len(lost_decisions) + len(accepted_without_membership),
        "doubled": len(doubled_apps) + len(doubled_memberships) + abs(sent - smtp.count),
    }


# --------------------------------------------------------------------------- SMTP and HTML


class SmtpSink:
    """A real SMTP server on 127.0.0.1 that counts what it receives."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.count = 0
        self._lock = threading.Lock()
        self._controller = Controller(self, hostname="127.0.0.1", port=port)

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd hook
        with self._lock:
            self.count += 1
        return "250 Message accepted for delivery"

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "form":
            self.forms.append((values.get("action") or "", {}))
        elif tag == "input" and self.forms and values.get("type") == "hidden" and values.get("name"):
            self.forms[-1][1][values["name"]] = values.get("value") or ""


def form_fields(page: str, action_contains: str) -> dict[str, str]:
    """The hidden fields (CSRF token, versions) of the first form posting to `action_contains`."""
    parser = _Forms()
    parser.feed(page)
    for action, fields in parser.forms:
        if action_contains in action:
            return dict(fields)
    return {}


# --------------------------------------------------------------------------- app servers


@dataclass
class Server:
    process: subprocess.Popen
    base: str
    log: Path
    extra: dict = field(default_factory=dict)


def start_server(env: dict[str, str], port: int, workers: int, threads: int) -> Server:
    """gunicorn with the production configuration on 127.0.0.1:port; waits until it answers."""
    log = Path(tempfile.mkstemp(prefix=f"teilhabe-load-{port}-", suffix=".log")[1])
    command = [sys.executable, "-m", "gunicorn"]
    if (ROOT / "gunicorn.conf.py").is_file():
        command += ["--config", "gunicorn.conf.py"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads)]
    # Longer than nginx's upstream keepalive_timeout (60 s): the proxy, not the app, closes idle
    # connections, so no request is ever sent on a connection the app has just closed.
    command += ["--keep-alive", "75", "wsgi:app"]
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 - fixed command line
            command, cwd=ROOT, env={**os.environ, **env}, stdout=output, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        if process.poll() is not None:
            raise SystemExit(f"gunicorn on port {port} stopped:\n{log.read_text()[-2000:]}")
        try:
            if httpx.get(base + "/", timeout=2).status_code == 200:
                return Server(process, base, log)
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    process.kill()
    raise SystemExit(f"gunicorn on port {port} did not answer:\n{log.read_text()[-2000:]}")


def start_mail_worker(env: dict[str, str]) -> subprocess.Popen:
    """`flask outbox work` beside the app servers, as in production (requests only queue mail)."""
    log = Path(tempfile.mkstemp(prefix="teilhabe-load-worker-", suffix=".log")[1])
    with log.open("wb") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "flask", "outbox", "work", "--poll-interval", "0.5"],
            cwd=ROOT, env={**os.environ, "FLASK_APP": "wsgi", **env}, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip


def drain_outbox(url: str, worker: subprocess.Popen, timeout: float = 120.0) -> float:
    """Wait until the worker has sent every queued mail (bounded), stop it; returns the seconds waited."""
    engine = sa.create_engine(url)
    started = time.perf_counter()
    try:
        while time.perf_counter() - started < timeout and worker.poll() is None:
            with engine.connect() as connection:
                pending = connection.execute(
                    sa.text("SELECT count(*) FROM outbox_messages WHERE status IN ('pending', 'sending')")
                ).scalar_one()
            if pending == 0:
                break
            time.sleep(0.5)
    finally:
        engine.dispose()
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
    return time.perf_counter() - started


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()
