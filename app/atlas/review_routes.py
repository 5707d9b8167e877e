"""Coordinators review entries and status updates, in the look of the application review."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.atlas import bp, decisions, queries
from app.atlas.transitions import OPEN_STATES, Role, allowed_targets
from app.core.actions import submit
from app.core.pagination import page_number
from app.core.permissions import coordinator_network
from app.extensions import db
from app.models import AtlasEntry, AtlasState, AtlasUpdate, Network
from forms.atlas import NoteForm, PublishForm, QuestionForm, RejectForm, TakeForm

ID = "int(max=2147483647)"
S = AtlasState
FORMS = {"take": TakeForm, "question": QuestionForm, "publish": PublishForm, "reject": RejectForm, "note": NoteForm}


def _acting():
    return current_user._get_current_object()


@bp.get("/koordination/<slug>/atlas")
def review_queue(slug: str):
    network = coordinator_network(slug)
    tab = request.args.get("status", "offen")
    tab = tab if tab in dict(queries.TABS) else "offen"
    page, counts = queries.review_queue(network, tab, page_number(request.args.get("page")))
    return render_template(
        "atlas/review_queue.html", network=network, page=page, counts=counts, tab=tab, open_states=OPEN_STATES
    )


def _load(slug: str, entry_id: int) -> tuple[Network, AtlasEntry]:
    network = coordinator_network(slug)
    entry = queries.review_entry(network, entry_id)
    if entry is None:
        abort(404)
    return network, entry


def _forms(entry: AtlasEntry, submitted: dict) -> dict:
    forms = {}
    for prefix, form_class in FORMS.items():
        form = submitted.get(prefix) or form_class(formdata=None, prefix=prefix)
        form.version.data = str(entry.version)
        forms[prefix] = form
    return forms


def render_detail(network: Network, entry: AtlasEntry, status: int = 200, update_forms=None, **submitted):
    targets = allowed_targets(entry.state, Role.COORDINATOR)
    return render_template(
        "atlas/review_detail.html", network=network, entry=entry, forms=_forms(entry, submitted),
        history=queries.history_for(entry, include_internal=True),
        can_take=S.IN_REVIEW in targets, can_ask=S.QUERY in targets, can_decide=S.PUBLISHED in targets,
        open_updates=[u for u in entry.updates if u.state in OPEN_STATES], update_forms=update_forms or {},
    ), status  # fmt: skip


@bp.get(f"/koordination/<slug>/atlas/<{ID}:entry_id>")
def review_detail(slug: str, entry_id: int):
    network, entry = _load(slug, entry_id)
    return render_detail(network, entry)


def _act(slug: str, entry_id: int, prefix: str, perform: Callable, success):
    network, entry = _load(slug, entry_id)
    form = FORMS[prefix](prefix=prefix)
    back = url_for("atlas.review_detail", slug=network.slug, entry_id=entry.id)
    done = submit(form, lambda: perform(entry, form), success=success, next_url=back, stale_url=back)
    return done or render_detail(network, entry, 422, **{prefix: form})


@bp.post(f"/koordination/<slug>/atlas/<{ID}:entry_id>/in-pruefung")
def review_take(slug: str, entry_id: int):
    return _act(slug, entry_id, "take", lambda e, f: decisions.take(e, _acting(), f.seen_version),
                _l("Der Eintrag ist jetzt in Prüfung und Ihnen zugewiesen."))  # fmt: skip


@bp.post(f"/koordination/<slug>/atlas/<{ID}:entry_id>/rueckfrage")
def review_ask(slug: str, entry_id: int):
    return _act(slug, entry_id, "question", lambda e, f: decisions.ask(e, _acting(), f.message.data, f.seen_version),
                _l("Die Rückfrage wurde an die Autor*in geschickt."))  # fmt: skip


@bp.post(f"/koordination/<slug>/atlas/<{ID}:entry_id>/veroeffentlichen")
def review_publish(slug: str, entry_id: int):
    return _act(slug, entry_id, "publish", lambda e, f: decisions.publish(e, _acting(), f.seen_version),
                _l("Der Eintrag ist veröffentlicht."))  # fmt: skip


@bp.post(f"/koordination/<slug>/atlas/<{ID}:entry_id>/ablehnen")
def review_reject(slug: str, entry_id: int):
    return _act(slug, entry_id, "reject", lambda e, f: decisions.reject(e, _acting(), f.reason.data, f.seen_version),
                _l("Der Eintrag wurde abgelehnt; die Autor*in erhält den Grund per E-Mail."))  # fmt: skip


@bp.post(f"/koordination/<slug>/atlas/<{ID}:entry_id>/notiz")
def review_note(slug: str, entry_id: int):
    return _act(slug, entry_id, "note", lambda e, f: decisions.add_note(e, _acting(), f.message.data),
                _l("Die interne Notiz wurde gespeichert."))  # fmt: skip


UPDATE_ACTIONS = {
    "rueckfrage": (
        "question",
        lambda u, f, a: decisions.ask(u, a, f.message.data),
        _l("Die Rückfrage wurde an die Autor*in geschickt."),
    ),
    "veroeffentlichen": (
        "publish",
        lambda u, f, a: decisions.publish(u, a),
        _l("Die Aktualisierung ist veröffentlicht."),
    ),
    "ablehnen": (
        "reject",
        lambda u, f, a: decisions.reject(u, a, f.reason.data),
        _l("Die Aktualisierung wurde abgelehnt."),
    ),
}


@bp.post(f"/koordination/<slug>/atlas/<{ID}:entry_id>/aktualisierungen/<{ID}:update_id>/<action>")
def review_update(slug: str, entry_id: int, update_id: int, action: str):
    network, entry = _load(slug, entry_id)
    update = db.session.get(AtlasUpdate, update_id)
    if update is None or update.entry_id != entry.id or action not in UPDATE_ACTIONS:
        abort(404)
    prefix, perform, success = UPDATE_ACTIONS[action]
    form = FORMS[prefix](prefix=f"u{update.id}{prefix}")
    back = url_for("atlas.review_detail", slug=network.slug, entry_id=entry.id)
    done = submit(form, lambda: perform(update, form, _acting()), success=success, next_url=back, stale_url=back)
    return done or render_detail(network, entry, 422, update_forms={(update.id, prefix): form})
