"""The mail worker: exactly once with concurrent workers, timeouts, retries, stale claims, stop."""

from __future__ import annotations

import os
import signal
import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import OutboxMessage, OutboxStatus, utcnow
from app.outbox.worker import claim_batch, send_batch, send_due
from tests.apply_support import ACTIVITY, INSTITUTION, PERSON, application_of, fill_steps, send, sibling_app
from tests.conftest import IsolatedClient
from tests.outbox.support import (
    HoldingCollector,
    StallingSMTPServer,
    delivered_ids,
    production_env,
    queue_many,
    sent_by,
    start_collector,
    start_worker,
    status_counts,
    stop_worker,
    wait_until,
    worker_output,
)

PG_ONLY = "PostgreSQL only (set TEST_DATABASE_URL): several worker processes need row locks"


@pytest.fixture
def worker_app(app):
    """The production behaviour: requests only queue, nothing is sent eagerly."""
    app.config["OUTBOX_EAGER"] = False
    return app


def test_two_worker_processes_send_2000_mails_each_exactly_once(worker_app, backend, smtp):
    if backend != "postgresql":
        pytest.skip(PG_ONLY)
    env = production_env(worker_app.config["SQLALCHEMY_DATABASE_URI"], smtp.port)
    workers = [start_worker(env, "--batch-size", "25") for _ in range(2)]
    try:
        # Both must be polling before the mails arrive: on a busy machine one worker could
        # otherwise send all of them while the other is still starting.
        polling = lambda: all("Mail-Worker läuft" in worker_output(w) for w in workers)  # noqa: E731
        wait_until(lambda: polling() or any(w.poll() is not None for w in workers), what="two polling workers")
        assert polling(), [worker_output(w) for w in workers]
        ids = queue_many(2000)
        wait_until(lambda: status_counts()[OutboxStatus.SENT] == 2000, what="2,000 sent mails")
    finally:
        outputs = [stop_worker(worker) for worker in workers]

    counts = delivered_ids(smtp)
    assert set(counts) == set(ids)
    assert max(counts.values()) == 1
    assert sum(sent_by(output) for output in outputs) == 2000
    assert all(sent_by(output) > 0 for output in outputs), outputs  # both took part
    assert status_counts() == {OutboxStatus.SENT: 2000}


def test_concurrent_workers_in_threads_never_send_twice(worker_app, smtp):
    """The same claim on both databases (SQLite serialises the claiming UPDATE)."""
    ids = queue_many(200)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            with worker_app.app_context():
                while batch := claim_batch(10):
                    send_batch(batch)
                db.session.remove()
        except BaseException as error:  # noqa: BLE001 - reported in the main thread
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors and not any(thread.is_alive() for thread in threads)
    counts = delivered_ids(smtp)
    assert set(counts) == set(ids) and max(counts.values()) == 1


def test_a_stalling_smtp_server_delays_no_request_and_costs_the_worker_one_timeout(app, make_network):
    make_network(slug="netz", name="Netzwerk Bürgerhaushalt", themenkreise=())
    stall = StallingSMTPServer()
    web = sibling_app(app, MAIL_PORT=stall.port, OUTBOX_EAGER=False, MAIL_TIMEOUT=0.5)
    web.test_client_class = IsolatedClient
    try:
        client = web.test_client()
        response = send(client, "netz", fill_steps(client, "netz", PERSON, INSTITUTION, ACTIVITY))
        assert response.status_code == 302
        assert application_of(PERSON["email"]) is not None
        assert stall.connections == []  # the request never talked to the SMTP server
        queue_many(3)

        with web.app_context():
            done = threading.Event()
            results = []
            thread = threading.Thread(target=lambda: (results.append(_send_due_in(web)), done.set()))
            thread.start()
            thread.join(timeout=60)
            assert done.is_set(), "the worker hung on a silent SMTP server"
        [result] = results
        assert (result.sent, result.failed) == (0, 4)
        assert len(stall.connections) == 1  # one connection, one timeout for the whole batch
        messages = list(db.session.scalars(sa.select(OutboxMessage)))
        assert {m.status for m in messages} == {OutboxStatus.PENDING}
        assert all("timed out" in m.last_error and m.attempts == 1 for m in messages)
        assert all(m.next_attempt_at > utcnow() for m in messages)  # backed off
    finally:
        stall.close()
        with web.app_context():
            db.engine.dispose()


def _send_due_in(web):
    with web.app_context():
        try:
            return send_due()
        finally:
            db.session.remove()


