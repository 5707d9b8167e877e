"""CPU cost per request, in-process, for the pages of bench/throughput.py (production config).

    .venv/bin/python bench/cpu.py                        # CPU ms per request per page
    .venv/bin/python bench/cpu.py --instructions         # instructions per request (callgrind)
    .venv/bin/python bench/cpu.py --profile "review queue" --top 40

Wall-clock rates (bench/throughput.py) and even CPU time move with whatever else the shared
cores are doing; the number of instructions a request executes does not. With
`--instructions` the script runs itself under valgrind's callgrind (Debian package
`valgrind`), switches counting on only around each page's requests and prints millions of
instructions per request: the figure to find and check cuts with. `--profile` prints a
cProfile of one page. The database is a SQLite file with the seven demo networks plus
--members members and --applications applications (kept with --database).
"""

from __future__ import annotations

import argparse
import cProfile
import html
import os
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))
CALLGRIND_DIR = "TEILHABE_CALLGRIND_DIR"  # set when this script runs under callgrind


# The production configuration is read from the environment when config.py is imported.
os.environ.update(
    TEILHABE_ENV="production",
    SECRET_KEY="benchmark-" + "x" * 32,
    SESSION_COOKIE_SECURE="0",
    PREFERRED_URL_SCHEME="http",  # the test client would otherwise speak https
    BASE_URL="http://localhost",
)
import throughput  # noqa: E402 - after the environment above


def production_app(url: str):
    from app import create_app
    from config import config_from_env

    # Logged-in pages are built on every request here (their cost is what this measures); a page
    # the logged-in page cache answers again costs about what a visitor's cached page does.
    return create_app(config_from_env(), SQLALCHEMY_DATABASE_URI=url, VIEWER_PAGE_CACHE_SECONDS=0)


