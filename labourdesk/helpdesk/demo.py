"""Demo content for the Helpdesk (`manage.py demo_setup`, demo mode only).

A handful of cases, each taken through the real services to a different point of the workflow,
so the queue and the case page have something to show. Everything is marked as demo: "(demo)" in
the subject, "Demo requester" names, addresses at example.org. The questions and answers were
written for the demo; they quote no statistics. Questions are dated a few days back from now, so
every case falls well after the historical baseline (2022-23) and never changes a published year.

Idempotent: each case carries a fixed `submission_key`; a case that exists already is left alone.
"""

import json
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from labourdesk.accounts.models import User
from labourdesk.helpdesk.models import Case, Inquiry, Region, Sector, Topic, UserType
from labourdesk.helpdesk.services import consultations, drafts, workflow
from labourdesk.helpdesk.services.intake import inquiry_receive
from labourdesk.helpdesk.services.requester import case_acknowledge
from labourdesk.standards.models import Instrument, MemberState

EXPERT = "demo-helpdesk-expert"
MANAGER = "demo-helpdesk-manager"
KEY_PREFIX = "demo-helpdesk-"

# How far each demo case goes through the workflow.
NEW, INADMISSIBLE, CONSULTING, IN_CLEARANCE, SENT = (
    "new",
    "inadmissible",
    "consulting",
    "in_clearance",
    "sent",
)


@dataclass(frozen=True)
class DemoCase:
    key: str
    days_ago: int
    subject: str
    question: str
    name: str
    email: str
    organisation: str
    country: str
    user_type: str
    stage: str
    language: str = "en"
    user_region: str = ""
    regions: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    instruments: tuple[str, ...] = ()
    answer: str = ""
    consultation: dict = field(default_factory=dict)


DEMO_CASES: tuple[DemoCase, ...] = (
    DemoCase(
        key="child-labour-cocoa",
        days_ago=12,
        subject="Child labour among cocoa suppliers (demo)",
        question=(
            "We buy cocoa through cooperatives and traders. A social audit found children helping "
            "on some smallholder farms during school holidays. Is this child labour under ILO "
            "standards, and what does the MNE Declaration expect from us as a buyer?"
        ),
        name="Demo requester (cocoa buyer)",
        email="demo.cocoa@example.org",
        organisation="Demo Chocolate Company (demo)",
        country="CH",
        user_type="mne",
        user_region="western_europe",
        regions=("africa",),
        sectors=("agriculture", "food"),
        topics=("child_labour",),
        instruments=("C138", "C182"),
        stage=SENT,
        answer=(
            "Thank you for your question.\n\n"
            "Not all work done by children is child labour. The Minimum Age Convention, 1973 "
            "(No. 138) allows light work that does not harm a child's health or schooling, "
            "from an age set by national law. Hazardous work, such as handling machetes or "
            "pesticides or carrying heavy loads, is among the worst forms of child labour under "
            "the Worst Forms of Child Labour Convention, 1999 (No. 182) and is prohibited for "
            "everyone under 18.\n\n"
            "The MNE Declaration asks enterprises to respect the minimum age for admission to "
            "employment and to take immediate and effective measures, within their own "
            "competence, to secure the prohibition and elimination of the worst forms of child "
            "labour. For a buyer this means **due diligence**: find out where the risk lies in "
            "your supply chain, use your leverage with traders and cooperatives, and support "
            "remediation that keeps children in school rather than simply ending purchases.\n\n"
            "Check the national list of hazardous work for children in the producing country: "
            "it tells you which tasks are forbidden below 18."
        ),
    ),
    DemoCase(
        key="overtime-garments",
        days_ago=6,
        subject="Overtime limits at a garment supplier (demo)",
        question=(
            "Our supplier factory asks workers to work overtime most weeks in the peak season. "
            "National law sets a weekly limit, but workers say they want the extra pay. What do "
            "ILO standards say about hours of work and voluntary overtime?"
        ),
        name="Demo requester (sourcing manager)",
        email="demo.sourcing@example.org",
        organisation="Demo Apparel Sourcing (demo)",
        country="VN",
        user_type="suppliers",
        user_region="east_asia",
        regions=("east_asia",),
        sectors=("garments_textiles",),
        topics=("working_time",),
        instruments=("C001", "C030"),
        stage=CONSULTING,
        consultation={
            "email": "working-conditions.demo@example.org",
            "question": (
                "Could you confirm which ILO instruments on hours of work apply to this garment "
                "factory, and any supervisory comments on overtime for the country concerned?"
            ),
        },
    ),
    DemoCase(
        key="freedom-of-association-sme",
        days_ago=4,
        subject="Workers asking to form a union at our site (demo)",
        question=(
            "Some of our employees want to set up a trade union. We are a small company and have "
            "never dealt with a union before. What are our obligations and what should we avoid?"
        ),
        name="Demo requester (SME owner)",
        email="demo.sme@example.org",
        organisation="Demo Small Workshop (demo)",
        country="KE",
        user_type="sme",
        user_region="africa",
        regions=("africa",),
        sectors=("light_industry",),
        topics=("fprw",),
        instruments=("C087",),
        stage=IN_CLEARANCE,
        answer=(
            "Thank you for writing to the Helpdesk.\n\n"
            "Freedom of association is a fundamental principle and right at work. Under the "
            "Freedom of Association and Protection of the Right to Organise Convention, 1948 "
            "(No. 87), workers have the right to establish and join organisations of their own "
            "choosing without previous authorisation.\n\n"
            "In practice, a company should:\n\n"
            "- stay neutral and let workers decide freely;\n"
            "- never dismiss, threaten or disadvantage workers because they join or organise;\n"
            "- give representatives the facilities national law provides for.\n\n"
            "The MNE Declaration also encourages enterprises to engage in good-faith dialogue "
            "with the representatives the workers choose."
        ),
    ),
    DemoCase(
        key="heures-de-travail-fr",
        days_ago=1,
        subject="Repos hebdomadaire dans nos entrepôts (demo)",
        question=(
            "Nos entrepôts fonctionnent sept jours sur sept. Quelles normes de l'OIT s'appliquent "
            "au repos hebdomadaire des travailleurs, et comment organiser les roulements ?"
        ),
        name="Demo requester (logistique)",
        email="demo.logistique@example.org",
        organisation="Demo Logistique (demo)",
        country="FR",
        user_type="mne",
        language="fr",
        stage=NEW,
    ),
    DemoCase(
        key="individual-dismissal",
        days_ago=9,
        subject="My own dismissal by my employer (demo)",
        question=(
            "I was dismissed last month and I think it was unfair. Can the ILO take up my case "
            "with my employer?"
        ),
        name="Demo requester (individual)",
        email="demo.individual@example.org",
        organisation="",
        country="PH",
        user_type="unknown",
        stage=INADMISSIBLE,
    ),
)