def test_retry_backoff_and_a_stale_claim_of_a_dead_worker_is_taken_over(worker_app, smtp):
    [stale, fresh, later] = queue_many(3)
    now = utcnow()
    db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id == stale)
        .values(status=OutboxStatus.SENDING, attempts=1, next_attempt_at=now - timedelta(minutes=11))
    )
    db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id == fresh)
        .values(status=OutboxStatus.SENDING, attempts=1, next_attempt_at=now - timedelta(seconds=5))
    )
    db.session.execute(
        sa.update(OutboxMessage).where(OutboxMessage.id == later).values(next_attempt_at=now + timedelta(minutes=5))
    )
    db.session.commit()

    result = send_due()

    assert (result.sent, result.failed) == (1, 0)
    assert dict(delivered_ids(smtp)) == {stale: 1}  # a live worker's claim and a backed-off mail wait
    db.session.expire_all()
    assert db.session.get(OutboxMessage, stale).attempts == 2


def test_a_refused_mail_backs_off_and_waits(worker_app, smtp):
    [temporary] = queue_many(1)
    smtp.refuse = True  # 451
    assert send_due().failed == 1
    message = db.session.get(OutboxMessage, temporary)
    db.session.refresh(message)
    assert message.status is OutboxStatus.PENDING and "451" in message.last_error
    assert message.next_attempt_at - utcnow() > timedelta(seconds=30)
    assert send_due().sent == 0  # not due yet


def test_worker_process_stops_cleanly_on_sigterm(worker_app, backend, smtp):
    if backend != "postgresql":
        pytest.skip(PG_ONLY)
    env = production_env(worker_app.config["SQLALCHEMY_DATABASE_URI"], smtp.port)
    worker = start_worker(env)
    wait_until(lambda: worker.poll() is None and "Mail-Worker läuft" in worker_output(worker), what="start")
    os.kill(worker.pid, signal.SIGTERM)
    output = stop_worker(worker)
    assert "Mail-Worker beendet" in output


def test_a_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(worker_app, backend):
    if backend != "postgresql":
        pytest.skip(PG_ONLY)
    holding = HoldingCollector(hold_at=30)
    controller = start_collector(holding)
    try:
        ids = queue_many(100)
        url = worker_app.config["SQLALCHEMY_DATABASE_URI"]
        first = start_worker(production_env(url, holding.port), "--batch-size", "20")
        wait_until(holding.holding.is_set, what="the 30th mail")
        first.kill()  # SIGKILL while the server has not yet acknowledged mail 30
        first.wait(timeout=30)
        holding.release.set()
        assert status_counts()[OutboxStatus.SENDING] > 0  # the dead worker's claim is left behind

        second = start_worker(
            production_env(url, holding.port, OUTBOX_STALE_SECONDS="6", MAIL_TIMEOUT="1"), "--batch-size", "20"
        )
        try:
            wait_until(lambda: status_counts()[OutboxStatus.SENT] == 100, what="all mails sent")
        finally:
            stop_worker(second)
        counts = delivered_ids(holding)
        assert set(counts) == set(ids) and max(counts.values()) == 1
    finally:
        controller.stop()


def test_a_mail_that_cannot_be_built_fails_alone_and_the_batch_goes_on(worker_app, smtp, monkeypatch):
    [broken, fine] = queue_many(2)
    from app.outbox import delivery

    build = delivery.build_message

    def build_or_break(outgoing, sender):
        if outgoing.id == broken:
            raise ValueError("kaputte Kopfzeile")
        return build(outgoing, sender)

    monkeypatch.setattr(delivery, "build_message", build_or_break)
    result = send_due()

    assert (result.sent, result.failed) == (1, 1)
    assert dict(delivered_ids(smtp)) == {fine: 1}
    message = db.session.get(OutboxMessage, broken)
    db.session.refresh(message)
    assert message.status is OutboxStatus.FAILED and "kaputte Kopfzeile" in message.last_error


def test_the_worker_loop_survives_a_database_outage(worker_app, monkeypatch):
    from app.outbox import worker as worker_module

    calls = []

    def failing_claim(limit):
        calls.append(limit)
        if len(calls) == 1:
            raise sa.exc.OperationalError("SELECT", {}, Exception("server closed the connection"))
        loop.request_stop()
        return []

    monkeypatch.setattr(worker_module, "claim_batch", failing_claim)
    loop = worker_module.Worker(poll_seconds=0.01, batch_size=5)
    loop.run()
    assert len(calls) == 2  # tried again after the error, then stopped cleanly
