"""Demo content of the programme years and the seal (Kommunen der Offenen Gesellschaft), so that
`make run` shows a running programme year with Saalfeld, an open one with few places left, a
municipality interested from the earlier year, a seal holder and a seal case with an open question."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

import sqlalchemy as sa

from app.extensions import db
from app.members.organisations import normalise_organisation_name
from app.models import (
    Account,
    ApplicantKind,
    Cohort,
    CohortInterestNotice,
    CohortMilestone,
    CohortParticipation,
    HistoryEntry,
    HistoryKind,
    Membership,
    MilestoneTick,
    Network,
    Organisation,
    OrganisationType,
    ParticipationState,
    SealCase,
    SealCriterion,
    SealReview,
    SealState,
    today_in_germany,
    utcnow,
)

DEMO_NETWORK = "kommunen-der-offenen-gesellschaft"
MUNICIPALITIES = (
    ("Stadt Saalfeld/Saale", "Saalfeld/Saale", "07318", "TH", "Sabine", "Saalfelder"),
    ("Stadt Jena", "Jena", "07743", "TH", "Jonas", "Jenner"),
    ("Stadt Görlitz", "Görlitz", "02826", "SN", "Greta", "Görlitzer"),
    ("Stadt Eberswalde", "Eberswalde", "16225", "BB", "Emil", "Eber"),
    ("Hansestadt Lüneburg", "Lüneburg", "21335", "NI", "Lena", "Lüner"),
    ("Universitätsstadt Marburg", "Marburg", "35037", "HE", "Mira", "Marburger"),
    ("Stadt Halle (Saale)", "Halle (Saale)", "06108", "ST", "Hanna", "Haller"),
)
MILESTONES = (
    "Herausforderungen ermittelt",
    "Zielgruppen definiert",
    "Methodenset gewählt",
    "Qualifizierung abgeschlossen",
)
# The Allianz Vielfältige Demokratie's principles of good participation, as a scoring sheet.
CRITERIA = (
    ("Gestaltungsspielraum und klares Mandat", 5),
    ("Frühzeitig und verbindlich beteiligen", 5),
    ("Vielfalt: auch schwer erreichbare Gruppen", 5),
    ("Transparenz über Ergebnisse und Rückmeldung", 5),
)


def _municipality(network: Network, name: str, city: str, postcode: str, land: str, first: str, last: str):
    """The municipality's membership: the existing one (e.g. the verified Saalfeld of the
    verification demo) or a new member with its contact account."""
    existing = db.session.scalar(
        sa.select(Membership)
        .join(Organisation, Membership.organisation_id == Organisation.id)
        .where(
            Membership.network_id == network.id,
            Membership.ended_at.is_(None),
            Organisation.normalized_name == normalise_organisation_name(name),
        )
    )
    if existing is not None:
        return existing
    slug = normalise_organisation_name(name).replace(" ", "-")
    account = Account(
        email=f"beteiligung@{slug}.beispiel.example",
        first_name=first,
        last_name=last,
        institution=name,
        function="Beteiligungsbeauftragte*r",
        postcode=postcode,
        city=city,
        bundesland=land,
    )
    organisation = Organisation(
        name=name,
        normalized_name=normalise_organisation_name(name),
        type=OrganisationType.MUNICIPALITY,
        postcode=postcode,
        city=city,
        bundesland=land,
    )
    membership = Membership(
        network=network,
        account=account,
        organisation=organisation,
        kind=ApplicantKind.MUNICIPALITY,
        listed_in_directory=True,
    )
    db.session.add_all([account, organisation, membership])
    return membership


def _cohort(network: Network, name: str, places: int, opens: date, closes: date, starts: date, ends: date) -> Cohort:
    cohort = Cohort(
        network_id=network.id,
        name=name,
        places=places,
        applications_open_on=opens,
        applications_close_on=closes,
        starts_on=starts,
        ends_on=ends,
        milestones=[CohortMilestone(position=i, title=title) for i, title in enumerate(MILESTONES)],
    )
    db.session.add(cohort)
    return cohort


def seed_programme_demo(today: date | None = None) -> bool:
    """Once per database: seven member municipalities, two programme years, one seal holder, one question."""
    today = today or today_in_germany()
    network = db.session.scalar(sa.select(Network).where(Network.slug == DEMO_NETWORK))
    if network is None or db.session.scalar(sa.select(Cohort.id).where(Cohort.network_id == network.id).limit(1)):
        return False
    members = [_municipality(network, *row) for row in MUNICIPALITIES]
    running = _cohort(
        network,
        f"Methodenprogramm {today.year - 1}/{str(today.year)[2:]}",
        4,
        today - timedelta(days=200),
        today - timedelta(days=140),
        today - timedelta(days=120),
        today + timedelta(days=245),
    )
    open_year = _cohort(
        network,
        f"Methodenprogramm {today.year}/{str(today.year + 1)[2:]}",
        6,
        today - timedelta(days=10),
        today + timedelta(days=50),
        today + timedelta(days=260),
        today + timedelta(days=620),
    )
    db.session.flush()
    saalfeld = members[0]
    running_participants = [
        CohortParticipation(cohort_id=running.id, membership_id=m.id, state=ParticipationState.PARTICIPANT)
        for m in members[:3]  # Saalfeld, Jena, Görlitz take part in the running year
    ]
    open_participants = [
        CohortParticipation(cohort_id=open_year.id, membership_id=m.id, state=ParticipationState.PARTICIPANT)
        for m in members[1:6]  # five of six places of the open year are taken
    ]
    # Halle was too late for the running year and noted its interest; it was told of the open year.
    halle = members[6]
    interest = CohortParticipation(
        cohort_id=running.id, membership_id=halle.id, state=ParticipationState.INTERESTED_NEXT
    )
    db.session.add_all([*running_participants, *open_participants, interest])
    db.session.add(CohortInterestNotice(cohort_id=open_year.id, membership_id=halle.id))
    db.session.flush()
    saalfeld_running = running_participants[0]
    for days, milestone in zip((90, 45), running.milestones[:2], strict=True):
        db.session.add(
            MilestoneTick(
                participation_id=saalfeld_running.id,
                milestone_id=milestone.id,
                reached_on=today - timedelta(days=days),
                ticked_by_role="Kommune",
            )
        )
    for position, (title, points) in enumerate(CRITERIA):
        db.session.add(SealCriterion(network_id=network.id, position=position, title=title, max_points=points))
    db.session.flush()
    seal = SealCase(
        network_id=network.id,
        membership_id=saalfeld.id,
        year=today.year,
        state=SealState.AWARDED,
        statement="Bürger*innenrat zur Zukunft der Innenstadt und aufsuchende Beteiligung in allen Ortsteilen.",
        decision_note="Vorbildlich: frühzeitig, vielfältig und mit Rückmeldung an alle Beteiligten.",
        valid_until=date(today.year + 1, 12, 31),
        code=secrets.token_urlsafe(16),
    )
    db.session.add(seal)
    db.session.flush()
    criteria = db.session.scalars(sa.select(SealCriterion.id).where(SealCriterion.network_id == network.id)).all()
    db.session.add(SealReview(case_id=seal.id, scores={str(c): 4 for c in criteria}, comment="Überzeugend."))
    for message in (f"Für das Siegel {today.year} nominiert", f"Siegel {today.year} vergeben"):
        db.session.add(
            HistoryEntry(
                kind=HistoryKind.SEAL,
                network_id=network.id,
                membership_id=saalfeld.id,
                actor_label="Koordination",
                message=message,
            )
        )
    _question_case(network, members[1], today.year)
    db.session.flush()
    return True


def _question_case(network: Network, jena: Membership, year: int) -> None:
    """Jena applied for the seal and the coordination asked a question it has not answered yet."""
    question = "Wie haben Sie die Ergebnisse des Jugendforums an die Teilnehmenden zurückgemeldet?"
    db.session.add(
        SealCase(
            network_id=network.id,
            membership_id=jena.id,
            year=year,
            state=SealState.QUESTION,
            state_before_question=SealState.APPLIED,
            statement="Jugendforum mit zufällig ausgewählten Jugendlichen aus allen Stadtteilen.",
            question=question,
            asked_at=utcnow(),
            code=secrets.token_urlsafe(16),
        )
    )
    for message in (f"Für das Siegel {year} beworben", f"Rückfrage zum Siegel {year}: {question}"):
        db.session.add(
            HistoryEntry(
                kind=HistoryKind.SEAL,
                network_id=network.id,
                membership_id=jena.id,
                actor_label="Koordination",
                message=message,
            )
        )
