"""HTTP throughput: Teilhabe's pages under gunicorn, as a share of a bare Flask route.

    .venv/bin/python bench/throughput.py                      # PostgreSQL (TEST_DATABASE_URL) and SQLite
    .venv/bin/python bench/throughput.py --members 100000 --applications 100000 --duration 15 --skip-sqlite

For each database (PostgreSQL in a fresh database next to TEST_DATABASE_URL's; a fresh SQLite
file) this script

1. builds the schema with the real migrations, loads the seven demo networks and seeds
   N members (bench/directory.py) and M applications in the Allianz Vielfältige Demokratie
   (bench/review_queue.py); one account is a member and the network's coordinator,
2. starts the app under gunicorn as in production (TEILHABE_ENV=production, `--workers 2`,
   sync workers, cookies not `Secure` since the benchmark talks plain HTTP) and the bare
   Flask route of bench/bare_app.py under the very same gunicorn settings,
3. logs in through the real login form (CSRF token included) and drives every page with
   `wrk -t2 -c8` (installed from Debian when missing), the bare route before and after,
4. prints requests/s, p50 and p95 latency per page and the share of the bare route's
   requests/s (the mean of its two runs), and the machine's core count.

Logged-in pages are measured twice: ", built" on a second gunicorn with the logged-in page
cache off (VIEWER_PAGE_CACHE_SECONDS=0: every request builds the page – a person's first
look at an address, or after any change of data), ", repeat" on the production setting, where
wrk's repeated requests for one address with one cookie are answered from the worker's memory
after one check against the database (app/core/viewercache.py) – reloads, going back, a
second tab.

Targets (issue #13): public pages (/, network page, event page) ≥ 50 %; directory browse and
search, review queue ≥ 20 %; "Mein Bereich" ≥ 30 %. The public pages are measured as a visitor without cookies sees them
(the production page cache applies); logged-in pages with the session cookie.
"""

from __future__ import annotations

import argparse
import html
import importlib.util
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import sqlalchemy as sa

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))


def _load(name: str, file: str):
    spec = importlib.util.spec_from_file_location(name, BENCH / file)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


directory_bench = _load("directory_bench", "directory.py")
queue_bench = _load("queue_bench", "review_queue.py")

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import Account, CoordinatorAssignment, Event, Network  # noqa: E402

NETWORK = directory_bench.NETWORK
# Login and load use one user agent, as one browser does: Flask-Login's session protection marks
# a session from another agent as not fresh, which changes the cookie on every answer.
USER_AGENT = "Mozilla/5.0 (teilhabe-bench)"
VIEWER, PASSWORD = directory_bench.VIEWER, directory_bench.PASSWORD
WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %.3f %.3f %d\\n", summary.requests,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, summary.errors.status))
end
"""
# (label, path, logged in, target share of the bare route)
PAGES = [
    ("/", "/", False, 0.50),
    ("network page", f"/netzwerke/{NETWORK}/", False, 0.50),
    ("application form", f"/netzwerke/{NETWORK}/mitglied-werden/schritt/1", False, 0.50),
    ("directory browse", f"/netzwerke/{NETWORK}/verzeichnis", True, 0.20),
    ("directory search", f"/netzwerke/{NETWORK}/verzeichnis?q=Berlin", True, 0.20),
    ("directory page 40", f"/netzwerke/{NETWORK}/verzeichnis?page=40", True, 0.20),
    ("review queue", f"/koordination/{NETWORK}/antraege", True, 0.20),
    ("review queue search", f"/koordination/{NETWORK}/antraege?status=all&q=Schmidt", True, 0.20),
    ("Mein Bereich", "/mein-bereich/", True, 0.30),
]


def ensure_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk:
        return wrk
    print("wrk is missing: installing it from Debian (apt-get install wrk) ...", flush=True)
    subprocess.run(["apt-get", "update", "-qq"], check=True)  # noqa: S607 - Debian's apt-get from PATH
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "wrk"],  # noqa: S607 - Debian's apt-get from PATH
        check=True,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    )
    return shutil.which("wrk") or sys.exit("wrk could not be installed")


def event_page(url: str) -> tuple[str, str, bool, float] | None:
    """The page of the network's first event (the demo networks have events), as a PAGES row."""
    app = create_app(directory_bench.BenchConfig, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        event_id = db.session.scalar(
            sa.select(Event.id).join(Network).where(Network.slug == NETWORK).order_by(Event.starts_at)
        )
        db.engine.dispose()
    if event_id is None:
        return None
    return ("event page", f"/netzwerke/{NETWORK}/veranstaltungen/{event_id}", False, 0.50)


def seed(url: str, members: int, applications: int) -> float:
    seconds = directory_bench.build_database(url, members)
    started = time.perf_counter()
    app = create_app(directory_bench.BenchConfig, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        network = db.session.scalar(sa.select(Network).where(Network.slug == NETWORK))
        viewer = db.session.scalar(sa.select(Account).where(Account.email == VIEWER))
        db.session.add(CoordinatorAssignment(account_id=viewer.id, network_id=network.id))
        queue_bench.seed_applications(applications, network.id, viewer.id)
        db.session.commit()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE" if db.engine.dialect.name == "postgresql" else "ANALYZE")
        db.engine.dispose()
    return seconds + time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(
    target: str, port: int, env: dict[str, str], workers: int, log: Path, chdir: Path = ROOT
) -> subprocess.Popen:
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        "--chdir",
        str(chdir),
        target,
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)  # noqa: S603
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2):
                return process
        except OSError:
            if process.poll() is not None:
                raise SystemExit(f"gunicorn {target} stopped: see {log}") from None
            time.sleep(0.2)
    raise SystemExit(f"gunicorn {target} did not answer")


