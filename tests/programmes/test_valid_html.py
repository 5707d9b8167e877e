"""The programme pages are valid HTML (W3C Nu HTML Checker, one run for all pages)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import CohortParticipation, SealCase
from tests.core.test_valid_html import JAVA, VNU_JAR, in_ci, validate
from tests.programmes.test_cohorts import client_for
from tests.programmes.test_seal import YEAR, fields_of, nominate_and_score


def test_programme_and_seal_pages_are_valid_html(app, client, make_kommune, make_cohort, coordinator, tmp_path):
    if (JAVA is None or not VNU_JAR.is_file()) and not in_ci():
        pytest.skip("Java or vnu.jar missing: HTML validation skipped")
    cohort = make_cohort(places=1)
    kommune, late = make_kommune(), make_kommune("Stadt Jena")
    member = client_for(app, kommune.account)
    member.post(f"/netzwerke/kommunen/programm/{cohort.id}/bewerben")
    client_for(app, late.account).post(f"/netzwerke/kommunen/programm/{cohort.id}/bewerben")
    member.post(f"/netzwerke/kommunen/programm/{cohort.id}/meilensteine/{cohort.milestones[0].id}")
    staff, case = nominate_and_score(app, kommune, coordinator, None)
    first, second = fields_of(case)
    staff.post(f"/koordination/kommunen/siegel/{case.id}/bewerten", data={first: "5", second: "2"})
    open_case_page = staff.get(f"/koordination/kommunen/siegel/{case.id}").get_data(as_text=True)
    staff.post(f"/koordination/kommunen/siegel/{case.id}/rueckfrage", data={"question": "Wie viele?"})
    question_pages = {
        "seal-case-question": staff.get(f"/koordination/kommunen/siegel/{case.id}"),
        "member-question": member.get("/netzwerke/kommunen/programm"),
        "member-answer-error": member.post(f"/netzwerke/kommunen/siegel/{case.id}/antworten"),
    }
    member.post(f"/netzwerke/kommunen/siegel/{case.id}/antworten", data={f"antwort-{case.id}-answer": "120"})
    staff.post(
        f"/koordination/kommunen/siegel/{case.id}/entscheiden",
        data={"decision": "award", "valid_until": f"31.12.{YEAR + 1}"},
    )
    participation = db.session.scalars(
        sa.select(CohortParticipation).where(CohortParticipation.membership_id == kommune.id)
    ).one()
    code = db.session.scalar(sa.select(SealCase.code))
    pages = {
        "member": member.get("/netzwerke/kommunen/programm"),
        "manage": staff.get("/koordination/kommunen/programm"),
        "cohort": staff.get(f"/koordination/kommunen/programm/{cohort.id}"),
        "participation": staff.get(f"/koordination/kommunen/programm/{cohort.id}/teilnahme/{participation.id}"),
        "cohort-errors": staff.post("/koordination/kommunen/programm/neu", data={"places": "x"}),
        "seal-cases": staff.get("/koordination/kommunen/siegel"),
        "seal-case-awarded": staff.get(f"/koordination/kommunen/siegel/{case.id}"),
        "holders": client.get("/netzwerke/kommunen/siegel"),
        "verify": client.get(f"/siegel/{code}"),
        **question_pages,
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        (tmp_path / f"{name}.html").write_text(response.get_data(as_text=True), encoding="utf-8")
    (tmp_path / "seal-case-open.html").write_text(open_case_page, encoding="utf-8")
    assert validate(tmp_path) == []
