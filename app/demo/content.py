"""Demo content for `flask seed-demo`: the networks of DOMAIN.md, in our own words."""

from __future__ import annotations

# Events are given as (days from the seed date, start "HH:MM", end "HH:MM", days long).
NETWORKS: list[dict] = [
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
    {
        "slug": "netzwerk-buergerbeteiligung-sachsen",
        "name": "Erfahrungs- und Beratungsnetzwerk Bürgerbeteiligung Sachsen",
        "operator": "Netzwerk Bürgerbeteiligung Sachsen",
        "short_description": (
            "Austausch und gegenseitige Beratung für kommunale und zivilgesellschaftliche Akteur*innen in Sachsen."
        ),
        "description": (
            "Das Netzwerk unterstützt kommunale und zivilgesellschaftliche Akteur*innen in Sachsen beim "
            "Planen von Beteiligung: mit Erfahrungsaustausch und kollegialer Beratung, Hilfe bei "
            "Förderanträgen und bei der Wahl passender Formate und Methoden.\n\n"
            "Es pflegt eine Sammlung von Beteiligungsverfahren, die in Sachsen durchgeführt wurden, lädt "
            "regelmäßig zu Netzwerktreffen ein und fragt die Bedarfe seiner Mitglieder in einer "
            "Online-Umfrage ab."
        ),
        "conditions": "Für kommunale und zivilgesellschaftliche Akteur*innen mit Bezug zu Sachsen.",
        "accepts_persons": True,
        "accepts_organisations": True,
        "accepts_municipalities": True,
        "events": [
            {
                "title": "Netzwerktreffen",
                "days": 40,
                "start": "13:00",
                "end": "17:00",
                "place": "Dresden",
                "description": "Austausch unter den Mitgliedern, kollegiale Beratung.",
            },
            {
                "title": "Online-Werkstatt: Formate und Methoden",
                "days": 26,
                "start": "09:00",
                "end": "16:00",
                "online": True,
                "registration": True,
                "capacity": 12,
                "waiting_list": True,
                "offer_hours": 24,
                "online_link": "https://konferenz.example.org/sachsen-werkstatt",
                "questions": [
                    (
                        "Welches Format interessiert Sie am meisten?",
                        "choice",
                        "Bürgerrat\nZukunftswerkstatt\nOnline-Dialog",
                        False,
                    ),
                    ("Ihre Frage an die Werkstatt", "text", "", False),
                ],
                "description": (
                    "Ganztägige Online-Werkstatt: **Jetzt anmelden und mitmachen!**\n\n"
                    "Wir stellen Formate und Methoden vor und beraten zu Förderanträgen. "
                    "Den Zugangslink erhalten angemeldete Teilnehmende per E-Mail."
                ),
            },
        ],
    },
    {
        "slug": "netzwerk-buergerhaushalt",
        "name": "Netzwerk Bürgerhaushalt",
        "operator": "Bundeszentrale für politische Bildung",
        "short_description": "Für alle Personen und Institutionen, die sich für Bürgerhaushalte interessieren.",
        "description": (
            "Das Netzwerk Bürgerhaushalt bündelt Wissen und Erfahrungen rund um Bürgerhaushalte in "
            "Deutschland. Es wird von der Bundeszentrale für politische Bildung getragen.\n\n"
            "Die Mitgliedschaft ist kostenfrei und mit keinerlei rechtlichen oder finanziellen "
            "Verpflichtungen verbunden."
        ),
        "conditions": "Offen für jede Person und jede Institution. Kostenfrei, ohne rechtliche oder finanzielle Verpflichtungen.",
        "accepts_persons": True,
        "accepts_organisations": True,
        "events": [
            {
                "title": "Werkstattgespräch Bürgerhaushalt",
                "days": 54,
                "start": "14:00",
                "end": "17:00",
                "online": True,
                "registration": True,
                "capacity": 50,
                "online_link": "https://konferenz.example.org/buergerhaushalt",
                "description": "Kommunen berichten über ihre Bürgerhaushalte.",
            },
        ],
    },
    {
        "slug": "kommunen-der-offenen-gesellschaft",
        "name": "Kommunen der Offenen Gesellschaft",
        "operator": "Initiative Offene Gesellschaft",
        "short_description": ("Programm für Kommunen, die Beteiligungsmethoden lernen und ausprobieren wollen."),
        "description": (
            "Kommunen der Offenen Gesellschaft lernen in einem Jahresprogramm Methoden der Beteiligung: "
            "Bürger*innenräte, Ideenwerkstätten und aufsuchende Formate. Engagierte Kommunen erhalten "
            "ein **Siegel**.\n\nDas Programm wird von der Initiative Offene Gesellschaft getragen. "
            "Aktuelles Mitglied ist zum Beispiel die Stadt Saalfeld."
        ),
        "conditions": (
            "Mitglied werden **Kommunen**, vertreten durch eine Ansprechperson. Die Plätze im "
            "Jahresprogramm sind begrenzt."
        ),
        "conditions_confirmation": "Unsere Kommune möchte am Jahresprogramm teilnehmen und benennt eine Ansprechperson.",
        "accepts_persons": False,
        "accepts_municipalities": True,
        "one_membership_per_organisation": True,
        "programme_period": "Methodenprogramm 2026/27",
        "capacity": 20,
        "events": [
            {
                "title": "Methodentag: Bürgerrat",
                "days": 61,
                "start": "09:30",
                "end": "16:30",
                "place": "Saalfeld",
                "registration": True,
                "capacity": 20,
                "needs_approval": True,
                "audience": "members",
                "description": "Methodentag des Programms für teilnehmende Kommunen (Freigabe durch die Koordination).",
            },
        ],
    },
]

