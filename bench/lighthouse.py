"""Lighthouse mobile performance scores of `/`, a network page, the application form and the directory.

    .venv/bin/python bench/lighthouse.py                 # 1,000 members in a fresh SQLite file
    .venv/bin/python bench/lighthouse.py --members 5000 --runs 3

Seeds a fresh SQLite database (bench/directory.py), starts the app under gunicorn in
production mode (bench/throughput.py's settings), logs in for the directory and runs the
Lighthouse CLI from node_modules (the pinned devDependency `lighthouse`, installed by
`make setup`) with the system's headless Chromium (CHROME_PATH, default /usr/bin/chromium):
mobile form factor, simulated throttling (Lighthouse's default), performance and
accessibility categories. Prints per page the median of `--runs` runs: performance score
(target ≥ 95), its main metrics (largest contentful paint, total blocking time, cumulative
layout shift) and the accessibility score, then where the JSON reports are.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"


sys.path.insert(0, str(BENCH))
import throughput  # noqa: E402 - its seeding and servers, one copy

directory_bench = throughput.directory_bench
NETWORK = directory_bench.NETWORK
# (label, file stem of the reports, path, logged in)
PAGES = [
    ("/", "home", "/", False),
    ("network page", "network-page", f"/netzwerke/{NETWORK}/", False),
    ("application form", "application-form", f"/netzwerke/{NETWORK}/mitglied-werden/schritt/1", False),
    ("directory", "directory", f"/netzwerke/{NETWORK}/verzeichnis", True),
]


class Run(NamedTuple):
    performance: float
    accessibility: float
    lcp_ms: float
    tbt_ms: float
    cls: float


def measure(url: str, cookie: str | None, report: Path, chrome: str) -> Run:
    command = [
        str(LIGHTHOUSE),
        url,
        "--only-categories=performance,accessibility",
        "--form-factor=mobile",
        "--output=json",
        f"--output-path={report}",
        "--quiet",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    ]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": chrome}, timeout=300)  # noqa: S603
    result = json.loads(report.read_text())
    if result.get("runtimeError") or result["finalDisplayedUrl"] != url:
        # A failed load or a redirect (to the login page) would be scored as if it were the page.
        sys.exit(f"Lighthouse did not measure {url}: {result.get('runtimeError') or result['finalDisplayedUrl']}")
    categories, audits = result["categories"], result["audits"]
    return Run(
        performance=categories["performance"]["score"] * 100,
        accessibility=categories["accessibility"]["score"] * 100,
        lcp_ms=audits["largest-contentful-paint"]["numericValue"],
        tbt_ms=audits["total-blocking-time"]["numericValue"],
        cls=audits["cumulative-layout-shift"]["numericValue"],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: npm install --save-dev lighthouse@12.8.2 (needs Node ≥ 18.16)")
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    if not os.access(chrome, os.X_OK):
        sys.exit(f"Chromium is missing at {chrome}: make browser-deps, or set CHROME_PATH")
    folder = Path(tempfile.mkdtemp(prefix="teilhabe-lighthouse-"))
    url = f"sqlite:///{folder / 'lighthouse.sqlite3'}"
    directory_bench.build_database(url, args.members)
    env = {
        **os.environ,
        "TEILHABE_ENV": "production",
        "DATABASE_URL": url,
        "SECRET_KEY": "benchmark-" + "x" * 32,
        "SESSION_COOKIE_SECURE": "0",
        "FLASK_APP": "wsgi",
        "BASE_URL": "http://127.0.0.1",  # production refuses to start without it (links in mails)
    }
    port = throughput.free_port()
    server = throughput.start_gunicorn("wsgi:app", port, env, 2, folder / "app.log")
    try:
        base = f"http://127.0.0.1:{port}"
        cookie = throughput.login_cookie(base)
        print(f"Lighthouse mobile, median of {args.runs} runs (performance target ≥ 95):")
        print(f"  {'page':18} {'perf.':>5}  {'runs':12} {'LCP':>8} {'TBT':>7} {'CLS':>6} {'a11y':>5}")
        for name, stem, path, logged_in in PAGES:
            header = cookie if logged_in else None
            runs = [measure(base + path, header, folder / f"{stem}-{run}.json", chrome) for run in range(args.runs)]

            def median(field: str, runs: list[Run] = runs) -> float:
                return statistics.median(getattr(run, field) for run in runs)

            each = "/".join(f"{run.performance:.0f}" for run in runs)
            print(
                f"  {name:18} {median('performance'):5.0f}  {each:12} {median('lcp_ms'):6.0f} ms"
                f" {median('tbt_ms'):4.0f} ms {median('cls'):6.3f} {median('accessibility'):5.0f}"
            )
        print(f"reports: {folder}")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
