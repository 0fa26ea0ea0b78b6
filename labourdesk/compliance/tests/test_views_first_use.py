"""What a new user stumbled on (issue 15): each page now explains or offers it."""

from labourdesk.compliance import services
from labourdesk.compliance.models import PiccMeeting
from labourdesk.compliance.tests.builders import release


def test_report_chrome_follows_the_url_and_the_body_offers_both_languages(client, world):
    release(world)
    world.factory.language = "es"
    world.factory.save()
    services.consent_grant(
        actor=world.factory_user, factory=world.factory, buyer=world.buyer, level="full"
    )
    client.force_login(world.buyer_user)
    url = f"/fr/compliance/reports/{world.assessment.pk}/"
    html = client.get(url).content.decode()
    assert '<html lang="fr"' in html
    assert 'lang="es"' in html and "?lang=fr" in html  # the factory's language first
    assert "Informe de evaluación: Alpha Garments" in html
    assert "<title>Rapport" in html  # the page's own title stays in the URL's language
    html = client.get(url + "?lang=fr").content.decode()
    assert "Rapport d'évaluation : Alpha Garments" in html
    assert "Assessment report" not in html
    # Cluster and compliance-point names in the page's language.
    from labourdesk.compliance.models import Question

    point = Question.objects.filter(version=world.version).first().compliance_point
    assert point.labels["fr"] and point.labels["fr"] in html
    assert point.cluster.labels["fr"] in html


def test_one_non_compliant_point_is_singular(client, world):
    release(world)
    client.force_login(world.factory_user)
    html = client.get(f"/en/compliance/reports/{world.assessment.pk}/").content.decode()
    assert (
        ": 1 non-compliant compliance point<" in html
        or ": 1 non-compliant compliance point\n" in html
    )


def test_the_consent_page_says_what_each_level_shows(client, world):
    client.force_login(world.factory_user)
    html = client.get("/en/compliance/consents/").content.decode()
    assert "does not read the questions" in html and "improvement plan" in html


def test_a_helpdesk_expert_learns_what_the_area_is(client, make_user):
    client.force_login(make_user("helpdesk_expert"))
    html = client.get("/en/compliance/").content.decode()
    assert "Better Work" in html and "public dashboard" in html
    assert "no role in a country programme" in html


def test_picc_meetings_are_added_on_the_plan_page(client, world):
    client.force_login(world.factory_user)
    url = f"/en/compliance/factories/{world.factory.pk}/plan/"
    assert 'for="id_meeting-date"' in client.get(url).content.decode()
    response = client.post(
        url, {"add_meeting": "", "meeting-date": "2025-02-03", "meeting-minutes": "Canteen"}
    )
    assert response.status_code == 302
    assert PiccMeeting.objects.get(factory=world.factory).minutes == "Canteen"
    response = client.post(url, {"add_meeting": "", "meeting-date": "not a date"})
    assert response.status_code == 400 and PiccMeeting.objects.count() == 1


def test_the_country_has_one_name_on_factory_and_questionnaire(client, world):
    client.force_login(world.manager)
    factory = client.get(f"/en/compliance/factories/{world.factory.pk}/").content.decode()
    version = client.get(f"/en/compliance/questionnaires/{world.version.pk}/").content.decode()
    name = world.country.localized_name("en")
    assert name in factory and name in version


def test_counts_of_one_are_singular(client, world):
    """'1 of 1 question answered', '1 scored question has no finding yet', '1 factory
    created.' — English plural forms, and the French catalogue's own ones."""
    import pytest
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import translation

    from labourdesk.compliance.models import Question

    scored = list(world.version.questions.filter(type=Question.Type.SCORED))
    entries = [{"question": q, "value": "0", "evidence": ""} for q in scored[1:]]
    services.findings_save(actor=world.advisor, assessment=world.assessment, entries=entries)
    services.assessment_transition(actor=world.advisor, assessment=world.assessment, to="in_review")
    for language, text in (
        ("en", "1 scored question has no finding yet."),
        ("fr", "1 question notée n'a pas encore de constat."),
    ):
        with translation.override(language), pytest.raises(ValidationError) as info:
            services.assessment_transition(
                actor=world.manager, assessment=world.assessment, to="finalised"
            )
        assert info.value.message_dict["status"] == [text]
    client.force_login(world.manager)
    data = b"country,name,address,sector,lat,lng\nVNM,Epsilon Bags,5 Road,bags,,\n"
    page = client.post(
        "/en/compliance/factories/upload/",
        {"file": SimpleUploadedFile("l.csv", data), "create": "1"},
        follow=True,
    )
    html = page.content.decode()
    assert "1 factory created. 0 likely duplicates left for review." in html
    # A questionnaire of one question, the assessment back in draft (set up directly).
    world.assessment.findings.all().delete()
    type(world.assessment).objects.filter(pk=world.assessment.pk).update(status="draft")
    world.version.questions.exclude(pk=scored[0].pk).delete()
    client.force_login(world.advisor)
    html = client.get(f"/en/compliance/assessments/{world.assessment.pk}/findings/").content
    assert b"0 of 1 question answered" in html
