"""The generated access matrix: every compliance page and endpoint × every role × consent state.

Expected access is derived from the rule, not copied per case: staff of the country programme
and administrators reach everything; the factory its own released records; a buyer only what
its active consent covers (summary: factory, assessment, report; full: also findings and the
improvement plan); revoked is the same as never granted.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from labourdesk.compliance import services
from labourdesk.compliance.models import Assessment, Factory, ReportConsent
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
]


def _expected(actor: str, state: str, buyer_level, factory_sees: bool, name: str) -> bool:
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


def _user_for(world, actor, make_user):
    return {
        ANONYMOUS: None,
        "administrator": world.admin,
        "enterprise_advisor": world.advisor,
        "programme_manager": world.manager,
        "factory_user": world.factory_user,
        "buyer_user": world.buyer_user,
    }.get(actor) or make_user(actor)


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
    # The other factory's user and another buyer never see this factory's records: 404 where
    # their role may hold such records, 403 where it may not hold any.
    for outsider in (released_world.other_factory_user, released_world.other_buyer_user):
        client.logout()
        login(client, outsider)
        assert client.get(target).status_code in (403, 404), (name, state)


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
        assert seen_assessments <= expected
        full = {w.factories[f].pk for (f, bb), lvl in granted.items() if bb == b and lvl == "full"}
        from labourdesk.compliance.models import Finding

        seen_findings = set(
            Finding.objects.restrict(user, "view").values_list("assessment__factory_id", flat=True)
        )
        assert seen_findings <= full


@pytest.fixture
def world_for_hypothesis(make_user):
    from types import SimpleNamespace

    from labourdesk.accounts.models import Organisation
    from labourdesk.standards.models import MemberState

    country = MemberState.objects.get(iso3="BGD")
    factories, factory_users, buyers, buyer_users = [], [], [], []
    for i in range(3):
        org = Organisation.objects.create(name=f"hf{i}", kind="factory")
        factories.append(Factory.objects.create(name=f"HF {i}", country=country, organisation=org))
        factory_users.append(make_user("factory_user", organisation=org))
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
]


@pytest.mark.parametrize("url,allowed", LIST_PAGES, ids=[p[0] for p in LIST_PAGES])
def test_list_pages_matrix(client, make_user, world, url, allowed):
    for actor in ACTORS:
        client.logout()
        login(client, _user_for(world, actor, make_user))
        assert_access(client.get(url), actor in allowed, actor=f"{actor} {url}")
