"""The public pages: coverage rule, 404s, languages; the upload page; the joins."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from labourdesk.standards.models import Instrument, Ratification, Subject, SupervisoryComment

pytestmark = pytest.mark.django_db


def _row(html: str, code: str) -> str:
    """The table row of an instrument on the comparison page."""
    match = re.search(
        rf"<tr><th scope=\"row\"><a href=\"[^\"]*/{code}/\"[^<]*>{code}</a>.*?</tr>", html, re.S
    )
    assert match, f"no row for {code}"
    return match.group(0)


def test_partial_coverage_says_no_data_on_every_page(client):
    html = client.get("/en/standards/compare/?countries=FRA,GHA").content.decode()
    row = _row(html, "C087")
    assert "No data" in row and "Not ratified" not in row  # France: C087 covered partly
    assert "In force" in row  # Ghana's sourced row
    profile = client.get(
        reverse("standards:country_detail", kwargs={"iso3": "FRA"})
    ).content.decode()
    assert "Not ratified (the data covers these completely)" not in profile
    page = client.get("/en/standards/instruments/C087/").content.decode()
    assert "partly" in page
    # Neither the map, its legend nor the table call a missing state "not ratified".
    assert "Not ratified" not in page.replace("has not ratified", "")
    assert "France: No data" in page


def test_complete_coverage_lists_not_ratified_only_there(client):
    Ratification.objects.filter(instrument__code="C182", country__iso3="FRA").delete()
    html = client.get("/en/standards/compare/?countries=FRA").content.decode()
    assert "Not ratified" in _row(html, "C182")
    assert "No data" in _row(html, "C138")


def test_abrogated_conventions_show_no_figures(client):
    html = client.get("/en/standards/instruments/C004/").content.decode()
    assert "no longer publishes ratification figures" in html
    assert "world-map" not in html


def test_unknown_codes_are_404_and_bad_filters_400(client):
    assert client.get("/en/standards/instruments/C999/").status_code == 404
    assert client.get("/en/standards/countries/XYZ/").status_code == 404
    assert client.get("/en/standards/?type=treaty").status_code == 400
    response = client.get("/en/standards/compare/?countries=FRA,QQQ")
    assert response.status_code == 400 and "QQQ" in response.content.decode()
    seven = ",".join(["FRA", "BRA", "VNM", "GHA", "IND", "CHN", "USA"])
    assert client.get(f"/en/standards/compare/?countries={seven}").status_code == 400


def test_list_filters_and_search(client):
    html = client.get("/en/standards/?type=recommendation&status=withdrawn").content.decode()
    assert "R001" in html and "C087" not in html
    assert "R002" in client.get("/en/standards/?q=1919&type=recommendation").content.decode()
    # R002 has no known title: number and year, never an invented one.
    assert (
        "Recommendation No. 2 (1919)"
        in client.get("/en/standards/instruments/R002/").content.decode()
    )


def test_subject_filter_only_once_subjects_are_loaded(client):
    html = client.get("/en/standards/").content.decode()
    assert 'name="subject"' not in html  # the sourced catalogue has no subjects
    assert "does not classify instruments by subject yet" in html
    assert "All types" in html
    subject = Subject.objects.create(code="freedom-of-association", labels={"en": "FoA"})
    Instrument.objects.get(code="C087").subjects.add(subject)
    html = client.get("/en/standards/").content.decode()
    assert 'name="subject"' in html and "All subjects" in html
    filtered = client.get("/en/standards/?subject=freedom-of-association").content.decode()
    assert "C087" in filtered and "C098" not in filtered
    detail = client.get("/en/standards/instruments/C087/").content.decode()
    assert "FoA" in detail


def test_unknown_session_is_said_so(client):
    html = client.get("/fr/standards/instruments/C087/").content.decode()
    assert "<dt>Session de la Conférence</dt>" in html
    assert "Absent des données chargées" in html


def test_names_in_the_page_language_and_titles_marked_english(client):
    html = client.get("/fr/standards/countries/DEU/").content.decode()
    assert "Allemagne" in html
    zh = client.get("/zh-hans/standards/instruments/C087/").content.decode()
    assert 'lang="en"' in zh  # no Chinese title: English, marked as such
    assert "加纳" in zh  # Ghana in Chinese (CLDR)


@pytest.mark.parametrize(
    ("path", "region"),
    [
        ("/zh-hans/standards/countries/DEU/", "欧洲及中亚"),
        ("/ja/standards/countries/VNM/", "アジア太平洋"),
        ("/fr/standards/countries/JOR/", "États arabes"),
        ("/es/standards/countries/", "Américas"),
    ],
)
def test_ilo_regions_in_the_page_language(client, path, region):
    html = client.get(path).content.decode()
    assert region in html


def test_instrument_page_has_map_chart_and_their_text_alternatives(client):
    html = client.get("/en/standards/instruments/C155/").content.decode()
    assert 'class="world-map"' in html and 'aria-labelledby="map-title map-desc"' in html
    assert 'class="chart"' in html and "<summary>The chart's figures</summary>" in html
    assert "Azerbaijan: Ratified, not in force" in html


def test_profile_shows_comments_only_when_there_are_some(client):
    url = reverse("standards:country_detail", kwargs={"iso3": "GHA"})
    assert "Supervisory comments" not in client.get(url).content.decode()
    from labourdesk.standards.importers.tables import parse_comments_csv
    from labourdesk.standards.services import supervisory_comments_import

    rows = parse_comments_csv(
        b"country,instrument,year,type,url\nGHA,C087,2021,Observation,https://example.org/test\n",
        file_name="ours.csv",
    )
    supervisory_comments_import(
        rows=rows, name="test", source="test", file_name="ours.csv", sha="0"
    )
    assert SupervisoryComment.objects.count() == 1
    assert "Supervisory comments" in client.get(url).content.decode()


def test_upload_page_shows_the_diff_then_imports(client, make_user):
    url = reverse("standards:ratification_upload")
    client.force_login(make_user("helpdesk_expert"))
    assert client.get(url).status_code == 404
    client.force_login(make_user("administrator"))
    upload = SimpleUploadedFile(
        "c187.csv", b"instrument,country,date,status,note\nC187,BRA,2020-01-02,In Force,\n"
    )
    before = Ratification.objects.count()
    preview = client.post(url, {"files": [upload]})
    assert preview.status_code == 200 and Ratification.objects.count() == before
    token = preview.context["token"]
    assert client.post(url, {"token": token}).status_code == 302
    assert Ratification.objects.count() == before + 1
    bad = SimpleUploadedFile("bad.csv", b"instrument,country,date,status,note\nC187,Narnia,,,\n")
    response = client.post(url, {"files": [bad]})
    assert response.status_code == 400 and "Narnia" in response.content.decode()


def test_instrument_links_from_cases_and_questions(client):
    from django.template import Context, Template

    from labourdesk.standards.models import Instrument

    html = Template("{% load standards %}{{ items|instrument_links }}").render(
        Context({"items": Instrument.objects.filter(code__in=["C138", "C182"])})
    )
    assert 'href="/en/standards/instruments/C138/"' in html and "C182</a>" in html
