"""Supervisory comments and national-law links: CSV importers and their profile sections.
The rows are written by us for the tests (example.org addresses), not real records."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from labourdesk.standards.models import NationalLawLink, SupervisoryComment

pytestmark = pytest.mark.django_db


def test_law_links_import_and_profile_section(client, tmp_path):
    url = "/en/standards/countries/VNM/"
    assert "National labour law" not in client.get(url).content.decode()
    path = tmp_path / "laws.csv"
    path.write_text(
        "country,title,year,subject,url\n"
        "VN,Test labour code (ours),2019,General,https://example.org/law/1\n"
    )
    call_command("import_law_links", str(path), stdout=StringIO())
    call_command("import_law_links", str(path), stdout=StringIO())  # idempotent
    assert NationalLawLink.objects.count() == 1
    html = client.get(url).content.decode()
    assert "National labour law" in html and "Test labour code (ours)" in html


def test_bad_rows_are_refused_whole_with_their_rows(tmp_path):
    comments = tmp_path / "comments.csv"
    comments.write_text(
        "country,instrument,year,type,url\n"
        "FRA,C087,2021,Observation,https://example.org/c/1\n"
        "Narnia,C087,2021,Observation,https://example.org/c/2\n"
        "FRA,C087,2150,Direct request,https://example.org/c/3\n"
        "FRA,C087,2020,Opinion,not-a-link\n"
    )
    with pytest.raises(CommandError) as caught:
        call_command("import_supervisory_comments", str(comments), stdout=StringIO())
    message = str(caught.value)
    assert "row 3" in message and "Narnia" in message
    assert "row 4" in message and "2150" in message
    assert "row 5" in message and "Opinion" in message
    assert SupervisoryComment.objects.count() == 0
