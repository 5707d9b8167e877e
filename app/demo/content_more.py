"""Demo content, continued: the last three networks of DOMAIN.md (see app/demo/content.py)."""

from __future__ import annotations

MORE_NETWORKS: list[dict] = [
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
