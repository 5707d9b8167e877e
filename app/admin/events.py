"""Administration: Veranstaltungen of a network (times entered in Europe/Berlin)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.admin import bp
from app.admin.common import acting_admin, network_or_404
from app.core.errors import DomainError, apply_errors_to_form
from app.extensions import db
from app.models import Event, Network, utcnow
from app.services.event_admin import BERLIN, delete_event, save_event
from forms import BaseForm
from forms.admin_events import EventForm


def _event_or_404(network: Network, event_id: int) -> Event:
    event = db.session.scalar(sa.select(Event).where(Event.id == event_id, Event.network_id == network.id))
    if event is None:
        abort(404)
    return event


def _fill_from(form: EventForm, event: Event) -> None:
    """Show the stored UTC times as Berlin wall-clock times."""
    start, end = event.starts_at.astimezone(BERLIN), event.ends_at.astimezone(BERLIN)
    form.title.data = event.title
    form.day.data = start.strftime("%d.%m.%Y")
    form.start_time.data = start.strftime("%H:%M")
    form.end_day.data = end.strftime("%d.%m.%Y") if end.date() != start.date() else ""
    form.end_time.data = end.strftime("%H:%M")
    form.place.data = event.place
    form.online.data = event.online
    form.registration_required.data = event.registration_required
    form.themenkreis_id.data = event.themenkreis_id or 0
    form.laendergruppe_id.data = event.laendergruppe_id or 0
    form.description.data = event.description


@bp.get("/netzwerke/<slug>/veranstaltungen")
def events(slug: str):
    """Upcoming events first (soonest first), then past ones (latest first)."""
    network = network_or_404(slug)
    now = utcnow()
    upcoming = [event for event in network.events if event.ends_at >= now]
    past = sorted((event for event in network.events if event.ends_at < now), key=lambda e: e.starts_at, reverse=True)
    return render_template(
        "admin/events.html", network=network, upcoming=upcoming, past=past, active="events"
    )


def _save(network: Network, event: Event | None):
    form = EventForm(network=network)
    if request.method == "GET" and event is not None:
        _fill_from(form, event)
    elif form.validate_on_submit():
        try:
            saved = save_event(network, event, form.event_data(), actor=acting_admin())
        except DomainError as error:
            apply_errors_to_form(form, error)
        else:
            db.session.commit()
            if event is None:
                flash(_("Die Veranstaltung „%(title)s“ wurde angelegt.", title=saved.title), "success")
            else:
                flash(_("Die Veranstaltung „%(title)s“ wurde gespeichert.", title=saved.title), "success")
            return redirect(url_for("admin.events", slug=network.slug))
    return render_template("admin/event_form.html", network=network, form=form, event=event, active="events")


@bp.route("/netzwerke/<slug>/veranstaltungen/neu", methods=["GET", "POST"])
def event_new(slug: str):
    return _save(network_or_404(slug), None)


@bp.route("/netzwerke/<slug>/veranstaltungen/<int:event_id>", methods=["GET", "POST"])
def event_edit(slug: str, event_id: int):
    network = network_or_404(slug)
    return _save(network, _event_or_404(network, event_id))


@bp.post("/netzwerke/<slug>/veranstaltungen/<int:event_id>/loeschen")
def event_delete(slug: str, event_id: int):
    network = network_or_404(slug)
    event = _event_or_404(network, event_id)
    if BaseForm().validate_on_submit():
        title = event.title
        delete_event(event, actor=acting_admin())
        db.session.commit()
        flash(_("Die Veranstaltung „%(title)s“ wurde gelöscht.", title=title), "success")
    return redirect(url_for("admin.events", slug=network.slug))
