"""Two app servers, one database, one Redis, two mail workers: nothing depends on which one answers.

Runs against real processes started as in production (gunicorn with gunicorn.conf.py,
`flask outbox work`), so it needs PostgreSQL (TEST_DATABASE_URL) and Redis (TEST_REDIS_URL,
default redis://127.0.0.1:6379/3): skipped with one line without them, a failure under CI=true.
"""

from __future__ import annotations

import os
import re
import time

import pytest
import sqlalchemy as sa

from tests.apply_support import ACTIVITY, INSTITUTION, PERSON
from tests.operations.cluster import (
    TEST_REDIS_URL,
    Browser,
    create_database,
    drop_database,
    flask,
    services_missing,
    start_node,
    wait_ready,
)
from tests.outbox.support import (
    MESSAGE_ID,
    HoldingCollector,
    production_env,
    sent_by,
    start_collector,
    start_worker,
    stop_worker,
    wait_until,
)

# One cluster per test process: with pytest-xdist keep these tests together (--dist loadgroup).
pytestmark = pytest.mark.xdist_group("two_nodes")

ADMIN = "betrieb@example.org"
ADMIN_PASSWORD = "Zwei-Server-Probe-2026!"
NETWORK = "netzwerk-buergerhaushalt"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    missing = services_missing()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"two-node test {missing}")
        pytest.skip(f"two-node test {missing}")
    smtp = HoldingCollector(hold_at=0)
    controller = start_collector(smtp)
    url = create_database(f"nodes_{os.getpid()}")
    env = production_env(
        url,
        smtp.port,
        RATELIMIT_STORAGE_URI=TEST_REDIS_URL,
        RATELIMIT_KEY_PREFIX=f"two-nodes-{os.getpid()}-{time.time_ns()}",  # counts of this run only
        SESSION_COOKIE_SECURE="false",
        MIN_FILL_SECONDS="0",
        WEB_CONCURRENCY="2",
        TRUSTED_HOSTS="127.0.0.1",
    )
    nodes = []
    try:
        flask(env, "db", "upgrade")
        flask(env, "seed-demo")
        flask(env, "accounts", "add", ADMIN, "--role", "admin", "--password-stdin", stdin=ADMIN_PASSWORD + "\n")
        log_dir = tmp_path_factory.mktemp("nodes")
        nodes = [start_node(env, log_dir, name) for name in ("a", "b")]
        for node in nodes:
            wait_ready(node)
        engine = sa.create_engine(url)
        yield {
            "a": nodes[0].url,
            "b": nodes[1].url,
            "env": env,
            "smtp": smtp,
            "engine": engine,
            "logs": [node.log for node in nodes],
        }
        engine.dispose()
    finally:
        for node in nodes:
            node.stop()
        controller.stop()
        drop_database(url)


def login(browser: Browser, base: str):
    token = browser.get(base + "/anmelden").csrf_token()
    return browser.post(base + "/anmelden", {"csrf_token": token, "email": ADMIN, "password": ADMIN_PASSWORD})


def test_a_login_on_a_is_valid_on_b_and_a_logout_on_a_ends_it_on_b(cluster):
    a, b = cluster["a"], cluster["b"]
    browser = Browser()
    assert login(browser, a).status == 302
    assert browser.get(b + "/verwaltung/").status == 200
    copied = browser.with_cookie(browser.session_cookie())

    token = browser.get(a + "/verwaltung/").csrf_token()
    assert browser.post(a + "/abmelden", {"csrf_token": token}).status == 302

    for who in (browser, copied):  # also a copy of the cookie from before the logout
        response = who.get(b + "/verwaltung/")
        assert response.status == 302 and "/anmelden" in response.location


def test_a_draft_started_on_a_is_finished_on_b(cluster):
    a, b = cluster["a"], cluster["b"]
    browser = Browser()
    assert browser.get(f"{a}/netzwerke/{NETWORK}/mitglied-werden").status in (200, 302)
    steps = {1: {**PERSON, "applicant_kind": "person", "email": "zwei.server@example.org"}, 2: INSTITUTION, 3: ACTIVITY}
    for number, data in steps.items():
        url = f"{a}/netzwerke/{NETWORK}/mitglied-werden/schritt/{number}"
        form = browser.get(url)
        assert form.status == 200
        response = browser.post(url, {**form.hidden_fields(), **data, "action": "next"})
        errors = [e.strip() for e in re.sub(r"<[^>]+>", "\n", response.text).splitlines() if "Bitte" in e]
        assert response.status == 302, (number, errors)

    step4 = browser.get(f"{b}/netzwerke/{NETWORK}/mitglied-werden/schritt/4")
    assert step4.status == 200 and "zwei.server@example.org" in step4.text
    data = {**step4.hidden_fields(), "consent_privacy": "y", "action": "submit"}
    if 'name="consent_conditions"' in step4.text:
        data["consent_conditions"] = "y"
    response = browser.post(f"{b}/netzwerke/{NETWORK}/mitglied-werden/absenden", data)
    assert response.status == 302, response.text[-2000:]
    with cluster["engine"].connect() as connection:
        stored = connection.scalar(sa.text("SELECT count(*) FROM applications WHERE email = 'zwei.server@example.org'"))
        queued = connection.scalar(
            sa.text("SELECT count(*) FROM outbox_messages WHERE recipient = 'zwei.server@example.org'")
        )
    assert (stored, queued) == (1, 1)  # stored once; its mail waits for the worker


