"""Lighthouse mobile performance scores of `/`, a network page, the application form and the directory.

    .venv/bin/python bench/lighthouse.py                 # 1,000 members in a fresh SQLite file
    .venv/bin/python bench/lighthouse.py --members 5000 --runs 3

Seeds a fresh SQLite database (bench/directory.py), starts the app under gunicorn in
production mode (bench/throughput.py's settings), logs in for the directory and runs the
Lighthouse CLI from node_modules (`npm install --save-dev lighthouse`, a devDependency) with
the system's headless Chromium (CHROME_PATH, default /usr/bin/chromium): mobile form factor,
simulated throttling, performance category only. Prints the median score of `--runs` runs
per page (target ≥ 95) and where the JSON reports are.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"


def _load(name: str, file: str):
    spec = importlib.util.spec_from_file_location(name, BENCH / file)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


throughput = _load("throughput_bench", "throughput.py")
directory_bench = throughput.directory_bench
NETWORK = directory_bench.NETWORK
PAGES = [
    ("/", "/", False),
    ("network page", f"/netzwerke/{NETWORK}/", False),
    ("application form", f"/netzwerke/{NETWORK}/mitglied-werden/schritt/1", False),
    ("directory", f"/netzwerke/{NETWORK}/verzeichnis", True),
]


def score(url: str, cookie: str | None, report: Path, chrome: str) -> float:
    command = [
        str(LIGHTHOUSE),
        url,
        "--only-categories=performance",
        "--form-factor=mobile",
        "--output=json",
        f"--output-path={report}",
        "--quiet",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    ]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": chrome}, timeout=300)  # noqa: S603
    return json.loads(report.read_text())["categories"]["performance"]["score"] * 100


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: npm install --save-dev lighthouse@12.8.2 (needs Node ≥ 18.16)")
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
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
        print(f"Lighthouse mobile performance, median of {args.runs} runs (target ≥ 95):")
        for name, path, logged_in in PAGES:
            stem = name.replace(" ", "-")
            header = cookie if logged_in else None
            scores = [score(base + path, header, folder / f"{stem}-{run}.json", chrome) for run in range(args.runs)]
            print(f"  {name:18} {statistics.median(scores):5.0f}   (runs: {', '.join(f'{s:.0f}' for s in scores)})")
        print(f"reports: {folder}")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
