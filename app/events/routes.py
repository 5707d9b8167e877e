"""Public event pages, registering, the private registration link, calendars and "Meine Veranstaltungen"."""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.core.actions import submit
from app.core.i18n import current_language
from app.core.limits import rate_limit
from app.core.loaders import load_network
from app.core.pagecache import cached_for_visitors
from app.events import bp
from app.events.calendar import CONTENT_TYPE, build_calendar, event_file, file_name
from app.events.feeds import feed_url, renew_feed
from app.events.links import find_feed, find_registration
from app.events.places import places_left
from app.events.queries import (
    confirmed_events_of,
    event_or_404,
    feed_events,
    group_or_404,
    network_events,
    registrations_of,
)
from app.events.registrations import (
    Registrant,
    cancel,
    confirm_guest,
    find_own_registration,
    is_member,
    may_cancel,
    register,
)
from app.events.waitlist import accept_offer
from app.extensions import db, limiter
from app.models import Event, Laendergruppe, RegistrationState, Themenkreis, utcnow
from forms import BaseForm
from forms.event_registration import registration_form


def _calendar_response(body: bytes, name: str):
    response = current_app.response_class(body, mimetype="text/calendar")
    response.headers["Content-Type"] = CONTENT_TYPE
    response.headers["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@bp.get("/netzwerke/<slug>/veranstaltungen")
def index(slug: str):
    network = load_network(slug)
    upcoming, past = network_events(network)
    return render_template("events/index.html", network=network, upcoming=upcoming, past=past)


@bp.get("/netzwerke/<slug>/veranstaltungen/<int:event_id>")
@cached_for_visitors  # places left may lag PUBLIC_PAGE_CACHE_SECONDS for visitors; registering checks
def show(slug: str, event_id: int):
    network = load_network(slug)
    event = event_or_404(network, event_id)
    own = None
    if current_user.is_authenticated:
        own = find_own_registration(event, current_user.email)
    return render_template(
        "events/show.html",
        network=network,
        event=event,
        places=places_left(event),
        own=own,
        member=is_member(network.id, current_user if current_user.is_authenticated else None),
    )


@bp.route("/netzwerke/<slug>/veranstaltungen/<int:event_id>/anmelden", methods=["GET", "POST"])
@limiter.limit(rate_limit("event_register"), methods=["POST"])
def register_page(slug: str, event_id: int):
    """Members: one click plus the questions. Everyone else: the guest form (if guests may come)."""
    network = load_network(slug)
    event = event_or_404(network, event_id)
    account = current_user._get_current_object() if current_user.is_authenticated else None
    member = is_member(network.id, account)
    if not event.registration_is_open():
        return render_template("events/closed.html", network=network, event=event), 409
    if not member and not event.guests_allowed:
        return render_template("events/members_only.html", network=network, event=event), 403
    form = registration_form(event, guest=not member)
    if form.validate_on_submit():
        if not member and form.website.data:  # honeypot: pretend success, store nothing
            return redirect(url_for("events.sent", slug=slug, event_id=event.id))
        person = _registrant(form, account if member else None, event)
        done = submit(
            form,
            lambda: register(event, person),
            validate=False,
            success=lambda registration: (
                None if registration.state is RegistrationState.UNCONFIRMED else _state_message(registration.state)
            ),
            next_url=lambda registration: url_for(
                "events.sent" if registration.state is RegistrationState.UNCONFIRMED else "events.show",
                slug=slug,
                event_id=event.id,
            ),
        )
        if done:
            return done
    elif request.method == "GET" and account is not None and not member:
        form.name.data, form.email.data = account.display_name, account.email
    return render_template(
        "events/register.html", network=network, event=event, form=form, member=member, places=places_left(event)
    )


def _registrant(form, account, event: Event) -> Registrant:
    if account is not None:
        return Registrant(
            name=account.display_name, email=account.email, account=account,
            answers=form.answers(event), locale=current_language(),
        )  # fmt: skip
    return Registrant(
        name=form.name.data, email=form.email.data, institution=form.institution.data or "",
        consent_text=str(form.consent.label.text), answers=form.answers(event), locale=current_language(),
    )  # fmt: skip


def _state_message(state: RegistrationState) -> str:
    return {
        RegistrationState.REGISTERED: _("Sie sind angemeldet. Die Bestätigung mit Kalenderdatei kommt per E-Mail."),
        RegistrationState.WAITLIST: _(
            "Alle Plätze sind vergeben. Sie stehen auf der Warteliste; "
            "wird ein Platz frei, erhalten Sie ein Angebot per E-Mail."
        ),
        RegistrationState.PENDING_APPROVAL: _(
            "Ihre Anmeldung ist eingegangen. Die Koordination gibt sie frei; Sie erhalten dann eine E-Mail."
        ),
    }.get(state, _("Ihre Anmeldung wurde gespeichert."))


@bp.get("/netzwerke/<slug>/veranstaltungen/<int:event_id>/anmelden/gesendet")
def sent(slug: str, event_id: int):
    network = load_network(slug)
    return render_template("events/sent.html", network=network, event=event_or_404(network, event_id))


@bp.get("/netzwerke/<slug>/veranstaltungen/<int:event_id>/kalender.ics")
def event_ics(slug: str, event_id: int):
    network = load_network(slug)
    event = event_or_404(network, event_id)
    return _calendar_response(event_file(event), file_name(event))


# --------------------------------------------------------------------------- private link


def _registration_or_404(token: str):
    registration = find_registration(token)
    if registration is None:
        abort(404)
    return registration


@bp.get("/veranstaltungen/anmeldung/<token>")
def registration(token: str):
    registration = _registration_or_404(token)
    return render_template(
        "events/registration.html",
        registration=registration,
        event=registration.event,
        network=registration.event.network,
        token=token,
        may_cancel=may_cancel(registration),
        form=BaseForm(),
    )


@bp.get("/veranstaltungen/anmeldung/<token>/bestaetigen")
def confirm(token: str):
    """Double opt-in for guests (a GET link in the mail, like applications)."""
    registration = _registration_or_404(token)
    back = url_for("events.registration", token=token)
    return submit(
        BaseForm(),
        lambda: confirm_guest(registration),
        validate=False,
        success=lambda confirmed: _state_message(confirmed.state),
        next_url=back,
        refused_url=back,
    ) or redirect(back)


@bp.post("/veranstaltungen/anmeldung/<token>/abmelden")
def cancel_registration(token: str):
    registration = _registration_or_404(token)
    back = url_for("events.registration", token=token)
    return submit(
        BaseForm(),
        lambda: cancel(registration),
        success=_("Sie sind abgemeldet. Vielen Dank, dass Sie Ihren Platz freigegeben haben."),
        next_url=back,
        refused_url=back,
    ) or redirect(back)


@bp.post("/veranstaltungen/anmeldung/<token>/platz-annehmen")
def accept(token: str):
    registration = _registration_or_404(token)
    back = url_for("events.registration", token=token)
    return submit(
        BaseForm(),
        lambda: accept_offer(registration),
        success=_("Sie haben den Platz angenommen und sind jetzt angemeldet."),
        next_url=back,
        refused_url=back,
    ) or redirect(back)


@bp.get("/veranstaltungen/anmeldung/<token>/kalender.ics")
def registration_ics(token: str):
    """The event's .ics; with the online link for confirmed participants."""
    registration = _registration_or_404(token)
    event = registration.event
    with_link = registration.state is RegistrationState.REGISTERED
    return _calendar_response(event_file(event, with_link=with_link), file_name(event))


# --------------------------------------------------------------------------- feeds


@bp.get("/netzwerke/<slug>/kalender.ics")
def network_feed(slug: str):
    network = load_network(slug)
    body = build_calendar(network.name, feed_events(Event.network_id == network.id))
    return _calendar_response(body, f"{network.slug}.ics")


@bp.get("/netzwerke/<slug>/themenkreise/<int:group_id>/kalender.ics")
def themenkreis_feed(slug: str, group_id: int):
    network = load_network(slug)
    group = group_or_404(Themenkreis, network, group_id)
    body = build_calendar(f"{network.name}: {group.name}", feed_events(Event.themenkreis_id == group.id))
    return _calendar_response(body, f"{network.slug}-themenkreis-{group.id}.ics")


@bp.get("/netzwerke/<slug>/laendergruppen/<int:group_id>/kalender.ics")
def laendergruppe_feed(slug: str, group_id: int):
    network = load_network(slug)
    group = group_or_404(Laendergruppe, network, group_id)
    body = build_calendar(f"{network.name}: {group.name}", feed_events(Event.laendergruppe_id == group.id))
    return _calendar_response(body, f"{network.slug}-laendergruppe-{group.id}.ics")


@bp.get("/kalender/<token>/meine-veranstaltungen.ics")
def personal_feed(token: str):
    """The member's confirmed events, online links included: the address is the secret."""
    feed = find_feed(token)
    if feed is None:
        abort(404)
    from app.models import Account

    account = db.session.get(Account, feed.account_id)
    if account is None:
        abort(404)
    body = build_calendar(_("Meine Veranstaltungen"), confirmed_events_of(account), with_link=True)
    return _calendar_response(body, "meine-veranstaltungen.ics")


@bp.get("/kalender-abonnieren")
def subscribe_help():
    return render_template("events/subscribe.html")


# --------------------------------------------------------------------------- Mein Bereich


@bp.get("/mein-bereich/veranstaltungen")
@login_required
def mine():
    return render_template(
        "events/mine.html",
        registrations=registrations_of(current_user),
        feed=feed_url(current_user, create=False),
        now=utcnow(),
        form=BaseForm(),
    )


@bp.post("/mein-bereich/veranstaltungen/kalender")
@login_required
def renew_personal_feed():
    back = url_for("events.mine")
    return submit(
        BaseForm(),
        lambda: renew_feed(current_user._get_current_object()),
        success=_("Ihre persönliche Kalender-Adresse wurde neu erstellt. Die alte Adresse funktioniert nicht mehr."),
        next_url=back,
        refused_url=back,
    ) or redirect(back)
