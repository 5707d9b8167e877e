"""Pages for the contact persons of organisation and municipality members (main contact, contacts,
coordination): list, invite, hand over the main role, leave, accept an invitation."""

from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.core.actions import submit
from app.core.errors import DomainError
from app.core.permissions import may_coordinate, require_login
from app.extensions import db, limiter
from app.members import bp, contact_listing, contacts
from app.models import Membership, MembershipContact
from forms import BaseForm
from forms.member_contacts import AcceptContactForm, InviteContactForm, ListedForm, SuccessorForm

PAGE = "/mitgliedschaften/<int(max=2147483647):membership_id>/ansprechpersonen"


@bp.app_template_global()
def listed_contacts(membership_id: int):
    """The further contacts shown with an organisation in the directory."""
    return contact_listing.listed_contacts(membership_id)


@bp.app_template_global()
def speaks_for(account):
    """Organisation memberships the person is a further (not the main) contact of, for "Meine Netzwerke"."""
    return [m for m in contacts.memberships_as_contact(account) if m.account_id != account.id]


def _acting():
    return current_user._get_current_object()


def _membership(membership_id: int) -> tuple[Membership, bool]:
    """The active organisation membership the user speaks for or coordinates; (membership, may_manage)."""
    require_login()
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.ended_at is not None:
        abort(404)
    coordinates = may_coordinate(membership.network)
    if not coordinates and not contacts.is_contact(membership, _acting()):
        abort(404)
    return membership, coordinates or membership.account_id == current_user.id


def _page(membership: Membership, manage: bool, status: int = 200, **forms):
    others = contacts.active_contacts(membership)
    own = contacts.contact_row(membership, current_user.id)
    successor_form = forms.get("successor_form") or SuccessorForm(formdata=None)
    successor_form.set_choices(others)
    leave_form = forms.get("leave_form") or SuccessorForm(formdata=None, prefix="leave")
    leave_form.set_choices(others)
    return render_template(
        "members/contacts.html",
        membership=membership,
        network=membership.network,
        manage=manage,
        coordinates=may_coordinate(membership.network),
        is_main=membership.account_id == current_user.id,
        own=own,
        contacts=others,
        invitations=contacts.open_invitations(membership) if manage else [],
        invite_form=forms.get("invite_form") or InviteContactForm(formdata=None),
        successor_form=successor_form,
        leave_form=leave_form,
        listed_form=ListedForm(formdata=None, listed=own.listed if own else False),
        remove_form=BaseForm(formdata=None),
    ), status


@bp.get("/mein-bereich/organisationen")
def my_organisations():
    require_login()
    return render_template("members/my_organisations.html", memberships=contacts.memberships_as_contact(_acting()))


@bp.get(PAGE)
def contacts_page(membership_id: int):
    membership, manage = _membership(membership_id)
    return _page(membership, manage)


@bp.post(PAGE + "/einladen")
@limiter.limit("20 per hour")
def invite_contact(membership_id: int):
    membership, manage = _membership(membership_id)
    if not manage:
        abort(404)
    form = InviteContactForm()
    done = submit(
        form,
        lambda: contacts.invite_contact(
            membership, email=form.email.data, first_name=form.first_name.data or "",
            last_name=form.last_name.data or "", actor=_acting(),
        ),
        success=_l("Die Einladung wird per E-Mail verschickt."),
        next_url=url_for("members.contacts_page", membership_id=membership.id),
    )  # fmt: skip
    return done or _page(membership, manage, 422, invite_form=form)


@bp.post(PAGE + "/uebergeben")
def hand_over(membership_id: int):
    membership, manage = _membership(membership_id)
    if not manage:
        abort(404)
    form = SuccessorForm()
    row = next((r for r in contacts.active_contacts(membership) if r.id == form.successor_id), None)

    def action():
        if row is None:
            raise DomainError(str(_l("Bitte wählen Sie eine Ansprechperson.")), field="successor")
        contacts.hand_over(membership, row, _acting())

    done = submit(
        form, action, success=_l("Die Rolle der Hauptansprechperson ist übergeben."),
        next_url=url_for("members.contacts_page", membership_id=membership.id),
    )  # fmt: skip
    return done or _page(membership, manage, 422, successor_form=form)


@bp.post(PAGE + "/verlassen")
def leave_contact(membership_id: int):
    membership, manage = _membership(membership_id)
    form = SuccessorForm(prefix="leave")
    done = submit(
        form,
        lambda: contacts.leave(membership, _acting(), successor_id=form.successor_id),
        success=_l("Sie sind nicht mehr Ansprechperson. Ihr Konto bleibt bestehen."),
        next_url=url_for("members.my_organisations"),
    )
    return done or _page(membership, manage, 422, leave_form=form)


@bp.post(PAGE + "/<int(max=2147483647):contact_id>/entfernen")
def remove_contact(membership_id: int, contact_id: int):
    membership, manage = _membership(membership_id)
    row = db.session.get(MembershipContact, contact_id)
    if not manage or row is None or row.membership_id != membership.id:
        abort(404)
    back = url_for("members.contacts_page", membership_id=membership.id)
    return submit(
        BaseForm(), lambda: contacts.remove(membership, row, _acting()),
        success=_l("Die Ansprechperson ist entfernt."), next_url=back, refused_url=back,
    ) or redirect(back)  # fmt: skip


@bp.post(PAGE + "/verzeichnis")
def contact_listed(membership_id: int):
    membership, _manage = _membership(membership_id)
    own = contacts.contact_row(membership, current_user.id)
    if own is None:
        abort(404)
    form = ListedForm()
    back = url_for("members.contacts_page", membership_id=membership.id)
    return submit(
        form, lambda: contacts.set_listed(own, bool(form.listed.data)),
        success=_l("Ihre Einstellung ist gespeichert."), next_url=back, refused_url=back,
    ) or redirect(back)  # fmt: skip


@bp.route("/ansprechperson/einladung/<token>", methods=["GET", "POST"])
@limiter.limit("10 per 5 minutes", methods=["POST"])
def accept_contact(token: str):
    row = contacts.find_invitation(token)
    if row is None:
        return render_template("members/invitation_invalid.html"), 404
    needs_password = contacts.invitation_needs_password(row)
    form = AcceptContactForm()
    membership = row.membership

    def action():
        if needs_password and not form.password.data:
            raise DomainError(str(_l("Bitte wählen Sie ein Passwort.")), field="password")
        return contacts.accept_invitation(row, password=form.password.data or None, listed=bool(form.listed.data))

    done = submit(
        form, action,
        success=_l("Sie sind jetzt Ansprechperson. Bitte melden Sie sich an."),
        next_url=url_for("auth.login"),
    )  # fmt: skip
    if done:
        return done
    form.password.data = form.password_repeat.data = ""
    return render_template(
        "members/contact_accept.html", row=row, membership=membership, network=membership.network, form=form,
        needs_password=needs_password,
    ), (422 if form.errors else 200)  # fmt: skip
