"""The shared reading layer of every compliance import refuses what would exhaust the worker:
decompression bombs, too many rows or columns, endless lines; and an import stops at the first
1,000 errors (issue 10). Tests go through common.open_table and the real importers."""

import io
import time
import zipfile

import openpyxl
import pytest

from labourdesk.compliance.importers.common import MAX_ERRORS, ImportFailed, open_table
from labourdesk.compliance.importers.plans import import_improvement_plans

HEADER = "Factory Assessed ID,Compliance point,Action,Status,Due date\n"


def _xlsx_with_huge_part(path, part: str, chunk: bytes, repeat: int):
    """A real workbook whose `part` is replaced by `chunk` * `repeat` (deflated: a few KB on disk,
    far more in memory)."""
    workbook = openpyxl.Workbook()
    workbook.active.append(["Factory Assessed ID", "Compliance point", "Action", "Status"])
    workbook.active.append(["F1", "x", "y", "Pending"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != part:
                dst.writestr(info, src.read(info))
        # XML comments between the declaration and the root element: valid, and as long as we like.
        declaration, _, rest = src.read(part).partition(b">")
        with dst.open(part, "w") as out:
            out.write(declaration + b">")
            for _ in range(repeat):
                out.write(chunk)
            out.write(rest)


def _rows(path):
    headers, rows = open_table(path, path.name)
    return headers, sum(1 for _ in rows)


def test_an_xlsx_bomb_is_refused_before_it_is_opened(tmp_path, settings):
    settings.IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES = 20 * 1024 * 1024
    path = tmp_path / "bomb.xlsx"
    # A 40 MiB worksheet in a file of a few hundred KB.
    _xlsx_with_huge_part(path, "xl/worksheets/sheet1.xml", b"<!-- " + b"A" * 1019 + b" -->", 40960)
    assert path.stat().st_size < 1024 * 1024
    started = time.monotonic()
    with pytest.raises(ImportFailed) as info:
        _rows(path)
    assert time.monotonic() - started < 2
    message = info.value.errors[0]["message"]
    assert "uncompressed" in message and "MB" in message


def test_a_part_openpyxl_loads_whole_is_capped(tmp_path, settings):
    # Shared strings and styles are read whole into memory even in read-only mode.
    settings.IMPORT_XLSX_MAX_PART_BYTES = 1024 * 1024
    path = tmp_path / "strings.xlsx"
    _xlsx_with_huge_part(path, "xl/styles.xml", b"<!-- " + b"B" * 1019 + b" -->", 2048)
    with pytest.raises(ImportFailed) as info:
        _rows(path)
    assert "xl/styles.xml" in info.value.errors[0]["message"]


def test_xlsx_rows_and_columns_are_capped(tmp_path, settings):
    settings.IMPORT_MAX_ROWS = 10
    settings.IMPORT_MAX_COLUMNS = 5
    wide = openpyxl.Workbook()
    wide.active.append([f"c{i}" for i in range(6)])
    wide.save(tmp_path / "wide.xlsx")
    with pytest.raises(ImportFailed) as info:
        _rows(tmp_path / "wide.xlsx")
    assert "columns" in info.value.errors[0]["message"]
    # A stray value far to the right of a narrow header counts too.
    stray = openpyxl.Workbook()
    stray.active.append(["a", "b"])
    stray.active.cell(row=2, column=16000, value="x")
    stray.save(tmp_path / "stray.xlsx")
    with pytest.raises(ImportFailed) as info:
        _rows(tmp_path / "stray.xlsx")
    assert "columns" in info.value.errors[0]["message"]
    tall = openpyxl.Workbook()
    for i in range(12):
        tall.active.append([i])
    tall.save(tmp_path / "tall.xlsx")
    with pytest.raises(ImportFailed) as info:
        _rows(tmp_path / "tall.xlsx")
    assert "rows" in info.value.errors[0]["message"]
    assert info.value.errors[0]["row"] == 12  # the 11th row under the header


def test_csv_rows_and_columns_are_capped(tmp_path, settings):
    settings.IMPORT_MAX_ROWS = 10
    settings.IMPORT_MAX_COLUMNS = 5
    path = tmp_path / "tall.csv"
    path.write_text("a\n" + "1\n" * 12, encoding="utf-8")
    with pytest.raises(ImportFailed) as info:
        _rows(path)
    assert "rows" in info.value.errors[0]["message"]
    path = tmp_path / "wide.csv"
    path.write_text("a,b\n" + ",".join("x" * 6) + "\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as info:
        _rows(path)
    assert "columns" in info.value.errors[0]["message"]


def test_a_50_mb_single_line_gets_a_message_about_its_length(tmp_path):
    path = tmp_path / "one-line.csv"
    with path.open("w", encoding="utf-8") as out:
        for _ in range(50):
            out.write("x" * (1024 * 1024))
    with pytest.raises(ImportFailed) as info:
        _rows(path)
    message = info.value.errors[0]["message"]
    assert "UTF-8" not in message
    assert "line" in message and "longer" in message


def test_a_huge_quoted_field_is_not_called_a_bad_encoding(tmp_path, settings):
    settings.IMPORT_MAX_LINE_BYTES = 1024 * 1024
    path = tmp_path / "field.csv"
    path.write_text('a,b\n"' + "x\n" * 600000 + '",1\n', encoding="utf-8")
    with pytest.raises(ImportFailed) as info:
        _rows(path)
    assert "UTF-8" not in info.value.errors[0]["message"]


def test_an_import_stops_at_the_first_1000_errors_and_says_so(world, tmp_path):
    path = tmp_path / "plan.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for _ in range(5000):
            out.write("F404,Nothing,x,Done-ish,\n")  # three errors per row
    with pytest.raises(ImportFailed) as info:
        import_improvement_plans(actor=None, source=path, file_name=path.name)
    errors = info.value.errors
    assert len(errors) == MAX_ERRORS + 1
    assert "1,000" in errors[-1]["message"] or "1000" in errors[-1]["message"]
    assert errors[-1]["row"] is None
    # Stopped at once: the rows it names are the first ones.
    assert max(e["row"] for e in errors[:-1]) < 400


def test_rows_without_values_stop_the_assessment_check_at_1000_errors_too(world, tmp_path):
    from labourdesk.compliance.importers.assessments import import_assessments

    path = tmp_path / "assessments.csv"
    header = (
        "Country,Factory Assessed ID,Factory Assessed Name,Quest ID,Cycle,"
        "Assesment Start Date,TQ Name,Cluster,CP,Question ID,Q Label,Question type,Finding\n"
    )
    with path.open("w", encoding="utf-8") as out:
        out.write(header)
        for _ in range(20000):
            out.write("VNM,,,,,,,,,,,,\n")  # every required value but the country is empty
    with pytest.raises(ImportFailed) as info:
        import_assessments(actor=None, source=path, file_name=path.name)
    errors = info.value.errors
    assert len(errors) == MAX_ERRORS + 1
    assert max(e["row"] for e in errors[:-1] if e["row"]) < 200
