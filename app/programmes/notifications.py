"""Mails of the programme years and the seal, each queued in the outbox with the change it reports."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core.outbox import external_url, queue_mail
from app.models import CohortParticipation, SealCase


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
