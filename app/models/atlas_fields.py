"""Field choices of atlas entries; values follow Participedia's case fields (see app/atlas/opendata.py)."""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l


class AtlasLevel(enum.Enum):
    """Government level (Participedia: scope of influence)."""

    KOMMUNE = "kommune"
    LANDKREIS = "landkreis"
    LAND = "land"
    BUND = "bund"

    @property
    def label(self) -> str:
        return {
            AtlasLevel.KOMMUNE: _l("Kommune"),
            AtlasLevel.LANDKREIS: _l("Landkreis"),
            AtlasLevel.LAND: _l("Landesebene"),
            AtlasLevel.BUND: _l("Bundesebene"),
        }[self]

    @property
    def participedia(self) -> str:
        return {"kommune": "city_town", "landkreis": "regional", "land": "regional", "bund": "national"}[self.value]


class AtlasTopic(enum.Enum):
    """Policy area; values are Participedia's `general_issues` keys."""

    PLANNING = "planning"
    ENVIRONMENT = "environment"
    TRANSPORTATION = "transportation"
    ECONOMICS = "economics"
    EDUCATION = "education"
    HEALTH = "health"
    SOCIAL_WELFARE = "social_welfare"
    GOVERNANCE = "governance"
    HOUSING = "housing"
    ENERGY = "energy"
    ARTS = "arts"
    IMMIGRATION = "immigration"

    @property
    def label(self) -> str:
        return {
            AtlasTopic.PLANNING: _l("Stadt- und Regionalentwicklung"),
            AtlasTopic.ENVIRONMENT: _l("Umwelt und Klima"),
            AtlasTopic.TRANSPORTATION: _l("Verkehr und Mobilität"),
            AtlasTopic.ECONOMICS: _l("Haushalt und Finanzen"),
            AtlasTopic.EDUCATION: _l("Bildung"),
            AtlasTopic.HEALTH: _l("Gesundheit"),
            AtlasTopic.SOCIAL_WELFARE: _l("Soziales"),
            AtlasTopic.GOVERNANCE: _l("Demokratie und Verwaltung"),
            AtlasTopic.HOUSING: _l("Wohnen"),
            AtlasTopic.ENERGY: _l("Energie"),
            AtlasTopic.ARTS: _l("Kultur"),
            AtlasTopic.IMMIGRATION: _l("Migration und Integration"),
        }[self]


class AtlasRecruitment(enum.Enum):
    """How participants were recruited; values are Participedia's `recruitment_method` keys."""

    OPEN = "open"
    RANDOM = "random"
    TARGETED = "targeted"

    @property
    def label(self) -> str:
        return {
            AtlasRecruitment.OPEN: _l("offen für alle"),
            AtlasRecruitment.RANDOM: _l("Zufallsauswahl"),
            AtlasRecruitment.TARGETED: _l("eingeladen"),
        }[self]


class AtlasInitiator(enum.Enum):
    """Who initiated it; values follow Participedia's `organizer_types` keys."""

    ADMINISTRATION = "local_government"
    COUNCIL = "legislature"
    CIVIL_SOCIETY = "community_based_organization"

    @property
    def label(self) -> str:
        return {
            AtlasInitiator.ADMINISTRATION: _l("Verwaltung"),
            AtlasInitiator.COUNCIL: _l("Rat/Parlament"),
            AtlasInitiator.CIVIL_SOCIETY: _l("Zivilgesellschaft"),
        }[self]


class AtlasSource(enum.Enum):
    """Where an entry comes from, shown on every entry (self-reported lists are biased)."""

    MEMBER = "member"
    COORDINATION = "coordination"
    IMPORTED = "imported"

    @property
    def label(self) -> str:
        return {
            AtlasSource.MEMBER: _l("gemeldet von einem Mitglied"),
            AtlasSource.COORDINATION: _l("erfasst von der Koordination"),
            AtlasSource.IMPORTED: _l("importiert"),
        }[self]


class AtlasLicence(enum.Enum):
    CC_BY = "CC-BY-4.0"
    CC_BY_SA = "CC-BY-SA-4.0"
    CC0 = "CC0-1.0"
    DL_DE_BY = "DL-DE-BY-2.0"

    @property
    def label(self) -> str:
        return {
            AtlasLicence.CC_BY: "CC BY 4.0",
            AtlasLicence.CC_BY_SA: "CC BY-SA 4.0",
            AtlasLicence.CC0: "CC0 1.0",
            AtlasLicence.DL_DE_BY: "Datenlizenz Deutschland – Namensnennung 2.0",
        }[self]

    @property
    def url(self) -> str:
        return {
            AtlasLicence.CC_BY: "https://creativecommons.org/licenses/by/4.0/deed.de",
            AtlasLicence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/deed.de",
            AtlasLicence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/deed.de",
            AtlasLicence.DL_DE_BY: "https://www.govdata.de/dl-de/by-2-0",
        }[self]
