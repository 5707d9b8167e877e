"""The transition table: every allowed transition works, every other one is impossible."""

import itertools

import pytest

from app.core import history
from app.core.errors import IllegalTransition
from app.core.tokens import hash_token, new_token
from app.extensions import db
from app.models import Application, ApplicationState, HistoryEntry, HistoryKind
from app.review.transitions import TRANSITIONS, Actor, change_state

S = ApplicationState
ALL_PAIRS = list(itertools.product(S, S, Actor))


def _application(network, state):
    application = Application(
        network_id=network.id,
        state=state,
        first_name="Zoë",
        last_name="Müller-Lüdenscheidt",
        email=f"{new_token()[:8]}@example.org",
        submission_token=new_token(),
        status_token_hash=hash_token(new_token()),
    )
    db.session.add(application)
    db.session.commit()
    return application


def _allowed(frm, to, actor):
    allowed = TRANSITIONS.get((frm, to), frozenset())
    return actor in allowed or (actor is Actor.ADMIN and Actor.COORDINATOR in allowed)


@pytest.mark.parametrize("frm, to, actor", ALL_PAIRS, ids=lambda v: getattr(v, "value", v))
def test_transition_table(make_network, frm, to, actor):
    network = make_network()
    application = _application(network, frm)

    if _allowed(frm, to, actor):
        entry = change_state(application, to, actor=actor, actor_label="Test", message="Grund")
        db.session.commit()
        assert application.state is to
        assert (entry.from_state, entry.to_state) == (frm, to)
        assert entry.created_at is not None and entry.actor_label == "Test"
    else:
        with pytest.raises(IllegalTransition):
            change_state(application, to, actor=actor)
        db.session.rollback()
        assert db.session.get(Application, application.id).state is frm


def test_final_states_only_reopened_by_admin(make_network):
    application = _application(make_network(), S.REJECTED)
    with pytest.raises(IllegalTransition):
        change_state(application, S.IN_REVIEW, actor=Actor.COORDINATOR)
    change_state(application, S.IN_REVIEW, actor=Actor.ADMIN, message="Versehentlich abgelehnt")
    assert application.state is S.IN_REVIEW and application.decided_at is None


def test_history_rows_cannot_be_changed(make_network):
    application = _application(make_network(), S.RECEIVED)
    entry = history.record(HistoryKind.NOTE, application=application, message="intern", internal=True)
    db.session.commit()
    entry.message = "geändert"
    with pytest.raises(history.HistoryIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    assert db.session.get(HistoryEntry, entry.id).message == "intern"
