"""The statistics pages: staff page, public dashboard, buyer dashboard."""

import pytest

from labourdesk.compliance import services
from labourdesk.compliance.tests.builders import import_statistics_world, release


@pytest.fixture
def imported(reference_data, tmp_path):
    import_statistics_world(tmp_path)


def test_public_dashboard_shows_suppressed_figures_with_definitions(client, imported):
    page = client.get("/en/compliance/dashboard/?country=VNM&country=IDN")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Wilson" in html and "Suppressed" in html and "<svg" in html
    assert "Non-compliance by factory" not in html  # one factory per row: staff only
    # Countries by name in the page's language, the ISO code beside it.
    assert '<abbr title="IDN">Indonesia</abbr>' in html
    # Each cluster heads its compliance points once (no cluster column repeated on a phone).
    assert html.count('<th scope="colgroup" colspan="5">Cluster: Compensation</th>') == 1
    # Indonesia (2 factories) never shows a figure.
    assert "2 of 2" not in html and "0 of 2" not in html and "1 of 2" not in html


@pytest.mark.django_db
def test_a_dashboard_without_assessments_says_there_is_no_country_to_choose(client):
    html = client.get("/fr/compliance/dashboard/").content.decode()
    assert 'id="f-country"' not in html  # no empty list box
    assert "Aucun pays n’a encore d’évaluation finalisée" in html


def test_the_dashboard_offers_the_countries_with_assessments(client, imported):
    html = client.get("/en/compliance/dashboard/").content.decode()
    assert 'id="f-country"' in html and '<option value="VNM"' in html


def test_dashboard_bad_filters_are_explained_not_a_500(client, imported):
    page = client.get("/fr/compliance/dashboard/?from=2022-01-01&to=2021-01-01&country=XX")
    assert page.status_code == 400
    assert 'role="alert"' in page.content.decode()


def test_staff_page_is_for_programme_staff(client, imported, make_user):
    url = "/en/compliance/statistics/?country=VNM"
    client.force_login(make_user("helpdesk_expert"))
    assert client.get(url).status_code == 404
    admin = make_user("administrator")
    client.force_login(admin)
    html = client.get(url).content.decode()
    assert "Non-compliance by factory" in html and "Viet Nam mill 0" in html
    assert "polyline" in html  # trend lines


def test_buyer_dashboard_summary_counts_only_full_findings(client, world):
    release(world)
    client.force_login(world.buyer_user)
    html = client.get("/en/compliance/buyer/").content.decode()
    assert "No factory has granted you access yet" in html
    consent = services.consent_grant(
        actor=world.factory_user, factory=world.factory, buyer=world.buyer, level="summary"
    )
    html = client.get("/en/compliance/buyer/").content.decode()
    assert "Alpha Garments" in html and "non-compliant compliance points of" in html
    assert "Question 0?" not in html and "Improvement plan:" not in html
    services.consent_revoke(actor=world.factory_user, consent=consent)
    services.consent_grant(
        actor=world.factory_user, factory=world.factory, buyer=world.buyer, level="full"
    )
    html = client.get("/en/compliance/buyer/").content.decode()
    assert "Question 0?" in html and "Improvement plan:" in html
    assert "Beta Garments" not in html


def test_buyer_dashboard_adds_up_non_compliance_by_point_across_its_factories(client, world):
    """Two consenting factories (one summary, one full), one that has not granted: per
    compliance point, how many of the buyer's factories were non-compliant, and which."""
    import datetime

    from labourdesk.compliance.tests.builders import answer_all

    release(world)  # Alpha: every scored question non-compliant
    beta = services.assessment_create(
        actor=world.advisor,
        factory=world.other,
        version=world.version,
        cycle=1,
        start_date=datetime.date(2024, 5, 6),
        advisors=[world.advisor, world.advisor_m],
    )
    world.assessment = beta
    answer_all(world, value="0")  # Beta: compliant everywhere
    services.assessment_transition(actor=world.advisor, assessment=beta, to="in_review")
    services.assessment_transition(actor=world.advisor_m, assessment=beta, to="finalised")
    services.assessment_transition(actor=world.manager, assessment=beta, to="released")
    client.force_login(world.buyer_user)
    html = client.get("/en/compliance/buyer/").content.decode()
    assert "Non-compliance across your factories" not in html  # nobody granted yet
    services.consent_grant(
        actor=world.factory_user, factory=world.factory, buyer=world.buyer, level="summary"
    )
    html = client.get("/en/compliance/buyer/").content.decode()
    section = html.split('id="points-heading"')[1].split("</section>")[0]
    assert "1 of 1 factory" in section and "Alpha Garments" in section
    assert "Beta Garments" not in html  # not granted: not counted, not named
    services.consent_grant(
        actor=world.other_factory_user, factory=world.other, buyer=world.buyer, level="full"
    )
    html = client.get("/fr/compliance/buyer/").content.decode()
    section = html.split('id="points-heading"')[1].split("</section>")[0]
    assert "1 sur 2 usines" in section
    # Only points with a scored question count (the information question's point is not one).
    scored = {q.compliance_point_id for q in world.version.questions.filter(type="NCQ")}
    assert section.count("1 sur 2 usines") == len(scored) and "0 sur 2" not in section
    assert "Beta Garments" not in section  # compliant: counted, not listed
    point = world.version.questions.filter(type="NCQ").first().compliance_point
    assert point.labels["fr"] in section


@pytest.mark.parametrize(
    "lang,title,suppressed",
    [
        ("zh-hans", "供应链合规：公共仪表板", "不予公布（工厂太少）"),
        ("ja", "サプライチェーンにおけるコンプライアンス：公開ダッシュボード", "非公表"),
        ("vi", "Tuân thủ trong chuỗi cung ứng: bảng số liệu công khai", "Không công bố"),
    ],
)
def test_the_public_dashboard_is_a_main_page_in_chinese_japanese_and_vietnamese(
    client, imported, lang, title, suppressed
):
    html = client.get(f"/{lang}/compliance/dashboard/?country=VNM&country=IDN").content.decode()
    assert f"<h1>{title}</h1>" in html and suppressed in html
    assert '<abbr title="IDN">' in html and '<abbr title="IDN">IDN</abbr>' not in html
    assert "Non-compliance by compliance point" not in html and "Wilson" in html
