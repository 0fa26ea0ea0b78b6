"""The ratification importers on pages and files we wrote in NORMLEX's structure (tests/pages/,
marked as ours; not real data)."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from labourdesk.standards.importers.common import sha256
from labourdesk.standards.importers.normlex import parse_file, parse_normlex_page
from labourdesk.standards.models import (
    Coverage,
    Dataset,
    Ratification,
    RatificationChange,
    RatificationStatus,
)
from labourdesk.standards.selectors import NOT_RATIFIED, CoverageIndex
from labourdesk.standards.services import ImportRefused, ratifications_import

pytestmark = pytest.mark.django_db
PAGES = Path(__file__).parent / "pages"


def _parse(name: str):
    data = (PAGES / name).read_bytes()
    return parse_normlex_page(data, file_name=name, sha=sha256(data))


def test_instrument_page_rows_declarations_and_not_yet_in_force():
    parsed = _parse("instrument_c138_test.html")
    rows = {r.country.iso3: r for r in parsed.rows}
    assert set(rows) == {"ALB", "BOL", "VNM", "TUR"}  # formal names and padding are read
    assert rows["ALB"].registered_on.isoformat() == "1998-02-16"
    assert rows["ALB"].declarations == {"minimum_age": 16}
    assert rows["VNM"].status == RatificationStatus.NOT_IN_FORCE
    assert rows["VNM"].entry_into_force_on.isoformat() == "2004-06-24"
    assert parsed.coverage[0].extent == Coverage.Extent.COMPLETE
    assert parsed.coverage[0].instrument.code == "C138"


def test_country_page_denunciations_automatic_and_plain():
    parsed = _parse("country_france_test.html")
    rows = {r.instrument.code: r for r in parsed.rows}
    assert set(rows) == {"C029", "C138", "C081", "C005", "C158"}
    assert rows["C005"].status == RatificationStatus.DENOUNCED
    assert rows["C005"].denounced_on.isoformat() == "1990-07-13"
    assert rows["C005"].denounced_by.code == "C138"
    assert rows["C158"].status == RatificationStatus.DENOUNCED
    assert rows["C158"].denounced_by is None
    assert rows["C081"].declarations["accepted"].startswith("Articles")
    assert parsed.coverage[0].country.iso3 == "FRA" and parsed.coverage[0].instrument is None


def test_unknown_country_and_future_date_are_refused_with_their_rows():
    with pytest.raises(ImportRefused) as caught:
        _parse("unknown_country.html")
    messages = dict(caught.value.errors)
    assert "Republic of Atlantis" in messages["table row 2"]
    assert "future" in messages["table row 3"]


def test_a_page_that_is_not_normlex_is_refused():
    with pytest.raises(ImportRefused) as caught:
        parse_normlex_page(b"<html><h1>Hello</h1></html>", file_name="x.html", sha="0")
    assert "not a NORMLEX page" in caught.value.errors[0][1]


def test_import_diff_commit_and_idempotent_reimport():
    before = Ratification.objects.count()
    parsed = _parse("instrument_c138_test.html")
    preview = ratifications_import(parsed=parsed, commit=False)
    assert Ratification.objects.count() == before  # the diff writes nothing
    kinds = {(e.country, e.kind) for e in preview.entries}
    # Albania's C138 is in the sourced file with another note: changed; Türkiye's is new.
    assert ("TUR", "new") in kinds
    # Every C138 row of the sourced data the page does not list is removed (complete page).
    removed = [e for e in preview.entries if e.kind == "removed"]
    assert removed and all(e.instrument == "C138" for e in removed)
    result = ratifications_import(parsed=parsed, commit=True)
    assert result.committed
    assert Ratification.objects.filter(instrument__code="C138").count() == 4
    assert RatificationChange.objects.filter(dataset=result.dataset).count() == len(preview.entries)
    datasets = Dataset.objects.count()
    again = ratifications_import(parsed=_parse("instrument_c138_test.html"), commit=True)
    assert again.entries == [] and not again.committed
    assert Dataset.objects.count() == datasets
    # Now the page covers C138 completely: France, not listed, is "not ratified".
    index = CoverageIndex()
    c138 = result.dataset.coverage.get().instrument
    france = Ratification.objects.model._meta.get_field("country").related_model.objects.get(
        iso3="FRA"
    )
    assert index.state(c138.pk, france.pk, None) == NOT_RATIFIED


def test_csv_import_iso2_iso3_names_and_errors():
    good = b"instrument,country,date,status,note\nC187,FR,29 Oct 2014,In Force,\nC187,BRA,,,\n"
    parsed = parse_file(good, file_name="c187.csv")
    assert {r.country.iso3 for r in parsed.rows} == {"FRA", "BRA"}
    assert parsed.coverage[0].extent == Coverage.Extent.PARTIAL
    bad = (
        b"instrument,country,date,status,note\n"
        b"C999,FR,2014-10-29,In Force,\n"
        b"C187,Narnia,2014-10-29,In Force,\n"
        b"C187,DE,1850-01-01,In Force,\n"
        b"R198,DE,2010-01-01,In Force,\n"
    )
    with pytest.raises(ImportRefused) as caught:
        ratifications_import(parsed=parse_file(bad, file_name="bad.csv"), commit=True)
    errors = dict(caught.value.errors)
    assert "C999" in errors["row 2"]
    assert "Narnia" in errors["row 3"]
    assert "1919" in errors["row 4"]
    assert "recommendation" in errors["row 5"]
    with pytest.raises(ImportRefused):
        parse_file(b"a,b\n1,2\n", file_name="wrong.csv")


def test_command_is_all_or_nothing_and_shows_the_diff(tmp_path):
    good = tmp_path / "good.csv"
    good.write_text("instrument,iso3,date,status,note\nC187,BRA,2020-01-01,In Force,\n")
    before = Ratification.objects.count()
    with pytest.raises(CommandError, match="Republic of Atlantis"):
        call_command("import_ratifications", str(good), str(PAGES / "unknown_country.html"))
    assert Ratification.objects.count() == before
    out = StringIO()
    call_command("import_ratifications", str(good), "--dry-run", stdout=out)
    assert "new" in out.getvalue() and "dry run" in out.getvalue()
    assert Ratification.objects.count() == before
    call_command("import_ratifications", str(good), stdout=StringIO())
    assert Ratification.objects.count() == before + 1
    out = StringIO()
    call_command("import_ratifications", str(good), stdout=out)
    assert "no change" in out.getvalue()
