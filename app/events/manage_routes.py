"""Coordination of events (the network's coordinators and platform admins): settings,
participants with approval and check-in, exports and a message to all participants."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core.actions import submit
from app.core.downloads import download
from app.core.permissions import coordinator_network
from app.events import bp
from app.events.approvals import approve, decline, set_checked_in
from app.events.exports import participants_csv, participants_xlsx
from app.events.messages import recipients, send_message
from app.events.places import places_left, state_counts
from app.events.queries import MAX_ID, event_or_404, network_events, participants
from app.events.settings import cancel_event, delete_event, save_event
from app.extensions import db
from app.models import Event, EventRegistration, Network, RegistrationState
from forms import BaseForm
from forms.event_registration import CheckInForm, DeclineForm, ParticipantMessageForm
from forms.events import EventForm

PREFIX = "/koordination/<slug>/veranstaltungen"


def _actor():
    return current_user._get_current_object()


def _load(slug: str, event_id: int) -> tuple[Network, Event]:
    network = coordinator_network(slug)
    return network, event_or_404(network, event_id)


def _registration_or_404(event: Event, registration_id: int) -> EventRegistration:
    registration = db.session.get(EventRegistration, registration_id) if 0 < registration_id <= MAX_ID else None
    if registration is None or registration.event_id != event.id:
        abort(404)
    return registration


def _participants_url(network: Network, event: Event) -> str:
    return url_for("events.participants", slug=network.slug, event_id=event.id)


@bp.get(PREFIX)
def manage(slug: str):
    network = coordinator_network(slug)
    upcoming, past = network_events(network)
    counts = state_counts([event.id for event in upcoming + past])
    return render_template(
        "events/manage.html", network=network, upcoming=upcoming, past=past, counts=counts, states=RegistrationState
    )


def _save(network: Network, event: Event | None):
    form = EventForm(network=network)
    if request.method == "GET" and event is not None:
        form.fill_from(event)
    else:
        done = submit(
            form,
            lambda: save_event(network, event, form.event_data(), actor=_actor()),
            success=lambda saved: (
                _("Die Veranstaltung „%(title)s“ wurde angelegt.", title=saved.title)
                if event is None
                else _("Die Veranstaltung „%(title)s“ wurde gespeichert.", title=saved.title)
            ),
            next_url=url_for("events.manage", slug=network.slug),
        )
        if done:
            return done
    return render_template("events/form.html", network=network, form=form, event=event)


@bp.route(f"{PREFIX}/neu", methods=["GET", "POST"])
def new(slug: str):
    return _save(coordinator_network(slug), None)


@bp.route(f"{PREFIX}/<int:event_id>/bearbeiten", methods=["GET", "POST"])
def edit(slug: str, event_id: int):
    return _save(*_load(slug, event_id))


@bp.post(f"{PREFIX}/<int:event_id>/absagen")
def cancel(slug: str, event_id: int):
    network, event = _load(slug, event_id)
    back = url_for("events.manage", slug=network.slug)
    return submit(
        BaseForm(),
        lambda: cancel_event(event, actor=_actor()),
        success=_("Die Veranstaltung wurde abgesagt. Alle Angemeldeten werden per E-Mail informiert."),
        next_url=back,
        refused_url=back,
    ) or redirect(back)


@bp.post(f"{PREFIX}/<int:event_id>/loeschen")
def delete(slug: str, event_id: int):
    network, event = _load(slug, event_id)
    back = url_for("events.manage", slug=network.slug)
    return submit(
        BaseForm(),
        lambda: delete_event(event, actor=_actor()),
        success=_("Die Veranstaltung „%(title)s“ wurde gelöscht.", title=event.title),
        next_url=back,
        refused_url=back,
    ) or redirect(back)


@bp.get(f"{PREFIX}/<int:event_id>/teilnehmende", endpoint="participants")
def participants_page(slug: str, event_id: int):
    network, event = _load(slug, event_id)
    rows = participants(event)
    by_state: dict[RegistrationState, int] = {}
    for registration in rows:
        by_state[registration.state] = by_state.get(registration.state, 0) + 1
    return render_template(
        "events/participants.html",
        network=network,
        event=event,
        rows=rows,
        by_state=by_state,
        states=RegistrationState,
        places=places_left(event),
        form=BaseForm(),
    )


@bp.get(f"{PREFIX}/<int:event_id>/teilnehmende.csv")
def export_csv(slug: str, event_id: int):
    _network, event = _load(slug, event_id)
    body = participants_csv(event, actor=_actor())
    db.session.commit()
    return download(body, f"teilnehmende-{event.id}.csv")


@bp.get(f"{PREFIX}/<int:event_id>/teilnehmende.xlsx")
def export_xlsx(slug: str, event_id: int):
    _network, event = _load(slug, event_id)
    body = participants_xlsx(event, actor=_actor())
    db.session.commit()
    return download(body, f"teilnehmende-{event.id}.xlsx")


@bp.post(f"{PREFIX}/<int:event_id>/anmeldungen/<int:registration_id>/freigeben")
def approve_registration(slug: str, event_id: int, registration_id: int):
    network, event = _load(slug, event_id)
    registration = _registration_or_404(event, registration_id)
    back = _participants_url(network, event)
    return submit(
        BaseForm(),
        lambda: approve(registration, actor=_actor()),
        success=_("Die Anmeldung von %(name)s wurde freigegeben.", name=registration.name),
        next_url=back,
        refused_url=back,
    ) or redirect(back)


@bp.route(f"{PREFIX}/<int:event_id>/anmeldungen/<int:registration_id>/ablehnen", methods=["GET", "POST"])
def decline_registration(slug: str, event_id: int, registration_id: int):
    network, event = _load(slug, event_id)
    registration = _registration_or_404(event, registration_id)
    form = DeclineForm()
    done = submit(
        form,
        lambda: decline(registration, form.message.data, actor=_actor()),
        success=_("Die Anmeldung von %(name)s wurde abgelehnt.", name=registration.name),
        next_url=_participants_url(network, event),
    )
    return done or render_template(
        "events/decline.html", network=network, event=event, registration=registration, form=form
    )


@bp.post(f"{PREFIX}/<int:event_id>/anmeldungen/<int:registration_id>/anwesend")
def check_in(slug: str, event_id: int, registration_id: int):
    network, event = _load(slug, event_id)
    registration = _registration_or_404(event, registration_id)
    form = CheckInForm()
    back = _participants_url(network, event) + f"#r{registration.id}"
    return submit(
        form,
        lambda: set_checked_in(registration, form.present.data),
        success=lambda _result: (
            _("%(name)s ist als anwesend markiert.", name=registration.name)
            if form.present.data
            else _("Die Anwesenheit von %(name)s wurde zurückgenommen.", name=registration.name)
        ),
        next_url=back,
        refused_url=back,
    ) or redirect(back)


@bp.route(f"{PREFIX}/<int:event_id>/nachricht", methods=["GET", "POST"])
def message(slug: str, event_id: int):
    """Step 1 shows how many people will get the message; sending needs that count confirmed."""
    network, event = _load(slug, event_id)
    form = ParticipantMessageForm()
    count = len(recipients(event, include_waiting=bool(form.include_waiting.data)))
    if request.form.get("step") == "send":
        done = submit(
            form,
            lambda: send_message(
                event,
                form.subject.data,
                form.body.data,
                include_waiting=bool(form.include_waiting.data),
                confirmed_count=form.confirmed_count.data,
                actor=_actor(),
            ),
            success=lambda sent: _("Ihre Nachricht geht an %(count)s Personen.", count=sent),
            next_url=_participants_url(network, event),
        )
        if done:
            return done
    elif request.method == "POST":
        form.validate_on_submit()
    preview = request.method == "POST" and not form.errors
    form.confirmed_count.data = count
    return render_template("events/message.html", network=network, event=event, form=form, count=count, preview=preview)
