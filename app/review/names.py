"""How alike two organisation names are: rapidfuzz on the normalised names, generic words weighing little."""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz import fuzz, process

from app.members.organisations import normalise_organisation_name

SIMILARITY_THRESHOLD = 85
# Words many organisations share ("Netzwerk Jena" is not "Netzwerk Gera"). Legal forms and
# "Stadt", "Gemeinde", "Verein", "e. V.", "gGmbH" are already dropped by the normalisation; these
# stay in the name but count little: the score is mostly that of the remaining, distinctive words.
GENERIC_WORDS = frozenset(
    {
        "netzwerk",
        "netzwerke",
        "initiative",
        "initiativen",
        "bürgerinitiative",
        "buergerinitiative",
        "bündnis",
        "buendnis",
        "verband",
        "landesverband",
        "bundesverband",
        "kreisverband",
        "forum",
        "zentrum",
        "arbeitskreis",
        "arbeitsgemeinschaft",
        "gruppe",
        "projekt",
        "büro",
        "buero",
        "gesellschaft",
        "bund",
        "freundeskreis",
        "förderverein",
        "foerderverein",
        "vereinigung",
        "plattform",
        "allianz",
        "kollektiv",
        "kooperative",
    }
)
GENERIC_WEIGHT = 0.3  # share of the whole-name score; the distinctive words make up the rest


def _ratio(first: str, second: str) -> float:
    score = fuzz.token_sort_ratio(first, second)
    if abs(len(set(first.split())) - len(set(second.split()))) <= 1:
        score = max(score, fuzz.token_set_ratio(first, second))
    return score


def similarity(first: str, second: str) -> int:
    """How alike two *normalised* organisation names are (0–100).

    One extra word is tolerated ("saalfeld" vs "saalfeld saale"), more are not
    ("berlin" vs "technische universität berlin" is a different organisation). Generic words
    ("netzwerk", "initiative" ...) weigh little: two names that share only those stay below
    the threshold.
    """
    if not first or not second:
        return 0
    whole = _ratio(first, second)
    distinct_first = " ".join(word for word in first.split() if word not in GENERIC_WORDS)
    distinct_second = " ".join(word for word in second.split() if word not in GENERIC_WORDS)
    if distinct_first == first and distinct_second == second:
        return round(whole)
    distinctive = _ratio(distinct_first, distinct_second) if distinct_first and distinct_second else 0
    return round(GENERIC_WEIGHT * whole + (1 - GENERIC_WEIGHT) * distinctive)


@lru_cache(maxsize=65536)
def normalised(institution: str | None) -> str:
    # Persons' institutions are normalised on every look at an application: remembered per worker.
    return normalise_organisation_name(institution or "")


@lru_cache(maxsize=65536)
def _distinctive(name: str) -> str:
    return " ".join(word for word in name.split() if word not in GENERIC_WORDS)


# similarity() is at most the better of token_sort_ratio and token_set_ratio of the whole names
# (W), or a 0.3/0.7 blend of W and the same for the distinctive words (D). A rounded score of
# SIMILARITY_THRESHOLD needs W >= 84.5 when no generic word is involved, else D >= 77.86 (W <= 100).
WHOLE_CUTOFF = SIMILARITY_THRESHOLD - 0.5
DISTINCTIVE_CUTOFF = (SIMILARITY_THRESHOLD - 0.5 - GENERIC_WEIGHT * 100) / (1 - GENERIC_WEIGHT)


def similar_names(name: str, candidates: set[str]) -> dict[str, int]:
    """The candidate names whose similarity() to `name` reaches the threshold, with their score.

    rapidfuzz compares every name in C with cut-offs that cannot drop a match (see above);
    the exact score is computed in Python only for the few that pass.
    """
    names = [candidate for candidate in candidates if candidate]
    if not names:
        return {}
    passed: set[str] = set()
    for scorer in (fuzz.token_sort_ratio, fuzz.token_set_ratio):
        passed.update(
            hit[0] for hit in process.extract(name, names, scorer=scorer, score_cutoff=WHOLE_CUTOFF, limit=None)
        )
    distinctive = _distinctive(name)
    if distinctive:
        by_distinctive: dict[str, list[str]] = {}
        for candidate in names:
            by_distinctive.setdefault(_distinctive(candidate), []).append(candidate)
        choices = [choice for choice in by_distinctive if choice]
        for scorer in (fuzz.token_sort_ratio, fuzz.token_set_ratio):
            for hit in process.extract(
                distinctive, choices, scorer=scorer, score_cutoff=DISTINCTIVE_CUTOFF, limit=None
            ):
                passed.update(by_distinctive[hit[0]])
    scores = {candidate: similarity(name, candidate) for candidate in passed}
    return {candidate: score for candidate, score in scores.items() if score >= SIMILARITY_THRESHOLD}
