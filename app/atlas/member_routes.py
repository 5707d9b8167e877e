"""Members report procedures: a draft filled in step by step (no JavaScript), submitted, answered, updated."""

from __future__ import annotations

import enum

from flask import abort, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from app.atlas import bp, entries, queries
from app.atlas import settings as atlas_settings
from app.atlas.transitions import OPEN_STATES
from app.atlas.values import missing_required
from app.core.actions import submit
from app.core.permissions import may_coordinate
from app.extensions import db
from app.models import AtlasEntry, AtlasState, AtlasUpdate, Network
from app.models.atlas import AtlasSource
from forms import BaseForm
from forms.atlas import LAST_STEP, STEPS, AnswerForm, ConductStep, SubmitForm, UpdateForm

ID = "int(max=2147483647)"
S = AtlasState


def _acting():
    return current_user._get_current_object()


def _member_network(slug: str) -> Network:
    """A network with the atlas on, of which the current user is an active member or coordinator; else 404."""
    network = queries.public_network(slug)
    if network is None or not (entries.is_member(_acting(), network) or may_coordinate(network)):
        abort(404)
    return network


def _own(slug: str, entry_id: int) -> tuple[Network, AtlasEntry]:
    network = _member_network(slug)
    entry = queries.own_entry(network, current_user.id, entry_id)
    if entry is None:
        abort(404)
    return network, entry


@bp.get("/netzwerke/<slug>/atlas/meine")
@login_required
def my_entries(slug: str):
    network = _member_network(slug)
    return render_template(
        "atlas/my_entries.html", network=network, entries=queries.own_entries(network, current_user.id),
        form=BaseForm(),
    )  # fmt: skip


@bp.post("/netzwerke/<slug>/atlas/meine/neu")
@login_required
def new_entry(slug: str):
    network = _member_network(slug)
    if not BaseForm().validate_on_submit():
        abort(400)
    # Coordinators record procedures themselves: the source line then says so.
    source = AtlasSource.COORDINATION if may_coordinate(network) else AtlasSource.MEMBER
    entry = entries.start_entry(network, _acting(), source=source)
    db.session.commit()
    return redirect(url_for("atlas.step", slug=network.slug, entry_id=entry.id, step=1))


def _step_form(step: int, entry: AtlasEntry, formdata=None):
    form_class = STEPS[step][1]
    form = form_class(formdata=formdata, obj=None if formdata else entry)
    if formdata is None:
        for name, field in form._fields.items():
            value = getattr(entry, name, None)
            if isinstance(value, enum.Enum):
                field.data = value.value
            elif name in ("start_month", "end_month"):
                field.data = str(value) if value else ""
    if isinstance(form, ConductStep):
        selected = [m.id for m in entry.methods]
        form.set_methods(atlas_settings.methods(), selected)
        if formdata is None:
            form.methods.data = selected
    return form


def _step_page(network, entry, step, form, status=200):
    return render_template(
        "atlas/step.html", network=network, entry=entry, step=step, form=form,
        steps={number: title for number, (title, _) in STEPS.items()} | {LAST_STEP: _l("Prüfen und einreichen")},
        last_step=LAST_STEP,
    ), status  # fmt: skip


@bp.route(f"/netzwerke/<slug>/atlas/meine/<{ID}:entry_id>/schritt/<int(min=1, max=4):step>", methods=["GET", "POST"])
@login_required
def step(slug: str, entry_id: int, step: int):
    network, entry = _own(slug, entry_id)
    if entry.state not in entries.EDITABLE_STATES:
        return redirect(url_for("atlas.my_entry", slug=network.slug, entry_id=entry.id))
    if request.method == "GET":
        return _step_page(network, entry, step, _step_form(step, entry))
    form = _step_form(step, entry, request.form)
    going_back = request.form.get("action") == "back"
    if not form.validate():
        if going_back:  # "Zurück" never loses input and never blocks on errors
            return redirect(url_for("atlas.step", slug=network.slug, entry_id=entry.id, step=max(1, step - 1)))
        return _step_page(network, entry, step, form, 422)
    chosen = None
    if isinstance(form, ConductStep):
        by_id = {m.id: m for m in atlas_settings.methods(active_only=False)}
        chosen = [by_id[i] for i in form.methods.data if i in by_id]
    target = step - 1 if going_back else step + 1
    if target > len(STEPS):
        next_url = url_for("atlas.review_own", slug=network.slug, entry_id=entry.id)
    else:
        next_url = url_for("atlas.step", slug=network.slug, entry_id=entry.id, step=max(1, target))
    done = submit(
        form, lambda: entries.save_step(entry, form.values(), chosen), validate=False, success=None, next_url=next_url
    )
    return done or _step_page(network, entry, step, form, 422)


