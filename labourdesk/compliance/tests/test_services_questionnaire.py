import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from labourdesk.compliance import services
from labourdesk.compliance.models import Cluster, CompliancePoint, Question


def _national_point():
    return CompliancePoint.objects.filter(cluster__basis=Cluster.Basis.NATIONAL_LAW).first()


def _core_point():
    return CompliancePoint.objects.filter(cluster__code="child_labour").first()


def test_published_version_is_frozen_and_clone_copies_it(world):
    q = world.version.questions.first()
    with pytest.raises(ValidationError):
        services.question_update(actor=world.admin, question=q, guidance="new")
    clone = services.questionnaire_version_clone(
        actor=world.admin, source=world.version, name="Viet Nam apparel 2025"
    )
    assert clone.number == world.version.number + 1 and clone.status == "draft"
    assert clone.cloned_from == world.version
    assert sorted(clone.questions.values_list("code", flat=True)) == sorted(
        world.version.questions.values_list("code", flat=True)
    )
    assert set(clone.core_clusters.all()) == set(world.version.core_clusters.all())
    services.question_update(actor=world.admin, question=clone.questions.first(), guidance="g")
    assert world.version.questions.filter(guidance="g").count() == 0


def test_programme_manager_edits_only_the_national_part_of_their_country(world, make_user):
    draft = services.questionnaire_version_clone(actor=world.admin, source=world.version, name="v2")
    national = services.question_create(
        actor=world.manager,
        version=draft,
        code="N1",
        texts={"en": "Wages paid?"},
        compliance_point=_national_point(),
    )
    assert national.part == Question.Part.NATIONAL
    with pytest.raises(PermissionDenied):
        services.question_create(
            actor=world.manager,
            version=draft,
            code="C1",
            texts={"en": "Child?"},
            compliance_point=_core_point(),
        )
    stranger = make_user("programme_manager")  # a manager of no programme, or another one
    with pytest.raises(PermissionDenied):
        services.question_update(actor=stranger, question=national, guidance="x")
    core = services.question_create(
        actor=world.admin,
        version=draft,
        code="C1",
        texts={"en": "Child?"},
        compliance_point=_core_point(),
    )
    assert core.part == Question.Part.CORE


def test_which_clusters_are_core_belongs_to_the_version(world):
    version = services.questionnaire_version_create(
        actor=world.admin,
        programme=world.programme,
        industry="footwear",
        name="OSH core",
        core_cluster_codes=["child_labour", "forced_labour", "discrimination", "foa_cb", "osh"],
    )
    q = services.question_create(
        actor=world.admin,
        version=version,
        code="O1",
        texts={"en": "Exits?"},
        compliance_point=CompliancePoint.objects.get(code="emergency_preparedness"),
    )
    assert q.part == Question.Part.CORE


def test_a_question_needs_a_text(world):
    draft = services.questionnaire_version_clone(actor=world.admin, source=world.version, name="v3")
    with pytest.raises(ValidationError):
        services.question_create(
            actor=world.admin,
            version=draft,
            code="E",
            texts={"en": "  "},
            compliance_point=_national_point(),
        )
    assert not draft.questions.filter(code="E").exists()
