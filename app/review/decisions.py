"""Coordinator decisions on one application: take, ask, approve, reject, note, reopen.

Every state change goes through services.applications.change_state (the transition table,
the history row and the optimistic lock). A decision mail is queued in the same transaction,
so a decision that loses a race (ConcurrentUpdate) sends nothing.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.exc import StaleDataError

from app.apply.notifications import mail_applicant
from app.apply.submission import rotate_status_token
from app.core import history
from app.core.errors import ConcurrentUpdate, DomainError, IllegalTransition
from app.core.outbox import external_url
from app.extensions import db
from app.members.memberships import check_not_yet_member, create_membership, end_membership_of_application
from app.models import Account, Application, ApplicationState, HistoryKind, Themenkreis
from app.models.base import LabelledEnum
from app.review.notifications import welcome_member
from app.review.transitions import CONCURRENT_MESSAGE, Actor, change_state, check_not_anonymised

S = ApplicationState

# Used when the network has no rejection text of its own (Network.rejection_template).
# Placeholders: {name} (the applicant's name) and {netzwerk} (the network's name).
DEFAULT_REJECTION_TEXT = _l(
    "vielen Dank für Ihr Interesse am Netzwerk „{netzwerk}“ und für Ihren Mitgliedsantrag. "
    "Nach sorgfältiger Prüfung können wir Ihren Antrag leider nicht annehmen.\n\n"
    "Bitte haben Sie Verständnis dafür, dass wir die Gründe nicht im Einzelnen darlegen. "
    "Ein Rechtsanspruch auf Mitgliedschaft besteht nicht.\n\n"
    "Wir danken Ihnen für Ihr Engagement für die Bürgerbeteiligung und wünschen Ihnen für Ihre "
    "weitere Arbeit alles Gute."
)


class BulkAction(LabelledEnum):
    TAKE = "take", _l("In Prüfung nehmen")
    APPROVE = "approve", _l("Annehmen")
    REJECT = "reject", _l("Ablehnen")


def actor_for(account: Account) -> Actor:
    return Actor.ADMIN if account.is_admin else Actor.COORDINATOR


def check_version(application: Application, version: int | None) -> None:
    """The form was rendered for an older version: someone else acted in between."""
    if version is not None and version != application.version:
        raise ConcurrentUpdate(str(CONCURRENT_MESSAGE))


def _flush_or_concurrent() -> None:
    try:
        db.session.flush()
    except StaleDataError as error:
        raise ConcurrentUpdate(str(CONCURRENT_MESSAGE)) from error


def take_into_review(application: Application, account: Account, version: int | None = None) -> None:
    """Start reviewing (from "eingegangen" or back from "Rückfrage") and assign it to me; or just take it over."""
    check_version(application, version)
    check_not_anonymised(application)
    if application.state is S.IN_REVIEW:
        if application.assigned_to_id == account.id:
            raise DomainError(str(_l("Sie bearbeiten diesen Antrag bereits.")))
        previous = application.assigned_to.display_name if application.assigned_to else ""
        application.assigned_to_id = account.id
        _flush_or_concurrent()
        history.record(
            HistoryKind.ASSIGNED,
            application=application,
            actor=account,
            internal=True,
            message=_l("Übernommen von %(previous)s", previous=previous) if previous else "",
        )
        return
    if application.state not in (S.RECEIVED, S.QUERY):
        # Decided applications come back only through reopen() (admins, with a reason).
        raise IllegalTransition(
            str(_l("Dieser Schritt ist im Status „%(state)s“ nicht möglich.", state=application.state.label))
        )
    application.assigned_to_id = account.id
    change_state(application, S.IN_REVIEW, actor=actor_for(account), account=account)


def ask_question(application: Application, account: Account, question: str, version: int | None = None) -> None:
    """Rückfrage: mail the question with a fresh status link; the applicant answers on the status page."""
    check_version(application, version)
    change_state(
        application, S.QUERY, actor=actor_for(account), account=account, message=question, kind=HistoryKind.QUESTION
    )
    # Only the hash of the status token is stored, so the mail needs a new link (the old one stops working).
    status_token = rotate_status_token(application)
    mail_applicant(
        application,
        "application_question",
        _l("Rückfrage zu Ihrem Mitgliedsantrag: %(network)s", network=application.network.name),
        question=question,
        status_link=external_url("apply.status", token=status_token),
        link_renewed=True,
        # People answer by mail, too: to the network's coordination address, else to the one who asked.
        reply_to=application.network.contact_email or account.email,
    )


def approve(
    application: Application,
    account: Account,
    *,
    themenkreise: list[Themenkreis] | None = None,
    listed: bool | None = None,
    personal_message: str = "",
    version: int | None = None,
) -> None:
    """Accept: membership with the chosen Themenkreise and directory choice; invitation or welcome mail.

    Without explicit choices the applicant's own Themenkreise and directory wish are used (bulk).
    """
    check_version(application, version)
    check_not_yet_member(application)
    change_state(application, S.ACCEPTED, actor=actor_for(account), account=account, message=personal_message)
    chosen = list(application.themenkreise) if themenkreise is None else themenkreise
    wants_listing = application.wants_directory_listing if listed is None else listed
    membership, _ = create_membership(application, themenkreise=chosen, listed=wants_listing, actor=account)
    welcome_member(application, membership.account, personal_message)


def rejection_text(application: Application) -> str:
    """The applicant's rejection message: the network's own text or the polite default."""
    network = application.network
    template = (network.rejection_template or "").strip() or str(DEFAULT_REJECTION_TEXT)
    return template.replace("{name}", application.full_name).replace("{netzwerk}", network.name)


def reject(
    application: Application,
    account: Account,
    reason: str,
    version: int | None = None,
    *,
    personal_message: str = "",
) -> None:
    """Reject with an internal reason (coordinators only) and mail the applicant the rejection text,
    followed by the coordinator's personal message if there is one (that one the applicant reads)."""
    if not (reason or "").strip():
        raise DomainError(str(_l("Bitte geben Sie einen internen Grund für die Ablehnung an.")), field="reason")
    check_version(application, version)
    personal_message = (personal_message or "").strip()
    change_state(application, S.REJECTED, actor=actor_for(account), account=account, message=personal_message)
    history.record(
        HistoryKind.NOTE,
        application=application,
        actor=account,
        internal=True,
        message=_l("Grund der Ablehnung: %(reason)s", reason=reason),
    )
    text = rejection_text(application)
    mail_applicant(
        application,
        "application_rejected",
        _l("Ihr Mitgliedsantrag: %(network)s", network=application.network.name),
        text=text,
        personal_message=personal_message,
    )
    if personal_message:
        text = f"{text}\n\n{personal_message}"
    history.record(HistoryKind.MAIL, application=application, actor=account, message=text, internal=True)


