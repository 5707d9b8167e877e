"""Demo content for `flask seed-demo`: the networks of DOMAIN.md, in our own words."""

from __future__ import annotations

# Events are given as (days from the seed date, start "HH:MM", end "HH:MM", days long).
_FIRST_NETWORKS: list[dict] = [
    {
        "slug": "allianz-vielfaeltige-demokratie",
        "name": "Allianz Vielfältige Demokratie",
        "operator": "Berlin Institut für Partizipation",
        "short_description": (
            "Bundesweites Netzwerk von Menschen, die in Verwaltung, Politik, Wissenschaft, Wirtschaft "
            "und Zivilgesellschaft Beteiligung voranbringen."
        ),
        "description": (
            "Die Allianz Vielfältige Demokratie bringt Menschen zusammen, die in ihrer Organisation "
            "Bürgerbeteiligung gestalten – auf Bundes-, Landes- und kommunaler Ebene.\n\n"
            "Gegründet wurde sie im Oktober 2015 auf Initiative der Bertelsmann Stiftung. Seit Juni 2018 "
            "koordiniert das Berlin Institut für Partizipation das Netzwerk.\n\n"
            "Die Mitglieder arbeiten in **Themenkreisen** an gemeinsamen Fragen, treffen sich in "
            "**Ländergruppen** und einmal im Jahr zur **Jahrestagung**. Die Mitgliedschaft ist kostenfrei."
        ),
        "conditions": (
            "- Mitglied werden einzelne Personen, die Beteiligung in ihrer Organisation vorantreiben.\n"
            "- In der Regel ist **eine Mitgliedschaft pro Organisation** möglich.\n"
            "- Mitglieder unterstützen die Leitgedanken der Allianz und **arbeiten aktiv in einem "
            "Themenkreis** mit.\n"
            "- Die Mitgliedschaft ist kostenfrei. Ein Rechtsanspruch auf Aufnahme besteht nicht."
        ),
        "conditions_confirmation": (
            "Ich unterstütze die Leitgedanken der Allianz Vielfältige Demokratie und möchte aktiv in "
            "einem Themenkreis mitarbeiten."
        ),
        "accepts_persons": True,
        "one_membership_per_organisation": True,
        "themenkreis_required": True,
        "themenkreise": [
            (
                "Integrierte Partizipation",
                "Wie neue Beteiligungsformate und repräsentative Demokratie ineinandergreifen.",
            ),
            ("Transparenz", "Ein Beteiligungsatlas: systematische Daten über Beteiligungsaktivitäten."),
            ("Qualität", "Qualitätsstandards für gute Beteiligung und wie sie in der Praxis gelingen."),
            ("Kompetenz", "Beteiligungskompetenz in Politik und Verwaltung aufbauen."),
            ("Beteiligung", "Gruppen erreichen, die selten mitmachen; Repräsentativität und Legitimität."),
        ],
        "laendergruppen": [
            (
                "Ländergruppe Berlin-Brandenburg",
                "Regionaler Austausch der Mitglieder aus Berlin und Brandenburg.",
                "BE,BB",
            ),
        ],
        "events": [
            {
                "title": "Themenkreis Transparenz",
                "days": 64,
                "start": "10:00",
                "end": "15:00",
                "place": "Stuttgart",
                "themenkreis": "Transparenz",
                "description": "Arbeitstreffen zum Beteiligungsatlas.",
            },
            {
                "title": "Ländergruppe Berlin-Brandenburg",
                "days": 82,
                "start": "18:00",
                "end": "20:00",
                "place": "Berlin",
                "laendergruppe": "Ländergruppe Berlin-Brandenburg",
                "description": "Abendtreffen der Ländergruppe.",
            },
            {
                "title": "Jahrestagung",
                "days": 85,
                "start": "10:00",
                "end": "16:00",
                "length": 2,
                "place": "Berlin",
                "registration": True,
                "capacity": 8,
                "waiting_list": True,
                "audience": "members",
                "cancellation_hours": 72,
                "questions": [
                    ("Ich nehme teil an", "choice", "beiden Tagen\nnur am ersten Tag\nnur am zweiten Tag", True),
                    ("Ich komme zum Abendessen", "yes_no", "", False),
                ],
                "description": (
                    "Zweitägige Jahrestagung aller Mitglieder mit Berichten aus den Themenkreisen.\n\n"
                    "- **Tag 1:** Berichte und Werkstätten\n- **Tag 2:** Ausblick und Planung\n\n"
                    "Die Plätze sind begrenzt; wenn alle vergeben sind, kommen Sie auf die Warteliste."
                ),
            },
        ],
    },
    {
        "slug": "berlin-institut-fuer-partizipation",
        "name": "Berlin Institut für Partizipation – assoziierte Mitgliedschaft",
        "operator": "Berlin Institut für Partizipation",
        "short_description": (
            "Assoziierte Mitgliedschaft für Menschen, die zu Beteiligung, Demokratieförderung oder "
            "Partizipationsforschung arbeiten."
        ),
        "description": (
            "Das Berlin Institut für Partizipation lädt Fachleute aus Praxis und Forschung ein, sich als "
            "assoziierte Mitglieder zu vernetzen. Assoziierte Mitglieder erhalten Einladungen zu "
            "Fachgesprächen und tauschen sich untereinander aus.\n\nDie Mitgliedschaft ist kostenfrei; "
            "der Antrag wird online gestellt."
        ),
        "conditions": "Für Einzelpersonen, die in Beteiligung, Demokratieförderung oder Partizipationsforschung tätig sind. Kostenfrei.",
        "accepts_persons": True,
        "events": [
            {
                "title": "Fachgespräch: Beteiligung und Forschung",
                "days": 33,
                "start": "16:00",
                "end": "18:00",
                "place": "Berlin",
                "registration": True,
                "capacity": 30,
                "description": "Fachgespräch der assoziierten Mitglieder mit einem Impuls aus der Forschung.",
            },
        ],
    },
    {
        "slug": "fachverband-buergerbeteiligung",
        "name": "Fachverband Bürgerbeteiligung (Initiative)",
        "operator": "Initiative Fachverband Bürgerbeteiligung",
        "short_description": (
            "Initiative von Menschen, die beruflich Beteiligung gestalten, auf dem Weg zu einem Fachverband."
        ),
        "description": (
            "Im Juli 2023 hat sich die Initiative gegründet. Rund 350 aktive Menschen bereiten gemeinsam "
            "einen Fachverband für Bürgerbeteiligung vor: mit Arbeitsgruppen, Austausch und gemeinsamen "
            "Standards für die Profession.\n\nInteressierte sind willkommen."
        ),
        "conditions": "Offen für alle, die beruflich in der Bürgerbeteiligung arbeiten oder sich dafür interessieren.",
        "accepts_persons": True,
        "events": [
            {
                "title": "Online-Forum: Wege zum Fachverband",
                "days": 19,
                "start": "17:00",
                "end": "18:30",
                "online": True,
                "registration": True,
                "capacity": 100,
                "online_link": "https://konferenz.example.org/fachverband-forum",
                "description": "Offenes Forum zum Stand der Verbandsgründung.",
            },
        ],
    },
    {
        "slug": "beteiligungsnetzwerk-bw",
        "name": "Beteiligungsnetzwerk Baden-Württemberg",
        "operator": "Allianz für Beteiligung e.V.",
        "short_description": (
            "Netzwerk für Organisationen und Initiativen, die in Baden-Württemberg Beteiligung fördern."
        ),
        "description": (
            "Das Beteiligungsnetzwerk verbindet Organisationen und Initiativen aus Baden-Württemberg, die "
            "Bürgerbeteiligung und Engagement stärken. Organisiert wird es von der Allianz für "
            "Beteiligung e.V.\n\nDie Registrierung ist einfach und kostenfrei."
        ),
        "conditions": (
            "Mitglied werden **Organisationen und Initiativen**, keine Einzelpersonen. Bitte nennen Sie "
            "eine Ansprechperson. Die Mitgliedschaft ist kostenfrei."
        ),
        "accepts_persons": False,
        "accepts_organisations": True,
        "one_membership_per_organisation": True,
        "events": [
            {
                "title": "Vernetzungstreffen Baden-Württemberg",
                "days": 47,
                "start": "10:00",
                "end": "15:00",
                "place": "Stuttgart",
                "registration": True,
                "capacity": 40,
                "questions": [("Für welche Organisation kommen Sie?", "text", "", True)],
                "description": "Jahrestreffen der Organisationen und Initiativen im Netzwerk.",
            },
        ],
    },
]

# The last three networks live in a module of their own (modules stay under 300 lines).
from app.demo.content_more import MORE_NETWORKS  # noqa: E402

NETWORKS: list[dict] = _FIRST_NETWORKS + MORE_NETWORKS
