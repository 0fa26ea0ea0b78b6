import pytest

from labourdesk.compliance.importers.assessments import import_assessments
from labourdesk.compliance.importers.common import ImportFailed
from labourdesk.compliance.importers.synthetic import export_rows, write_export
from labourdesk.compliance.models import Assessment, Factory, Finding, Question


def _snapshot():
    return sorted(
        Finding.objects.values_list(
            "assessment__external_id", "question__code", "value", "non_compliant"
        )
    )


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("r_names", [False, True])
def test_both_spellings_and_formats_give_the_same_records(
    reference_data, tmp_path, suffix, r_names
):
    rows = list(export_rows(assessments=4, questions=12))
    path = write_export(tmp_path / f"export{suffix}", rows, r_names=r_names)
    counts = import_assessments(actor=None, source=path, file_name=path.name)
    assert counts["findings_created"] == 48
    assert Assessment.objects.count() == 4
    assert Factory.objects.count() == 2
    # Every value as written in the file, line breaks in the labels kept.
    expected = sorted((r[3], r[9], r[12], (r[12] == "1") if r[11] == "NCQ" else None) for r in rows)
    assert _snapshot() == expected
    q = Question.objects.get(code="Q0003")
    assert "\n" in q.texts["en"] and q.public_disclosure
    assert not Question.objects.get(code="Q0001").public_disclosure
    assert Question.objects.get(code="Q0009").type == "FGW"


def test_reimport_changes_nothing(reference_data, tmp_path):
    path = write_export(tmp_path / "e.csv", export_rows(assessments=3, questions=10))
    import_assessments(actor=None, source=path, file_name=path.name)
    before = list(Finding.objects.order_by("pk").values_list("pk", "value", "updated_at"))
    counts = import_assessments(actor=None, source=path, file_name=path.name)
    assert counts["findings_created"] == counts["findings_updated"] == 0
    assert counts["assessments_created"] == counts["questions_created"] == 0
    assert list(Finding.objects.order_by("pk").values_list("pk", "value", "updated_at")) == before


def _errors(tmp_path, rows, **kwargs):
    path = write_export(tmp_path / "bad.csv", rows, **kwargs)
    with pytest.raises(ImportFailed) as info:
        import_assessments(actor=None, source=path, file_name=path.name)
    assert Finding.objects.count() == 0 and Assessment.objects.count() == 0
    return {(e["row"], e["column"]): e["message"] for e in info.value.errors}


def test_every_error_names_its_row_and_column_and_nothing_is_written(reference_data, tmp_path):
    rows = list(export_rows(assessments=2, questions=10))
    rows[0][8] = "Imaginary Compliance Point"  # row 2
    rows[1][5] = "31/02/2020"  # row 3
    rows[2][12] = "2"  # row 4, a scored question
    rows[3][11] = "XYZ"  # row 5
    rows[4][0] = "Atlantis"  # row 6
    errors = _errors(tmp_path, rows, r_names=True)
    assert "Imaginary" in errors[(2, "CP")]
    assert "31/02/2020" in errors[(3, "Assesment.Start.Date")]
    assert "2" in errors[(4, "Finding")]
    assert "XYZ" in errors[(5, "Question.type")]
    assert "Atlantis" in errors[(6, "Country")]


