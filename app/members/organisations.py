"""Organisation names: normalisation for duplicate hints."""

from __future__ import annotations

import re
import unicodedata

# Words that say nothing about *which* organisation it is.
FILLER_WORDS = {
    "stadt",
    "stadtverwaltung",
    "gemeinde",
    "gemeindeverwaltung",
    "verwaltung",
    "landkreis",
    "kreis",
    "kreisverwaltung",
    "amt",
    "markt",
    "hansestadt",
    "universitätsstadt",
    "große",
    "kreisstadt",
    "ev",
    "e",
    "v",
    "gmbh",
    "ggmbh",
    "ag",
    "gbr",
    "ug",
    "mbh",
    "stiftung",
    "verein",
    "der",
    "die",
    "das",
    "und",
    "für",
    "fuer",
    "von",
    "im",
    "in",
    "am",
    "an",
    "the",
    "of",
}


def normalise_organisation_name(name: str) -> str:
    """Lower-case, strip legal forms, filler words, punctuation and region suffixes.

    "Stadtverwaltung Saalfeld/Saale" and "Stadt Saalfeld" both become "saalfeld saale"
    and "saalfeld"; rapidfuzz then compares the rest.
    """
    text = unicodedata.normalize("NFKC", name or "").casefold()
    text = text.replace("e.v.", " ").replace("e. v.", " ")
    words = re.split(r"[^\w]+", text)
    kept = [word for word in words if word and word not in FILLER_WORDS]
    return " ".join(kept)[:200]
