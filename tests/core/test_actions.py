"""The action runner: what a refused or conflicting action leaves behind, and what succeeds."""

from __future__ import annotations

import sqlalchemy as sa

from app.core.actions import submit
from app.core.errors import ConcurrentUpdate, DomainError
from app.extensions import db
from app.models import Network
from forms import BaseForm


def _network_count() -> int:
    return db.session.scalar(sa.select(sa.func.count(Network.id))) or 0


def _add_then(error: Exception | None):
    """A domain action that writes a row (flushed) and then fails with `error`."""

    def action():
        network = Network(slug="halb-angelegt", name="Halb angelegt", short_description="Test")
        db.session.add(network)
        db.session.flush()
        if error is not None:
            raise error
        return network

    return action


def test_a_refused_action_is_rolled_back_and_shown_at_the_field(app):
    with app.test_request_context("/", method="POST", data={}):
        form = BaseForm()
        response = submit(form, _add_then(DomainError("Name vergeben", field="name")), success="ok", next_url="/weiter")
        assert response is None  # the page is rendered again, with the message
        assert form.form_errors == ["Name vergeben"]  # BaseForm has no field "name": summary
    assert _network_count() == 0


def test_a_conflict_redirects_to_the_fresh_page_and_keeps_nothing(app):
    with app.test_request_context("/", method="POST", data={}):
        response = submit(
            BaseForm(),
            _add_then(ConcurrentUpdate("Jemand war schneller")),
            success="ok",
            next_url="/weiter",
            stale_url="/neu-laden",
        )
        assert response is not None and response.location == "/neu-laden"
    assert _network_count() == 0


def test_a_refused_button_flashes_and_goes_back(app):
    with app.test_request_context("/", method="POST", data={}):
        response = submit(
            BaseForm(), _add_then(DomainError("Nicht erlaubt")), success="ok", next_url="/weiter", refused_url="/zurück"
        )
        assert response is not None and response.location == "/zurück"
    assert _network_count() == 0


def test_success_commits_and_redirects_with_the_result(app):
    with app.test_request_context("/", method="POST", data={}):
        response = submit(
            BaseForm(), _add_then(None), success=lambda n: f"{n.name} angelegt", next_url=lambda n: f"/netz/{n.slug}"
        )
        assert response is not None and response.location == "/netz/halb-angelegt"
    db.session.remove()
    assert _network_count() == 1
