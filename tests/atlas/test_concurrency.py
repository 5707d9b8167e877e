"""Two coordinators decide the same entry (or status update) at the same moment: exactly one decision counts.

Real concurrent PostgreSQL transactions; skipped on SQLite (one writer per file would only test its own lock).
"""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from app.atlas import decisions
from app.core.errors import ConcurrentUpdate
from app.extensions import db
from app.models import Account, AtlasEntry, AtlasHistory, AtlasState, AtlasUpdate
from app.models.atlas import AtlasInitiator, AtlasLevel, AtlasTopic, atlas_index

pytestmark = pytest.mark.postgresql_only


def submitted_entry(network, author) -> AtlasEntry:
    entry = AtlasEntry(
        network=network, author=author, state=AtlasState.SUBMITTED, title="Zukunftswerkstatt", summary="Kurz",
        organiser="Stadt", bundesland="SN", level=AtlasLevel.KOMMUNE, topic=AtlasTopic.PLANNING,
        initiator=AtlasInitiator.COUNCIL, start_year=2025,
    )  # fmt: skip
    db.session.add(entry)
    db.session.commit()
    return entry


def run_concurrently(app, actions) -> list[str]:
    """Each worker loads the same row version, waits for the others, then acts and commits."""
    barrier = threading.Barrier(len(actions))
    outcomes = [""] * len(actions)

    def worker(index, action):
        with app.app_context():
            try:
                action_ready = action()
                barrier.wait(timeout=10)
                try:
                    action_ready()
                    db.session.commit()
                    outcomes[index] = "won"
                except ConcurrentUpdate:
                    db.session.rollback()
                    outcomes[index] = "lost"
            except Exception as error:  # noqa: BLE001 - reported by the assert below
                db.session.rollback()
                outcomes[index] = f"error: {error!r}"
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_publish_and_reject_at_once_one_wins(app, atlas_network, make_account):
    author = make_account()
    first, second = make_account(coordinates=[atlas_network]), make_account(coordinates=[atlas_network])
    entry_id = submitted_entry(atlas_network, author).id

    def prepare(kind, account_id):
        def load():
            entry = db.session.get(AtlasEntry, entry_id)
            account = db.session.get(Account, account_id)
            if kind == "publish":
                return lambda: decisions.publish(entry, account)
            return lambda: decisions.reject(entry, account, "Doppelt gemeldet")

        return load

    outcomes = run_concurrently(app, [prepare("publish", first.id), prepare("reject", second.id)])
    assert sorted(outcomes) == ["lost", "won"], outcomes
    db.session.expire_all()
    entry = db.session.get(AtlasEntry, entry_id)
    decided = db.session.scalars(
        sa.select(AtlasHistory).where(AtlasHistory.entry_id == entry_id, AtlasHistory.to_state.in_(
            [AtlasState.PUBLISHED, AtlasState.REJECTED]))
    ).all()  # fmt: skip
    assert len(decided) == 1 and decided[0].to_state is entry.state
    indexed = db.session.scalar(sa.select(sa.func.count()).select_from(atlas_index))
    assert indexed == (1 if entry.state is AtlasState.PUBLISHED else 0)


def test_one_status_update_is_published_once(app, atlas_network, make_account):
    author = make_account()
    coordinators = [make_account(coordinates=[atlas_network]) for _ in range(2)]
    entry = submitted_entry(atlas_network, author)
    entry.state = AtlasState.PUBLISHED
    update = AtlasUpdate(entry=entry, year=2027, month=3, text="Übergeben", author_id=author.id)
    db.session.add(update)
    db.session.commit()
    update_id = update.id

    def prepare(account_id):
        def load():
            loaded = db.session.get(AtlasUpdate, update_id)
            account = db.session.get(Account, account_id)
            loaded.entry.version  # noqa: B018 - load the entry's version now, before the barrier
            return lambda: decisions.publish(loaded, account)

        return load

    outcomes = run_concurrently(app, [prepare(c.id) for c in coordinators])
    assert sorted(outcomes) == ["lost", "won"], outcomes
    published = db.session.scalars(
        sa.select(AtlasHistory).where(
            AtlasHistory.update_id == update_id, AtlasHistory.to_state == AtlasState.PUBLISHED
        )
    ).all()
    assert len(published) == 1
