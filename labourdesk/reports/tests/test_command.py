import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "json", "pdf", "docx"])
def test_helpdesk_report_writes_each_format(reference_data, tmp_path, fmt):
    out = tmp_path / f"report.{fmt}"
    call_command(
        "helpdesk_report",
        period="2022-23",
        format=fmt,
        language="fr",
        output=str(out),
        stderr=io.StringIO(),
    )
    data = out.read_bytes()
    assert data
    if fmt == "json":
        assert json.loads(data)["tables"][0]["total"]["cells"]["period"]["value"] == 137
    if fmt == "xlsx":
        assert len(load_workbook(out).sheetnames) >= 5


@pytest.mark.parametrize("period", ["2022-24", "abcd"])
def test_bad_period(reference_data, tmp_path, period):
    out = tmp_path / "x.xlsx"
    with pytest.raises(CommandError, match=period):
        call_command("helpdesk_report", period=period, output=str(out))
    assert not out.exists()


def test_a_period_that_has_not_begun_exits_with_a_message(reference_data, tmp_path):
    import subprocess
    import sys

    from django.conf import settings

    out = tmp_path / "x.pdf"
    with pytest.raises(CommandError, match="has not begun"):
        call_command("helpdesk_report", period="2099-00", output=str(out))
    # From the shell: an error message and exit status 1, no traceback.
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "helpdesk_report",
            "--period",
            "2099-00",
            "--output",
            str(out),
        ],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
        env={**__import__("os").environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"},
    )
    assert result.returncode == 1
    assert "has not begun" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()
