"""Member directory of a network: search, profile pages, contact form."""

from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from app.core.actions import submit
from app.core.limits import rate_limit
from app.core.loaders import load_network
from app.core.pagination import page_number
from app.core.values import format_phone
from app.core.viewercache import cached_for_viewer
from app.directory import bp, listing
from app.extensions import limiter
from app.models import Network
from forms.directory import ContactForm, DirectorySearchForm


@bp.app_template_filter("phone")
def phone_filter(e164: str | None) -> str:
    """Show a stored E.164 number in the national format."""
    return format_phone(e164 or "")


def directory_network(slug: str) -> Network:
    """The network whose directory the current user may see; anything else is a 404."""
    network = load_network(slug, joinedload(Network.themenkreise), joinedload(Network.laendergruppen))
    if not listing.can_view_directory(current_user, network):
        abort(404)
    return network


def _sender_key() -> str:
    """Rate-limit contact messages per sender account (per address when that is unknown)."""
    if current_user.is_authenticated:
        return f"account:{current_user.id}"
    return get_remote_address()


@bp.get("/netzwerke/<slug>/verzeichnis")
@cached_for_viewer
@login_required
def index(slug: str):
    network = directory_network(slug)
    form = DirectorySearchForm(request.args)
    form.set_choices(network)
    form.validate()
    filters = listing.clean_filters(
        network,
        form.q.data if not form.q.errors else "",
        form.themenkreis.data or "",
        form.laendergruppe.data or "",
        form.bundesland.data or "",
        form.kind.data or "",
    )
    page = listing.search_directory(network, filters, page_number(request.args.get("page")))
    return render_template("directory/index.html", network=network, form=form, page=page, filters=filters)


@bp.get("/netzwerke/<slug>/verzeichnis/<int:membership_id>")
@login_required
def profile(slug: str, membership_id: int):
    network = directory_network(slug)
    member = listing.find_listed_profile(network, membership_id)
    if member is None:
        abort(404)
    form = ContactForm() if listing.can_contact(current_user, member) else None
    return render_template("directory/profile.html", network=network, member=member, form=form)


@bp.post("/netzwerke/<slug>/verzeichnis/<int:membership_id>/nachricht")
@login_required
@limiter.limit(rate_limit("directory_contact"), key_func=_sender_key)
def contact(slug: str, membership_id: int):
    network = directory_network(slug)
    member = listing.find_listed_profile(network, membership_id)
    if member is None or not listing.can_contact(current_user, member):
        abort(404)
    form = ContactForm()
    done = submit(
        form,
        lambda: listing.send_contact_message(current_user, network, membership_id, form.message.data),
        success=_l("Ihre Nachricht wurde gesendet. Die Antwort kommt direkt an Ihre E-Mail-Adresse."),
        next_url=url_for("directory.profile", slug=network.slug, membership_id=membership_id),
    )
    if done:
        return done
    return render_template("directory/profile.html", network=network, member=member, form=form)