@bp.route(f"/netzwerke/<slug>/atlas/meine/<{ID}:entry_id>/einreichen", methods=["GET", "POST"])
@login_required
def review_own(slug: str, entry_id: int):
    """Last step: the summary, then submit (draft) or answer the question (Rückfrage)."""
    network, entry = _own(slug, entry_id)
    if entry.state not in entries.EDITABLE_STATES:
        return redirect(url_for("atlas.my_entry", slug=network.slug, entry_id=entry.id))
    form = SubmitForm()
    drafting = entry.state is S.DRAFT
    done = submit(
        form,
        lambda: (
            entries.submit(entry, _acting()) if drafting else entries.answer(entry, _acting(), form.message.data or "")
        ),
        success=(
            _l("Vielen Dank! Ihr Eintrag ist eingereicht; die Koordination prüft ihn.")
            if drafting
            else _l("Ihre Antwort ist bei der Koordination.")
        ),
        next_url=url_for("atlas.my_entry", slug=network.slug, entry_id=entry.id),
    )
    if done:
        return done
    return render_template(
        "atlas/submit.html", network=network, entry=entry, form=form, missing=missing_required(entry),
        step=LAST_STEP, last_step=LAST_STEP,
        steps={number: title for number, (title, _) in STEPS.items()} | {LAST_STEP: _l("Prüfen und einreichen")},
        history=queries.history_for(entry, include_internal=False),
    ), (422 if form.errors else 200)  # fmt: skip


def _my_entry_page(network, entry, update_form=None, answer_forms=None, status=200):
    return render_template(
        "atlas/my_entry.html", network=network, entry=entry,
        history=queries.history_for(entry, include_internal=False),
        update_form=update_form or UpdateForm(formdata=None), answer_forms=answer_forms or {},
        open_states=OPEN_STATES, delete_form=BaseForm(),
    ), status  # fmt: skip


@bp.get(f"/netzwerke/<slug>/atlas/meine/<{ID}:entry_id>")
@login_required
def my_entry(slug: str, entry_id: int):
    network, entry = _own(slug, entry_id)
    return _my_entry_page(network, entry)


@bp.post(f"/netzwerke/<slug>/atlas/meine/<{ID}:entry_id>/aktualisierung")
@login_required
def add_update(slug: str, entry_id: int):
    network, entry = _own(slug, entry_id)
    form = UpdateForm()
    done = submit(
        form,
        lambda: entries.add_update(entry, _acting(), form.year.data, int(form.month.data), form.text.data),
        success=_l("Ihre Aktualisierung ist eingereicht; sie erscheint nach der Prüfung."),
        next_url=url_for("atlas.my_entry", slug=network.slug, entry_id=entry.id),
    )
    return done or _my_entry_page(network, entry, update_form=form, status=422)


@bp.post(f"/netzwerke/<slug>/atlas/meine/<{ID}:entry_id>/aktualisierungen/<{ID}:update_id>/antwort")
@login_required
def answer_update(slug: str, entry_id: int, update_id: int):
    network, entry = _own(slug, entry_id)
    update = db.session.get(AtlasUpdate, update_id)
    if update is None or update.entry_id != entry.id:
        abort(404)
    form = AnswerForm(prefix=f"u{update.id}")
    done = submit(
        form,
        lambda: entries.answer(entry, _acting(), form.message.data, update=update),
        success=_l("Ihre Antwort ist bei der Koordination."),
        next_url=url_for("atlas.my_entry", slug=network.slug, entry_id=entry.id),
    )
    return done or _my_entry_page(network, entry, answer_forms={update.id: form}, status=422)


@bp.post(f"/netzwerke/<slug>/atlas/meine/<{ID}:entry_id>/loeschen")
@login_required
def delete_draft(slug: str, entry_id: int):
    network, entry = _own(slug, entry_id)
    form = BaseForm()
    if not form.validate_on_submit():
        abort(400)
    done = submit(
        form,
        lambda: entries.delete_draft(entry),
        validate=False,
        success=_l("Der Entwurf wurde gelöscht."),
        next_url=url_for("atlas.my_entries", slug=network.slug),
        refused_url=url_for("atlas.my_entry", slug=network.slug, entry_id=entry.id),
    )
    assert done is not None  # with refused_url, every outcome is a redirect
    return done
