"""The question back (Rückfrage) on a seal case: the coordination asks, the municipality answers.

While a question is open the case is in the state "question" and cannot be decided; the answer
returns it to the state it came from (nominated or applied). Both steps are history rows of
kind "seal" on the municipality's membership, like every other step of the seal.
"""

from __future__ import annotations

from flask_babel import gettext as _

from app.core.errors import DomainError, IllegalTransition
from app.extensions import db
from app.models import Account, SealCase, SealState, utcnow
from app.programmes import notifications
from app.programmes.seals import OPEN, municipality_name, record

S = SealState
# Where a question may be asked from, and where the answer may come from.
ASKABLE = OPEN
ANSWERABLE = frozenset({S.QUESTION})


def ask(case: SealCase, actor: Account, question: str) -> SealCase:
    """Put a question to the municipality; it receives a mail and answers on its programme page."""
    if case.state is S.QUESTION:
        raise IllegalTransition(_("Zu diesem Siegel ist schon eine Rückfrage offen."))
    if case.state not in ASKABLE:
        raise IllegalTransition(_("Über dieses Siegel ist schon entschieden."))
    if not question.strip():
        raise DomainError(_("Bitte formulieren Sie Ihre Rückfrage."), field="question")
    case.state_before_question = case.state
    case.state = S.QUESTION
    case.question, case.asked_at = question, utcnow()
    case.answer, case.answered_at = "", None
    record(case, actor, f"Rückfrage zum Siegel {case.year}: {question}")
    notifications.mail_seal_question(case)
    db.session.flush()
    return case


def answer(case: SealCase, actor: Account, text: str) -> SealCase:
    """The municipality answers; the case is under review again and the coordinators hear of it."""
    if case.state not in ANSWERABLE:
        raise IllegalTransition(_("Zu diesem Siegel ist keine Rückfrage offen."))
    if not text.strip():
        raise DomainError(_("Bitte beantworten Sie die Rückfrage."), field="answer")
    case.state = case.state_before_question or S.APPLIED
    case.state_before_question = None
    case.answer, case.answered_at = text, utcnow()
    record(case, actor, f"Rückfrage zum Siegel {case.year} beantwortet: {text}")
    notifications.tell_coordinators_seal_answered(case, municipality_name(case.membership))
    db.session.flush()
    return case
