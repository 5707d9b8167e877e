"""The atlas's mails: coordinators hear of new submissions, authors of questions and decisions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core.outbox import external_url, queue_mail
from app.models import AtlasEntry, AtlasUpdate

SUBJECTS = {
    "question": _l("Rückfrage zu Ihrem Eintrag im Beteiligungsatlas"),
    "published": _l("Veröffentlicht im Beteiligungsatlas"),
    "rejected": _l("Ihr Eintrag im Beteiligungsatlas wurde nicht veröffentlicht"),
}


def notify_author(entry: AtlasEntry, kind: str, message: str) -> None:
    """Queue the mail to the author (none for entries without an author account)."""
    author = entry.author
    if author is None or not author.email:
        return
    queue_mail(
        f"atlas_{kind}",
        author.email,
        SUBJECTS[kind],
        account_id=author.id,
        entry=entry,
        network=entry.network,
        message=message,
        link=external_url("atlas.my_entry", slug=entry.network.slug, entry_id=entry.id),
        public_link=external_url("atlas.entry", entry_id=entry.id),
    )


def notify_coordinators_of_submission(entry: AtlasEntry, update: AtlasUpdate | None = None) -> None:
    """Each coordinator of the network gets a short note with the review link."""
    link = external_url("atlas.review_detail", slug=entry.network.slug, entry_id=entry.id)
    subject = _l("Neu im Beteiligungsatlas zur Prüfung: %(title)s", title=entry.title)
    for coordinator in entry.network.coordinators:
        queue_mail(
            "atlas_submitted", coordinator.email, subject, account_id=coordinator.id,
            entry=entry, update=update, network=entry.network, link=link,
        )  # fmt: skip
