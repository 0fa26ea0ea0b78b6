"""Test data built through the real services."""

import datetime
from types import SimpleNamespace

from labourdesk.accounts.models import Organisation
from labourdesk.compliance import services
from labourdesk.compliance.importers.synthetic import export_row
from labourdesk.compliance.models import CompliancePoint, Question
from labourdesk.standards.models import MemberState


def build_world(make_user, *, questions: int = 6):
    admin = make_user("administrator")
    country = MemberState.objects.get(iso3="VNM")
    programme = services.programme_for_country(actor=admin, country=country)
    advisor_f = make_user("enterprise_advisor", sex="F")
    advisor_m = make_user("enterprise_advisor", sex="M")
    manager = make_user("programme_manager")
    for user in (advisor_f, advisor_m, manager):
        services.programme_add_staff(actor=admin, programme=programme, user=user)
    version = services.questionnaire_version_create(
        actor=admin, programme=programme, industry="apparel", name="Viet Nam apparel 2024"
    )
    points = list(CompliancePoint.objects.order_by("id"))
    for i in range(questions):
        services.question_create(
            actor=admin,
            version=version,
            code=f"Q{i}",
            texts={"en": f"Question {i}?", "fr": f"Question {i} ?"},
            compliance_point=points[(i * 7) % len(points)],
            type=Question.Type.INFORMATION if i == questions - 1 else Question.Type.SCORED,
        )
    services.questionnaire_version_publish(actor=admin, version=version)
    factory_org = Organisation.objects.create(name="Factory org A", kind="factory")
    other_org = Organisation.objects.create(name="Factory org B", kind="factory")
    buyer_org = Organisation.objects.create(name="Buyer org", kind="buyer")
    factory = services.factory_create(
        actor=manager,
        name="Alpha Garments",
        country=country,
        organisation=factory_org,
        address="1 Road",
        workers_female=120,
        workers_male=80,
    )
    other = services.factory_create(
        actor=manager, name="Beta Garments", country=country, organisation=other_org
    )
    buyer = services.buyer_create(actor=admin, name="Brand One", organisation=buyer_org)
    assessment = services.assessment_create(
        actor=advisor_f,
        factory=factory,
        version=version,
        cycle=1,
        start_date=datetime.date(2024, 3, 4),
        advisors=[advisor_f, advisor_m],
    )
    return SimpleNamespace(
        admin=admin,
        country=country,
        programme=programme,
        advisor=advisor_f,
        advisor_m=advisor_m,
        manager=manager,
        version=version,
        factory=factory,
        other=other,
        buyer=buyer,
        assessment=assessment,
        factory_user=make_user("factory_user", organisation=factory_org),
        other_factory_user=make_user("factory_user", organisation=other_org),
        buyer_user=make_user("buyer_user", organisation=buyer_org),
        other_buyer_user=make_user("buyer_user"),
    )


def answer_all(world, value="1"):
    entries = [
        {"question": q, "value": value if q.is_scored else "42", "evidence": "seen"}
        for q in world.version.questions.all()
    ]
    services.findings_save(actor=world.advisor, assessment=world.assessment, entries=entries)


def release(world):
    answer_all(world)
    services.assessment_transition(actor=world.advisor, assessment=world.assessment, to="in_review")
    services.assessment_transition(
        actor=world.advisor_m, assessment=world.assessment, to="finalised"
    )
    services.assessment_transition(actor=world.manager, assessment=world.assessment, to="released")


def statistics_rows(*, vietnam: int = 7, indonesia: int = 2, cycles: int = 2, seed: int = 3):
    """An export for the statistics pages and API: `vietnam` and `indonesia` factories with
    `cycles` cycles each over four compliance points, one information question. Synthetic."""
    import random

    rng = random.Random(seed)
    points = [
        ("Compensation", "Overtime Wages"),
        ("Compensation", "Minimum Wages/Piece Rate Wages"),
        ("Child Labour", "Child Labourers"),
        ("Occupational Safety and Health", "Chemicals and Hazardous Substances"),
    ]
    rows = []
    for country, prefix, count in (("Viet Nam", "VN", vietnam), ("Indonesia", "ID", indonesia)):
        for f in range(count):
            for cycle in range(1, cycles + 1):
                day = datetime.date(2020 + cycle, 3, 1 + f)
                for q, (cluster, cp) in enumerate([*points, points[0]]):
                    scored = q < len(points)
                    rows.append(
                        export_row(
                            country,
                            f"{prefix}{f}",
                            f"{country} mill {f}",
                            f"{prefix}{f}-{cycle}",
                            cycle,
                            day,
                            cluster,
                            cp,
                            f"Q{q}",
                            f"Synthetic question {q}",
                            "NCQ" if scored else "FGW",
                            str(int(rng.random() < 0.4)) if scored else "12",
                        )
                    )
    return rows


def import_statistics_world(tmp_path, **kwargs):
    from labourdesk.compliance.importers.assessments import import_assessments
    from labourdesk.compliance.importers.synthetic import write_export

    path = write_export(tmp_path / "statistics.csv", statistics_rows(**kwargs))
    return import_assessments(actor=None, source=path, file_name=path.name)