# A few real places per Bundesland, for fictional demo members.
PLACES: dict[str, list[tuple[str, str]]] = {
    "BW": [("70173", "Stuttgart"), ("79098", "Freiburg im Breisgau"), ("68159", "Mannheim")],
    "BY": [("80331", "München"), ("90402", "Nürnberg"), ("86150", "Augsburg")],
    "BE": [("10117", "Berlin"), ("10999", "Berlin"), ("13353", "Berlin")],
    "BB": [("14467", "Potsdam"), ("03046", "Cottbus")],
    "HB": [("28195", "Bremen"), ("27568", "Bremerhaven")],
    "HH": [("20095", "Hamburg"), ("22765", "Hamburg")],
    "HE": [("60311", "Frankfurt am Main"), ("65183", "Wiesbaden"), ("34117", "Kassel")],
    "MV": [("19053", "Schwerin"), ("18055", "Rostock")],
    "NI": [("30159", "Hannover"), ("38100", "Braunschweig"), ("26122", "Oldenburg")],
    "NW": [("50667", "Köln"), ("40213", "Düsseldorf"), ("44135", "Dortmund"), ("48143", "Münster")],
    "RP": [("55116", "Mainz"), ("54290", "Trier")],
    "SL": [("66111", "Saarbrücken")],
    "SN": [("01067", "Dresden"), ("04109", "Leipzig"), ("09111", "Chemnitz")],
    "ST": [("39104", "Magdeburg"), ("06108", "Halle (Saale)")],
    "SH": [("24103", "Kiel"), ("23552", "Lübeck")],
    "TH": [("99084", "Erfurt"), ("07743", "Jena"), ("07318", "Saalfeld/Saale")],
}

INSTITUTIONS = [
    "Stadtverwaltung {city}",
    "Landkreis {city}",
    "Bürgerstiftung {city}",
    "Universität {city}",
    "Freiwilligenagentur {city}",
    "Mehr Demokratie e.V.",
    "Quartiersmanagement {city}",
    "Landeszentrale für politische Bildung",
    "Stadtteilverein {city}",
    "Beteiligungsbüro {city}",
]
FUNCTIONS = [
    "Referent*in für Bürgerbeteiligung",
    "Projektleitung",
    "Geschäftsführung",
    "Bürgermeister*in",
    "Wissenschaftliche*r Mitarbeiter*in",
    "Moderator*in",
    "Koordination Engagement",
    "Stadtplaner*in",
]
TOPICS = [
    "Bürger*innenräte",
    "Beteiligung in der Stadtentwicklung",
    "Jugendbeteiligung",
    "Bürgerhaushalte",
    "Online-Beteiligung",
    "aufsuchende Beteiligung",
    "Leitlinien für Bürgerbeteiligung",
    "Evaluation von Beteiligungsverfahren",
    "Klimaschutz und Beteiligung",
]
