"""Mails of the programme years and the seal, each queued in the outbox with the change it reports."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core.outbox import external_url, queue_mail
from app.models import Cohort, CohortParticipation, Membership, SealCase


def _to_municipality(membership: Membership, template: str, subject, **context) -> None:
    """A mail to the municipality's main contact, in their language."""
    account = membership.account
    queue_mail(template, account.email, subject, locale=account.locale, account_id=account.id, **context)


def mail_moved_up(participation: CohortParticipation) -> None:
    """The coordination gave a waiting municipality a place."""
    cohort = participation.cohort
    _to_municipality(
        participation.membership,
        "programme_moved_up",
        _l("Ein Platz im %(cohort)s ist frei", cohort=cohort.name),
        cohort=cohort,
        network=cohort.network,
        link=external_url("programmes.member", slug=cohort.network.slug),
    )


def mail_seal_awarded(case: SealCase) -> None:
    """The municipality receives the seal: links to its verification page and graphic."""
    _to_municipality(
        case.membership,
        "programme_seal_awarded",
        _l("Ihre Kommune erhält das Siegel %(year)s", year=case.year),
        case=case,
        network=case.network,
        verify_url=external_url("programmes.verify", code=case.code),
        graphic_url=external_url("programmes.graphic", code=case.code),
    )


def mail_seal_question(case: SealCase) -> None:
    """The coordination asks the municipality a question about its seal case."""
    _to_municipality(
        case.membership,
        "programme_seal_question",
        _l("Rückfrage zum Siegel %(year)s", year=case.year),
        case=case,
        network=case.network,
        link=external_url("programmes.member", slug=case.network.slug),
    )


def tell_coordinators_seal_answered(case: SealCase, name: str) -> None:
    """Each coordinator of the network gets a short note with the link to the case."""
    link = external_url("programmes.seal_case", slug=case.network.slug, case_id=case.id)
    subject = _l("Antwort auf die Rückfrage zum Siegel %(year)s: %(name)s", year=case.year, name=name)
    for coordinator in case.network.coordinators:
        queue_mail(
            "programme_seal_answered", coordinator.email, subject, locale=coordinator.locale,
            account_id=coordinator.id, case=case, network=case.network, name=name, link=link,
        )  # fmt: skip


def mail_places_for_interested(cohort: Cohort, membership: Membership) -> None:
    """A municipality that registered interest in an earlier year hears that this year has places."""
    _to_municipality(
        membership,
        "programme_places_for_interested",
        _l("Für das %(cohort)s sind Plätze frei", cohort=cohort.name),
        cohort=cohort,
        network=cohort.network,
        link=external_url("programmes.member", slug=cohort.network.slug),
    )
