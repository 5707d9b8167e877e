"""Helpers for worker tests: queue many mails, run `flask outbox work` as a real process,
SMTP servers that stall (accept and never answer) or hold one mail until told to go on."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import sqlalchemy as sa
from aiosmtpd.controller import Controller

from app.extensions import db
from app.models import OutboxMessage
from tests.conftest import SMTPCollector, free_port

ROOT = Path(__file__).resolve().parents[2]
MESSAGE_ID = re.compile(r"<outbox-(\d+)@")


def queue_many(count: int) -> list[int]:
    """Put `count` plain mails straight into the outbox (as a bulk message would) and commit."""
    rows = [
        {
            "recipient": f"mitglied{n}@example.org",
            "subject": f"Rundschreiben {n}",
            "body_text": f"Hallo {n}",
            "body_html": "",
            "template": "test",
        }
        for n in range(count)
    ]
    db.session.execute(sa.insert(OutboxMessage), rows)
    db.session.commit()
    return list(db.session.scalars(sa.select(OutboxMessage.id).order_by(OutboxMessage.id)))


def status_counts() -> Counter:
    db.session.expire_all()
    rows = db.session.execute(sa.select(OutboxMessage.status, sa.func.count()).group_by(OutboxMessage.status)).all()
    db.session.commit()
    return Counter(dict(rows))


def delivered_ids(collector: SMTPCollector) -> Counter:
    """How often each outbox id arrived at the SMTP server (from the Message-ID)."""
    with collector.lock:
        return Counter(int(MESSAGE_ID.search(str(m["Message-ID"])).group(1)) for m in collector.messages)


def wait_until(condition, timeout: float = 900.0, what: str = "condition") -> None:
    """Poll until `condition()` holds; a generous bound so a stuck worker fails instead of hanging."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def production_env(database_url: str, smtp_port: int, **extra: str) -> dict[str, str]:
    """Environment of a production process (worker or gunicorn) on the test database."""
    env = {
        **os.environ,
        "TEILHABE_ENV": "production",
        "FLASK_APP": "wsgi",
        "SECRET_KEY": "operations-test-secret-0123456789abcdef",
        "DATABASE_URL": database_url,
        "BASE_URL": "http://127.0.0.1:5000",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(smtp_port),
        "MAIL_TIMEOUT": "30",  # generous: on a loaded test machine a slow 250 after DATA is not a lost mail
        "RATELIMIT_STORAGE_URI": "memory://",
        "PYTHONUNBUFFERED": "1",
    }
    env.update(extra)
    return env


def start_worker(env: dict[str, str], *args: str) -> subprocess.Popen:
    """A `flask outbox work` process writing its log to a file (a pipe nobody reads while the
    worker sends thousands of mails would fill up and block it)."""
    command = [sys.executable, "-m", "flask", "outbox", "work", "--poll-interval", "0.2", *args]
    log = tempfile.NamedTemporaryFile("w+", prefix="worker-", suffix=".log", delete=False)  # noqa: SIM115
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
    process.log_path = log.name  # type: ignore[attr-defined]
    log.close()
    return process


def worker_output(process: subprocess.Popen) -> str:
    """What the worker has written so far."""
    return Path(process.log_path).read_text(encoding="utf-8", errors="replace")  # type: ignore[attr-defined]


def stop_worker(process: subprocess.Popen) -> str:
    """SIGTERM (graceful stop) and the worker's output; it must exit cleanly."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    process.wait(timeout=120)
    output = worker_output(process)
    Path(process.log_path).unlink(missing_ok=True)  # type: ignore[attr-defined]
    assert process.returncode == 0, output
    return output


def sent_by(output: str) -> int:
    match = re.search(r"Mail-Worker beendet\. Gesendet: (\d+)", output)
    return int(match.group(1)) if match else 0


class HoldingCollector(SMTPCollector):
    """An SMTP server that, at the n-th mail, holds its answer until `release` is set.

    A mail counts as delivered only when the server could acknowledge it (SMTP's rule: the
    server takes responsibility with its 250 reply); if the client is gone by then, it is not.
    """

    def __init__(self, hold_at: int) -> None:
        super().__init__(port=free_port())
        self.hold_at = hold_at
        self.seen = 0
        self.holding = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.seen += 1
        if self.seen == self.hold_at:
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            await asyncio.sleep(0.2)  # let the server notice a lost connection
            if server.transport is None or server.transport.is_closing():
                return "421 Client gone before acknowledgement"
        return await super().handle_DATA(server, session, envelope)


def start_collector(collector: SMTPCollector) -> Controller:
    controller = Controller(collector, hostname=collector.host, port=collector.port)
    controller.start()
    return controller


class StallingSMTPServer:
    """Accepts TCP connections and never says a word (no greeting, no replies)."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.port = self.socket.getsockname()[1]
        self.connections: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.connections.append(connection)

    def close(self) -> None:
        self.socket.close()
        for connection in self.connections:
            connection.close()