def add_note(application: Application, account: Account, note: str) -> None:
    """An internal note, visible to coordinators only."""
    if not (note or "").strip():
        raise DomainError(str(_l("Bitte schreiben Sie eine Notiz.")), field="message")
    check_not_anonymised(application)
    history.record(HistoryKind.NOTE, application=application, actor=account, message=note, internal=True)


def reopen(application: Application, admin: Account, reason: str, version: int | None = None) -> None:
    """An admin reopens a decision (back to "in Prüfung"); an accepted one loses its membership."""
    if not admin.is_admin:
        raise DomainError(str(_l("Nur die Verwaltung kann Entscheidungen wieder öffnen.")))
    if not (reason or "").strip():
        raise DomainError(str(_l("Bitte geben Sie einen Grund an.")), field="reason")
    check_version(application, version)
    was_accepted = application.state is S.ACCEPTED
    # Visible to the applicant (the status page must not end on "angenommen" while it says
    # "in Prüfung"); the admin's reason stays internal.
    change_state(
        application,
        S.IN_REVIEW,
        actor=Actor.ADMIN,
        account=admin,
        kind=HistoryKind.REOPENED,
        message=_l("Die Entscheidung wurde wieder geöffnet; der Antrag wird erneut geprüft."),
    )
    history.record(
        HistoryKind.NOTE,
        application=application,
        actor=admin,
        internal=True,
        message=_l("Grund für das Wiederöffnen: %(reason)s", reason=reason),
    )
    if was_accepted:
        end_membership_of_application(application, admin, reason)
    status_token = rotate_status_token(application)
    mail_applicant(
        application,
        "application_reopened",
        _l("Ihr Mitgliedsantrag wird erneut geprüft: %(network)s", network=application.network.name),
        status_link=external_url("apply.status", token=status_token),
        was_accepted=was_accepted,
    )


def perform_bulk(application: Application, action: BulkAction, account: Account, reason: str = "") -> None:
    """One item of a bulk action; approvals use the applicant's own Themenkreise and directory wish."""
    if action is BulkAction.TAKE:
        if application.state is S.IN_REVIEW:
            raise DomainError(str(_l("Der Antrag ist bereits in Prüfung.")))
        take_into_review(application, account)
    elif action is BulkAction.APPROVE:
        approve(application, account)
    else:
        reject(application, account, reason)
