"""Demo content for `make run` (demo mode only): a programme, a questionnaire, a factory and a
buyer, every name marked "(demo)". No figure here is a real statistic."""

import datetime

from django.db import transaction

from labourdesk.accounts.models import Organisation, User
from labourdesk.compliance import services
from labourdesk.compliance.models import CompliancePoint, Factory, Question, QuestionnaireVersion
from labourdesk.standards.models import MemberState

DEMO_QUESTIONNAIRE = "Demo questionnaire, Viet Nam apparel (demo)"


def create_demo(stdout) -> None:
    if QuestionnaireVersion.objects.filter(name=DEMO_QUESTIONNAIRE).exists():
        stdout.write("compliance: demo content exists already.")
        return
    country = MemberState.objects.filter(iso3="VNM").first()
    if country is None or not CompliancePoint.objects.exists():
        stdout.write("compliance: reference data missing, no demo content.")
        return
    with transaction.atomic():
        programme = services.programme_for_country(actor=None, country=country)
        for username in ("demo-enterprise-advisor", "demo-programme-manager"):
            user = User.objects.filter(username=username).first()
            if user is not None:
                services.programme_add_staff(actor=None, programme=programme, user=user)
        version = services.questionnaire_version_create(
            actor=None, programme=programme, industry="apparel", name=DEMO_QUESTIONNAIRE
        )
        for i, cp in enumerate(CompliancePoint.objects.order_by("id")[:12]):
            services.question_create(
                actor=None,
                version=version,
                code=f"DEMO-{i + 1:02d}",
                texts={"en": f"Demo question on {cp.label_in('en')} (demo)"},
                compliance_point=cp,
                type=Question.Type.INFORMATION if i % 6 == 5 else Question.Type.SCORED,
                position=i,
            )
        services.questionnaire_version_publish(actor=None, version=version)
        factory_org = Organisation.objects.filter(kind="factory", name__endswith="(demo)").first()
        buyer_org = Organisation.objects.filter(kind="buyer", name__endswith="(demo)").first()
        factory = Factory.objects.create(
            name="Demo Garment Factory (demo)",
            address="Demo address (demo)",
            country=country,
            organisation=factory_org,
        )
        services.buyer_create(actor=None, name="Demo Apparel Brand (demo)", organisation=buyer_org)
        advisors = list(User.objects.filter(username="demo-enterprise-advisor"))
        services.assessment_create(
            actor=None,
            factory=factory,
            version=version,
            cycle=1,
            start_date=datetime.date.today(),
            advisors=advisors,
        )
    stdout.write("compliance: demo programme, questionnaire, factory, buyer and assessment.")