def test_a_file_of_the_wrong_shape_names_the_missing_columns(reference_data, tmp_path):
    path = tmp_path / "shape.csv"
    path.write_text("name,address\nA,B\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as info:
        import_assessments(actor=None, source=path, file_name=path.name)
    columns = {e["column"] for e in info.value.errors}
    assert {"factory assessed id", "cp", "finding"} <= columns
    assert all(e["row"] == 1 for e in info.value.errors)


def test_duplicates_are_refused_or_dropped(reference_data, tmp_path):
    rows = list(export_rows(assessments=1, questions=5))
    rows.append(list(rows[0]))
    errors = _errors(tmp_path, rows)
    assert (7, "Question ID") in errors
    path = write_export(tmp_path / "dup.csv", rows)
    counts = import_assessments(
        actor=None, source=path, file_name=path.name, options={"drop_duplicates": True}
    )
    assert counts["skipped"] == 1 and Finding.objects.count() == 5


def test_obsolete_factories_are_dropped_on_request(reference_data, tmp_path):
    rows = list(export_rows(assessments=4, questions=3))
    for row in rows:
        if row[1] == "F00001":
            row[2] = "Old Mill (Obsolete)"
    path = write_export(tmp_path / "o.csv", rows)
    import_assessments(
        actor=None, source=path, file_name=path.name, options={"drop_obsolete": True}
    )
    assert not Factory.objects.filter(external_id="F00001").exists()
    assert Factory.objects.filter(external_id="F00000").exists()


def test_hazardous_work_points_merge_and_systems_maps_to_osh(reference_data, tmp_path):
    rows = list(export_rows(assessments=1, questions=3))
    rows[0][7], rows[0][8] = "Child Labour", "Unconditional Worst Forms"
    rows[1][7], rows[1][8] = "Systems", "OSH Management Systems"
    path = write_export(tmp_path / "m.csv", rows)
    with pytest.raises(ImportFailed) as info:
        import_assessments(actor=None, source=path, file_name=path.name)
    assert [(e["row"], e["column"]) for e in info.value.errors] == [(3, "Cluster")]
    import_assessments(
        actor=None,
        source=path,
        file_name=path.name,
        options={"merge_hazardous": True, "systems_to_osh": True},
    )
    assert Question.objects.get(code=rows[0][9]).compliance_point.code == "hazardous_work"
    assert Question.objects.get(code=rows[1][9]).compliance_point.cluster.code == "osh"


def test_naughty_strings_survive_a_round_trip(reference_data, tmp_path):
    """Every string of the big list of naughty strings, as a question label and as the name of
    its own factory, comes back exactly as written (CSV: all of them; XLSX: those a worksheet
    can hold at all)."""
    import json

    from labourdesk.core.testing.fixtures import shared_path

    strings = [
        s
        for s in json.loads(
            shared_path("data", "test-corpora", "naughty-strings", "blns.json").read_text()
        )
        if s.strip()
    ]
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    for suffix in (".csv", ".xlsx"):
        Finding.objects.all().delete()
        Assessment.objects.all().delete()
        Factory.objects.all().delete()
        Question.objects.all().delete()
        # A worksheet cannot hold C0 control characters at all: only the CSV carries those.
        usable = [s for s in strings if suffix == ".csv" or _xml_safe(s, ILLEGAL_CHARACTERS_RE)]
        template = next(iter(export_rows(assessments=1, questions=1)))
        rows = []
        for i, text in enumerate(usable):
            row = list(template)
            row[1], row[2], row[3] = f"N{i:05d}", text, f"NA{i:05d}"
            row[9], row[10] = f"Q{i:05d}", text
            rows.append(row)
        path = write_export(tmp_path / f"n{suffix}", rows)
        import_assessments(actor=None, source=path, file_name=path.name)
        stored = {q.code: q.texts["en"] for q in Question.objects.all()}
        names = dict(Factory.objects.values_list("external_id", "name"))
        assert len(names) == len(usable) > 400, suffix
        for row in rows:
            assert stored[row[9]] == row[10], suffix
            assert names[row[1]] == row[2], (suffix, row[2])


def _xml_safe(text, illegal) -> bool:
    from lxml import etree

    if illegal.search(text):
        return False
    try:
        etree.Element("c").text = text
    except ValueError:
        return False
    return True


def test_reimport_with_one_changed_finding_changes_exactly_that(reference_data, tmp_path):
    rows = list(export_rows(assessments=2, questions=5))
    path = write_export(tmp_path / "a.csv", rows)
    import_assessments(actor=None, source=path, file_name=path.name)
    rows[3][12] = "0" if rows[3][12] == "1" else "1"
    path = write_export(tmp_path / "b.csv", rows)
    counts = import_assessments(actor=None, source=path, file_name=path.name)
    assert (counts["findings_created"], counts["findings_updated"]) == (0, 1)
    finding = Finding.objects.get(assessment__external_id=rows[3][3], question__code=rows[3][9])
    assert finding.value == rows[3][12] and finding.non_compliant == (rows[3][12] == "1")


def test_import_command_lists_errors_and_writes_nothing(reference_data, tmp_path):
    from django.core.management import CommandError, call_command

    rows = list(export_rows(assessments=1, questions=3))
    rows[1][5] = "31/02/2020"
    path = write_export(tmp_path / "c.csv", rows)
    import io

    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_assessments", str(path), stderr=err)
    assert "row 3, column Assesment Start Date" in err.getvalue()
    assert Finding.objects.count() == 0
    for r in rows:
        r[5] = "01/02/2020"
    path = write_export(tmp_path / "d.csv", rows)
    out = io.StringIO()
    call_command("import_assessments", str(path), "--drop-duplicates", stdout=out)
    assert "findings_created: 3" in out.getvalue()


def _multi_country_rows():
    """Better Work's global extract: one TQ name ("Garment CAT") in three countries, the countries
    by name as the export writes them, with stray case and spaces."""
    rows = []
    for prefix, name in (("VN", "Viet Nam"), ("ID", " indonesia "), ("JO", "JORDAN")):
        for row in export_rows(assessments=4, questions=6, country=name):
            row[1], row[3] = f"{prefix}-{row[1]}", f"{prefix}-{row[3]}"
            row[6] = "Garment CAT"
            rows.append(row)
    return rows


@pytest.mark.parametrize("r_names", [False, True])
def test_a_multi_country_export_with_a_shared_tq_name_imports_whole(
    reference_data, tmp_path, r_names
):
    from labourdesk.compliance.models import QuestionnaireVersion

    rows = _multi_country_rows()
    path = write_export(tmp_path / "global.csv", rows, r_names=r_names)
    counts = import_assessments(actor=None, source=path, file_name=path.name)
    assert counts["findings_created"] == len(rows) == 72
    versions = QuestionnaireVersion.objects.filter(name="Garment CAT")
    assert sorted(v.programme.country.iso3 for v in versions) == ["IDN", "JOR", "VNM"]
    # Each country's assessments answer its own version's questions.
    for assessment in Assessment.objects.select_related("factory__country", "version__programme"):
        assert assessment.version.programme.country_id == assessment.factory.country_id
        assert {f.question.version_id for f in assessment.findings.all()} == {assessment.version_id}
    assert Question.objects.filter(code="Q0001").count() == 3
    # Re-importing the same global file changes nothing.
    again = import_assessments(actor=None, source=path, file_name=path.name)
    assert again["findings_created"] == again["versions_created"] == 0


def test_country_names_map_to_member_states_and_unknown_names_name_their_row(
    reference_data, tmp_path
):
    rows = _multi_country_rows()
    for row in rows:
        if row[0] == "JORDAN":
            row[0] = "Vietnam"  # the English CLDR spelling: still a member state
            row[1], row[3] = row[1].replace("JO", "VN2"), row[3].replace("JO", "VN2")
    rows[5][0] = "Narnia"  # row 7
    errors = _errors(tmp_path, rows)
    assert list(errors) == [(7, "Country")] and "Narnia" in errors[(7, "Country")]
    rows[5][0] = "Viet Nam"
    path = write_export(tmp_path / "ok.csv", rows)
    import_assessments(actor=None, source=path, file_name=path.name)
    assert set(Factory.objects.values_list("country__iso3", flat=True)) == {"VNM", "IDN"}


def test_a_factory_name_too_long_names_its_row(reference_data, tmp_path):
    rows = list(export_rows(assessments=1, questions=2))
    for row in rows:
        row[2] = "x" * 501
    errors = _errors(tmp_path, rows)
    assert "500" in errors[(2, "Factory Assessed Name")]


def test_programme_staff_import_only_their_programmes_countries(
    reference_data, tmp_path, make_user
):
    """An advisor of the Viet Nam programme cannot write Indonesia's assessments through an
    upload: the row and the column say why, and nothing is written."""
    from labourdesk.compliance import services
    from labourdesk.standards.models import MemberState

    admin = make_user("administrator")
    advisor = make_user("enterprise_advisor")
    programme = services.programme_for_country(
        actor=admin, country=MemberState.objects.get(iso3="VNM")
    )
    services.programme_add_staff(actor=admin, programme=programme, user=advisor)
    rows = list(export_rows(assessments=2, questions=3))
    rows += list(export_rows(assessments=2, questions=3, seed=8, country="Indonesia"))
    for r in rows[6:]:
        r[1], r[3] = f"ID-{r[1]}", f"ID-{r[3]}"  # other factories and assessments
    path = write_export(tmp_path / "two.csv", rows)
    with pytest.raises(ImportFailed) as info:
        import_assessments(actor=advisor, source=path, file_name=path.name)
    errors = info.value.errors
    assert {e["row"] for e in errors} == set(range(8, 14))  # the Indonesian rows, from row 8
    assert all(e["column"] == "Country" and "Indonesia" in e["message"] for e in errors)
    assert Finding.objects.count() == 0 and Assessment.objects.count() == 0
    path = write_export(tmp_path / "vnm.csv", rows[:6])
    assert import_assessments(actor=advisor, source=path, file_name=path.name)["rows"] == 6
    path = write_export(tmp_path / "all.csv", rows)
    assert import_assessments(actor=admin, source=path, file_name=path.name)["rows"] == 12
