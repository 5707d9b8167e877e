"""CPU time per request, in-process, for the pages of bench/throughput.py (production config).

    .venv/bin/python bench/cpu.py                       # table of CPU ms per request per page
    .venv/bin/python bench/cpu.py --profile "review queue" --top 40

CPU time (`time.process_time`) is far less disturbed by other jobs on a shared machine than
wall-clock rates, so this is the script to find and check cuts with; bench/throughput.py gives
the rates under gunicorn. The database is a fresh SQLite file with the demo networks plus
--members members and --applications applications (reused with --keep).
"""

from __future__ import annotations

import argparse
import cProfile
import html
import importlib.util
import os
import pstats
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))


def _load(name: str, file: str):
    spec = importlib.util.spec_from_file_location(name, BENCH / file)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The production configuration is read from the environment when config.py is imported.
os.environ.update(
    TEILHABE_ENV="production",
    SECRET_KEY="benchmark-" + "x" * 32,
    SESSION_COOKIE_SECURE="0",
    PREFERRED_URL_SCHEME="http",  # the test client would otherwise speak https
    BASE_URL="http://localhost",
)
throughput = _load("throughput_bench", "throughput.py")


def production_app(url: str):
    from app import create_app
    from config import config_from_env

    return create_app(config_from_env(), SQLALCHEMY_DATABASE_URI=url)


def measure(client, path: str, cookie: bool, runs: int) -> list[float]:
    samples = []
    headers = {"Accept-Encoding": "gzip, br"}
    for _ in range(runs):
        if not cookie:
            client._cookies.clear()
        started = time.process_time()
        response = client.get(path, headers=headers)
        samples.append((time.process_time() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{path}: {response.status_code}")
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--members", type=int, default=3000)
    parser.add_argument("--applications", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--database", help="SQLite file to use or create (kept)")
    parser.add_argument("--profile", help="label of the page to profile with cProfile")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()

    path = Path(args.database) if args.database else Path(tempfile.mkdtemp()) / "cpu.sqlite"
    url = f"sqlite:///{path}"
    if not path.exists():
        seconds = throughput.seed(url, args.members, args.applications)
        print(f"seeded {args.members:,} members and {args.applications:,} applications in {seconds:.0f} s")
    pages = list(throughput.PAGES)
    event = throughput.event_page(url)
    if event:
        pages.insert(2, event)
    app = production_app(url)
    visitor = app.test_client()
    member = app.test_client()
    first = member.get("/anmelden")
    form = first.get_data(as_text=True)
    token = html.unescape(re.search(r'name="csrf_token" value="([^"]+)"', form).group(1))
    response = member.post(
        "/anmelden", data={"csrf_token": token, "email": throughput.VIEWER, "password": throughput.PASSWORD}
    )
    if response.status_code != 302:
        raise SystemExit("login failed: " + response.get_data(as_text=True)[:3000])
    bare = _load("bare_app", "bare_app.py").app.test_client()
    bare_ms = statistics.median(measure(bare, "/", False, args.runs))
    print(f"bare Flask route: {bare_ms:.2f} ms CPU per request (test client)")
    print(f"{'page':22} {'median ms':>10} {'p90 ms':>8}")
    for label, page, logged_in, _target in pages:
        client = member if logged_in else visitor
        if args.profile and label != args.profile:
            continue
        measure(client, page, logged_in, 10)  # warm caches
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            measure(client, page, logged_in, args.runs)
            profiler.disable()
            stats = pstats.Stats(profiler).sort_stats("tottime")
            stats.print_stats(args.top)
            stats.sort_stats("cumulative").print_stats(args.top)
            continue
        samples = sorted(measure(client, page, logged_in, args.runs))
        print(f"{label:22} {statistics.median(samples):10.2f} {samples[int(len(samples) * 0.9)]:8.2f}")


if __name__ == "__main__":
    main()
