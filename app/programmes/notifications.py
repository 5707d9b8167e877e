"""Mails of the programme years and the seal, each queued in the outbox with the change it reports."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core.outbox import external_url, queue_mail
from app.models import Cohort, CohortParticipation, Membership, SealCase


def mail_moved_up(participation: CohortParticipation) -> None:
    """The coordination gave a waiting municipality a place."""
    membership = participation.membership
    cohort = participation.cohort
    queue_mail(
        "programme_moved_up",
        membership.account.email,
        _l("Ein Platz im %(cohort)s ist frei", cohort=cohort.name),
        locale=membership.account.locale,
        account_id=membership.account_id,
        cohort=cohort,
        network=cohort.network,
        link=external_url("programmes.member", slug=cohort.network.slug),
    )


def mail_seal_awarded(case: SealCase) -> None:
    """The municipality receives the seal: links to its verification page and graphic."""
    membership = case.membership
    queue_mail(
        "programme_seal_awarded",
        membership.account.email,
        _l("Ihre Kommune erhält das Siegel %(year)s", year=case.year),
        locale=membership.account.locale,
        account_id=membership.account_id,
        case=case,
        network=case.network,
        verify_url=external_url("programmes.verify", code=case.code),
        graphic_url=external_url("programmes.graphic", code=case.code),
    )


def mail_seal_question(case: SealCase) -> None:
    """The coordination asks the municipality a question about its seal case."""
    membership = case.membership
    queue_mail(
        "programme_seal_question",
        membership.account.email,
        _l("Rückfrage zum Siegel %(year)s", year=case.year),
        locale=membership.account.locale,
        account_id=membership.account_id,
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
    queue_mail(
        "programme_places_for_interested",
        membership.account.email,
        _l("Für das %(cohort)s sind Plätze frei", cohort=cohort.name),
        locale=membership.account.locale,
        account_id=membership.account_id,
        cohort=cohort,
        network=cohort.network,
        link=external_url("programmes.member", slug=cohort.network.slug),
    )