def _codes(model, codes):
    return list(model.objects.filter(code__in=codes))


def _create_case(spec: DemoCase, *, expert: User, manager: User, now) -> Case:
    received_at = now - timedelta(days=spec.days_ago)
    payload = {"question": spec.question, "name": spec.name, "email": spec.email, "demo": True}
    inquiry = inquiry_receive(
        channel=Inquiry.Channel.WEB,
        body_text=spec.question,
        from_email=spec.email,
        from_name=spec.name,
        subject=spec.subject,
        raw=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
        received_at=received_at,
        language=spec.language,
        case_defaults={
            "requester_organisation": spec.organisation,
            "requester_country": MemberState.objects.filter(iso2=spec.country).first(),
            "user_type": UserType.objects.filter(code=spec.user_type).first(),
        },
        submission_key=KEY_PREFIX + spec.key,
    )
    case = inquiry.case
    case_acknowledge(actor=None, case=case)
    if spec.stage == NEW:
        return case
    if spec.stage == INADMISSIBLE:
        workflow.case_triage(
            actor=expert,
            case=case,
            admissible=False,
            reason=Case.InadmissibleReason.INDIVIDUAL_GRIEVANCE,
            note="Demo: an individual grievance, referred to the national labour inspectorate.",
        )
        return case
    workflow.case_triage(actor=expert, case=case, admissible=True)
    workflow.case_classify(
        actor=expert,
        case=case,
        user_type=case.user_type,
        user_region=Region.objects.filter(code=spec.user_region).first(),
        regions_concerned=_codes(Region, spec.regions),
        sectors=_codes(Sector, spec.sectors),
        topics=_codes(Topic, spec.topics),
        instruments=_codes(Instrument, spec.instruments),
        language=spec.language,
    )
    workflow.case_assign(actor=manager, case=case, assignee=expert)
    if spec.consultation:
        consultations.consultation_request(
            actor=expert,
            case=case,
            question=spec.consultation["question"],
            due_date=(now + timedelta(days=7)).date(),
            consultee_email=spec.consultation["email"],
        )
    if not spec.answer:
        return case
    draft = drafts.draft_save(actor=expert, case=case, body_markdown=spec.answer)
    case.refresh_from_db()
    drafts.draft_submit(actor=expert, draft=draft)
    if spec.stage == IN_CLEARANCE:
        return case
    draft.refresh_from_db()
    drafts.draft_clear(actor=manager, draft=draft, comment="Cleared (demo).")
    case.refresh_from_db()
    workflow.case_send(actor=expert, case=case)
    return case


def create_demo(stdout) -> None:
    """Create the demo cases that do not exist yet (called by `manage.py demo_setup`)."""
    expert = User.objects.filter(username=EXPERT, is_active=True).first()
    manager = User.objects.filter(username=MANAGER, is_active=True).first()
    if expert is None or manager is None:
        stdout.write(f"Helpdesk demo: needs the users {EXPERT} and {MANAGER}; nothing created.")
        return
    now = timezone.now()
    created = 0
    for spec in DEMO_CASES:
        if Inquiry.objects.filter(submission_key=KEY_PREFIX + spec.key).exists():
            continue
        with transaction.atomic():  # a demo case is created whole or not at all
            _create_case(spec, expert=expert, manager=manager, now=now)
        created += 1
    stdout.write(
        f"Helpdesk demo: {created} case(s) created, {len(DEMO_CASES) - created} already there."
    )