def measure(client, path: str, cookie: bool, runs: int) -> list[float]:
    samples = []
    headers = {"Accept-Encoding": "gzip, br"}
    for _ in range(runs):
        if not cookie:
            client._cookies.clear()  # a visitor without cookies
        started = time.process_time()
        response = client.get(path, headers=headers)
        samples.append((time.process_time() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{path}: {response.status_code}")
    return samples


def pages(url: str) -> list[tuple[str, str, bool]]:
    """throughput.py's pages plus an application's page (duplicate hints) and a plain text page."""
    import sqlalchemy as sa

    from app.extensions import db
    from app.models import Application, ApplicationState, Network

    rows = [(label, path, logged_in) for label, path, logged_in, _ in throughput.PAGES]
    event = throughput.event_page(url)
    if event:
        rows.insert(2, event[:3])
    app = production_app(url)
    with app.app_context():
        application_id = db.session.scalar(
            sa.select(Application.id)
            .join(Network)
            .where(Network.slug == throughput.NETWORK, Application.state == ApplicationState.IN_REVIEW)
            .order_by(Application.id)
            .limit(1)
        )
        db.engine.dispose()
    if application_id:
        rows.append(("application (review)", f"/koordination/{throughput.NETWORK}/antraege/{application_id}", True))
    rows.append(("Impressum (visitor)", "/impressum", False))
    rows.append(("Impressum (logged in)", "/impressum", True))
    return rows


class Callgrind:
    """Counting switched on around one page's requests; the dump gives its instructions."""

    def __init__(self, folder: str) -> None:
        self.folder = Path(folder)
        self.pid = str(os.getpid())

    def _control(self, *options: str) -> None:
        subprocess.run(["callgrind_control", *options, self.pid], check=True, capture_output=True)  # noqa: S603, S607

    def count(self, run) -> int:
        before = set(self.folder.glob("cg.out*"))
        self._control("-i", "on")
        self._control("-z")
        run()
        self._control("-d")
        self._control("-i", "off")
        dumps = set(self.folder.glob("cg.out*")) - before
        totals = 0
        for dump in dumps:
            for line in dump.read_text().splitlines():
                if line.startswith(("totals:", "summary:")):
                    totals = max(totals, int(line.split()[1]))
        return totals


def under_callgrind(argv: list[str]) -> None:
    if shutil.which("valgrind") is None:
        raise SystemExit("--instructions needs valgrind (Debian: apt-get install valgrind)")
    folder = tempfile.mkdtemp(prefix="teilhabe-callgrind-")
    command = [
        "valgrind",
        "--tool=callgrind",
        "--instr-atstart=no",
        f"--log-file={folder}/valgrind.log",
        f"--callgrind-out-file={folder}/cg.out",
        sys.executable,
        __file__,
        *argv,
    ]
    errors = Path(folder) / "stderr.log"  # the app's request log lines; shown when a page fails
    with errors.open("w") as stderr:
        # A fixed hash seed: string hashing and dict layout otherwise move the count by a few %.
        env = {**os.environ, CALLGRIND_DIR: folder, "PYTHONHASHSEED": "0"}
        result = subprocess.run(command, env=env, stderr=stderr)  # noqa: S603
    if result.returncode:
        print("\n".join(errors.read_text().splitlines()[-30:]), file=sys.stderr)
    shutil.rmtree(folder, ignore_errors=True)
    raise SystemExit(result.returncode)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--members", type=int, default=3000)
    parser.add_argument("--applications", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=200, help="requests per page (--instructions: 20)")
    parser.add_argument("--database", help="SQLite file to use or create (kept)")
    parser.add_argument("--instructions", action="store_true", help="count instructions under callgrind")
    parser.add_argument("--profile", help="label of the page to profile with cProfile")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()

    path = Path(args.database) if args.database else Path(tempfile.mkdtemp()) / "cpu.sqlite"
    url = f"sqlite:///{path}"
    if not path.exists():
        seconds = throughput.seed(url, args.members, args.applications)
        print(f"seeded {args.members:,} members and {args.applications:,} applications in {seconds:.0f} s")
    if args.instructions and CALLGRIND_DIR not in os.environ:
        under_callgrind(["--instructions", f"--runs={args.runs}", f"--database={path}"])
    callgrind = Callgrind(os.environ[CALLGRIND_DIR]) if args.instructions else None
    runs = args.runs if not callgrind or args.runs != 200 else 20

    rows = pages(url)
    app = production_app(url)
    visitor = app.test_client()
    member = app.test_client()
    form = member.get("/anmelden").get_data(as_text=True)
    token = html.unescape(re.search(r'name="csrf_token" value="([^"]+)"', form).group(1))
    response = member.post(
        "/anmelden", data={"csrf_token": token, "email": throughput.VIEWER, "password": throughput.PASSWORD}
    )
    if response.status_code != 302:
        raise SystemExit(f"login failed ({response.status_code})")
    bare = throughput._load("bare_app", "bare_app.py").app.test_client()
    measure(bare, "/", False, 10)
    if callgrind:
        bare_instructions = callgrind.count(lambda: measure(bare, "/", False, runs)) / runs / 1e6
        print(f"bare Flask route: {bare_instructions:.2f} M instructions per request (test client, {runs} requests)")
        print(f"{'page':24} {'M instructions':>15} {'× bare':>7}")
    else:
        bare_ms = statistics.median(measure(bare, "/", False, runs))
        print(f"bare Flask route: {bare_ms:.2f} ms CPU per request (test client)")
        print(f"{'page':24} {'median ms':>10} {'p90 ms':>8}")
    for label, page, logged_in in rows:
        client = member if logged_in else visitor
        if args.profile and label != args.profile:
            continue
        measure(client, page, logged_in, 10)  # warm caches
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            measure(client, page, logged_in, runs)
            profiler.disable()
            stats = pstats.Stats(profiler).sort_stats("tottime")
            stats.print_stats(args.top)
            stats.sort_stats("cumulative").print_stats(args.top)
        elif callgrind:
            instructions = callgrind.count(lambda: measure(client, page, logged_in, runs)) / runs / 1e6  # noqa: B023
            print(f"{label:24} {instructions:15.1f} {instructions / bare_instructions:7.1f}", flush=True)
        else:
            samples = sorted(measure(client, page, logged_in, runs))
            print(f"{label:24} {statistics.median(samples):10.2f} {samples[int(len(samples) * 0.9)]:8.2f}")


if __name__ == "__main__":
    main()
