"""Postcode (PLZ) → Bundesland, for the directory's region filter.

How the mapping works
---------------------
German postcodes are not cut along state borders: the first digit is the *Leitzone*, the
first two digits the *Leitregion*, and both cross Länder freely (01… is Saxony and
Brandenburg, 21… is Hamburg, Lower Saxony and Schleswig-Holstein). Three digits are
enough for almost all of Germany: of the 901 three-digit prefixes in use, 859 lie in a
single Land. So the lookup is

1. ``EXCEPTIONS``: five-digit ranges for the 42 prefixes that are shared by two or three
   Länder (e.g. 125xx: 12529 Schönefeld is Brandenburg, the rest Berlin), plus the two
   Austrian places with German postcodes (Jungholz 87491, Kleinwalsertal 87567–87569),
   which get no Bundesland;
2. ``PREFIXES``: runs of three-digit prefixes that lie in one Land.

A postcode that is in a shared prefix but in none of its ranges, or whose prefix is not in
use, gets no Bundesland ("") rather than a guess.

Source
------
Derived from the state ranges of the CPAN module Business::PLZ 0.11 (Jakob Voß, 2013),
which is based on the table "PLZ-Bereiche der Bundesländer" formerly published by the
University of Cologne (archived at web.archive.org, uni-koeln.de/~arcd2/3d.htm). The
three-digit table was computed from those ranges; the five-digit ranges are kept only
where a prefix is shared.

Known limits (honest border cases)
----------------------------------
- A few single postcodes cover villages on both sides of a state border (e.g. 21039
  Hamburg/Schleswig-Holstein, 37194 Lower Saxony/Hesse, 59969 Hesse/North Rhine-Westphalia);
  we return one Land (Hamburg, Lower Saxony and Hesse respectively).
- Deutsche Post occasionally re-assigns postcodes; the data is a 2013 snapshot. A member
  whose Land comes out wrong is shown under the neighbouring Land in the filter; the
  address itself is never changed.
- Only German addresses are mapped (country "Deutschland"/"Germany"/"DE" or empty).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from flask_babel import lazy_gettext as _l

from app.extensions import request_translations

BUNDESLAENDER: dict[str, str] = {
    "BW": _l("Baden-Württemberg"),
    "BY": _l("Bayern"),
    "BE": _l("Berlin"),
    "BB": _l("Brandenburg"),
    "HB": _l("Bremen"),
    "HH": _l("Hamburg"),
    "HE": _l("Hessen"),
    "MV": _l("Mecklenburg-Vorpommern"),
    "NI": _l("Niedersachsen"),
    "NW": _l("Nordrhein-Westfalen"),
    "RP": _l("Rheinland-Pfalz"),
    "SL": _l("Saarland"),
    "SN": _l("Sachsen"),
    "ST": _l("Sachsen-Anhalt"),
    "SH": _l("Schleswig-Holstein"),
    "TH": _l("Thüringen"),
}

# (first prefix, last prefix, Land): every three-digit prefix in the run lies in that Land.
PREFIXES: list[tuple[str, str, str]] = [
    ("010", "018", "SN"), ("026", "029", "SN"), ("030", "032", "BB"), ("040", "044", "SN"), ("047", "047", "SN"),
    ("049", "049", "BB"), ("060", "064", "ST"), ("066", "069", "ST"), ("073", "078", "TH"), ("080", "096", "SN"),
    ("100", "124", "BE"), ("126", "141", "BE"), ("144", "169", "BB"), ("170", "171", "MV"), ("173", "191", "MV"),
    ("194", "194", "MV"), ("200", "211", "HH"), ("212", "213", "NI"), ("216", "217", "NI"), ("220", "227", "HH"),
    ("228", "238", "SH"), ("240", "259", "SH"), ("260", "273", "NI"), ("275", "275", "HB"), ("276", "278", "NI"),
    ("280", "286", "HB"), ("288", "293", "NI"), ("295", "318", "NI"), ("320", "338", "NW"), ("340", "342", "HE"),
    ("345", "363", "HE"), ("364", "364", "TH"), ("370", "370", "NI"), ("372", "372", "HE"), ("373", "373", "TH"),
    ("374", "375", "NI"), ("377", "383", "NI"), ("385", "387", "NI"), ("388", "396", "ST"), ("400", "483", "NW"),
    ("486", "487", "NW"), ("490", "493", "NI"), ("496", "498", "NI"), ("501", "514", "NW"), ("516", "533", "NW"),
    ("534", "534", "RP"), ("537", "539", "NW"), ("542", "551", "RP"), ("553", "568", "RP"), ("570", "574", "NW"),
    ("575", "576", "RP"), ("580", "598", "NW"), ("600", "636", "HE"), ("637", "639", "BY"), ("642", "654", "HE"),
    ("657", "659", "HE"), ("660", "663", "SL"), ("666", "667", "SL"), ("669", "678", "RP"), ("680", "683", "BW"),
    ("686", "686", "HE"), ("687", "691", "BW"), ("693", "693", "BW"), ("700", "766", "BW"), ("768", "768", "RP"),
    ("776", "798", "BW"), ("800", "877", "BY"), ("880", "880", "BW"), ("882", "891", "BW"), ("892", "892", "BY"),
    ("893", "896", "BW"), ("900", "964", "BY"), ("965", "965", "TH"), ("970", "977", "BY"), ("979", "979", "BW"),
    ("985", "999", "TH"),
]  # fmt: skip

# (first postcode, last postcode, Land) for the shared prefixes; "" = not a German Land.
EXCEPTIONS: list[tuple[str, str, str]] = [
    ("01900", "01936", "SN"), ("01940", "01998", "BB"), ("04500", "04579", "SN"), ("04580", "04639", "TH"),
    ("04640", "04699", "SN"), ("04800", "04889", "SN"), ("04890", "04899", "BB"), ("06500", "06548", "ST"),
    ("06550", "06578", "TH"), ("07900", "07907", "TH"), ("07917", "07919", "SN"), ("07920", "07950", "TH"),
    ("07951", "07952", "SN"), ("07953", "07980", "TH"), ("07982", "07985", "SN"), ("07987", "07989", "TH"),
    ("12500", "12527", "BE"), ("12529", "12529", "BB"), ("12531", "12599", "BE"), ("17200", "17259", "MV"),
    ("17260", "17291", "BB"), ("19200", "19260", "MV"), ("19270", "19273", "NI"), ("19280", "19339", "MV"),
    ("19340", "19357", "BB"), ("19360", "19399", "MV"), ("21400", "21449", "NI"), ("21450", "21521", "SH"),
    ("21522", "21522", "NI"), ("21524", "21529", "SH"), ("23900", "23919", "SH"), ("23920", "23999", "MV"),
    ("27400", "27478", "NI"), ("27483", "27498", "SH"), ("27499", "27499", "HH"), ("28700", "28779", "HB"),
    ("28784", "28799", "NI"), ("29400", "29416", "ST"), ("29430", "29499", "NI"), ("34300", "34329", "HE"),
    ("34330", "34355", "NI"), ("34356", "34399", "HE"), ("34400", "34439", "NW"), ("34440", "34499", "HE"),
    ("37100", "37194", "NI"), ("37195", "37195", "HE"), ("37197", "37199", "NI"), ("37600", "37649", "NI"),
    ("37650", "37688", "NW"), ("37689", "37691", "NI"), ("37692", "37696", "NW"), ("37697", "37699", "NI"),
    ("38400", "38479", "NI"), ("38480", "38489", "ST"), ("48400", "48432", "NW"), ("48442", "48465", "NI"),
    ("48466", "48477", "NW"), ("48478", "48480", "NI"), ("48481", "48485", "NW"), ("48486", "48488", "NI"),
    ("48489", "48496", "NW"), ("48497", "48531", "NI"), ("48541", "48599", "NW"), ("49400", "49459", "NI"),
    ("49461", "49549", "NW"), ("49550", "49599", "NI"), ("51500", "51597", "NW"), ("51598", "51598", "RP"),
    ("53500", "53579", "RP"), ("53580", "53604", "NW"), ("53614", "53619", "RP"), ("53620", "53699", "NW"),
    ("55200", "55239", "RP"), ("55240", "55252", "HE"), ("55253", "55299", "RP"), ("59900", "59968", "NW"),
    ("59969", "59969", "HE"), ("65500", "65556", "HE"), ("65558", "65582", "RP"), ("65583", "65620", "HE"),
    ("65621", "65626", "RP"), ("65627", "65627", "HE"), ("65629", "65629", "RP"), ("66400", "66459", "SL"),
    ("66460", "66509", "RP"), ("66510", "66599", "SL"), ("66800", "66839", "SL"), ("66840", "66899", "RP"),
    ("68501", "68519", "HE"), ("68520", "68549", "BW"), ("69200", "69234", "BW"), ("69235", "69239", "HE"),
    ("69240", "69299", "BW"), ("69400", "69429", "BW"), ("69430", "69434", "HE"), ("69435", "69469", "BW"),
    ("69479", "69488", "HE"), ("69489", "69502", "BW"), ("69503", "69509", "HE"), ("69510", "69514", "BW"),
    ("69515", "69518", "HE"), ("76700", "76709", "BW"), ("76710", "76799", "RP"),
    ("87491", "87491", ""), ("87567", "87569", ""),
    ("88100", "88179", "BY"), ("88180", "88199", "BW"), ("97800", "97859", "BY"), ("97860", "97899", "BW"),
]  # fmt: skip

# Prefixes shared by several Länder: only EXCEPTIONS decide inside them.
SHARED_PREFIXES = frozenset(
    {
        "019",
        "045",
        "046",
        "048",
        "065",
        "079",
        "125",
        "172",
        "192",
        "193",
        "214",
        "215",
        "239",
        "274",
        "287",
        "294",
        "343",
        "344",
        "371",
        "376",
        "384",
        "484",
        "485",
        "494",
        "495",
        "515",
        "535",
        "536",
        "552",
        "599",
        "655",
        "656",
        "664",
        "665",
        "668",
        "685",
        "692",
        "694",
        "695",
        "767",
        "881",
        "978",
    }
)

_POSTCODE = re.compile(r"^\d{5}$")
# The same spellings forms.validators accepts as Germany (services do not import forms).
_GERMANY = {"deutschland", "germany", "de", "bundesrepublik deutschland"}
_EXCEPTIONS_SORTED = sorted(EXCEPTIONS)
_EXCEPTION_STARTS = [start for start, _, _ in _EXCEPTIONS_SORTED]
_PREFIX_LAND = {f"{number:03d}": land for first, last, land in PREFIXES for number in range(int(first), int(last) + 1)}


def bundesland_for_postcode(postcode: str | None, country: str | None = "Deutschland") -> str:
    """The two-letter Land code for a German postcode, or "" when unknown or not in Germany."""
    postcode = (postcode or "").strip()
    country = (country or "").strip().casefold()
    if country and country not in _GERMANY:
        return ""
    if not _POSTCODE.match(postcode):
        return ""
    position = bisect_right(_EXCEPTION_STARTS, postcode) - 1
    if position >= 0:
        start, end, land = _EXCEPTIONS_SORTED[position]
        if start <= postcode <= end:
            return land
    prefix = postcode[:3]
    if prefix in SHARED_PREFIXES:
        return ""
    return _PREFIX_LAND.get(prefix, "")


def bundesland_name(code: str) -> str:
    """The name of a Land code in the current language ("" for unknown codes)."""
    return _names(request_translations()).get(code or "", "")


def bundesland_choices() -> list[tuple[str, str]]:
    """(code, name) pairs sorted by name, for select fields."""
    return list(_choices(request_translations()))


@lru_cache(maxsize=8)
def _names(translations: object) -> dict[str, str]:
    # Keyed by the request's catalogue: the names are translated once per language, not per row.
    return {code: str(name) for code, name in BUNDESLAENDER.items()}


@lru_cache(maxsize=8)
def _choices(translations: object) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(_names(translations).items(), key=lambda item: item[1]))
