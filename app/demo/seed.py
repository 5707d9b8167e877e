"""Seed demo content: the seven networks and, on request, fictional members."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from faker import Faker

from app.demo.content import NETWORKS
from app.demo.people import FUNCTIONS, INSTITUTIONS, PLACES, TOPICS
from app.extensions import db
from app.members.organisations import normalise_organisation_name
from app.models import (
    BERLIN,
    Account,
    ApplicantKind,
    Audience,
    Event,
    EventQuestion,
    Laendergruppe,
    Membership,
    Network,
    Organisation,
    OrganisationType,
    QuestionKind,
    Themenkreis,
    Visibility,
    today_in_germany,
)

NETWORK_FIELDS = (
    "name",
    "operator",
    "short_description",
    "description",
    "conditions",
    "conditions_confirmation",
    "accepts_persons",
    "accepts_organisations",
    "accepts_municipalities",
    "one_membership_per_organisation",
    "themenkreis_required",
    "multiple_themenkreise",
    "programme_period",
    "capacity",
)

FICTIONAL_PREFIX = "mitglied"  # the fictional members' addresses: mitglied1@beispiel.example …


# Registration settings taken as they are from demo_content (see app/models/event.py).
EVENT_SETTINGS = ("capacity", "waiting_list", "needs_approval", "online_link", "offer_hours", "cancellation_hours")


def _questions(event: dict) -> list[EventQuestion]:
    """The extra registration questions of a demo event: (label, kind, options, required)."""
    return [
        EventQuestion(position=position, label=label, kind=QuestionKind(kind), options=options, required=required)
        for position, (label, kind, options, required) in enumerate(event.get("questions", []))
    ]


def _at(day: date, clock: str) -> datetime:
    hours, minutes = (int(part) for part in clock.split(":"))
    return datetime.combine(day, time(hours, minutes), tzinfo=BERLIN)


def seed_networks(today: date | None = None) -> int:
    """Create the demo networks that do not exist yet; returns how many were created.

    Existing networks are left exactly as they are, so running it twice changes nothing.
    """
    today = today or today_in_germany()
    created = 0
    for spec in NETWORKS:
        if db.session.scalar(sa.select(Network.id).where(Network.slug == spec["slug"])) is not None:
            continue
        network = Network(slug=spec["slug"], **{key: spec[key] for key in NETWORK_FIELDS if key in spec})
        for position, (name, description) in enumerate(spec.get("themenkreise", []), start=1):
            network.themenkreise.append(Themenkreis(name=name, description=description, position=position))
        for name, description, laender in spec.get("laendergruppen", []):
            network.laendergruppen.append(Laendergruppe(name=name, description=description, bundeslaender=laender))
        db.session.add(network)
        db.session.flush()
        by_name = {tk.name: tk for tk in network.themenkreise}
        groups = {group.name: group for group in network.laendergruppen}
        for event in spec.get("events", []):
            start_day = today + timedelta(days=event["days"])
            end_day = start_day + timedelta(days=event.get("length", 1) - 1)
            network.events.append(
                Event(
                    title=event["title"],
                    starts_at=_at(start_day, event["start"]),
                    ends_at=_at(end_day, event["end"]),
                    place=event.get("place", ""),
                    online=event.get("online", False),
                    registration_required=event.get("registration", False),
                    description=event.get("description", ""),
                    themenkreis=by_name.get(event.get("themenkreis", "")),
                    laendergruppe=groups.get(event.get("laendergruppe", "")),
                    audience=Audience(event.get("audience", Audience.MEMBERS_AND_GUESTS.value)),
                    questions=_questions(event),
                    **{key: event[key] for key in EVENT_SETTINGS if key in event},
                )
            )
        created += 1
    db.session.flush()
    return created


def has_members() -> bool:
    """Whether the fictional members are there (`mitglied<N>@beispiel.example`); the atlas,
    verification and programme demos add their own few members on every run, which don't count."""
    return (
        db.session.scalar(
            sa.select(Membership.id)
            .join(Account, Account.id == Membership.account_id)
            .where(Account.email.like(f"{FICTIONAL_PREFIX}%@beispiel.example"))
            .limit(1)
        )
        is not None
    )


def seed_members(count: int, seed: int | None = None) -> int:
    """Add `count` fictional members (Faker de_DE), spread over networks, Themenkreise and Länder."""
    networks = list(db.session.scalars(sa.select(Network).order_by(Network.id)))
    if not networks or count <= 0:
        return 0
    fake = Faker("de_DE")
    rng = random.Random(seed)
    if seed is not None:
        fake.seed_instance(seed)
    offset = db.session.scalar(sa.select(sa.func.count(Account.id))) or 0
    laender = sorted(PLACES)
    for number in range(count):
        land = laender[number % len(laender)]
        postcode, city = rng.choice(PLACES[land])
        network = networks[number % len(networks)]
        first, last = fake.first_name(), fake.last_name()
        institution = rng.choice(INSTITUTIONS).format(city=city)
        account = Account(
            email=f"{FICTIONAL_PREFIX}{offset + number + 1}@beispiel.example",
            first_name=first,
            last_name=last,
            institution=institution,
            function=rng.choice(FUNCTIONS),
            street=fake.street_address(),
            postcode=postcode,
            city=city,
            bundesland=land,
            phone=f"+49301234{rng.randrange(1000, 9999)}",
            description=f"Ich arbeite zu {rng.choice(TOPICS)} und {rng.choice(TOPICS)}.",
            email_visibility=Visibility.MEMBERS if rng.random() < 0.7 else Visibility.NOBODY,
            phone_visibility=Visibility.MEMBERS if rng.random() < 0.2 else Visibility.NOBODY,
        )
        kind = network.applicant_kinds[number % len(network.applicant_kinds)]
        organisation = None
        if kind is not ApplicantKind.PERSON:
            name = f"Stadt {city}" if kind is ApplicantKind.MUNICIPALITY else institution
            organisation = Organisation(
                name=name,
                normalized_name=normalise_organisation_name(name),
                type=(
                    OrganisationType.MUNICIPALITY
                    if kind is ApplicantKind.MUNICIPALITY
                    else OrganisationType.CIVIL_SOCIETY
                ),
                postcode=postcode,
                city=city,
                bundesland=land,
            )
        membership = Membership(
            network=network,
            account=account,
            organisation=organisation,
            kind=kind,
            listed_in_directory=rng.random() < 0.85,
        )
        if network.themenkreise:
            membership.themenkreise = rng.sample(network.themenkreise, k=rng.choice((1, 1, 2)))
        groups = [g for g in network.laendergruppen if land in g.bundesland_codes]
        if groups:
            membership.laendergruppe = groups[0]
        db.session.add_all([account, membership])
        if number % 500 == 499:
            db.session.flush()
    db.session.flush()
    return count
