"""Directory search (GET, no CSRF) and the contact form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.core.regions import bundesland_choices
from app.models import Network
from forms import BaseForm, SearchForm

CONTACT_MAX = 2000


class DirectorySearchForm(SearchForm):
    """Filters are plain strings; the directory service ignores values that do not belong to the network."""

    q = StringField(_l("Suche"), validators=[Optional(), Length(max=100, message=_l("Bitte höchstens 100 Zeichen."))])
    themenkreis = SelectField(_l("Themenkreis"), validators=[Optional()], validate_choice=False)
    laendergruppe = SelectField(_l("Ländergruppe"), validators=[Optional()], validate_choice=False)
    bundesland = SelectField(_l("Bundesland"), validators=[Optional()], validate_choice=False)
    kind = SelectField(_l("Art des Mitglieds"), validators=[Optional()], validate_choice=False)

    def set_choices(self, network: Network) -> None:
        self.themenkreis.choices = [SelectChoice("", _l("Alle Themenkreise"))] + [
            SelectChoice(str(tk.id), tk.name) for tk in network.themenkreise
        ]
        self.laendergruppe.choices = [SelectChoice("", _l("Alle Ländergruppen"))] + [
            SelectChoice(str(group.id), group.name) for group in network.laendergruppen
        ]
        self.bundesland.choices = [SelectChoice("", _l("Alle Bundesländer"))] + [
            SelectChoice(code, name) for code, name in bundesland_choices()
        ]
        self.kind.choices = [SelectChoice("", _l("Alle"))] + [
            SelectChoice(kind.value, kind.plural_label) for kind in network.applicant_kinds
        ]


class ContactForm(BaseForm):
    message = TextAreaField(
        _l("Ihre Nachricht"),
        validators=[
            DataRequired(_l("Bitte schreiben Sie eine Nachricht.")),
            Length(min=10, max=CONTACT_MAX, message=_l("Bitte schreiben Sie zwischen 10 und %(max)d Zeichen.")),
        ],
    )
