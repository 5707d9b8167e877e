"""Duplicate hints: same e-mail, same or similar organisation; they warn and link, never block."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.members.organisations import normalise_organisation_name
from app.models import ApplicationState
from app.review.duplicates import HintKind, duplicate_hints, similarity
from tests.review_support import make_application

S = ApplicationState


@pytest.mark.parametrize(
    "first, second",
    [
        ("Stadt Saalfeld", "Stadtverwaltung Saalfeld/Saale"),
        ("Bertelsmann Stiftung", "Bertelsmann Stiftung gGmbH"),
        ("Berlin Institut für Partizipation", "Berliner Institut für Partizipation e.V."),
        ("Mehr Demokratie e. V.", "Mehr Demokratie e.V."),
        ("Gemeinde Weyarn", "Gemeindeverwaltung Weyarn"),
    ],
)
def test_names_of_the_same_organisation_are_similar(first, second):
    assert similarity(normalise_organisation_name(first), normalise_organisation_name(second)) >= 85


@pytest.mark.parametrize(
    "first, second",
    [
        ("Stadt Berlin", "Technische Universität Berlin"),
        ("Stadt Leipzig", "Stadt Halle (Saale)"),
        ("Gemeinde Saalfeld", "Stadt Saalburg"),
        ("", "Stadt Saalfeld"),
    ],
)
def test_different_organisations_are_not_similar(first, second):
    assert similarity(normalise_organisation_name(first), normalise_organisation_name(second)) < 85


@pytest.fixture
def network(make_network):
    return make_network(slug="kommunen", name="Kommunen der Offenen Gesellschaft")


def kinds(hints) -> list[HintKind]:
    return [hint.kind for hint in hints]


def test_same_email_as_a_member_and_as_an_open_application(make_member, network):
    member = make_member(network, email="zoe@example.org")
    earlier, _ = make_application(network, S.IN_REVIEW, email="zoe@example.org")
    rejected, _ = make_application(network, S.REJECTED, email="zoe@example.org")
    make_application(network, S.UNCONFIRMED, email="zoe@example.org")  # not real yet: no hint
    application, _ = make_application(network, S.RECEIVED, email="zoe@example.org")

    hints = duplicate_hints(application)

    assert kinds(hints)[0] is HintKind.EMAIL_MEMBER
    assert sorted(kind.value for kind in kinds(hints)) == ["email_application", "email_earlier", "email_member"]
    by_kind = {hint.kind: hint for hint in hints}
    assert by_kind[HintKind.EMAIL_MEMBER].target_id == member.id
    assert by_kind[HintKind.EMAIL_APPLICATION].target_id == earlier.id
    assert by_kind[HintKind.EMAIL_EARLIER].target_id == rejected.id


def test_similar_organisation_as_a_member_and_as_an_applicant(make_member, network):
    member = make_member(network, email="rathaus@saalfeld.example", organisation="Stadtverwaltung Saalfeld/Saale")
    person_member = make_member(network, email="p@example.org", institution="Stadt Saalfeld")  # no organisation
    other, _ = make_application(network, S.QUERY, email="b@example.org", institution="Stadt Saalfeld (Saale)")
    make_application(network, S.RECEIVED, email="c@example.org", institution="Stadt Leipzig")
    make_application(network, S.RECEIVED, email="d@example.org")  # a person without institution
    # A row from before names were normalised on save: normalised when compared.
    older, _ = make_application(network, S.IN_REVIEW, email="e@example.org", institution="Gemeinde Saalfeld")
    older.institution_normalized = ""
    db.session.commit()
    application, _ = make_application(network, S.RECEIVED, email="neu@example.org", institution="Stadt Saalfeld")

    hints = duplicate_hints(application)

    targets = {(hint.kind, hint.target_id) for hint in hints}
    assert targets == {
        (HintKind.ORGANISATION_MEMBER, member.id),
        (HintKind.ORGANISATION_MEMBER, person_member.id),
        (HintKind.ORGANISATION_APPLICATION, other.id),
        (HintKind.ORGANISATION_APPLICATION, older.id),
    }
    assert all(hint.score >= 85 for hint in hints)


def test_no_hints_across_networks(make_member, make_network, network):
    other = make_network(slug="andere")
    make_member(other, email="zoe@example.org", organisation="Stadt Saalfeld")
    make_application(other, S.RECEIVED, email="zoe@example.org", institution="Stadt Saalfeld")
    application, _ = make_application(network, S.RECEIVED, email="zoe@example.org", institution="Stadt Saalfeld")

    assert duplicate_hints(application) == []


def test_hints_on_the_detail_page_link_to_the_other_record_and_do_not_block(
    client, login_as, make_account, make_member, network
):
    coordinator = make_account(coordinates=[network])
    member = make_member(
        network,
        email="rathaus@saalfeld.example",
        first_name="Rita",
        last_name="Rathaus",
        organisation="Stadtverwaltung Saalfeld/Saale",
    )
    other, _ = make_application(network, S.RECEIVED, email="zoe@example.org", first_name="Olga", last_name="Anders")
    application, _ = make_application(network, S.IN_REVIEW, email="zoe@example.org", institution="Stadt Saalfeld")
    login_as(coordinator)

    page = client.get(f"/koordination/kommunen/antraege/{application.id}").get_data(as_text=True)

    assert "Hinweise auf mögliche Dubletten" in page
    assert "Die Organisation ist möglicherweise schon Mitglied" in page
    assert f'href="/koordination/kommunen/mitglieder/{member.id}"' in page
    assert "Rita Rathaus (Stadtverwaltung Saalfeld/Saale)" in page
    assert "Mit dieser E-Mail-Adresse gibt es einen weiteren offenen Antrag" in page
    assert f'href="/koordination/kommunen/antraege/{other.id}"' in page
    # The linked member page opens for the coordinator.
    member_page = client.get(f"/koordination/kommunen/mitglieder/{member.id}").get_data(as_text=True)
    assert "Rita Rathaus" in member_page and "Stadtverwaltung Saalfeld/Saale" in member_page
    # A hint does not block the decision.
    assert "Antrag annehmen" in page


# --------------------------------------------------------------------------- #12 item 13


@pytest.mark.parametrize(
    "first, second",
    [
        ("Netzwerk Jena", "Netzwerk Gera"),
        ("Initiative Netzwerk Kinderrechte", "Initiative Netzwerk Jugendrechte"),
        ("Netzwerk Initiative Jena e. V.", "Netzwerk Initiative Halle gGmbH"),
        ("Verein Netzwerk Initiative Jena", "Netzwerk Initiative Gera"),
        ("Bündnis Forum Netzwerk", "Netzwerk Forum"),
        ("Stadt Jena Netzwerk", "Gemeinde Gera Netzwerk"),
    ],
)
def test_generic_organisation_words_weigh_little(first, second):
    assert similarity(normalise_organisation_name(first), normalise_organisation_name(second)) < 85


@pytest.mark.parametrize(
    "first, second",
    [
        ("Netzwerk Bürgerbeteiligung Sachsen", "Netzwerk Bürgerbeteiligung Sachsen e. V."),
        ("Initiative Offene Gesellschaft", "Initiative Offene Gesellschaft gGmbH"),
        ("Netzwerk Kinderrechte Jena", "Kinderrechte Jena"),
    ],
)
def test_the_same_organisation_with_generic_words_is_still_found(first, second):
    assert similarity(normalise_organisation_name(first), normalise_organisation_name(second)) >= 85


def test_the_membership_an_approval_created_is_no_hint_on_its_own_application(
    client, login_as, make_account, network, smtp
):
    coordinator = make_account(email="k@example.org", coordinates=[network])
    application, _ = make_application(network, S.IN_REVIEW, email="zoe@example.org", institution="Stadt Saalfeld")
    login_as(coordinator)
    base = f"/koordination/{network.slug}/antraege/{application.id}"
    response = client.post(f"{base}/annehmen", data={"approve-version": str(application.version)})
    assert response.status_code == 302
    db.session.refresh(application)
    assert application.state is S.ACCEPTED

    assert duplicate_hints(application) == []
    detail = client.get(base).get_data(as_text=True)
    assert "gehört bereits einem Mitglied" not in detail
    assert "möglicherweise schon Mitglied" not in detail


def test_anonymised_applications_are_no_hints_and_get_none(app, network):
    from app.privacy.erasure import anonymise_applications

    first, _ = make_application(network, S.REJECTED, email="a@example.org", institution="Stadt Saalfeld")
    second, _ = make_application(network, S.RECEIVED, email="b@example.org", institution="Stadt Saalfeld")
    anonymise_applications([first.id, second.id])
    db.session.commit()
    db.session.refresh(first)
    db.session.refresh(second)
    third, _ = make_application(network, S.RECEIVED, email="c@example.org", institution="Stadt Saalfeld")

    assert duplicate_hints(first) == []  # no match on the empty e-mail of the other anonymised row
    assert duplicate_hints(second) == []
    assert [hint.target_id for hint in duplicate_hints(third)] == []


def test_the_fast_comparison_finds_exactly_what_comparing_every_name_finds():
    """The C pre-filter's cut-offs must never drop a name that similarity() would flag."""
    import random

    from app.review.names import SIMILARITY_THRESHOLD, similar_names

    rng = random.Random(3)
    words = ["netzwerk", "initiative", "forum", "saalfeld", "saale", "jena", "bürger", "beteiligung",
             "demokratie", "mehr", "stiftung", "bertelsmann", "zentrum", "berlin", "berliner", "institut",
             "partizipation", "weyarn", "allianz", "vielfalt", "jugend", "rat", "gera", "kollektiv"]  # fmt: skip
    names = {" ".join(rng.sample(words, rng.randint(1, 4))) for _ in range(1500)}
    names |= {name[:-1] for name in list(names)[:200]}  # near misses by one letter
    for query in rng.sample(sorted(names), 60):
        expected = {n: similarity(query, n) for n in names if similarity(query, n) >= SIMILARITY_THRESHOLD}
        assert similar_names(query, names) == expected, query
