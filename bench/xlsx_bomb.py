"""Memory of reading a crafted XLSX (a small decompression bomb) through the importers' reader.

    .venv/bin/python bench/xlsx_bomb.py [--kind wide|strings] [--rows 100000] [--strings 2000000]

`wide` (default): ROWS rows, each with one value in column XFD (16,384), the widest a sheet
allows, so that a reader padding every row to the sheet's width builds 16,384 cells per row.
`strings`: a shared-strings part of STRINGS strings. Either deflates to a small file. Reads it
in a child process with labourdesk.compliance.importers.common.open_table, as an import does,
and prints the file size, the declared uncompressed size, the outcome and the child's peak
resident memory (getrusage). No database is used.
"""

import argparse
import io
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import os, resource, sys
sys.path.insert(0, {root!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "labourdesk.settings")
import django
django.setup()
from labourdesk.compliance.importers.common import ImportFailed, open_table
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    headers, rows = open_table({path!r}, "bomb.xlsx")
    # As the plan and PICC importers do: keep each row's mapped values, not its cells.
    kept = [cells[:4] for _number, cells in rows]
    outcome = "read %d rows" % len(kept)
except ImportFailed as exc:
    outcome = "refused: " + exc.errors[0]["message"]
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print("%s | peak RSS %.0f MiB (%.0f MiB before reading)" % (outcome, peak / 1024, before / 1024))
"""


def build_wide(path: Path, rows: int) -> int:
    header = (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet '
        b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<dimension ref="A1:XFD%d"/><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>Factory Assessed ID</t></is></c></row>'
    ) % (rows + 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        _skeleton(dst)
        with dst.open("xl/worksheets/sheet1.xml", "w") as out:
            out.write(header)
            for r in range(2, rows + 2):
                out.write(b'<row r="%d"><c r="XFD%d"><v>1</v></c></row>' % (r, r))
            out.write(b"</sheetData></worksheet>")
        return sum(i.file_size for i in dst.infolist())


def _skeleton(dst) -> None:
    import openpyxl

    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    with zipfile.ZipFile(buffer) as src:
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                dst.writestr(info, src.read(info))


def build(path: Path, strings: int, length: int) -> int:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["Factory Assessed ID", "Compliance point", "Action", "Status"])
    workbook.active.append(["F1", "x", "y", "Pending"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    declared = 0
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != "xl/sharedStrings.xml":
                dst.writestr(info, src.read(info))
        with dst.open("xl/sharedStrings.xml", "w") as out:
            out.write(b'<?xml version="1.0" encoding="UTF-8"?>')
            out.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            pad = b"x" * max(0, length - 8)
            for i in range(strings):
                out.write(b"<si><t>%08d%s</t></si>" % (i, pad))
            out.write(b"</sst>")
        declared = sum(i.file_size for i in dst.infolist())
    return declared


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kind", choices=["wide", "strings"], default="wide")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--strings", type=int, default=2_000_000)
    parser.add_argument("--length", type=int, default=64)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bomb.xlsx"
        if args.kind == "wide":
            declared, what = build_wide(path, args.rows), f"{args.rows:,} rows to column XFD"
        else:
            declared = build(path, args.strings, args.length)
            what = f"{args.strings:,} shared strings"
        print(
            f"crafted XLSX: {path.stat().st_size / 1024:.0f} KiB on disk, "
            f"{declared / 1024 / 1024:.0f} MiB uncompressed ({what})"
        )
        code = CHILD.format(root=str(ROOT), path=str(path))
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env["LABOURDESK_VAR_DIR"] = tmp
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
        )
        print(result.stdout.strip() or result.stderr.strip()[-2000:])


if __name__ == "__main__":
    main()
