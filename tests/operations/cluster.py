"""Two gunicorn app servers (production config) on one PostgreSQL database and one Redis.

Used by the two-node test: a database of its own (created and dropped here), migrated with
`flask db upgrade` and seeded with `flask seed-demo`, as an operator would; each server's
output goes to a file under the test's temporary folder.
"""

from __future__ import annotations

import copy
import html
import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from tests.conftest import free_port
from tests.outbox.support import ROOT

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/3")


def services_missing() -> str | None:
    """Why the two-node test cannot run here (None when PostgreSQL and Redis answer)."""
    if not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"):
        return "needs PostgreSQL: set TEST_DATABASE_URL"
    try:
        engine = sa.create_engine(os.environ["TEST_DATABASE_URL"], connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
    except sa.exc.SQLAlchemyError:
        return "needs PostgreSQL: TEST_DATABASE_URL does not answer"
    import redis

    try:
        redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError:
        return f"needs Redis at {TEST_REDIS_URL} (TEST_REDIS_URL)"
    return None


def _administer(url: str, *statements: str) -> None:
    engine = sa.create_engine(sa.make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        for statement in statements:
            connection.execute(sa.text(statement))
    engine.dispose()


def create_database(suffix: str) -> str:
    base = sa.make_url(os.environ["TEST_DATABASE_URL"])
    name = f"{base.database}_{suffix}"
    _administer(
        str(base.render_as_string(hide_password=False)),
        f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
        f'CREATE DATABASE "{name}"',
    )
    return base.set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    name = sa.make_url(url).database
    _administer(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def flask(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "flask", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"flask {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@dataclass
class Node:
    url: str
    process: subprocess.Popen
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_node(env: dict[str, str], log_dir: Path, name: str) -> Node:
    port = free_port()
    log = log_dir / f"gunicorn-{name}.log"
    command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", "wsgi:app"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    return Node(url=f"http://127.0.0.1:{port}", process=process, log=log)


def wait_ready(node: Node, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if node.process.poll() is not None:
            raise AssertionError(f"{node.url} exited:\n{node.log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(node.url + "/readyz", timeout=5) as response:  # noqa: S310 - http://127.0.0.1
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    raise AssertionError(f"{node.url} not ready:\n{node.log.read_text()[-3000:]}")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    text: str

    @property
    def location(self) -> str:
        return self.headers.get("location", "")

    def csrf_token(self) -> str:
        for tag in re.findall(r"<input[^>]*>", self.text):
            if 'name="csrf_token"' in tag:
                return html.unescape(re.search(r'value="([^"]*)"', tag).group(1))
        raise AssertionError("no csrf_token on the page")

    def hidden_fields(self) -> dict[str, str]:
        fields = {}
        for tag in re.findall(r"<input[^>]*>", self.text):
            name = re.search(r'name="([^"]*)"', tag)
            if 'type="hidden"' in tag and name:
                value = re.search(r'value="([^"]*)"', tag)
                fields[name.group(1)] = html.unescape(value.group(1)) if value else ""
        return fields


@dataclass
class Browser:
    """A browser's cookie jar over plain HTTP; one jar for both servers (same host, as behind nginx)."""

    jar: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar)

    def __post_init__(self) -> None:
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())

    def request(self, url: str, data: dict | None = None, headers: dict | None = None) -> Response:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, headers=headers or {})  # noqa: S310 - test servers
        try:
            with self.opener.open(request, timeout=30) as response:
                return Response(
                    response.status, {k.lower(): v for k, v in response.headers.items()}, response.read().decode()
                )
        except urllib.error.HTTPError as error:
            return Response(error.code, {k.lower(): v for k, v in error.headers.items()}, error.read().decode())

    def get(self, url: str) -> Response:
        return self.request(url)

    def post(self, url: str, data: dict) -> Response:
        return self.request(url, data)

    def session_cookie(self) -> str:
        return next(cookie.value for cookie in self.jar if cookie.name == "session")

    def with_cookie(self, value: str) -> Browser:
        """Another browser holding a copy of this session cookie (a copied or stolen cookie)."""
        other = Browser()
        for cookie in self.jar:
            if cookie.name == "session":
                duplicate = copy.copy(cookie)
                duplicate.value = value
                other.jar.set_cookie(duplicate)
        return other
