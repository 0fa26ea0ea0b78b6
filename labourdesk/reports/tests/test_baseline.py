"""The published 2022-23 report reproduced from the baseline, figure for figure; bad files."""

import json

import pytest
from django.conf import settings
from django.core.management import call_command

from labourdesk.reports.models import BaselineFigure, HistoricalBaseline
from labourdesk.reports.periods import parse_period
from labourdesk.reports.selectors import build_report
from labourdesk.reports.services.baselines import TABLE_KEYS, BaselineError, baseline_import
from labourdesk.reports.tests.factories import cell

PUBLISHED = settings.BASE_DIR / "data" / "helpdesk" / "published_report_2023.json"


@pytest.fixture
def published():
    return json.loads(PUBLISHED.read_text(encoding="utf-8"))


def _columns(block):
    return [
        "previous" if c.startswith("2021") else "period" if c != "cumulative" else c
        for c in block["columns"]
    ]


@pytest.mark.django_db
def test_fresh_install_reproduces_the_published_tables(reference_data, published):
    report = build_report(parse_period("2022-23"), language="fr")
    checked = 0
    for key, json_key in TABLE_KEYS.items():
        block = published[json_key]
        table = report.table(key)
        assert [c.key for c in table.columns] == (
            ["previous", "period", "cumulative"] if key == "t4" else ["period", "cumulative"]
        )
        for code, values in block["rows"].items():
            for column, value in zip(_columns(block), values, strict=True):
                assert cell(report, key, code, column) == value, (key, code, column)
                checked += 1
        # Published rows in the published order (the taxonomy positions follow the seed).
        published_order = [c for c in table.rows if c.code in block["rows"]]
        assert [r.code for r in published_order] == list(block["rows"])
        for code, value in block.get("rows_with_one_published_value", {}).items():
            assert cell(report, key, code, "period") == value
            assert cell(report, key, code, "cumulative") is None
        # Every figure of a fresh install comes from the baseline and is marked so.
        assert all(c.from_baseline for r in table.rows for c in r.cells.values() if c.value)
        assert table.footnotes[0].startswith("*")
    assert checked == 12 * 2 + 11 * 2 + 10 * 2 + 23 * 3 + 32 * 2


@pytest.mark.django_db
def test_published_totals_are_kept_even_where_rows_do_not_add_up(reference_data):
    report = build_report(parse_period("2022-23"), language="fr")
    t1 = report.table("t1")
    assert (t1.total.cells["period"].value, t1.total.cells["cumulative"].value) == (137, 1695)
    assert sum(r.cells["period"].value for r in t1.rows) == 140
    # The reader's footnote stays, translated; the data-preparation notes of the source file
    # (in data/helpdesk/PROVENANCE.md) are no part of the report.
    notes = [n for t in report.tables for n in t.footnotes]
    assert any("140" in n and "137" in n and "rapport publié" in n for n in t1.footnotes)
    assert not [n for n in notes if "OCR" in n or "seed" in n or "Services publics" in n]
    assert not hasattr(t1, "source_notes")
    t4 = report.table("t4")
    assert t4.total.cells["previous"].value == 157
    assert [r.label for r in report.table("t1").rows][:2] == [
        "Travailleurs ou syndicats",
        "Organisations d'employeurs",
    ]


@pytest.mark.django_db
def test_published_narrative_figures(reference_data):
    report = build_report(parse_period("2022-23"), language="en")
    figures = {n.key: n for n in report.narrative}
    assert figures["answered_since_2009"].value == 1695
    assert figures["admissible_requests_this_period"].value == 137
    assert figures["change_vs_previous_period_pct"].value == -12
    assert "12% less" in figures["change_vs_previous_period_pct"].sentence
    assert "157" in figures["change_vs_previous_period_pct"].sentence
    assert figures["annual_average_since_creation"].value == 125
    # Computed from the same totals over 14 reference periods, the average would be 121.
    assert figures["annual_average_since_creation"].computed == 121
    assert figures["mne_questions_this_period"].value == 93
    assert all(n.from_baseline for n in report.narrative)


@pytest.mark.django_db
def test_reload_is_idempotent(reference_data):
    before = list(BaselineFigure.objects.values_list("id", flat=True))
    call_command("load_reference_data", verbosity=0)
    assert HistoricalBaseline.objects.count() == 1
    assert list(BaselineFigure.objects.values_list("id", flat=True)) == before


def _write(tmp_path, data) -> object:
    path = tmp_path / "report.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.django_db
@pytest.mark.parametrize(
    "mutate,expected",
    [
        (lambda d: d["table_4_sectors"]["rows"].update({"spaceflight": [0, 1, 2]}), "spaceflight"),
        (lambda d: d.pop("table_3_regions_concerned"), "missing table table_3_regions_concerned"),
        (lambda d: d["table_2_user_regions"]["rows"].update({"africa": [1]}), "africa"),
        (
            lambda d: d["table_1_user_types"]["rows"].update({"mne": [-3, 4]}),
            "table_1_user_types.mne",
        ),
        (
            lambda d: d["table_5_topics"].update({"columns": ["2019-03..2020-02", "cumulative"]}),
            "unknown column",
        ),
        (
            lambda d: d.update({"reference_period": {"start": "2022-01-01", "end": "2022-12-31"}}),
            "reference_period",
        ),
    ],
    ids=["unknown-row", "missing-table", "wrong-width", "negative", "bad-column", "bad-period"],
)
def test_bad_baseline_names_the_problem_and_writes_nothing(
    reference_data, published, tmp_path, mutate, expected
):
    HistoricalBaseline.objects.all().delete()
    mutate(published)
    with pytest.raises(BaselineError) as exc:
        baseline_import(path=_write(tmp_path, published))
    assert expected in str(exc.value)
    assert "report.json" in str(exc.value)
    assert not HistoricalBaseline.objects.exists()
    assert not BaselineFigure.objects.exists()


@pytest.mark.django_db
def test_bad_baseline_leaves_the_existing_one_untouched(reference_data, published, tmp_path):
    published["table_4_sectors"]["rows"]["agriculture"] = [17, 999, 127]
    published["table_1_user_types"]["rows"]["martians"] = [1, 1]
    before = list(BaselineFigure.objects.values_list("id", "period"))
    with pytest.raises(BaselineError, match="martians"):
        baseline_import(path=_write(tmp_path, published))
    assert list(BaselineFigure.objects.values_list("id", "period")) == before


@pytest.mark.django_db
def test_not_json(reference_data, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(BaselineError, match=r"broken\.json: not valid JSON"):
        baseline_import(path=path)


@pytest.mark.django_db
def test_loader_reports_a_bad_file_as_reference_data_error(reference_data, monkeypatch, tmp_path):
    from labourdesk.core.reference import ReferenceDataError
    from labourdesk.reports import reference

    (tmp_path / "helpdesk").mkdir()
    (tmp_path / "helpdesk" / "bad.json").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(reference, "PUBLISHED_REPORTS", ["helpdesk/bad.json"])
    with pytest.raises(ReferenceDataError, match=r"bad\.json: reference_period"):
        reference.load_baselines(tmp_path)
