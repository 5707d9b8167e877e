"""What the programme years and the seal store about a person, for the data export (Art. 15 DSGVO).

Erasure needs nothing here: the rows go with the membership (ON DELETE CASCADE), and ticks and
scoring sheets of a deleted coordinator lose their author (ON DELETE SET NULL).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa


def programme_rows(t, membership_ids: list[int], account_id: int) -> dict[str, Any]:
    """For each table: the condition for the person's municipality's rows and what they ticked or scored."""
    participations = sa.select(t["cohort_participations"].c.id).where(
        t["cohort_participations"].c.membership_id.in_(membership_ids)
    )
    cases = sa.select(t["seal_cases"].c.id).where(t["seal_cases"].c.membership_id.in_(membership_ids))
    return {
        "cohort_participations": t["cohort_participations"].c.membership_id.in_(membership_ids),
        "cohort_interest_notices": t["cohort_interest_notices"].c.membership_id.in_(membership_ids),
        "milestone_ticks": sa.or_(
            t["milestone_ticks"].c.participation_id.in_(participations),
            t["milestone_ticks"].c.ticked_by_id == account_id,
        ),
        "seal_cases": t["seal_cases"].c.membership_id.in_(membership_ids),
        "seal_reviews": sa.or_(t["seal_reviews"].c.case_id.in_(cases), t["seal_reviews"].c.reviewer_id == account_id),
    }


def redact_programme_rows(data: dict[str, list[dict[str, Any]]], account_id: int, other_person: str) -> None:
    """Other people's data in the export: who scored or ticked my municipality, what I wrote about another."""
    my_cases = {row["id"] for row in data["seal_cases"]}
    for row in data["seal_reviews"]:
        if row["case_id"] not in my_cases:  # my scoring of another municipality: the fact only
            row["comment"] = row["conflict_note"] = other_person
        elif row["reviewer_id"] != account_id:  # a reviewer of my municipality: what, not who
            row["reviewer_id"] = other_person
    for row in data["milestone_ticks"]:
        if row["ticked_by_id"] is not None and row["ticked_by_id"] != account_id:
            row["ticked_by_id"] = other_person
