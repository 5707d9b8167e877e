"""Load test: two gunicorn app servers on one PostgreSQL and one Redis, three kinds of users at once.

The script builds a fresh PostgreSQL database with the real migrations (demo networks, 2,000
members, 100 of them with a password, 20 coordinators of the Allianz Vielfältige Demokratie,
each with 40 applications in review), starts a real SMTP sink and **two gunicorn servers**
(production configuration, ports A and B, rate limits in Redis, TRUSTED_PROXIES=1 as behind
nginx), logs everybody in and then lets, for `--duration` seconds,

- 50 applicants fill in the four-step form and send it (a new person and address each time;
  every tenth presses "Antrag absenden" twice at once, like a double click),
- 20 coordinators open their queue, an application, and approve or reject it,
- 100 members browse and search the member directory,

every request going to server A or B at random (sessions and limits must hold across both),
with think times between clicks like people have. It prints requests, errors, p50/p95 per
action and compares what the users were told (acknowledgements) with the rows stored.

    TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test .venv/bin/python bench/load.py
    .venv/bin/python bench/load.py --duration 60 --pg-database teilhabe_load --redis redis://127.0.0.1:6379/4
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import secrets
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from load_support import (  # noqa: E402
    NETWORK,
    PASSWORD,
    SmtpSink,
    build_database,
    drain_outbox,
    form_fields,
    free_port,
    start_mail_worker,
    start_server,
    stop_server,
    verify,
)

THINK_SCALE = 1.0  # --think: multiplies every pause between clicks (1 = 1–3 s, a stress test)
DIRECTORY_QUERIES = ["", "?q=Stadt", "?q=Bürgerhaushalt", "?page=2", "?q=Berlin", "?kind=person", "?page=5", "?q=Mü"]


class Stats:
    """Latency and errors per action; what the users were told (acknowledgements)."""

    def __init__(self) -> None:
        self.timings: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.error_kinds: dict[str, int] = defaultdict(int)
        self.acked_applications: list[str] = []
        self.acked_decisions: dict[int, str] = {}


@dataclass
class Answer:
    """What a request brought back: status, Location header and body (read in full)."""

    status_code: int
    headers: dict[str, str]
    text: str


class User:
    """One person's browser: its own cookies and address, requests spread over both servers.

    aiohttp, not httpx: the load generator shares the two cores with the servers it measures,
    and aiohttp needs about half of httpx's CPU per request (README "Load test").
    """

    def __init__(self, servers: list[str], stats: Stats, rng: random.Random) -> None:
        self.servers, self.stats, self.rng = servers, stats, rng
        # unsafe=True: keep cookies for an IP address (127.0.0.1); cookies ignore the port, so a
        # login on server A is sent to server B, as a browser does behind one host name.
        self.client = aiohttp.ClientSession(
            cookie_jar=aiohttp.CookieJar(unsafe=True), timeout=aiohttp.ClientTimeout(total=30)
        )
        self.headers: dict[str, str] = {}
        self.new_identity()

    def new_identity(self) -> None:
        self.client.cookie_jar.clear()
        self.headers = {
            "X-Forwarded-For": f"10.{self.rng.randrange(256)}.{self.rng.randrange(256)}.{self.rng.randrange(1, 255)}"
        }

    async def request(self, action: str, method: str, path: str, expect: tuple[int, ...], **kwargs) -> Answer | None:
        url = self.rng.choice(self.servers) + path
        started = time.perf_counter()
        try:
            async with self.client.request(
                method, url, allow_redirects=False, headers=self.headers, **kwargs
            ) as response:
                answer = Answer(response.status, dict(response.headers), await response.text())
        except (aiohttp.ClientError, TimeoutError) as error:
            self._error(action, f"{method} {path}: {type(error).__name__}")
            return None
        self.stats.timings[action].append(time.perf_counter() - started)
        if answer.status_code not in expect:
            self._error(action, f"{method} {path.split('?')[0]}: HTTP {answer.status_code}")
            if os.environ.get("LOAD_DEBUG"):  # the last refused page, to see why
                (Path(tempfile.gettempdir()) / "teilhabe-load-refused.html").write_text(answer.text)
            return None
        return answer

    def _error(self, action: str, text: str) -> None:
        self.stats.errors[action] += 1
        self.stats.error_kinds[f"{action}: {text}"] += 1

    async def think(self, low: float, high: float) -> None:
        await asyncio.sleep(self.rng.uniform(low, high) * THINK_SCALE)

    async def login(self, email: str) -> bool:
        page = await self.request("login (warm-up)", "GET", "/anmelden", (200,))
        if page is None:
            return False
        fields = form_fields(page.text, "/anmelden")
        fields.update(email=email, password=PASSWORD)
        return await self.request("login (warm-up)", "POST", "/anmelden", (302,), data=fields) is not None


async def applicant(user: User, number: int, deadline: float, themenkreis: int) -> None:
    run = 0
    while time.monotonic() < deadline:
        run += 1
        user.new_identity()
        email = f"bewerberin{number}-{run}-{secrets.token_hex(3)}@beispiel.example"
        base = f"/netzwerke/{NETWORK}/mitglied-werden"
        if await user.request("apply: open form", "GET", base, (302,)) is None:
            continue
        steps = [
            {"first_name": "Lea", "last_name": f"Lastprobe-{chr(65 + number % 26)}", "email": email,
             "phone": "030 1234567"},
            {"institution": "Stadtverwaltung Köln", "function": "Referentin", "street": "Rathausplatz 1",
             "postcode": "50667", "city": "Köln", "country": "Deutschland"},
            {"description": "Ich begleite Bürgerräte in unserer Stadt.", "themenkreise": str(themenkreis)},
        ]  # fmt: skip
        ok = True
        for step, data in enumerate(steps, start=1):
            page = await user.request("apply: step page", "GET", f"{base}/schritt/{step}", (200,))
            await user.think(1.0, 1.6)  # typing; the whole form takes longer than MIN_FILL_SECONDS
            if page is None:
                ok = False
                break
            fields = {**form_fields(page.text, f"/schritt/{step}"), **data, "action": "next"}
            if await user.request("apply: step send", "POST", f"{base}/schritt/{step}", (302,), data=fields) is None:
                ok = False
                break
        if not ok:
            continue
        page = await user.request("apply: step page", "GET", f"{base}/schritt/4", (200,))
        if page is None:
            continue
        fields = {**form_fields(page.text, "/absenden"), "consent_privacy": "y", "action": "submit"}
        if 'name="consent_conditions"' in page.text:
            fields["consent_conditions"] = "y"
        await user.think(0.5, 1.0)
        presses = 2 if run % 10 == 0 else 1  # a double click now and then
        answers = await asyncio.gather(
            *(user.request("apply: submit", "POST", f"{base}/absenden", (302,), data=fields) for _ in range(presses))
        )
        if any(answer is None for answer in answers):
            continue
        sent = await user.request("apply: confirmation page", "GET", f"{base}/gesendet", (200,))
        if sent is not None and "gesendet" in answers[0].headers.get("Location", ""):
            user.stats.acked_applications.append(email)
        await user.think(1.0, 2.0)


async def coordinator(user: User, application_ids: list[int], deadline: float) -> None:
    queue = f"/koordination/{NETWORK}/antraege"
    for turn, application_id in enumerate(application_ids):
        if time.monotonic() >= deadline:
            return
        await user.request("review: queue", "GET", queue + ("?status=in_review" if turn % 2 else ""), (200,))
        await user.think(1.0, 2.0)
        detail = f"{queue}/{application_id}"
        page = await user.request("review: application", "GET", detail, (200,))
        if page is None:
            continue
        await user.think(1.5, 3.0)
        verb, prefix = ("annehmen", "approve") if turn % 3 else ("ablehnen", "reject")
        fields = form_fields(page.text, f"/{verb}")
        if prefix == "reject":
            fields["reject-reason"] = "Die Voraussetzungen sind nicht erfüllt."
        else:
            fields["approve-listed"] = "y"
        answer = await user.request("review: decide", "POST", f"{detail}/{verb}", (302,), data=fields)
        if answer is None:
            continue
        after = await user.request("review: application", "GET", detail, (200,))
        if after is not None and ("wurde angenommen" in after.text or "wurde abgelehnt" in after.text):
            user.stats.acked_decisions[application_id] = prefix


async def member(user: User, deadline: float) -> None:
    directory = f"/netzwerke/{NETWORK}/verzeichnis"
    while time.monotonic() < deadline:
        await user.request("directory: browse/search", "GET", directory + user.rng.choice(DIRECTORY_QUERIES), (200,))
        await user.think(1.0, 3.0)


async def run_load(servers: list[str], people: dict, args, stats: Stats) -> float:
    rng = random.Random(args.seed)
    coordinators = [User(servers, stats, random.Random(rng.random())) for _ in people["coordinators"]]
    members = [User(servers, stats, random.Random(rng.random())) for _ in people["members"]]
    applicants = [User(servers, stats, random.Random(rng.random())) for _ in range(args.applicants)]
    gate = asyncio.Semaphore(8)  # logins are deliberately slow (argon2id): a few at a time

    async def login(user: User, email: str) -> None:
        async with gate:
            if not await user.login(email):
                raise SystemExit(f"login of {email} failed; see the errors above")

    await asyncio.gather(*(login(u, e) for u, (e, _) in zip(coordinators, people["coordinators"], strict=True)))
    await asyncio.gather(*(login(u, e) for u, e in zip(members, people["members"], strict=True)))
    # Warm the workers (imports, template compilation, connection pools) as running servers are.
    await asyncio.gather(
        *(u.request("warm-up", "GET", f"/koordination/{NETWORK}/antraege", (200,)) for u in coordinators),
        *(u.request("warm-up", "GET", f"/netzwerke/{NETWORK}/verzeichnis", (200,)) for u in members),
    )
    started = time.monotonic()
    deadline = started + args.duration
    await asyncio.gather(
        *(applicant(u, n, deadline, people["themenkreis"]) for n, u in enumerate(applicants)),
        *(coordinator(u, ids, deadline) for u, (_, ids) in zip(coordinators, people["coordinators"], strict=True)),
        *(member(u, deadline) for u in members),
    )
    elapsed = time.monotonic() - started
    for user in coordinators + members + applicants:
        await user.client.close()
    return elapsed


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def report(stats: Stats, elapsed: float, checks: dict, args) -> bool:
    print(f"\n{'action':<28}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}")
    measured = [action for action in stats.timings if not action.startswith(("login", "warm-up"))]
    total = errors = 0
    worst_p95 = 0.0
    for action in sorted(stats.timings) + sorted(set(stats.errors) - set(stats.timings)):
        timings = stats.timings.get(action, [])
        p50 = statistics.median(timings) * 1000 if timings else 0.0
        p95 = percentile(timings, 0.95) * 1000 if timings else 0.0
        print(f"{action:<28}{len(timings):>9}{stats.errors[action]:>8}{p50:>9.0f}{p95:>9.0f}")
        total += len(timings)
        errors += stats.errors[action]
        if action in measured:
            worst_p95 = max(worst_p95, p95)
    print(f"{'all':<28}{total:>9}{errors:>8}   over {elapsed:.0f} s: {total / elapsed:.0f} requests/s")
    for kind, count in sorted(stats.error_kinds.items(), key=lambda item: -item[1])[:10]:
        print(f"  error ×{count}: {kind}")
    print()
    for line in checks["lines"]:
        print(line)
    met = errors == 0 and checks["lost"] == 0 and checks["doubled"] == 0 and worst_p95 <= 1000
    print(
        f"\nTarget (0 errors, 0 lost or doubled, p95 ≤ 1 s per action): {'met' if met else 'NOT met'} "
        f"– errors {errors}, lost {checks['lost']}, doubled {checks['doubled']}, worst p95 {worst_p95:.0f} ms"
    )
    return met


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds of load")
    parser.add_argument("--applicants", type=int, default=50)
    parser.add_argument("--coordinators", type=int, default=20)
    parser.add_argument("--members", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per app server")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--database-url", default=os.environ.get("TEST_DATABASE_URL"), help="PostgreSQL server URL")
    parser.add_argument("--pg-database", default="teilhabe_load", help="fresh database created (and dropped)")
    parser.add_argument("--redis", default=os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/4"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--think", type=float, default=1.0, help="scale of the pauses between clicks (≥ 1)")
    args = parser.parse_args()
    global THINK_SCALE
    THINK_SCALE = max(args.think, 1.0)  # shorter, and the form is sent faster than MIN_FILL_SECONDS allows
    if not args.database_url or not args.database_url.startswith("postgresql"):
        raise SystemExit("bench/load.py needs PostgreSQL: set TEST_DATABASE_URL or --database-url")

    admin = sa.create_engine(sa.make_url(args.database_url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{args.pg_database}" WITH (FORCE)')
        connection.exec_driver_sql(f'CREATE DATABASE "{args.pg_database}"')
    url = sa.make_url(args.database_url).set(database=args.pg_database).render_as_string(hide_password=False)
    smtp = SmtpSink(free_port())
    servers = []
    worker = None
    try:
        started = time.perf_counter()
        people = build_database(url, args.coordinators, args.members)
        print(f"database {args.pg_database} built in {time.perf_counter() - started:.0f} s", flush=True)
        smtp.start()
        env = {
            "TEILHABE_ENV": "production", "SECRET_KEY": secrets.token_hex(32), "DATABASE_URL": url,
            "RATELIMIT_STORAGE_URI": args.redis, "TRUSTED_PROXIES": "1", "SESSION_COOKIE_SECURE": "false",
            "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(smtp.port), "BASE_URL": "https://teilhabe.example",
            "METRICS_TOKEN": "", "EXTRA_TRUSTED_HOSTS": "127.0.0.1",
        }  # fmt: skip
        for _ in range(2):
            servers.append(start_server(env, free_port(), args.workers, args.threads))
        bases = [server.base for server in servers]
        print(f"app servers: {', '.join(bases)} ({args.workers} workers × {args.threads} threads each)", flush=True)
        worker = start_mail_worker(env)
        stats = Stats()
        load_before = os.getloadavg()[0]
        elapsed = asyncio.run(run_load(bases, people, args, stats))
        load_after = os.getloadavg()[0]
        waited = drain_outbox(url, worker)
        print(f"mail worker: outbox drained {waited:.0f} s after the last request", flush=True)
    finally:
        if worker is not None and worker.poll() is None:
            worker.kill()
        for server in servers:
            stop_server(server)
        smtp.stop()
    # gunicorn masters and their workers have been waited for: their CPU time is in RUSAGE_CHILDREN.
    server_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    client_cpu = resource.getrusage(resource.RUSAGE_SELF)
    requests = sum(len(timings) for timings in stats.timings.values())
    print(
        f"\nmachine: {os.cpu_count()} cores, load average {load_before:.1f} at the start, {load_after:.1f} at the end "
        f"(other processes included); app servers used {server_cpu.ru_utime + server_cpu.ru_stime:.0f} CPU-s "
        f"({(server_cpu.ru_utime + server_cpu.ru_stime) / max(requests, 1) * 1000:.0f} ms per request, logins "
        f"included), this client {client_cpu.ru_utime + client_cpu.ru_stime:.0f} CPU-s"
    )
    checks = verify(url, stats.acked_applications, stats.acked_decisions, people, smtp)
    met = report(stats, elapsed, checks, args)
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{args.pg_database}" WITH (FORCE)')
    admin.dispose()
    sys.exit(0 if met else 1)


if __name__ == "__main__":
    main()
