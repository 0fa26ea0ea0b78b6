"""The generated access matrix: every compliance page and endpoint × every role × consent state.

Expected access is derived from the rule, not copied per case: staff of the country programme
and administrators reach everything; the factory its own released records; a buyer only what
its active consent covers (summary: factory, assessment, report; full: also findings and the
improvement plan); revoked is the same as never granted. Beside every role, the outsiders: the
other factory's user, a buyer never granted anything, the staff of another country's programme.
Each case checks the one status expected (200; a page's 302 to sign in for the anonymous, 404 to
the signed-in — 403 where the actor sees the record but its role may not act; the API's 403 to
the anonymous and to roles that hold no such records, 404 to roles that hold others), and every
POST step of the pages and the API (the import uploads included) changes its record only for the
allowed.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from labourdesk.compliance import services
from labourdesk.compliance.models import Assessment, Factory, Finding, ReportConsent
from labourdesk.compliance.tests.builders import release
from labourdesk.core.testing.actors import ACTORS, ANONYMOUS, NO_ROLE
from labourdesk.core.testing.permissions import assert_access, login

CONSENT_STATES = ["none", "summary", "full", "revoked"]
STAFF = {"administrator", "enterprise_advisor", "programme_manager"}
# Questionnaires are edited by programme managers and centrally, never by advisors. (The
# version of the matrix is published: the editing pages answer with the "frozen" notice.)
EDITOR_PAGES = {"page:question_add", "page:question_edit", "page:questionnaire_clone"}

# (name, url builder, minimum buyer level or None when buyers never get it, factory may see)
TARGETS = [
    ("page:factory", lambda w: f"/en/compliance/factories/{w.factory.pk}/", "summary", True),
    (
        "page:assessment",
        lambda w: f"/en/compliance/assessments/{w.assessment.pk}/",
        "summary",
        True,
    ),
    ("page:report", lambda w: f"/en/compliance/reports/{w.assessment.pk}/", "summary", True),
    (
        "page:report_pdf",
        lambda w: f"/en/compliance/reports/{w.assessment.pk}/pdf/",
        "summary",
        True,
    ),
    (
        "page:findings",
        lambda w: f"/en/compliance/assessments/{w.assessment.pk}/findings/",
        None,
        False,
    ),
    ("page:plan", lambda w: f"/en/compliance/factories/{w.factory.pk}/plan/", "summary", True),
    (
        "page:assessment_plan",
        lambda w: f"/en/compliance/factories/{w.factory.pk}/assessments/new/",
        None,
        False,
    ),
    ("page:questionnaire", lambda w: f"/en/compliance/questionnaires/{w.version.pk}/", None, False),
    (
        "page:question_add",
        lambda w: f"/en/compliance/questionnaires/{w.version.pk}/questions/new/",
        None,
        False,
    ),
    (
        "page:question_edit",
        lambda w: f"/en/compliance/questions/{w.finding.question.pk}/edit/",
        None,
        False,
    ),
    (
        "page:questionnaire_clone",
        lambda w: f"/en/compliance/questionnaires/{w.version.pk}/clone/",
        None,
        False,
    ),
    ("api:factory", lambda w: f"/api/compliance/factories/{w.factory.pk}/", "summary", True),
    (
        "api:assessment",
        lambda w: f"/api/compliance/assessments/{w.assessment.pk}/",
        "summary",
        True,
    ),
    ("api:finding", lambda w: f"/api/compliance/findings/{w.finding.pk}/", "full", True),
    ("api:action", lambda w: f"/api/compliance/improvement-actions/{w.action.pk}/", "full", True),
    ("api:picc", lambda w: f"/api/compliance/picc-members/{w.member.pk}/", None, True),
    (
        "api:picc_meeting",
        lambda w: f"/api/compliance/picc-meetings/{w.meeting.pk}/",
        None,
        True,
    ),
    (
        "api:progress",
        lambda w: f"/api/compliance/progress-reports/{w.progress.pk}/",
        "full",
        True,
    ),
    ("api:visit", lambda w: f"/api/compliance/advisory-visits/{w.visit.pk}/", None, False),
    ("api:programme", lambda w: f"/api/compliance/programmes/{w.programme.pk}/", None, False),
    (
        "api:questionnaire",
        lambda w: f"/api/compliance/questionnaires/{w.version.pk}/",
        None,
        False,
    ),
    ("api:question", lambda w: f"/api/compliance/questions/{w.finding.question.pk}/", None, False),
    ("api:buyer", lambda w: f"/api/compliance/buyers/{w.buyer.pk}/", None, True),
    ("api:relationship", lambda w: f"/api/compliance/relationships/{w.link.pk}/", None, True),
    ("api:import", lambda w: f"/api/compliance/imports/{w.run.pk}/", None, False),
    ("page:import", lambda w: f"/en/compliance/imports/{w.run.pk}/", None, False),
]
# Records whose rule is not the factory-and-consent one.
UPLOADERS = {"administrator", "programme_manager"}  # an import run: its uploader and admins
OWN_BUYER = {"api:buyer", "api:relationship"}  # a buyer always sees itself and its links


def _expected(actor: str, state: str, buyer_level, factory_sees: bool, name: str) -> bool:
    if name in ("api:import", "page:import"):
        return actor in UPLOADERS
    if name in OWN_BUYER and actor == "buyer_user":
        return True
    if name in EDITOR_PAGES:
        return actor in {"administrator", "programme_manager"}
    if actor in STAFF:
        # Findings entry is closed once the assessment is released, for everybody.
        return name != "page:findings"
    if actor == "factory_user":
        return factory_sees
    if actor == "buyer_user":
        if buyer_level is None or state in ("none", "revoked"):
            return False
        return buyer_level == "summary" or state == "full"
    return False


@pytest.fixture
def released_world(world):
    import datetime

    release(world)
    world.finding = world.assessment.findings.first()
    world.action = services.improvement_action_create(
        actor=world.advisor,
        factory=world.factory,
        assessment=world.assessment,
        compliance_point=world.finding.question.compliance_point,
        description="Fix it",
    )
    world.member = services.picc_member_create(
        actor=world.advisor,
        factory=world.factory,
        name="A. Worker",
        category="workers",
        joined_on=datetime.date(2024, 1, 1),
    )
    world.meeting = services.picc_meeting_create(
        actor=world.advisor, factory=world.factory, date=datetime.date(2024, 2, 1), minutes="m"
    )
    world.progress = services.progress_report_create(
        actor=world.advisor,
        factory=world.factory,
        period_end=datetime.date(2024, 6, 30),
        summary="Half done",
    )
    world.visit = services.advisory_visit_create(
        actor=world.advisor, factory=world.factory, date=datetime.date(2024, 7, 1), notes="n"
    )
    world.link = services.factory_buyer_link(
        actor=world.manager, factory=world.factory, buyer=world.buyer
    )
    from labourdesk.compliance.models import ImportRun

    # The upload service needs a stored file and a queue; the record is what is read here.
    world.run = ImportRun.objects.create(
        kind=ImportRun.Kind.ASSESSMENTS, file_name="export.csv", created_by=world.manager
    )
    return world


def _apply_state(world, state):
    if state == "none":
        return
    level = "full" if state in ("full", "revoked") else "summary"
    consent = services.consent_grant(
        actor=world.factory_user, factory=world.factory, buyer=world.buyer, level=level
    )
    if state == "revoked":
        services.consent_revoke(actor=world.factory_user, consent=consent)


# Actors with the right role but the wrong scope: the other factory's user, a buyer that was
# never granted anything, staff of another country's programme.
OUTSIDERS = ("other_factory_user", "other_buyer_user", "other_advisor", "other_manager")
# The role each outsider has (what it may hold of a kind of record, elsewhere).
OUTSIDER_ROLE = {
    "other_factory_user": "factory_user",
    "other_buyer_user": "buyer_user",
    "other_advisor": "enterprise_advisor",
    "other_manager": "programme_manager",
}


def _other_programme_staff(world, role, make_user):
    from labourdesk.standards.models import MemberState

    programme = services.programme_for_country(
        actor=world.admin, country=MemberState.objects.get(iso3="IDN")
    )
    user = make_user(role)
    services.programme_add_staff(actor=world.admin, programme=programme, user=user)
    return user


def _user_for(world, actor, make_user):
    if actor == "other_advisor":
        return _other_programme_staff(world, "enterprise_advisor", make_user)
    if actor == "other_manager":
        return _other_programme_staff(world, "programme_manager", make_user)
    return {
        ANONYMOUS: None,
        "administrator": world.admin,
        "enterprise_advisor": world.advisor,
        "programme_manager": world.manager,
        "factory_user": world.factory_user,
        "buyer_user": world.buyer_user,
        "other_factory_user": world.other_factory_user,
        "other_buyer_user": world.other_buyer_user,
    }.get(actor) or make_user(actor)


# Which roles may hold records of each API kind at all (its list answers them): a denied caller
# of such a role gets 404 (the record's existence is not disclosed), any other role 403.
FACTORY_SIDE = STAFF | {"factory_user", "buyer_user"}
KIND_HOLDERS = {
    "api:factory": FACTORY_SIDE,
    "api:assessment": FACTORY_SIDE,
    "api:finding": FACTORY_SIDE,
    "api:action": FACTORY_SIDE,
    "api:progress": FACTORY_SIDE,
    "api:buyer": FACTORY_SIDE,
    "api:relationship": FACTORY_SIDE,
    "api:picc": STAFF | {"factory_user"},
    "api:picc_meeting": STAFF | {"factory_user"},
    "api:visit": STAFF,
    "api:programme": STAFF,
    "api:questionnaire": STAFF,
    "api:question": STAFF,
    "api:import": STAFF,
}
# Pages whose record the actor sees but whose action its role may not take: 403, not 404.
# (A buyer sees the factory once granted; the staff of every programme read the questionnaires.)
SEES_BUT_MAY_NOT = {
    "page:assessment_plan": {"factory_user"},
    "page:question_add": {"enterprise_advisor", "other_advisor"},
    "page:question_edit": {"enterprise_advisor", "other_advisor"},
    "page:questionnaire_clone": {"enterprise_advisor", "other_advisor"},
}
# What the staff of every country programme read, whichever country it is of: the programmes,
# the questionnaires and their questions (national comparisons compare them), the buyers.
SHARED_WITH_ALL_STAFF = {
    "api:programme",
    "api:questionnaire",
    "api:question",
    "api:buyer",
    "page:questionnaire",
}


def _denied_status(actor: str, name: str, state: str = "none") -> int:
    """The one status a denied actor gets: a page sends the anonymous to sign in (302) and
    answers 404 to the signed-in (403 where it sees the record but its role may not act); the
    API answers 403 to the anonymous and to roles that never hold such records, 404 to roles
    that hold some but not this one."""
    role = OUTSIDER_ROLE.get(actor, actor)
    if name.startswith("api:"):
        if actor == ANONYMOUS:
            return 403
        return 404 if role in KIND_HOLDERS[name] else 403
    if actor == ANONYMOUS:
        return 302
    if actor == "buyer_user" and state in ("summary", "full") and name == "page:assessment_plan":
        return 403  # the granted buyer sees the factory, and may not plan its assessments
    # 404 for another factory's or country's record: not even its existence is disclosed.
    return 403 if actor in SEES_BUT_MAY_NOT.get(name, ()) else 404


@pytest.mark.parametrize("state", CONSENT_STATES)
@pytest.mark.parametrize("name,url,buyer_level,factory_sees", TARGETS, ids=[t[0] for t in TARGETS])
def test_access_matrix(
    client, make_user, released_world, state, name, url, buyer_level, factory_sees
):
    _apply_state(released_world, state)
    target = url(released_world)
    for actor in ACTORS:
        client.logout()
        login(client, _user_for(released_world, actor, make_user))
        allowed = _expected(actor, state, buyer_level, factory_sees, name)
        response = client.get(target)
        assert_access(response, allowed, actor=f"{actor} ({state}) {name}")
        expected = 200 if allowed else _denied_status(actor, name, state)
        assert response.status_code == expected, (actor, state, name, response.status_code)
    # The other factory's user, a buyer never granted anything and the staff of another
    # country's programme never see this factory's records: 404 where their role may hold
    # such records, 403 where it may not hold any.
    for actor in OUTSIDERS:
        if name == "api:buyer" and actor == "other_factory_user":
            continue  # brands are not secret from factories, who choose whom to grant
        client.logout()
        login(client, _user_for(released_world, actor, make_user))
        response = client.get(target)
        other_staff = actor in ("other_advisor", "other_manager")
        # Another country's manager reads the published version's editing pages as the
        # "frozen" notice, like this country's (the POST steps show it changes nothing).
        shown = name in SHARED_WITH_ALL_STAFF or (actor == "other_manager" and name in EDITOR_PAGES)
        expected = 200 if other_staff and shown else _denied_status(actor, name, state)
        assert response.status_code == expected, (
            actor,
            state,
            name,
            response.status_code,
        )


def test_actors_cover_every_role():
    assert {ANONYMOUS, NO_ROLE, *STAFF, "factory_user", "buyer_user"} <= set(ACTORS)


def test_unreleased_assessment_is_hidden_from_factory_and_buyer(client, world):
    services.consent_grant(
        actor=world.factory_user, factory=world.factory, buyer=world.buyer, level="full"
    )
    for user in (world.factory_user, world.buyer_user):
        client.force_login(user)
        assert client.get(f"/en/compliance/assessments/{world.assessment.pk}/").status_code == 404
        assert client.get(f"/api/compliance/assessments/{world.assessment.pk}/").status_code == 404


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    ops=st.lists(
        st.tuples(
            st.sampled_from(["grant_summary", "grant_full", "revoke"]),
            st.integers(0, 2),
            st.integers(0, 1),
        ),
        max_size=12,
    )
)
def test_a_buyer_never_sees_a_factory_that_has_not_granted_it(world_for_hypothesis, ops):
    w = world_for_hypothesis
    ReportConsent.objects.all().delete()
    granted: dict[tuple[int, int], str] = {}
    for op, f, b in ops:
        factory, buyer = w.factories[f], w.buyers[b]
        if op == "revoke":
            consent = ReportConsent.objects.filter(
                factory=factory, buyer=buyer, revoked_at__isnull=True
            ).first()
            if consent:
                services.consent_revoke(actor=w.factory_users[f], consent=consent)
            granted.pop((f, b), None)
        else:
            level = op.removeprefix("grant_")
            services.consent_grant(
                actor=w.factory_users[f], factory=factory, buyer=buyer, level=level
            )
            granted[(f, b)] = level
    for b, user in enumerate(w.buyer_users):
        seen = set(Factory.objects.restrict(user, "view").values_list("pk", flat=True))
        expected = {w.factories[f].pk for (f, bb) in granted if bb == b}
        assert seen == expected
        seen_assessments = set(
            Assessment.objects.restrict(user, "view").values_list("factory_id", flat=True)
        )
        # Every factory has released assessments: a granted factory's are all visible.
        assert seen_assessments == expected
        full = {w.factories[f].pk for (f, bb), lvl in granted.items() if bb == b and lvl == "full"}
        seen_findings = set(
            Finding.objects.restrict(user, "view").values_list("assessment__factory_id", flat=True)
        )
        assert seen_findings == full


def _import_released_assessments(factories):
    import tempfile
    from pathlib import Path

    from labourdesk.compliance.importers.assessments import import_assessments
    from labourdesk.compliance.importers.synthetic import write_export

    rows = []
    for factory in factories:
        for cycle in (1, 2):
            for q, (cluster, cp) in enumerate(
                [("Compensation", "Overtime Wages"), ("Child Labour", "Child Labourers")] * 2
            ):
                rows.append(
                    [
                        "Bangladesh",
                        factory.external_id,
                        factory.name,
                        f"{factory.external_id}-{cycle}",
                        str(cycle),
                        f"0{cycle}/03/2023",
                        "Garment CAT",
                        cluster,
                        cp,
                        f"Q{q}",
                        f"Question {q}",
                        "NCQ" if q < 3 else "FGW",
                        str(q % 2) if q < 3 else "3",
                        "",
                    ]
                )
    with tempfile.TemporaryDirectory() as folder:
        path = write_export(Path(folder) / "bgd.csv", rows)
        import_assessments(actor=None, source=path, file_name=path.name)


@pytest.fixture
def world_for_hypothesis(make_user):
    from types import SimpleNamespace

    from labourdesk.accounts.models import Organisation
    from labourdesk.standards.models import MemberState

    country = MemberState.objects.get(iso3="BGD")
    factories, factory_users, buyers, buyer_users = [], [], [], []
    for i in range(3):
        org = Organisation.objects.create(name=f"hf{i}", kind="factory")
        factories.append(
            services.factory_create(
                actor=None, name=f"HF {i}", country=country, organisation=org, external_id=f"HF{i}"
            )
        )
        factory_users.append(make_user("factory_user", organisation=org))
    # Each factory has released assessments with findings (two cycles), imported as Better Work
    # exports arrive, so that what a buyer may read of them is actually tested.
    _import_released_assessments(factories)
    assert Assessment.objects.filter(factory__in=factories, status="released").count() == 6
    assert Finding.objects.filter(assessment__factory__in=factories).count() == 24
    for i in range(2):
        org = Organisation.objects.create(name=f"hb{i}", kind="buyer")
        buyers.append(services.buyer_create(actor=None, name=f"HB {i}", organisation=org))
        buyer_users.append(make_user("buyer_user", organisation=org))
    return SimpleNamespace(
        factories=factories, factory_users=factory_users, buyers=buyers, buyer_users=buyer_users
    )


@pytest.mark.parametrize("state", CONSENT_STATES)
def test_buyer_lists_follow_the_consent_state(client, released_world, state):
    _apply_state(released_world, state)
    granted = state in ("summary", "full")
    client.force_login(released_world.buyer_user)
    html = client.get("/en/compliance/reports/").content.decode()
    assert (released_world.factory.name in html) is granted
    for endpoint, model_ids in (
        ("factories", [released_world.factory.pk]),
        ("assessments", [released_world.assessment.pk]),
    ):
        ids = [r["id"] for r in client.get(f"/api/compliance/{endpoint}/").json()["results"]]
        assert ids == (model_ids if granted else []), endpoint
    findings = client.get("/api/compliance/findings/").json()["results"]
    assert bool(findings) is (state == "full")


SIGNED_IN = set(ACTORS) - {ANONYMOUS}
LIST_PAGES = [
    ("/en/compliance/", SIGNED_IN),
    ("/en/compliance/factories/", STAFF | {"factory_user", "buyer_user"}),
    ("/en/compliance/reports/", STAFF | {"factory_user", "buyer_user"}),
    ("/en/compliance/questionnaires/", STAFF),
    ("/en/compliance/consents/", {"factory_user"}),
    ("/en/compliance/imports/", STAFF),
    ("/en/compliance/factories/upload/", {"administrator", "programme_manager"}),
    ("/en/compliance/statistics/", STAFF),
    ("/en/compliance/dashboard/", set(ACTORS)),
    ("/fr/compliance/dashboard/", set(ACTORS)),
    ("/en/compliance/buyer/", {"buyer_user"}),
    ("/api/compliance/statistics/compliance-points/", set(ACTORS)),
    ("/api/compliance/statistics/questions/", set(ACTORS)),
    ("/api/compliance/statistics/trends/", set(ACTORS)),
    ("/api/compliance/statistics/compliance-points/?export=csv", set(ACTORS)),
    ("/api/compliance/statistics/trends/?export=xlsx", set(ACTORS)),
    ("/api/compliance/statistics/factories/", STAFF),
    ("/api/compliance/programmes/", STAFF),
    ("/api/compliance/questionnaires/", STAFF),
    ("/api/compliance/questions/", STAFF),
    ("/api/compliance/buyers/", STAFF | {"factory_user", "buyer_user"}),
    ("/api/compliance/relationships/", STAFF | {"factory_user", "buyer_user"}),
    ("/api/compliance/consents/", STAFF | {"factory_user", "buyer_user"}),
    ("/api/compliance/progress-reports/", STAFF | {"factory_user", "buyer_user"}),
    ("/api/compliance/advisory-visits/", STAFF),
    ("/api/compliance/picc-members/", STAFF | {"factory_user"}),
    ("/api/compliance/picc-meetings/", STAFF | {"factory_user"}),
    ("/api/compliance/imports/", STAFF),
]


@pytest.mark.parametrize("url,allowed", LIST_PAGES, ids=[p[0] for p in LIST_PAGES])
def test_list_pages_matrix(client, make_user, world, url, allowed):
    for actor in ACTORS:
        client.logout()
        login(client, _user_for(world, actor, make_user))
        response = client.get(url)
        assert_access(response, actor in allowed, actor=f"{actor} {url}")
        # Lists: the page sends the anonymous to sign in and answers 404 to a role without the
        # area; the API answers 403 to both.
        api = url.startswith("/api/")
        denied = 403 if api else (302 if actor == ANONYMOUS else 404)
        assert response.status_code == (200 if actor in allowed else denied), (
            actor,
            url,
            response.status_code,
        )


# The POST steps: each actor tries the step on a fresh world; allowed ⇔ the record changed.


def _submit(world):
    from labourdesk.compliance.tests.builders import answer_all

    answer_all(world)
    return f"/en/compliance/assessments/{world.assessment.pk}/step/", {"to": "in_review"}


def _submitted(world):
    from labourdesk.compliance.tests.builders import answer_all

    answer_all(world)
    services.assessment_transition(actor=world.advisor, assessment=world.assessment, to="in_review")
    return f"/api/compliance/assessments/{world.assessment.pk}/transition/", {"to": "finalised"}


def _status(value):
    def changed(world):
        world.assessment.refresh_from_db()
        return world.assessment.status == value

    return changed


def _findings(world):
    question = world.version.questions.filter(type="NCQ").first()
    url = f"/en/compliance/assessments/{world.assessment.pk}/findings/"
    return url, {f"value-{question.pk}": "1", f"evidence-{question.pk}": "seen"}


def _meeting(world):
    url = f"/en/compliance/factories/{world.factory.pk}/plan/"
    return url, {"add_meeting": "", "meeting-date": "2025-02-03", "meeting-minutes": "m"}


def _grant(world):
    return "/en/compliance/consents/", {"grant": "", "buyer": world.buyer.pk, "level": "full"}


def _finalised(world):
    from labourdesk.compliance.tests.builders import answer_all

    answer_all(world)
    services.assessment_transition(actor=world.advisor, assessment=world.assessment, to="in_review")
    services.assessment_transition(
        actor=world.advisor_m, assessment=world.assessment, to="finalised"
    )
    return f"/en/compliance/assessments/{world.assessment.pk}/step/", {"to": "released"}


def _revoke(world):
    world.consent = services.consent_grant(
        actor=world.factory_user, factory=world.factory, buyer=world.buyer, level="full"
    )
    return "/en/compliance/consents/", {"revoke": world.consent.pk}


def _revoked(world):
    world.consent.refresh_from_db()
    return world.consent.revoked_at is not None


def _plan(world, data):
    return f"/en/compliance/factories/{world.factory.pk}/plan/", data


def _action_add(world):
    point = world.version.questions.first().compliance_point
    return _plan(
        world, {"add_action": "", "action-compliance_point": point.pk, "action-description": "x"}
    )


def _with_action(world, status="pending"):
    world.action = services.improvement_action_create(
        actor=world.advisor,
        factory=world.factory,
        compliance_point=world.version.questions.first().compliance_point,
        description="Fix the exits",
    )
    if status != "pending":
        services.improvement_action_update(actor=world.advisor, action=world.action, status=status)
    return world.action


def _action_status(world):
    return _plan(world, {"action_id": _with_action(world).pk, "set_status": "completed"})


def _action_verify(world):
    return _plan(world, {"action_id": _with_action(world, "completed").pk, "verify": ""})


def _action_completed(world):
    world.action.refresh_from_db()
    return world.action.status == "completed"


def _action_verified(world):
    world.action.refresh_from_db()
    return world.action.verified_at is not None


def _progress(world):
    return _plan(
        world, {"add_progress": "", "progress-period_end": "2025-06-30", "progress-summary": "x"}
    )


def _visit(world):
    return _plan(world, {"add_visit": "", "visit-date": "2025-07-01", "visit-notes": "n"})


def _member(world):
    return _plan(
        world,
        {
            "add_member": "",
            "member-name": "A. Worker",
            "member-category": "workers",
            "member-joined_on": "2025-01-06",
        },
    )


def _assessment_plan(world):
    return f"/en/compliance/factories/{world.factory.pk}/assessments/new/", {
        "version": world.version.pk,
        "cycle": 2,
        "start_date": "2025-03-03",
        "advisor_1": world.advisor.pk,
        "advisor_2": world.advisor_m.pk,
    }


def _clone(world):
    return f"/en/compliance/questionnaires/{world.version.pk}/clone/", {"name": "Next version"}


def _question_add(world):
    from labourdesk.compliance.models import Cluster, CompliancePoint

    world.draft = services.questionnaire_version_clone(
        actor=world.admin, source=world.version, name="Draft 2025"
    )
    point = CompliancePoint.objects.filter(cluster__basis=Cluster.Basis.NATIONAL_LAW).first()
    return f"/en/compliance/questionnaires/{world.draft.pk}/questions/new/", {
        "code": "VN-NEW-1",
        "text_en": "Is overtime within the limit?",
        "type": "NCQ",
        "compliance_point": point.pk,
        "global_key": "OT-LIMIT",
        "position": 5,
    }


def _factory_upload(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = b"country,name,address,sector,lat,lng\nVNM,Epsilon Bags,5 Road,bags,,\n"
    return "/en/compliance/factories/upload/", {
        "file": SimpleUploadedFile("l.csv", data),
        "create": "1",
    }


def _import_file(name="export.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"Country,Factory ID\nViet Nam,F1\n")


def _import_page(world):
    return "/en/compliance/imports/", {"kind": "assessments", "file": _import_file("page.csv")}


def _import_api(world):
    return "/api/compliance/imports/", {"kind": "assessments", "file": _import_file("api.csv")}


def _draft_question(world):
    """A draft version (cloned centrally) and a national-law question in it."""
    from labourdesk.compliance.models import Cluster, CompliancePoint

    world.draft = services.questionnaire_version_clone(
        actor=world.admin, source=world.version, name="Draft 2025"
    )
    world.point = CompliancePoint.objects.filter(cluster__basis=Cluster.Basis.NATIONAL_LAW).first()
    world.question = services.question_create(
        actor=world.admin,
        version=world.draft,
        code="VN-DRAFT-1",
        texts={"en": "Is the exit clear?"},
        compliance_point=world.point,
        type="NCQ",
        global_key="EXIT-CLEAR",
    )
    return world.question


def _question_edit_page(world):
    question = _draft_question(world)
    return f"/en/compliance/questions/{question.pk}/edit/", {
        "code": question.code,
        "text_en": "Are the exits clear and marked?",
        "type": "NCQ",
        "compliance_point": world.point.pk,
        "global_key": "EXIT-CLEAR",
        "position": 7,
    }


def _question_texts_changed(world):
    world.question.refresh_from_db()
    return world.question.texts.get("en") == "Are the exits clear and marked?"


def _question_create_api(world):
    _draft_question(world)
    return "/api/compliance/questions/", {
        "version": world.draft.pk,
        "code": "VN-API-1",
        "texts": {"en": "Is overtime voluntary?"},
        "type": "NCQ",
        "compliance_point": world.point.pk,
        "global_key": "OT-VOLUNTARY",
        "position": 8,
    }


def _question_update_api(world):
    question = _draft_question(world)
    return f"/api/compliance/questions/{question.pk}/", {"position": 42}


def _question_moved(world):
    world.question.refresh_from_db()
    return world.question.position == 42


def _questionnaire_create_api(world):
    return "/api/compliance/questionnaires/", {
        "programme": world.programme.pk,
        "industry": "footwear",
        "name": "Viet Nam footwear 2025",
    }


def _questionnaire_clone_api(world):
    return f"/api/compliance/questionnaires/{world.version.pk}/clone/", {"name": "API clone"}


def _questionnaire_publish_api(world):
    _draft_question(world)
    return f"/api/compliance/questionnaires/{world.draft.pk}/publish/", {}


def _draft_published(world):
    world.draft.refresh_from_db()
    return world.draft.status == "published"


def _factory_create_api(world):
    return "/api/compliance/factories/", {
        "name": "Gamma Garments",
        "country": world.country.pk,
        "industry": "apparel",
    }


def _factory_update_api(world):
    return f"/api/compliance/factories/{world.factory.pk}/", {"name": "Alpha Renamed"}


def _buyer_create_api(world):
    return "/api/compliance/buyers/", {"name": "Brand Two"}


def _relationship_api(world):
    return "/api/compliance/relationships/", {"factory": world.factory.pk, "buyer": world.buyer.pk}


def _assessment_create_api(world):
    return "/api/compliance/assessments/", {
        "factory": world.factory.pk,
        "version": world.version.pk,
        "cycle": 2,
        "start_date": "2025-03-03",
        "advisors": [world.advisor.pk, world.advisor_m.pk],
    }


def _findings_api(world):
    question = world.version.questions.filter(type="NCQ").first()
    return f"/api/compliance/assessments/{world.assessment.pk}/findings/", {
        "findings": [{"question": question.pk, "value": "1", "evidence": "seen"}]
    }


def _submit_api(world):
    _submit(world)
    return f"/api/compliance/assessments/{world.assessment.pk}/transition/", {"to": "in_review"}


def _release_api(world):
    _finalised(world)
    return f"/api/compliance/assessments/{world.assessment.pk}/transition/", {"to": "released"}


def _action_create_api(world):
    return "/api/compliance/improvement-actions/", {
        "factory": world.factory.pk,
        "compliance_point": world.version.questions.first().compliance_point_id,
        "description": "api action",
    }


def _action_update_api(world):
    return f"/api/compliance/improvement-actions/{_with_action(world).pk}/", {"status": "completed"}


def _action_verify_api(world):
    action = _with_action(world, "completed")
    return f"/api/compliance/improvement-actions/{action.pk}/verify/", {}


def _factory_record_api(endpoint, **fields):
    def prepare(world):
        return f"/api/compliance/{endpoint}/", {"factory": world.factory.pk, **fields}

    return prepare


def _consent_grant_api(world):
    return "/api/compliance/consents/", {
        "factory": world.factory.pk,
        "buyer": world.buyer.pk,
        "level": "full",
    }


def _consent_revoke_api(world):
    _revoke(world)
    return f"/api/compliance/consents/{world.consent.pk}/revoke/", {}


def _exists(model_path, **lookup):
    def changed(world):
        from django.apps import apps

        return apps.get_model("compliance", model_path).objects.filter(**lookup).exists()

    return changed


ANY_STAFF = STAFF | {"other_advisor", "other_manager"}
POST_STEPS = [
    # (name, prepare → (url, data), changed?, allowed actors, JSON body)
    # Only a programme manager (or an administrator) releases a report to the factory.
    (
        "page:release",
        _finalised,
        _status("released"),
        {"administrator", "programme_manager"},
        False,
    ),
    ("page:consent_revoke", _revoke, _revoked, {"factory_user"}, False),
    (
        "page:action_add",
        _action_add,
        _exists("ImprovementAction", description="x"),
        STAFF | {"factory_user"},
        False,
    ),
    (
        "page:action_status",
        _action_status,
        _action_completed,
        STAFF | {"factory_user"},
        False,
    ),
    # An advisor verifies (the factory may not verify its own action; a manager is not offered it).
    (
        "page:action_verify",
        _action_verify,
        _action_verified,
        {"administrator", "enterprise_advisor"},
        False,
    ),
    (
        "page:progress_report",
        _progress,
        _exists("ProgressReport", summary="x"),
        STAFF | {"factory_user"},
        False,
    ),
    ("page:advisory_visit", _visit, _exists("AdvisoryVisit", notes="n"), STAFF, False),
    (
        "page:picc_member",
        _member,
        _exists("PiccMember", name="A. Worker"),
        STAFF | {"factory_user"},
        False,
    ),
    ("page:assessment_plan", _assessment_plan, _exists("Assessment", cycle=2), STAFF, False),
    (
        "page:questionnaire_clone",
        _clone,
        _exists("QuestionnaireVersion", name="Next version"),
        {"administrator", "programme_manager"},
        False,
    ),
    (
        "page:question_add",
        _question_add,
        _exists("Question", code="VN-NEW-1"),
        {"administrator", "programme_manager"},
        False,
    ),
    (
        "page:factory_upload",
        _factory_upload,
        _exists("Factory", name="Epsilon Bags"),
        {"administrator", "programme_manager"},
        False,
    ),
    ("page:submit_for_review", _submit, _status("in_review"), STAFF, False),
    # Four eyes: the advisor who submitted (the matrix's advisor) may not finalise.
    (
        "api:finalise",
        _submitted,
        _status("finalised"),
        {"administrator", "programme_manager"},
        True,
    ),
    (
        "page:findings",
        _findings,
        lambda w: w.assessment.findings.filter(non_compliant=True).exists(),
        STAFF,
        False,
    ),
    (
        "page:picc_meeting",
        _meeting,
        lambda w: w.factory.picc_meetings.exists(),
        STAFF | {"factory_user"},
        False,
    ),
    (
        "page:consent_grant",
        _grant,
        # The page grants the signed-in factory user's own factory: the other factory's user
        # grants for its own, never for this one.
        lambda w: ReportConsent.objects.filter(factory=w.factory).exists(),
        {"factory_user"},
        False,
    ),
    # The import upload page and its API: any programme's staff may queue an export (a Better
    # Work extract spans countries: the run belongs to its uploader, who alone reads it).
    (
        "page:import_upload",
        _import_page,
        _exists("ImportRun", file_name="page.csv"),
        ANY_STAFF,
        False,
    ),
    (
        "page:question_edit",
        _question_edit_page,
        _question_texts_changed,
        {"administrator", "programme_manager"},
        False,
    ),
    # Every API write.
    (
        "api:import_upload",
        _import_api,
        _exists("ImportRun", file_name="api.csv"),
        ANY_STAFF,
        "multipart",
    ),
    (
        "api:factory_create",
        _factory_create_api,
        _exists("Factory", name="Gamma Garments"),
        {"administrator", "programme_manager"},
        True,
    ),
    (
        "api:factory_update",
        _factory_update_api,
        _exists("Factory", name="Alpha Renamed"),
        {"administrator", "programme_manager"},
        "patch",
    ),
    # Buyers are no country's: any programme manager registers one; advisors do not.
    (
        "api:buyer_create",
        _buyer_create_api,
        _exists("Buyer", name="Brand Two"),
        {"administrator", "programme_manager", "other_manager"},
        True,
    ),
    # A sourcing link is the factory's country's manager's to record.
    (
        "api:relationship_create",
        _relationship_api,
        _exists("FactoryBuyer"),
        {"administrator", "programme_manager"},
        True,
    ),
    (
        "api:questionnaire_create",
        _questionnaire_create_api,
        _exists("QuestionnaireVersion", name="Viet Nam footwear 2025"),
        {"administrator", "programme_manager"},
        True,
    ),
    (
        "api:questionnaire_clone",
        _questionnaire_clone_api,
        _exists("QuestionnaireVersion", name="API clone"),
        {"administrator", "programme_manager"},
        True,
    ),
    (
        "api:questionnaire_publish",
        _questionnaire_publish_api,
        _draft_published,
        {"administrator", "programme_manager"},
        True,
    ),
    (
        "api:question_create",
        _question_create_api,
        _exists("Question", code="VN-API-1"),
        {"administrator", "programme_manager"},
        True,
    ),
    (
        "api:question_update",
        _question_update_api,
        _question_moved,
        {"administrator", "programme_manager"},
        "patch",
    ),
    (
        "api:assessment_create",
        _assessment_create_api,
        _exists("Assessment", cycle=2),
        STAFF,
        True,
    ),
    (
        "api:findings",
        _findings_api,
        lambda w: w.assessment.findings.filter(non_compliant=True).exists(),
        STAFF,
        True,
    ),
    ("api:submit_for_review", _submit_api, _status("in_review"), STAFF, True),
    (
        "api:release",
        _release_api,
        _status("released"),
        {"administrator", "programme_manager"},
        True,
    ),
    (
        "api:action_create",
        _action_create_api,
        _exists("ImprovementAction", description="api action"),
        STAFF | {"factory_user"},
        True,
    ),
    (
        "api:action_update",
        _action_update_api,
        _action_completed,
        STAFF | {"factory_user"},
        "patch",
    ),
    (
        "api:action_verify",
        _action_verify_api,
        _action_verified,
        {"administrator", "enterprise_advisor"},
        True,
    ),
    (
        "api:progress_report",
        _factory_record_api("progress-reports", period_end="2025-06-30", summary="api"),
        _exists("ProgressReport", summary="api"),
        STAFF | {"factory_user"},
        True,
    ),
    (
        "api:advisory_visit",
        _factory_record_api("advisory-visits", date="2025-07-01", notes="api"),
        _exists("AdvisoryVisit", notes="api"),
        STAFF,
        True,
    ),
    (
        "api:picc_member",
        _factory_record_api(
            "picc-members", name="B. Worker", category="workers", joined_on="2025-01-06"
        ),
        _exists("PiccMember", name="B. Worker"),
        STAFF | {"factory_user"},
        True,
    ),
    (
        "api:picc_meeting",
        _factory_record_api("picc-meetings", date="2025-02-03", minutes="api"),
        _exists("PiccMeeting", minutes="api"),
        STAFF | {"factory_user"},
        True,
    ),
    (
        "api:consent_grant",
        _consent_grant_api,
        lambda w: ReportConsent.objects.filter(factory=w.factory).exists(),
        # The API (not the page) lets an administrator record a grant for the factory.
        {"factory_user", "administrator"},
        True,
    ),
    (
        "api:consent_revoke",
        _consent_revoke_api,
        _revoked,
        {"factory_user", "administrator"},
        True,
    ),
]


@pytest.mark.parametrize("actor", [*ACTORS, *OUTSIDERS])
@pytest.mark.parametrize(
    "name,prepare,changed,allowed,json_body", POST_STEPS, ids=[s[0] for s in POST_STEPS]
)
def test_post_steps_matrix(
    client, make_user, world, actor, name, prepare, changed, allowed, json_body
):
    """Every step × every actor, outsiders included (the other factory's user, a buyer with no
    consent, staff of another country's programme): the record changes only for the allowed,
    and a refusal has its status — the anonymous sent to sign in by a page (302) and refused
    by the API (403); the API's refusals in its error envelope."""
    world.country = world.factory.country
    url, data = prepare(world)
    login(client, _user_for(world, actor, make_user))
    if json_body == "patch":
        response = client.patch(url, data, content_type="application/json")
    elif json_body == "multipart":
        response = client.post(url, data)
    elif json_body:
        response = client.post(url, data, content_type="application/json")
    else:
        response = client.post(url, data)
    status = response.status_code
    assert status < 500, (name, actor, status)
    assert changed(world) is (actor in allowed), (name, actor, status)
    if actor in allowed:
        return
    if actor == ANONYMOUS:
        if name.startswith("page:"):
            assert status == 302 and "login/" in response["Location"], (name, status)
        else:
            assert status == 403, (name, status)
    if name.startswith("api:"):
        assert status in (400, 403, 404), (name, actor, status)
        assert set(response.json()) == {"message", "extra"}, (name, actor)
    else:
        assert status in (302, 400, 403, 404), (name, actor, status)