def login_cookie(base: str) -> str:
    """Log in through the form; the cookie as a browser holds it after its first page there."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("User-Agent", USER_AGENT)]
    page = opener.open(base + "/anmelden").read().decode()
    token = html.unescape(re.search(r'name="csrf_token" value="([^"]+)"', page).group(1))
    data = urllib.parse.urlencode({"csrf_token": token, "email": VIEWER, "password": PASSWORD}).encode()
    opener.open(base + "/anmelden", data=data)
    # The first page after the login stores a CSRF token in the session (a new cookie, which a
    # browser keeps); wrk repeats one fixed cookie, so take it after that page.
    with opener.open(base + "/mein-bereich/") as response:
        if response.url.rstrip("/").endswith("/anmelden"):
            raise SystemExit("login failed: Mein Bereich redirects to the login")
    cookies = "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)
    if "session" not in cookies:
        raise SystemExit("login failed")
    return cookies


def drive(wrk: str, url: str, args, cookie: str | None, script: Path) -> tuple[float, float, float]:
    command = [
        wrk,
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{args.duration}s",
        "-s",
        str(script),
        "-H",
        "Accept-Encoding: gzip, br",
        "-H",
        f"User-Agent: {USER_AGENT}",
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout  # noqa: S603
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    requests, p50, p95, bad = re.search(r"RESULT (\d+) ([\d.]+) ([\d.]+) (\d+)", output).groups()
    if int(bad):
        raise SystemExit(f"{url}: {bad} of {requests} responses were not 2xx/3xx")
    return rate, float(p50), float(p95)


def run(label: str, url: str, args, wrk: str, folder: Path) -> None:
    seconds = seed(url, args.members, args.applications)
    print(
        f"{label}: {args.members:,} members and {args.applications:,} applications seeded in {seconds:.0f} s",
        flush=True,
    )
    env = {
        **os.environ,
        "TEILHABE_ENV": "production",
        "DATABASE_URL": url,
        "SECRET_KEY": "benchmark-" + "x" * 32,
        "SESSION_COOKIE_SECURE": "0",
        "FLASK_APP": "wsgi",
        "BASE_URL": "http://127.0.0.1",  # production refuses to start without it (links in mails)
    }
    app_port, built_port, bare_port = free_port(), free_port(), free_port()
    script = folder / "report.lua"
    script.write_text(WRK_SCRIPT)
    app = start_gunicorn("wsgi:app", app_port, env, args.workers, folder / f"{label}-app.log")
    # The same app with the logged-in page cache off: every logged-in request builds its page.
    built_env = {**env, "VIEWER_PAGE_CACHE_SECONDS": "0"}
    built = start_gunicorn("wsgi:app", built_port, built_env, args.workers, folder / f"{label}-built.log")
    bare = start_gunicorn("bench.bare_app:app", bare_port, env, args.workers, folder / f"{label}-bare.log")
    try:
        base, built_base = f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{built_port}"
        cookie, built_cookie = login_cookie(base), login_cookie(built_base)
        before = drive(wrk, f"http://127.0.0.1:{bare_port}/", args, None, script)
        pages = list(PAGES)
        event = event_page(url)
        if event:
            pages.insert(2, event)
        rows = []
        for label_, path, logged_in, target in pages:
            if not logged_in:
                rows.append((label_, drive(wrk, base + path, args, None, script), target))
                continue
            rows.append((f"{label_}, built", drive(wrk, built_base + path, args, built_cookie, script), target))
            rows.append((f"{label_}, repeat", drive(wrk, base + path, args, cookie, script), target))
        after = drive(wrk, f"http://127.0.0.1:{bare_port}/", args, None, script)
    finally:
        for process in (app, built, bare):
            process.terminate()
            process.wait(timeout=30)
    bare_rate = (before[0] + after[0]) / 2
    print(
        f"{label}: bare Flask route {bare_rate:,.0f} req/s (runs: {before[0]:,.0f} and {after[0]:,.0f}), "
        f"p50 {before[1]:.1f} ms, p95 {before[2]:.1f} ms"
    )
    print(f"{'page':34} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'share':>7} {'target':>7}")
    for name, (rate, p50, p95), target in rows:
        share = rate / bare_rate
        mark = "" if share >= target else "  below target"
        print(f"{name:34} {rate:8,.0f} {p50:8.1f} {p95:8.1f} {share:7.0%} {target:7.0%}{mark}")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=15, help="seconds per page")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (both apps)")
    parser.add_argument("--pg-database", default="teilhabe_bench_http", help="name of the fresh PostgreSQL database")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--skip-postgresql", action="store_true")
    args = parser.parse_args()
    wrk = ensure_wrk()
    print(
        f"machine: {os.cpu_count()} cores; gunicorn --workers {args.workers}; "
        f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s per page",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="teilhabe-http-") as tmp:
        folder = Path(tmp)
        base = os.environ.get("TEST_DATABASE_URL")
        if base and not args.skip_postgresql:
            urls, admin = directory_bench.postgres_urls(base, args.pg_database, [args.members])
            try:
                run("PostgreSQL", urls[args.members], args, wrk, folder)
            finally:
                with admin.connect() as connection:
                    for url in urls.values():
                        connection.exec_driver_sql(
                            f'DROP DATABASE IF EXISTS "{sa.make_url(url).database}" WITH (FORCE)'
                        )
                admin.dispose()
        elif not args.skip_postgresql:
            print("PostgreSQL: skipped (set TEST_DATABASE_URL to include it)")
        if not args.skip_sqlite:
            run("SQLite", f"sqlite:///{folder / 'http.sqlite3'}", args, wrk, folder)


if __name__ == "__main__":
    main()
