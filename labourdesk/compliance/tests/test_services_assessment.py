import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from labourdesk.compliance import services
from labourdesk.compliance.models import Finding
from labourdesk.compliance.tests.builders import answer_all


def test_advisor_pair_warning(world, make_user):
    assert services.assessment_advisor_warnings(world.assessment) == []
    other_woman = make_user("enterprise_advisor", sex="F")
    # Advisors come from the factory's country programme.
    services.programme_add_staff(actor=world.admin, programme=world.programme, user=other_woman)
    a2 = services.assessment_create(
        actor=world.advisor,
        factory=world.other,
        version=world.version,
        cycle=1,
        start_date=datetime.date(2024, 5, 1),
        advisors=[world.advisor, other_woman],
    )
    assert any("woman and a man" in w for w in services.assessment_advisor_warnings(a2))


def test_scored_findings_take_0_or_1_and_nothing_is_half_written(world):
    questions = list(world.version.questions.all())
    entries = [{"question": questions[0], "value": "1"}, {"question": questions[1], "value": "2"}]
    with pytest.raises(ValidationError) as info:
        services.findings_save(actor=world.advisor, assessment=world.assessment, entries=entries)
    assert questions[1].code in info.value.message_dict
    assert not Finding.objects.exists()


def test_workflow_draft_review_finalise_release(world):
    with pytest.raises(ValidationError):  # unanswered scored questions
        services.assessment_transition(
            actor=world.advisor, assessment=world.assessment, to="finalised"
        )
    answer_all(world, value="0")
    services.assessment_transition(actor=world.advisor, assessment=world.assessment, to="in_review")
    # Four eyes: the advisor who submitted cannot finalise; the second advisor can.
    with pytest.raises(PermissionDenied):
        services.assessment_transition(
            actor=world.advisor, assessment=world.assessment, to="finalised"
        )
    services.assessment_transition(
        actor=world.advisor_m, assessment=world.assessment, to="finalised"
    )
    with pytest.raises(ValidationError):
        services.findings_save(
            actor=world.advisor,
            assessment=world.assessment,
            entries=[{"question": world.version.questions.first(), "value": "1"}],
        )
    with pytest.raises(PermissionDenied):
        services.assessment_transition(
            actor=world.advisor, assessment=world.assessment, to="released"
        )
    services.assessment_transition(actor=world.manager, assessment=world.assessment, to="released")
    assert world.assessment.released_at is not None
    with pytest.raises(ValidationError):
        services.assessment_transition(
            actor=world.manager, assessment=world.assessment, to="released"
        )


def test_an_advisor_of_another_programme_cannot_touch_the_assessment(world, make_user):
    outsider = make_user("enterprise_advisor")
    with pytest.raises(PermissionDenied):
        services.findings_save(
            actor=outsider,
            assessment=world.assessment,
            entries=[{"question": world.version.questions.first(), "value": "1"}],
        )


def test_improvement_action_lifecycle(world):
    cp = world.version.questions.first().compliance_point
    action = services.improvement_action_create(
        actor=world.factory_user,
        factory=world.factory,
        compliance_point=cp,
        description="Install fire exits signs",
        owner="HR",
        due_date=datetime.date(2025, 1, 1),
    )
    assert action.source == "self"
    services.improvement_action_update(actor=world.factory_user, action=action, status="completed")
    with pytest.raises(PermissionDenied):
        services.improvement_action_verify(actor=world.factory_user, action=action)
    services.improvement_action_verify(actor=world.advisor, action=action)
    assert action.verified_by == world.advisor
    services.improvement_action_update(
        actor=world.factory_user, action=action, status="in_progress"
    )
    action.refresh_from_db()
    assert action.verified_by is None


def test_four_eyes_the_manager_may_finalise_and_pages_offer_only_allowed_steps(world, client):
    answer_all(world, value="0")
    assert services.assessment_allowed_steps(actor=world.advisor, assessment=world.assessment) == [
        "in_review"
    ]
    services.assessment_transition(actor=world.advisor, assessment=world.assessment, to="in_review")
    assert services.assessment_allowed_steps(actor=world.advisor, assessment=world.assessment) == []
    assert services.assessment_allowed_steps(
        actor=world.advisor_m, assessment=world.assessment
    ) == ["finalised"]
    client.force_login(world.advisor)
    page = client.get(f"/en/compliance/assessments/{world.assessment.pk}/").content.decode()
    assert 'value="finalised"' not in page and "second advisor" in page
    services.assessment_transition(actor=world.manager, assessment=world.assessment, to="finalised")
    # Only a programme manager releases: the advisor is not offered the button.
    page = client.get(f"/en/compliance/assessments/{world.assessment.pk}/").content.decode()
    assert 'value="released"' not in page
    client.force_login(world.manager)
    page = client.get(f"/en/compliance/assessments/{world.assessment.pk}/").content.decode()
    assert 'value="released"' in page
