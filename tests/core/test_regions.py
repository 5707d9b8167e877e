"""PLZ → Bundesland: the three-digit table, the shared prefixes and the honest gaps."""

from __future__ import annotations

import pytest

from app.core import regions
from app.core.regions import bundesland_for_postcode
from app.demo.people import PLACES


@pytest.mark.parametrize(
    "postcode, land",
    [
        ("10117", "BE"),
        ("13353", "BE"),
        ("14467", "BB"),
        ("03046", "BB"),
        ("01067", "SN"),
        ("04109", "SN"),
        ("06108", "ST"),
        ("39104", "ST"),
        ("99084", "TH"),
        ("07743", "TH"),
        ("20095", "HH"),
        ("22765", "HH"),
        ("28195", "HB"),
        ("27568", "HB"),
        ("24103", "SH"),
        ("23552", "SH"),
        ("19053", "MV"),
        ("18055", "MV"),
        ("30159", "NI"),
        ("26122", "NI"),
        ("50667", "NW"),
        ("44135", "NW"),
        ("48143", "NW"),
        ("55116", "RP"),
        ("54290", "RP"),
        ("66111", "SL"),
        ("60311", "HE"),
        ("34117", "HE"),
        ("70173", "BW"),
        ("79098", "BW"),
        ("80331", "BY"),
        ("90402", "BY"),
    ],
)
def test_state_capitals_and_big_cities(postcode, land):
    assert bundesland_for_postcode(postcode) == land


@pytest.mark.parametrize(
    "postcode, land",
    [
        ("12529", "BB"),  # Schönefeld, in the middle of Berlin's 125xx
        ("12524", "BE"),
        ("21465", "SH"),  # Reinbek, while 214xx starts in Lower Saxony
        ("21423", "NI"),
        ("27499", "HH"),  # Neuwerk island belongs to Hamburg
        ("55246", "HE"),  # Mainz-Kostheim, across the Rhine from Mainz
        ("55252", "HE"),
        ("55262", "RP"),
        ("63739", "BY"),  # Aschaffenburg: a Bavarian 6xxxx
        ("69434", "HE"),  # Hirschhorn (Neckar)
        ("69412", "BW"),
        ("97877", "BW"),  # Wertheim: 978xx is Bavaria and Baden-Württemberg
        ("97816", "BY"),
        ("37194", "NI"),  # a postcode shared by two Länder: we return one (documented)
    ],
)
def test_border_postcodes(postcode, land):
    assert bundesland_for_postcode(postcode) == land


@pytest.mark.parametrize(
    "postcode, country",
    [
        ("87491", "Deutschland"),  # Jungholz (Tirol) has a German postcode
        ("87567", "Deutschland"),  # Kleinwalsertal (Vorarlberg)
        ("00000", "Deutschland"),  # not in use
        ("1011", "Deutschland"),
        ("1011A", "Deutschland"),
        ("", "Deutschland"),
        (None, None),
        ("10117", "Österreich"),
        ("10117", "France"),
    ],
)
def test_no_bundesland_rather_than_a_guess(postcode, country):
    assert bundesland_for_postcode(postcode, country) == ""


def test_germany_spellings_and_empty_country_count_as_germany():
    for country in ("Deutschland", "germany", " DE ", "", None):
        assert bundesland_for_postcode("10117", country) == "BE"


def test_every_demo_place_maps_to_its_land():
    for land, places in PLACES.items():
        for postcode, city in places:
            assert bundesland_for_postcode(postcode) == land, (postcode, city)


def test_tables_are_consistent():
    codes = set(regions.BUNDESLAENDER)
    assert len(codes) == 16
    prefixes = {}
    for first, last, land in regions.PREFIXES:
        assert land in codes and first <= last
        for number in range(int(first), int(last) + 1):
            prefix = f"{number:03d}"
            assert prefix not in prefixes, f"{prefix} listed twice"
            assert prefix not in regions.SHARED_PREFIXES, f"{prefix} is shared but in the prefix table"
            prefixes[prefix] = land
    previous_end = ""
    for start, end, land in sorted(regions.EXCEPTIONS):
        assert land in codes or land == "", (start, land)
        assert start <= end and start > previous_end, f"overlapping ranges at {start}"
        previous_end = end
    covered = {start[:3] for start, _, land in regions.EXCEPTIONS if land}
    assert covered >= regions.SHARED_PREFIXES
    # 859 single-Land prefixes plus 42 shared ones: every prefix in use.
    assert len(prefixes) == 859 and len(regions.SHARED_PREFIXES) == 42


def test_choices_are_sorted_by_name():
    names = [name for _, name in regions.bundesland_choices()]
    assert names == sorted(names) and names[0] == "Baden-Württemberg" and len(names) == 16
    assert regions.bundesland_name("TH") == "Thüringen" and regions.bundesland_name("XX") == ""
