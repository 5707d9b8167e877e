"""Under gunicorn with several workers, /metrics counts the requests of all of them."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from app import ROOT_DIR
from tests.conftest import free_port
from tests.metrics.conftest import TOKEN


@pytest.fixture
def gunicorn(app, tmp_path):
    """Two gunicorn workers on the test database, with PROMETHEUS_MULTIPROC_DIR as the unit sets it."""
    multiproc = tmp_path / "prometheus"
    multiproc.mkdir()
    port = free_port()
    env = {
        **os.environ,
        "BASE_URL": f"http://127.0.0.1:{port}",
        "TEILHABE_ENV": "production",
        "SECRET_KEY": "gunicorn-metrics-test-secret",
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "METRICS_TOKEN": TOKEN,
        "PROMETHEUS_MULTIPROC_DIR": str(multiproc),
        "SESSION_COOKIE_SECURE": "false",
    }
    log = (tmp_path / "gunicorn.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=ROOT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            assert process.poll() is None, (tmp_path / "gunicorn.log").read_text()
            try:
                httpx.get(base + "/impressum", timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.25)
        yield base, multiproc
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def counted(base: str, endpoint: str) -> float:
    response = httpx.get(base + "/metrics", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10)
    assert response.status_code == 200, response.text
    return sum(
        sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
        if sample.name == "teilhabe_http_requests_total" and sample.labels.get("endpoint") == endpoint
    )


def test_requests_of_all_workers_are_summed(gunicorn):
    base, multiproc = gunicorn
    sent = 0
    with ThreadPoolExecutor(max_workers=6) as pool:
        # Parallel requests keep one worker busy, so the other one answers too; go on until both
        # have counted something (the multiprocess files are named after the worker's pid).
        for _ in range(20):
            answers = list(pool.map(lambda _: httpx.get(base + "/", timeout=10).status_code, range(12)))
            assert answers == [200] * 12
            sent += 12
            if len(list(Path(multiproc).glob("counter_*.db"))) >= 2:
                break
    assert len(list(Path(multiproc).glob("counter_*.db"))) == 2
    # Whichever worker answers the scrape, it reports the total of both.
    assert {counted(base, "public.index") for _ in range(6)} == {sent}
