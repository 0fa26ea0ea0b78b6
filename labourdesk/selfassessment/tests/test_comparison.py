"""The result beside assessed factories: the same compliance point (and, for national-law
questions, the same questionnaire global key) in the same country and industry, with the public
dashboard's figures and suppression only."""

import re
import tempfile
from pathlib import Path

import pytest
from django.urls import reverse

from labourdesk.compliance.importers.assessments import import_assessments
from labourdesk.compliance.importers.synthetic import write_export
from labourdesk.compliance.models import CompliancePoint
from labourdesk.selfassessment.models import SelfAssessment, SelfAssessmentQuestion
from labourdesk.selfassessment.selectors import questions_for
from labourdesk.selfassessment.tests.helpers import answer_all, start

pytestmark = pytest.mark.django_db


def test_every_question_shares_a_loaded_compliance_point_and_keeps_its_own_key():
    """`load_reference_data` loads the compliance points (data/compliance/) but no questionnaire:
    questionnaires come from programme staff and imports, so there is no questionnaire global
    key in the reference data to reuse. What the self-assessment shares with every
    questionnaire is the compliance point; its own keys are namespaced so that they can never
    be taken for a questionnaire's question."""
    from labourdesk.compliance.models import Question

    assert not Question.objects.exists()  # no questionnaire key is reference data
    points = set(CompliancePoint.objects.values_list("code", flat=True))
    rows = SelfAssessmentQuestion.objects.filter(locale__language_code="en")
    assert rows.count() >= 40
    keys = [r.global_key for r in rows]
    assert len(set(keys)) == len(keys)
    for row in rows:
        assert row.compliance_point in points, row.code
        assert row.global_key == f"sa.{row.code}", row.code


def _import(rows):
    with tempfile.TemporaryDirectory() as folder:
        path = write_export(Path(folder) / "export.csv", rows)
        import_assessments(actor=None, source=path, file_name=path.name, options={})


def _row(f, cluster, cp, qid, finding):
    return [
        "Viet Nam",
        f"F{f}",
        f"Factory {f}",
        f"A{f}",
        "1",
        "15/03/2025",
        "Garment CAT",
        cluster,
        cp,
        qid,
        f"Question {qid}",
        "NCQ",
        finding,
        "",
    ]


def _compare_section(body: str) -> str:
    return re.search(r'id="compare".*?<h2 id="plan"', body, re.S).group(0)


def test_the_result_page_compares_with_the_dashboards_published_figures(client):
    rows = []
    for f in range(6):
        rows.append(_row(f, "Child Labour", "Child Labourers", "CL1", "1" if f < 2 else "0"))
        rows.append(_row(f, "Compensation", "Overtime Wages", "OW1", "1" if f == 0 else "0"))
        if f < 3:  # three factories only: the dashboard suppresses this point
            rows.append(
                _row(
                    f,
                    "Occupational Safety and Health",
                    "Chemicals and Hazardous Substances",
                    "CH1",
                    "1",
                )
            )
    _import(rows)
    token = start(client, country="VNM", industry="apparel")
    assessment = SelfAssessment.objects.get(token_hash=SelfAssessment.hash_token(token))
    answer_all(
        client, assessment, token, choose=lambda q: "no" if q.code == "child-minimum-age" else "yes"
    )
    body = client.get(reverse("selfassessment:result", args=[token])).content.decode()
    section = _compare_section(body)
    table = re.search(r"<table.*?</table>", section, re.S).group(0)
    cells = re.findall(r"<tr><th scope=\"row\">(.*?)</th><td>(.*?)</td><td>(.*?)</td></tr>", table)
    by_label = {label: (yours, figure) for label, yours, figure in cells}
    assert by_label["Child Labourers"] == ("a gap", "33% of 6 factories")
    assert by_label["Overtime Wages"] == ("no gap", "17% of 6 factories")
    # Three factories: suppressed on the dashboard, so not here either.
    assert "Chemicals" not in table
    points = {q.compliance_point for q in questions_for(assessment) if q.compliance_point}
    shown = sum(1 for label in by_label if label in ("Child Labourers", "Overtime Wages"))
    assert f"For {len(points) - shown} compliance points of your answers" in section
    # A national-law question is a questionnaire question: it compares by its global key.
    national = {q.global_key: q for q in questions_for(assessment) if q.area == "national"}
    assert "OW1" in national and "CH1" in national
    assert by_label[national["OW1"].text] == ("no gap", "17% of 6 factories")
    assert national["CH1"].text not in by_label  # three factories: suppressed
    assert "/compliance/dashboard/?country=VNM&amp;industry=apparel" in section


@pytest.mark.parametrize(
    ("country", "industry", "says"),
    [
        ("", "apparel", "you chose not to give your country"),
        ("VNM", "food", "publishes no figure for your industry"),
        ("FRA", "apparel", "compliance points of your answers, the public dashboard has no figure"),
    ],
)
def test_the_result_page_says_when_there_is_no_comparison(client, country, industry, says):
    token = start(client, country=country, industry=industry)
    body = client.get(reverse("selfassessment:result", args=[token])).content.decode()
    section = _compare_section(body)
    assert says in section
    assert "<table" not in section