def test_rate_limits_count_across_both_servers(cluster):
    a, b = cluster["a"], cluster["b"]
    browser = Browser()
    token = browser.get(a + "/anmelden").csrf_token()

    def wrong(attempt: int) -> dict[str, str]:
        # A new address each time: the per-account limit (#12 item 3) must not end the count early.
        return {"csrf_token": token, "email": f"niemand{attempt}@example.org", "password": "falsch-falsch-falsch"}

    first = browser.post(a + "/anmelden", wrong(0))
    assert first.status == 200
    limit = int(first.headers["x-ratelimit-limit"])
    remaining = [int(first.headers["x-ratelimit-remaining"])]
    for attempt in range(1, limit + 2):
        response = browser.post((b if attempt % 2 else a) + "/anmelden", wrong(attempt))
        if response.status == 429:
            break
        assert response.status == 200
        remaining.append(int(response.headers["x-ratelimit-remaining"]))
    assert response.status == 429  # refused by whichever server, once the shared count is used up
    assert remaining == list(range(remaining[0], -1, -1))  # one counter for both servers


def test_two_workers_deliver_1000_mails_exactly_once_and_a_killed_worker_loses_nothing(cluster):
    smtp, engine = cluster["smtp"], cluster["engine"]
    url = cluster["env"]["DATABASE_URL"]
    rows = [{"r": f"mitglied{n}@example.org", "s": f"Rundschreiben {n}"} for n in range(1000)]
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO outbox_messages (status, recipient, subject, body_text, body_html, template, attempts,"
                " last_error, created_at, next_attempt_at) VALUES ('pending', :r, :s, 'Hallo', '', 'test', 0, '',"
                " now(), now())"
            ),
            rows,
        )
        expected = set(connection.scalars(sa.text("SELECT id FROM outbox_messages")))

    workers = [start_worker(production_env(url, smtp.port), "--batch-size", "25") for _ in range(2)]
    try:
        wait_until(lambda: _count(engine, "status = 'sent'") == len(expected), what="1,000 mails sent")
    finally:
        outputs = [stop_worker(worker) for worker in workers]
    assert sum(sent_by(output) for output in outputs) == len(expected)
    _assert_each_once(smtp, expected)

    # A worker killed (SIGKILL) while the server has not yet acknowledged a mail of its batch.
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO outbox_messages (status, recipient, subject, body_text, body_html, template, attempts,"
                " last_error, created_at, next_attempt_at) VALUES ('pending', :r, :s, 'Hallo', '', 'test', 0, '',"
                " now(), now())"
            ),
            rows[:200],
        )
        expected = set(connection.scalars(sa.text("SELECT id FROM outbox_messages")))
    smtp.hold_at = smtp.seen + 60
    victim = start_worker(production_env(url, smtp.port), "--batch-size", "25")
    wait_until(smtp.holding.is_set, what="the held mail")
    victim.kill()
    victim.wait(timeout=30)
    smtp.release.set()
    assert _count(engine, "status = 'sending'") > 0  # its claim is left behind

    quick = production_env(url, smtp.port, OUTBOX_STALE_SECONDS="6", MAIL_TIMEOUT="1")
    rescuers = [start_worker(quick, "--batch-size", "25") for _ in range(2)]
    try:
        wait_until(lambda: _count(engine, "status = 'sent'") == len(expected), what="all mails sent")
    finally:
        for worker in rescuers:
            stop_worker(worker)
    _assert_each_once(smtp, expected)


def _count(engine, condition: str) -> int:
    with engine.connect() as connection:
        return connection.scalar(sa.text(f"SELECT count(*) FROM outbox_messages WHERE {condition}"))


def _assert_each_once(smtp, expected: set[int]) -> None:
    with smtp.lock:
        ids = [int(MESSAGE_ID.search(str(m["Message-ID"])).group(1)) for m in smtp.messages]
    assert set(ids) == expected
    assert len(ids) == len(set(ids)), "a mail was delivered twice"


def test_the_nodes_log_one_line_per_request_with_its_id(cluster):
    browser = Browser()
    response = browser.request(cluster["b"] + "/healthz", headers={"X-Request-ID": "probe-4711"})
    assert response.headers["x-request-id"] == "probe-4711"
    logs = "".join(path.read_text() for path in cluster["logs"])
    assert re.search(r"\[probe-4711\] teilhabe\.request: GET /healthz 200", logs)
