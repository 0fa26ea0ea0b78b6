"""The question set: counts, guidance in every complete language, instrument links, loader."""

import pytest
from django.conf import settings
from django.core.management import call_command

from labourdesk.selfassessment.models import Area, SelfAssessmentQuestion
from labourdesk.selfassessment.selectors import question_set

pytestmark = pytest.mark.django_db


def test_the_set_has_40_to_60_questions_in_every_area():
    enterprise = question_set(sse=False, language="en")
    sse = question_set(sse=True, language="en")
    assert 40 <= len(enterprise) <= 60
    assert 40 <= len(sse) <= 60
    assert {q.area for q in enterprise} == set(Area.values) - {"governance", "national"}
    # Social and solidarity economy entities get the governance questions on top.
    assert {q.area for q in sse} - {q.area for q in enterprise} == {"governance"}


@pytest.mark.parametrize("language", settings.COMPLETE_LANGUAGES)
def test_every_question_has_its_guidance_in_every_complete_language(language):
    rows = SelfAssessmentQuestion.objects.filter(locale__language_code=language)
    assert rows.count() == SelfAssessmentQuestion.objects.filter(locale__language_code="en").count()
    for row in rows:
        for field in ("text", "guidance_standard", "guidance_practice", "action"):
            assert getattr(row, field).strip(), f"{row.code} {field} in {language}"
        assert row.instrument_codes, row.code
        assert "not ILO" in row.authored_by
    # The texts are translations, not copies of the English.
    if language != "en":
        en = {
            r.code: r.text
            for r in SelfAssessmentQuestion.objects.filter(locale__language_code="en")
        }
        assert all(r.text != en[r.code] for r in rows)


@pytest.mark.parametrize("language", ["zh-hans", "ja", "vi"])
def test_main_page_languages_have_every_question_and_action(language):
    views = question_set(sse=True, language=language)
    assert all(not q.langs.get("text") and not q.langs.get("action") for q in views)
    # guidance falls back to English, marked as such for the lang attribute
    assert all(q.langs.get("guidance_standard") == "en" for q in views)


def test_every_instrument_link_resolves(client):
    codes = {c for q in question_set(sse=True, language="en") for c in q.instruments}
    assert {
        "C138",
        "C182",
        "C029",
        "C105",
        "C100",
        "C111",
        "C087",
        "C098",
        "C155",
        "C187",
        "C131",
        "C001",
        "C132",
        "C183",
        "C095",
    } <= codes
    for code in sorted(codes):
        response = client.get(f"/en/standards/instruments/{code}/")
        assert response.status_code == 200, code


def test_reloading_keeps_what_an_editor_changed(settings):
    row = SelfAssessmentQuestion.objects.get(code="osh-ppe", locale__language_code="fr")
    row.text = "Texte revu par une rédactrice ?"
    row.save()
    untouched = SelfAssessmentQuestion.objects.get(code="osh-ppe", locale__language_code="es")
    untouched.loaded_digest = "stale"  # as if the file had changed since the last load...
    untouched.save()
    call_command("load_reference_data", verbosity=0)
    row.refresh_from_db()
    assert row.text == "Texte revu par une rédactrice ?"
    # ...a row nobody edited is not "edited": its digest differs from its texts, so it is kept
    # too (the loader cannot tell), and a row equal to its digest follows the file.
    en = SelfAssessmentQuestion.objects.get(code="osh-ppe", locale__language_code="en")
    assert en.loaded_digest == en.texts_digest()
    count = SelfAssessmentQuestion.objects.count()
    call_command("load_reference_data", verbosity=0)
    assert SelfAssessmentQuestion.objects.count() == count  # idempotent


def test_the_loader_refuses_an_unknown_instrument(tmp_path):
    import json

    from labourdesk.core.reference import ReferenceDataError
    from labourdesk.selfassessment.reference import load_questions

    source = json.loads((settings.BASE_DIR / "data/selfassessment/questions.json").read_text())
    source["questions"][0]["instruments"] = ["C999"]
    (tmp_path / "selfassessment").mkdir()
    (tmp_path / "selfassessment/questions.json").write_text(json.dumps(source))
    with pytest.raises(ReferenceDataError, match="C999"):
        load_questions(tmp_path)
